"""The exported JSON Schema agrees with `validate`: what problembrief accepts, an editor accepts, and what it
rejects (a number written as text, a misspelt key, an impossible date, …), the editor flags too.

An editor reads YAML differently from problembrief: yaml-language-server parses with the YAML 1.2 core
schema (`version: 1.10` is a number, `2027-03-01` stays a string, `yes` is a string, `01234567` is the
number 1234567), while problembrief keeps every scalar as written. `editor_view` reads YAML the editor's
way; the corpus is also checked as PyYAML's `safe_load` (YAML 1.1) reads it, with dates as ISO strings.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
import yaml

from problembrief.findings import Severity, format_path
from problembrief.load import load_text
from problembrief.schema import json_schema
from problembrief.validate import validate

ROOT = Path(__file__).resolve().parent.parent
_BRIEF_EXAMPLES = [p for p in ROOT.glob("examples/*.yaml") if not p.name.endswith(".questions.yaml")]
CORPUS = sorted([*_BRIEF_EXAMPLES, *ROOT.glob("tests/data/*.yaml"), ROOT / "tests/lint/base.yaml",
                 *ROOT.glob("templates/init/*.yaml")])


class EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it by default (YAML 1.2 core schema): no dates, no yes/no
    booleans, no sexagesimal numbers, and a leading zero is not octal."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
]:
    EditorLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), [*_first, ""]
                                       if _tag == "null" else list(_first))


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


def _core_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith((".inf", ".nan")):
        return float(text.replace(".", ""))
    return float(text)


EditorLoader.add_constructor("tag:yaml.org,2002:int", _core_int)
EditorLoader.add_constructor("tag:yaml.org,2002:float", _core_float)


def editor_view(text: str) -> Any:
    return yaml.load(text, Loader=EditorLoader)  # a SafeLoader with the YAML 1.2 core resolvers


def safe_load_view(text: str) -> Any:
    """PyYAML's safe_load (YAML 1.1), with dates turned back into the strings an editor sees."""

    def as_json(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: as_json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [as_json(v) for v in value]
        return value.isoformat() if isinstance(value, datetime.date) else value

    return as_json(yaml.safe_load(text))


def problembrief_errors(text: str) -> list[str]:
    """Where `validate` finds errors, as paths (`outcomes[0].baseline.value`)."""
    brief, findings = validate(load_text(text))
    errors = [f.path or "" for f in findings if f.severity is Severity.ERROR]
    return errors if errors or brief is not None else ["(no brief)"]


def problembrief_accepts(text: str) -> bool:
    return not problembrief_errors(text)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json_schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def _error_paths(errors: Iterable[jsonschema.ValidationError]) -> set[str]:
    """Where the schema finds errors, including inside `anyOf` (an optional section is `anyOf: [it, null]`)."""
    paths: set[str] = set()
    for error in errors:
        paths.add(format_path(tuple(error.absolute_path)))
        paths |= _error_paths(error.context or [])
    return paths


def _parent(path: str) -> str:
    """`outcomes[0].indicator` -> `outcomes[0]`: the schema reports a missing or unknown key at its mapping."""
    return path.rsplit(".", 1)[0] if "." in path else ""


# --- every brief problembrief accepts, an editor accepts ------------------------------------------------

@pytest.mark.parametrize("reader", [editor_view, safe_load_view], ids=["yaml-1.2-editor", "pyyaml-safe-load"])
@pytest.mark.parametrize("path", CORPUS, ids=[str(p.relative_to(ROOT)) for p in CORPUS])
def test_every_accepted_brief_passes_the_schema(validator: jsonschema.Draft202012Validator, path: Path,
                                                 reader: Any) -> None:
    text = path.read_text(encoding="utf-8")
    if not problembrief_accepts(text):
        pytest.skip("validate rejects this file")
    assert _errors(validator, reader(text)) == []


def test_the_corpus_is_accepted_by_validate() -> None:
    assert len(CORPUS) >= 10
    assert [p.name for p in CORPUS if not problembrief_accepts(p.read_text(encoding="utf-8"))] == []


# A brief that reaches every nesting level the mutations below touch, written as people write briefs:
# `version: 1.10`, `reference: 2026-014` and a bare CVR number are text to problembrief.
BASE = """\
schema_version: 1
language: da
brief:
  title: Færre fald om natten
  reference: 2026-014
  version: 1.10
  date: 2026-10-15
  status: draft
authorities:
  - name: Vejle Kommune
    cvr: 29189919
    role: lead
contact:
  name: Mette Kjær
  email: mette@vejle.dk
  phone: 76 81 00 00
problem:
  summary: Beboere falder om natten og ligger længe, før de bliver fundet af personalet.
  consequences:
    - statement: Fald om natten
      figure: 312
      unit: fald i 2025
      source: Omsorgsjournalen
target_group:
  description: Beboere på plejecentre i faldrisiko.
  size: {count: 430, unit: beboere}
  involvement:
    - {who: Nattevagter, how: Workshops, when: 2026-09}
outcomes:
  - id: O1
    name: Færre fald
    indicator: Fald pr. 100 beboere pr. år
    unit: 2026
    direction: decrease
    baseline: {value: 25.5, date: 2025-12-31, source: Omsorgsjournalen}
    target: {value: 18, by: 2028-06-30}
    payment_linked: true
data:
  - id: D1
    name: Omsorgsjournalen
    personal_data: true
    categories: [special]
    legal_basis:
      gdpr_art6: 6(1)(e)
      gdpr_art9: 9(2)(h)
      national: [Serviceloven § 83]
poc:
  start: 2027-09-01
  budget: {amount: 1200000, currency: DKK, note: inkl. installation}
  success_criteria:
    - {outcome: O1, threshold: 20}
scale_up:
  phases:
    - name: Fase 1
      reach: {count: 400, unit: beboere}
procurement:
  procedure: innovation_partnership
  estimated_value:
    amount: 4800000
    note: fire år
  contract_period_months: 48
  award_criteria:
    - {name: Kvalitet, weight: 60, kind: quality}
    - {name: Pris, weight: 40, kind: price}
  timeline:
    - {milestone: notice_sent, date: 2027-03-01}
references:
  - {title: Faldrapport 2025, url: https://www.vejle.dk/faldrapport}
"""

# (what is wrong, the text in BASE, what it becomes). Each is rejected by `validate` and by the schema.
MUTATIONS = [
    ("figure with a decimal comma", "figure: 312", "figure: 22,5"),
    ("figure quoted", "figure: 312", 'figure: "22,5"'),
    ("amount with a unit", "amount: 4800000", 'amount: "4,8 mio"'),
    ("amount unquoted with a unit", "amount: 4800000", "amount: 4,8 mio"),
    ("negative amount", "amount: 4800000", "amount: -5"),
    ("an amount of 16 digits", "amount: 4800000", "amount: 1000000000000000"),
    ("an infinite figure", "figure: 312", "figure: .inf"),
    ("misspelt key at the top level", "outcomes:", "outcome:"),
    ("misspelt key in a section", "  title: Færre fald om natten", "  titel: Færre fald om natten"),
    ("misspelt key in a list item", "    indicator:", "    indikator:"),
    ("misspelt key in a mapping in a list item", "baseline: {value: 25.5", "baseline: {vaule: 25.5"),
    ("misspelt key three levels down", "      gdpr_art6:", "      gdpr_art_6:"),
    ("misspelt key four levels down", "reach: {count: 400", "reach: {antal: 400"),
    ("extra key in money", "    note: fire år", "    note: fire år\n    vat: 25"),
    ("wrong enum value", "procedure: innovation_partnership", "procedure: innovationspartnerskab"),
    ("wrong enum value in a list", "categories: [special]", "categories: [sensitive]"),
    ("wrong language", "language: da", "language: dk"),
    ("month 13", "date: 2026-10-15", "date: 2027-13-01"),
    ("30 February", "date: 2026-10-15", "date: 2027-02-30"),
    ("a date in words", "start: 2027-09-01", "start: i foråret"),
    ("a date without leading zeros", "by: 2028-06-30", "by: 2028-6-30"),
    ("a date before 1900", "by: 2028-06-30", "by: 1899-12-31"),
    ("a date after 2199", "by: 2028-06-30", "by: 2200-01-01"),
    ("a date with a time", "by: 2028-06-30", "by: 2028-06-30T12:00:00"),
    ("a CVR number of 7 digits", "cvr: 29189919", "cvr: 2918991"),
    ("a quoted CVR number of 7 digits", "cvr: 29189919", "cvr: '2918991'"),
    ("a CVR number with a space", "cvr: 29189919", "cvr: 2918 9919"),
    ("an empty required list", "authorities:\n  - name: Vejle Kommune\n    cvr: 29189919\n    role: lead\n",
     "authorities: []\n"),
    ("a boolean where a number goes", "value: 25.5", "value: true"),
    ("a number where a boolean goes", "payment_linked: true", "payment_linked: 2"),
    ("missing required key", "    indicator: Fald pr. 100 beboere pr. år\n", ""),
    ("missing required key in a mapping", "  email: mette@vejle.dk\n", ""),
    ("missing required section", "contact:\n  name: Mette Kjær\n  email: mette@vejle.dk\n  phone: 76 81 00 00\n", ""),
    ("weight as text", "weight: 60", "weight: høj"),
    ("weight with a percent sign", "weight: 60", "weight: 60 %"),
    ("a fraction of people", "count: 430", "count: 430.5"),
    ("a negative count", "count: 430", "count: -1"),
    ("months as text", "contract_period_months: 48", "contract_period_months: fire år"),
    ("an id that starts with a digit", "id: O1", "id: 1"),
    ("not an e-mail address", "email: mette@vejle.dk", "email: mette"),
    ("an empty title", "  title: Færre fald om natten", '  title: ""'),
    ("a blank title", "  title: Færre fald om natten", '  title: "   "'),
    ("a blank list item", "national: [Serviceloven § 83]", "national: [Serviceloven § 83, ' ']"),
    ("a web address without a scheme", "url: https://www.vejle.dk/faldrapport", "url: www.vejle.dk/faldrapport"),
    ("a web address with a space", "url: https://www.vejle.dk/faldrapport", "url: https://www.vejle.dk/fald rapport"),
    ("a list where text goes", "  title: Færre fald om natten", "  title: [Færre fald, om natten]"),
    ("text where a list goes", "national: [Serviceloven § 83]", "national: {lov: Serviceloven § 83}"),
    ("schema version 2", "schema_version: 1", "schema_version: 2"),
]


def _mutated(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"{old!r} is not once in BASE"
    return BASE.replace(old, new)


def test_the_base_brief_passes_both(validator: jsonschema.Draft202012Validator) -> None:
    assert problembrief_accepts(BASE)
    assert _errors(validator, editor_view(BASE)) == []
    assert _errors(validator, safe_load_view(BASE)) == []


@pytest.mark.parametrize(("old", "new"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_a_mistake_fails_both_validate_and_the_schema(validator: jsonschema.Draft202012Validator, old: str,
                                                       new: str) -> None:
    text = _mutated(old, new)
    found = problembrief_errors(text)
    assert found, "validate accepts it"
    flagged = _error_paths(validator.iter_errors(editor_view(text)))
    assert flagged, "the schema accepts it"
    # and both point at the same place
    assert any(path in flagged or _parent(path) in flagged for path in found), (found, flagged)


# Text YAML would read as a number, a date or a boolean is still text, for problembrief and for an editor.
TEXT_AS_WRITTEN = [
    ("version: 1.10", "version: 2"),
    ("reference: 2026-014", "reference: 2026"),
    ("reference: 2026-014", "reference: 2026-10-14"),
    ("cvr: 29189919", "cvr: '01234567'"),
    ("unit: 2026", "unit: true"),
    ("threshold: 20", "threshold: 20.5"),
    ("national: [Serviceloven § 83]", "national: [83, 2026-01-01]"),
    ("when: 2026-09", "when: 2026-09-01"),
]


@pytest.mark.parametrize(("old", "new"), TEXT_AS_WRITTEN, ids=[m[1] for m in TEXT_AS_WRITTEN])
def test_text_written_as_a_number_or_date_passes_both(validator: jsonschema.Draft202012Validator, old: str,
                                                      new: str) -> None:
    text = _mutated(old, new)
    assert problembrief_accepts(text)
    assert _errors(validator, editor_view(text)) == []


# The schema sees the number the editor parsed, not the text written: these are numbers to an editor and
# refused by problembrief only (schema.py says so). Listed so that the limit is known, not discovered.
ONLY_VALIDATE_SEES = ["figure: 1e3", "figure: 0x1F", "figure: .nan", "figure: 1.240", "figure: 0.1234567890123456"]


@pytest.mark.parametrize("new", ONLY_VALIDATE_SEES)
def test_number_spellings_only_validate_sees(validator: jsonschema.Draft202012Validator, new: str) -> None:
    text = _mutated("figure: 312", new)
    assert problembrief_errors(text) == ["problem.consequences[0].figure"]
    assert _errors(validator, editor_view(text)) == []


# --- the schema's own shape ------------------------------------------------------------------------------

def _objects(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema in the document that describes an object, with where it is."""
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{where}/{index}")


def test_every_property_has_a_description(schema: dict[str, Any]) -> None:
    missing = [f"{where}/properties/{name}" for where, node in _objects(schema)
               for name, prop in node.get("properties", {}).items()
               if not str(prop.get("description", "")).strip()]
    assert missing == [], "properties without a description: " + ", ".join(missing)


def test_every_object_forbids_unknown_keys(schema: dict[str, Any]) -> None:
    objects = list(_objects(schema))
    assert len(objects) > 30
    assert [where for where, node in objects if node.get("additionalProperties") is not False] == []


def _leaves(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)


def test_numbers_are_only_numbers_and_dates_are_dates(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    numbers = [defs["Evidence"]["properties"]["figure"]["anyOf"][0], defs["Money"]["properties"]["amount"],
               defs["AwardCriterion"]["properties"]["weight"], defs["Baseline"]["properties"]["value"]["anyOf"][0]]
    for number in numbers:
        assert number["type"] == "number" and "pattern" not in number
    assert defs["Money"]["properties"]["amount"]["minimum"] == 0
    assert defs["GroupSize"]["properties"]["count"] == {**defs["GroupSize"]["properties"]["count"],
                                                        "type": "integer", "minimum": 0}
    # nowhere is a number also allowed as text (pydantic's validation schema of Decimal allows "4.8")
    for node in _leaves(schema):
        types = [branch.get("type") for branch in node.get("anyOf", [])]
        assert not ("number" in types and "string" in types), node
    date = defs["TimelineEntry"]["properties"]["date"]
    assert date["type"] == "string" and date["format"] == "date" and date["pattern"].startswith("^")
    assert schema["properties"]["schema_version"]["const"] == 1
