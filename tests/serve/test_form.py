"""The guided form's model (serve/form.py): generated from the format, every key labelled in Danish and English,
the kinds of field the format's types call for, paths read back from findings, and the checklist's status."""

from __future__ import annotations

import copy
import datetime
import json
import re
import shutil
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from helpers import EXAMPLES
from problembrief import i18n
from problembrief.findings import Finding, Severity, format_path
from problembrief.load import load_text
from problembrief.model import Brief, Money, common
from problembrief.pipeline import check_text
from problembrief.render import labels as document_labels
from problembrief.schema import json_schema
from problembrief.serve import form
from problembrief.serve.form import FieldSpec, Path_

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import catalogues  # noqa: E402  (scripts/ is not a package)

STARTER = ROOT / "templates" / "init" / "da.yaml"
BRIEFS = [*EXAMPLES, STARTER, ROOT / "templates" / "init" / "en.yaml"]
STEP_IDS = ["basics", "problem", "target_group", "outcomes", "constraints", "data", "poc", "scale_up",
            "procurement", "market_dialogue", "risks", "ethics", "references"]
SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")


# --- helpers -----------------------------------------------------------------------------------------------

def specs(language: str) -> dict[Path_, FieldSpec]:
    """Every spec of the form by its path, a list's item at index 0."""
    found: dict[Path_, FieldSpec] = {}

    def walk(spec: FieldSpec, path: Path_) -> None:
        found[path] = spec
        for child in spec.children:
            walk(child, (*path, child.key))
        if spec.item is not None:
            walk(spec.item, (*path, 0))

    for step in form.form(language):
        for spec in step.fields:
            walk(spec, (spec.key,))
    return found


def schema_keys(schema: dict[str, Any]) -> set[str]:
    """Every property name anywhere in the schema: the top level and every definition."""
    keys = set(schema["properties"])
    for definition in schema["$defs"].values():
        keys |= set(definition.get("properties", {}))
    return keys


def data_paths(node: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Every path in a brief's raw data, the top excepted."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for part, value in items:
        yield (*path, part)
        yield from data_paths(value, (*path, part))


def raw(path: Path) -> dict[str, Any]:
    return load_text(path.read_text(encoding="utf-8")).data


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def check(data: dict[str, Any], tmp_path: Path) -> list[Finding]:
    return list(check_text(dump(data), tmp_path / "brief.yaml").findings)


def shown(path: Path_, data: dict[str, Any]) -> bool:
    """The form shows a field or group at the path for this data: the format has it, and every list item on the
    way is one the data has."""
    if path == ():
        return True
    if form.spec_at(path) is None:
        return False
    node: Any = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
            node = node[part]
        else:
            node = node.get(part) if isinstance(node, dict) else None
    return True


# --- the steps ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["da", "en"])
def test_every_top_level_key_is_in_exactly_one_step(language: str) -> None:
    steps = form.form(language)
    assert [s.id for s in steps] == STEP_IDS
    placed = [key for s in steps for key in s.keys]
    wanted = set(json_schema(language)["properties"]) - {"schema_version"}
    assert sorted(placed) == sorted(wanted)  # each once, and nothing else
    assert "schema_version" not in placed
    for s in steps:
        assert tuple(spec.key for spec in s.fields) == s.keys
    assert next(s for s in steps if s.id == "basics").keys == ("language", "brief", "authorities", "contact")
    assert next(s for s in steps if s.id == "references").keys == ("references", "lint_ignore")


def test_step_titles_and_intros_are_danish_for_da() -> None:
    danish, english = form.form("da"), form.form("en")
    assert {s.id: s.title for s in danish}["target_group"] == "Målgruppen"
    assert {s.id: s.title for s in danish}["outcomes"] == "Effekter"
    for da, en in zip(danish, english, strict=True):
        assert da.title and da.intro and en.title and en.intro
        assert da.title != en.title, da.id
        assert da.intro != en.intro, da.id


def test_the_form_is_cached_per_language() -> None:
    assert form.form("da") is form.form("da")
    assert form.form("da_DK.UTF-8") is form.form("da")
    assert form.form("xx") is form.form("en")
    assert form.form("da") is not form.form("en")


# --- labels and help ----------------------------------------------------------------------------------------

def test_every_key_of_the_schema_has_a_label() -> None:
    missing = schema_keys(json_schema("en")) - set(form.LABELS)
    assert missing == set(), "add these keys to form.LABELS"
    unused = set(form.LABELS) - schema_keys(json_schema("en"))
    assert unused == set(), "form.LABELS has keys the format does not"
    for parent, key in form.LABEL_OVERRIDES:
        assert key in form.LABELS and parent in form.LABELS, (parent, key)


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_key_of_the_schema_is_in_the_form_with_a_label_and_help(language: str) -> None:
    found = specs(language)
    reachable = {path[-1] for path in found if isinstance(path[-1], str)}
    assert reachable == schema_keys(json_schema(language)) - set(form.HIDDEN)
    for path, spec in found.items():
        assert spec.label.strip(), path
        assert spec.help.strip(), path
        assert spec.kind in form.KINDS, path
        assert spec.key == (path[-1] if isinstance(path[-1], str) else ""), path


def test_help_is_the_schema_description_in_the_language() -> None:
    for language in ("da", "en"):
        schema = json_schema(language)
        top = {spec.key: spec for step in form.form(language) for spec in step.fields}
        for key, spec in top.items():
            assert spec.help == schema["properties"][key]["description"]
        problem = schema["$defs"]["Problem"]["properties"]
        assert top["problem"].child("summary").help == problem["summary"]["description"]
    assert specs("da")[("problem", "summary")].help != specs("en")[("problem", "summary")].help


def test_danish_labels_differ_from_english_ones() -> None:
    danish, english = specs("da"), specs("en")
    assert danish.keys() == english.keys()
    # "Option" is the term of art in both languages (udbudsloven: "optioner").
    same = {path: spec.label for path, spec in danish.items()
            if spec.label == english[path].label and spec.label not in {"Option"}}
    assert same == {}, "a label is not translated in locale/da/LC_MESSAGES/form.po"
    assert danish[("problem", "summary")].label == "Resumé af problemet"
    assert danish[("contact", "name")].label != danish[("outcomes", 0, "name")].label  # the override table


def test_labels_shared_with_other_catalogues_read_the_same() -> None:
    """The catalogues of a language are chained, the form's first: a message the form shares with the documents
    (`Baseline`) and translates otherwise would change the Word documents too."""
    form_da = {(m.id, m.context): m.string for m in catalogues.read("da", "form") if m.id}
    differing = []
    for domain in i18n.DOMAINS:
        if domain == "form" or not catalogues.catalogue_path("da", domain).is_file():
            continue
        for message in catalogues.read("da", domain):
            key = (message.id, message.context)
            if message.id and key in form_da and message.string and form_da[key] != message.string:
                differing.append((domain, message.id, message.string, form_da[key]))
    assert differing == []


# --- kinds --------------------------------------------------------------------------------------------------

def _expected_kind(annotation: Any) -> str:
    """The kind of field a model's annotation calls for: an oracle independent of the JSON Schema."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _expected_kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = {_expected_kind(a) for a in typing.get_args(annotation) if a is not type(None)}
        return "list" if "list" in kinds else kinds.pop()
    if origin is list:
        return "list"
    if isinstance(annotation, type):
        for base, kind in ((Money, "money"), (BaseModel, "object"), (Enum, "choice"), (bool, "bool"),
                           (int, "integer"), (Decimal, "number"), (datetime.date, "date"), (str, "text")):
            if issubclass(annotation, base):
                return kind
    raise AssertionError(f"no kind for {annotation}")


def _model_of(annotation: Any) -> Any:
    """The annotation with Optional, Annotated and (for a list) the list taken away."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        lists = [a for a in args if typing.get_origin(a) is list]
        return _model_of(lists[0] if lists else args[0])
    if origin is list:
        return typing.get_args(annotation)[0]
    return annotation


def test_kinds_follow_the_models() -> None:
    """Walk the pydantic models beside the form: dates are dates, Money is money, enums choices, and so on."""
    checked = 0

    def walk(spec: FieldSpec, annotation: Any, path: str) -> None:
        nonlocal checked
        expected = _expected_kind(annotation)
        kind = {"textarea": "text", "url": "text", "email": "text"}.get(spec.kind, spec.kind)
        assert kind == expected, (path, spec.kind, expected)
        checked += 1
        inner = _model_of(annotation)
        if spec.kind == "list":
            assert spec.item is not None
            walk(spec.item, inner, path + "[]")
        elif spec.kind in ("object", "money"):
            assert [c.key for c in spec.children] == list(inner.model_fields), path
            for child in spec.children:
                field = inner.model_fields[child.key]
                assert child.required == field.is_required(), (path, child.key)
                walk(child, field.annotation, f"{path}.{child.key}")
        elif spec.kind == "choice":
            assert [value for value, _label in spec.choices] == [m.value for m in inner], path

    for step in form.form("da"):
        for spec in step.fields:
            field = Brief.model_fields[spec.key]
            assert spec.required == field.is_required(), spec.key
            walk(spec, field.annotation, spec.key)
    assert checked > 150


def test_special_kinds() -> None:
    found = specs("da")
    assert found[("brief", "date")].kind == "date"
    assert found[("market_dialogue", "dates", 0)].kind == "date"
    assert found[("procurement", "timeline", 0, "date")].kind == "date"
    for path in [("procurement", "estimated_value"), ("poc", "budget"), ("scale_up", "max_cost"),
                 ("procurement", "options", 0, "max_value")]:
        assert found[path].kind == "money", path
        assert [c.key for c in found[path].children] == ["amount", "currency", "note"], path
    funding = found[("scale_up", "funding")]
    assert funding.kind == "money" and [c.key for c in funding.children] == ["amount", "currency", "note", "source"]
    amount, currency, note = found[("poc", "budget")].children[:3]
    assert (amount.kind, amount.required, amount.minimum) == ("number", True, 0)
    assert amount.maximum is not None and amount.maximum <= 10**15
    assert (currency.kind, currency.default, currency.required) == ("choice", "DKK", False)
    assert [v for v, _label in currency.choices] == ["DKK", "EUR"]
    assert note.kind == "text"  # money is one row: its note is never a text area
    assert found[("data", 0, "legal_basis", "note")].kind == "textarea"

    assert found[("problem", "summary")].kind == "textarea"
    assert found[("brief", "title")].kind == "text"
    assert found[("problem", "root_causes", 0)].kind == "textarea"  # a list's items are long text too
    assert found[("contact", "email")].kind == "email"
    assert found[("references", 0, "url")].kind == "url"
    assert found[("market_dialogue", "events", 0, "link")].kind == "url"

    needs = found[("target_group", "users", 0, "needs")]
    assert needs.kind == "list" and needs.accepts_single and needs.item is not None
    assert not found[("target_group", "needs")].accepts_single

    count = found[("target_group", "size", "count")]
    assert (count.kind, count.minimum, count.required) == ("integer", 0, True)
    assert count.maximum == 10**15 - 1  # the schema's exclusive bound, as the whole number below it
    assert found[("procurement", "contract_period_months")].kind == "integer"
    assert found[("outcomes", 0, "baseline", "value")].kind == "number"

    linked = found[("outcomes", 0, "payment_linked")]
    assert (linked.kind, linked.default) == ("bool", False)
    assert dict(linked.choices) == {"true": "Ja", "false": "Nej"}
    assert found[("constraints", 0, "mandatory")].default is True
    assert found[("data", 0, "supplier_own_use")].default is None  # optional: not stated is not "no"

    role = found[("authorities", 0, "role")]
    assert role.default == "participant" and dict(role.choices)["lead"] == "Udbudsansvarlig ordregiver"
    assert found[("authorities",)].required and found[("authorities", 0)].required
    assert not found[("poc",)].required and found[("problem",)].required


def test_enums_are_choices_with_the_documents_danish_words() -> None:
    found = specs("da")
    procedure = dict(found[("procurement", "procedure")].choices)
    assert procedure["open"] == "Offentligt udbud"
    assert procedure["restricted"] == "Begrænset udbud"
    assert procedure["competitive_procedure_with_negotiation"] == "Udbud med forhandling"
    assert procedure["innovation_partnership"] == "Innovationspartnerskab"
    assert dict(found[("brief", "status")].choices) == {"draft": "Udkast", "consultation": "I høring",
                                                        "final": "Endelig"}
    assert dict(found[("language",)].choices) == {"da": "Dansk", "en": "Engelsk"}
    assert dict(found[("data", 0, "legal_basis", "gdpr_art6")].choices)["6(1)(e)"].startswith(
        "Art. 6, stk. 1, litra e")
    assert found[("data", 0, "categories")].item.kind == "choice"
    english = dict(specs("en")[("procurement", "procedure")].choices)
    assert english["open"] == "Open procedure"


def test_every_enum_of_the_schema_has_labels_in_both_languages() -> None:
    schema = json_schema("en")
    enums = {name: d["enum"] for name, d in schema["$defs"].items() if "enum" in d}
    assert len(enums) >= 20
    for name, values in enums.items():
        kind = form._label_kind(values)  # LookupError when no kind of render.labels covers them
        for language in ("da", "en"):
            with i18n.language(language):
                words = document_labels.LABELS[kind]()
            assert all(words.get(v, "").strip() for v in values), (name, language)
        with i18n.language("da"):
            danish = document_labels.LABELS[kind]()
        if name not in ("Currency", "GdprArt6", "GdprArt9"):  # `Euro (EUR)` is Danish too
            english = document_labels.LABELS[kind]()
            assert any(danish[v] != english[v] for v in values), name


def test_a_missing_label_or_label_kind_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(LookupError, match="summary"):
        monkeypatch.delitem(form.LABELS, "summary")
        form._form.__wrapped__("da", False)
    monkeypatch.undo()
    with pytest.raises(LookupError, match="no kind"):
        form._label_kind(["a value no kind has"])
    monkeypatch.delitem(document_labels.LABELS, "procedure")
    with pytest.raises(LookupError, match="no kind"):
        form._form.__wrapped__("en", False)


# --- patterns for the browser -------------------------------------------------------------------------------

PATTERN_SAMPLES = {
    ("outcomes", 0, "id"): ["O1", "D2", "x_1-b", "1O", "O 1", "", "A" * 16, "A" * 17],
    ("authorities", 0, "cvr"): ["12345678", "01234567", "1234567", "123456789", "1234567a"],
    ("contact", "email"): ["mette@vejle.dk", "a@b.c", "mette@vejle", "me tte@vejle.dk", "@vejle.dk"],
    ("references", 0, "url"): ["https://www.example.dk/rapport", "HTTP://x", "mailto:a@b.dk", "ftp://x",
                               "https://a b", "https:///path", "mailto:nobody", 'https://x/"y'],
}


def test_patterns_are_the_schemas_and_whole_value_matches_agree() -> None:
    found = specs("en")
    schema_patterns = {("outcomes", 0, "id"): common.Token, ("authorities", 0, "cvr"): common.Cvr,
                       ("contact", "email"): common.Email}
    for path, samples in PATTERN_SAMPLES.items():
        converted = found[path].pattern
        assert converted is not None, path
        annotation = schema_patterns.get(path)
        original = form._pattern_of(annotation) if annotation is not None else form.URL
        for sample in samples:
            assert bool(re.fullmatch(converted, sample)) == bool(re.search(original, sample)), (path, sample)
    assert found[("problem", "summary")].pattern is None  # free text: no pattern for the browser
    assert found[("brief", "date")].pattern is None  # a date picker has none


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"^\d{8}$", r"\d{8}"),
    (r"^[A-Za-z][A-Za-z0-9_-]{0,15}$", r"[A-Za-z][A-Za-z0-9_\-]{0,15}"),
    (r"^[-a]$", r"[\-a]"),
    (r"^[/?]x$", r"[\/\?]x"),
    (r"^a}$", r"a\}"),
    (r"[^\s]", None),  # a search for one character, not a whole value
    (r"^(?=a)a$", None),
    (r"^(?P<x>a)$", None),
    (r"^a$|^b$", None),
    (r"^\Aa$", None),
    (r"^[##]$", None),
    (None, None),
])
def test_html_pattern(pattern: str | None, expected: str | None) -> None:
    assert form.html_pattern(pattern) == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to compile JavaScript's expressions")
def test_patterns_compile_and_match_alike_in_javascript() -> None:
    """The browser reads `pattern` as `^(?:…)$` in JavaScript's `v` mode (`u` in older browsers)."""
    found = specs("en")
    cases = [{"pattern": found[path].pattern, "samples": samples} for path, samples in PATTERN_SAMPLES.items()]
    script = """
        const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const out = cases.map(c => ["v", "u"].map(flag => {
            const re = new RegExp("^(?:" + c.pattern + ")$", flag);
            return c.samples.map(s => re.test(s));
        }));
        console.log(JSON.stringify(out));
    """
    result = subprocess.run(["node", "-e", script], input=json.dumps(cases), capture_output=True, text=True,
                            check=True, timeout=60)
    matches = json.loads(result.stdout)
    for case, (in_v, in_u) in zip(cases, matches, strict=True):
        python = [re.fullmatch(case["pattern"], s) is not None for s in case["samples"]]
        assert in_v == python == in_u, case


# --- paths --------------------------------------------------------------------------------------------------

KEYS = st.text(alphabet=st.characters(blacklist_characters=".[", blacklist_categories=("Cs",)), min_size=1,
               max_size=12)
PARTS = st.one_of(KEYS, st.integers(min_value=0, max_value=10**6))
PATHS = st.tuples(st.one_of(KEYS, st.integers(min_value=0, max_value=99)), st.lists(PARTS, max_size=6)).map(
    lambda t: (t[0], *t[1]))


@given(PATHS)
def test_parse_path_inverts_format_path(path: Path_) -> None:
    assert form.parse_path(format_path(path)) == path


@given(st.text(max_size=30))
def test_parse_path_reads_any_text(text: str) -> None:
    """What a browser sends is parsed into some path, never an exception: a path no field has is refused later."""
    parsed = form.parse_path(text)
    assert all(isinstance(p, str | int) for p in parsed)
    assert form.parse_path(format_path(parsed)) == parsed


@pytest.mark.parametrize(("text", "path"), [
    ("outcomes[1].target.value", ("outcomes", 1, "target", "value")),
    ("", ()),
    ("problem", ("problem",)),
    ("market_dialogue.dates[0]", ("market_dialogue", "dates", 0)),
    ("a..b", ("a..b",)),
    ("outcomes[x]", ("outcomes[x]",)),
])
def test_parse_path_examples(text: str, path: Path_) -> None:
    assert form.parse_path(text) == path


def test_field_id_examples() -> None:
    assert form.field_id(("outcomes", 1, "target", "value")) == "f-outcomes-1-target-value"
    assert form.field_id(("target_group", "size", "count")) == "f-target_group-size-count"
    assert form.field_id(("1",)) != form.field_id((1,))
    assert form.field_id(("a-b",)) != form.field_id(("a", "b"))


@given(PATHS, PATHS)
def test_field_ids_are_safe_and_unique(first: Path_, second: Path_) -> None:
    assert SAFE_ID.fullmatch(form.field_id(first))
    assert (form.field_id(first) == form.field_id(second)) == (first == second)


@pytest.mark.parametrize("brief", BRIEFS, ids=lambda p: p.name)
def test_field_ids_are_unique_and_safe_over_every_path_of_an_example(brief: Path) -> None:
    data = raw(brief)
    paths = list(data_paths(data))
    ids = {form.field_id(p) for p in paths}
    assert len(ids) == len(paths) > 100
    assert all(SAFE_ID.fullmatch(i) for i in ids)
    for path in paths:  # every value of an example is a field, or an item, the form shows
        assert form.anchor(path, data) == (() if path == ("schema_version",) else path), path


def test_spec_at() -> None:
    assert form.spec_at(("procurement", "estimated_value")).kind == "money"
    assert form.spec_at(("procurement", "estimated_value", "amount")).kind == "number"
    assert form.spec_at(("outcomes", 3, "baseline", "date")).kind == "date"
    assert form.spec_at(("outcomes", 3)).kind == "object"
    assert form.spec_at(("problem", "root_causes", 7)).kind == "textarea"
    for nowhere in [(), ("schema_version",), ("nope",), ("outcomes", "id"), ("problem", 0), ("outcomes", -1),
                    ("problem", "summary", "more"), (0,)]:
        assert form.spec_at(nowhere) is None, nowhere
    with i18n.language("da"):
        danish = form.spec_at(("procurement", "procedure"))
    english = form.spec_at(("procurement", "procedure"))
    assert danish.kind == english.kind and [v for v, _l in danish.choices] == [v for v, _l in english.choices]
    assert danish.label != english.label


def test_step_of() -> None:
    assert form.step_of(()) == "basics"
    assert form.step_of(("brief", "title")) == "basics"
    assert form.step_of(("contact",)) == "basics"
    assert form.step_of(("outcomes", 1, "target", "value")) == "outcomes"
    assert form.step_of(("lint_ignore", 0)) == "references"
    assert form.step_of(("schema_version",)) == "basics"
    assert form.step_of(("probelm",)) == "basics"
    assert form.step_of((0,)) == "basics"


@pytest.mark.parametrize("brief", BRIEFS, ids=lambda p: p.name)
def test_every_finding_of_an_example_has_a_step_and_a_place(brief: Path, tmp_path: Path) -> None:
    data = raw(brief)
    findings = check(data, tmp_path)
    for finding in findings:
        path = form.parse_path(finding.path)
        place = form.anchor(path, data)
        assert place == path[: len(place)] and shown(place, data), finding
        assert form.step_of(path) in STEP_IDS
        assert form.step_of(path) == form.step_of(place) or place == ()


# --- broken briefs: where their findings land ---------------------------------------------------------------

def _without(data: dict[str, Any], *path: str | int) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return changed


def _renamed(data: dict[str, Any], path: tuple[str | int, ...], new: str) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    node[new] = node.pop(path[-1])
    return changed


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


BROKEN = {
    "missing summary": (lambda d: _without(d, "problem", "summary"),
                        {"problem.summary": (("problem", "summary"), "problem")}),
    "missing outcome id": (lambda d: _without(d, "outcomes", 0, "id"),
                           {"outcomes[0].id": (("outcomes", 0, "id"), "outcomes")}),
    "missing procurement": (lambda d: _without(d, "procurement"),
                            {"procurement": (("procurement",), "procurement")}),
    "misspelt key": (lambda d: _renamed(d, ("problem", "summary"), "sumary"),
                     {"problem.sumary": (("problem",), "problem"),
                      "problem.summary": (("problem", "summary"), "problem")}),
    "misspelt key in an item": (lambda d: _renamed(d, ("outcomes", 0, "name"), "nmae"),
                                {"outcomes[0].nmae": (("outcomes", 0), "outcomes")}),
    "misspelt top-level key": (lambda d: _renamed(d, ("target_group",), "target_gruop"),
                               {"target_gruop": ((), "basics"),
                                "target_group": (("target_group",), "target_group")}),
    "wrong enum value": (lambda d: _set(d, ("procurement", "procedure"), "opne"),
                         {"procurement.procedure": (("procurement", "procedure"), "procurement")}),
    "decimal comma": (lambda d: _set(d, ("outcomes", 0, "baseline", "value"), "22,5"),
                      {"outcomes[0].baseline.value": (("outcomes", 0, "baseline", "value"), "outcomes")}),
    "date in words": (lambda d: _set(d, ("brief", "date"), "1. marts 2027"),
                      {"brief.date": (("brief", "date"), "basics")}),
    "wrong role in the second authority": (lambda d: _set(d, ("authorities", 1, "role"), "boss"),
                                           {"authorities[1].role": (("authorities", 1, "role"), "basics")}),
    "a mapping for a list": (lambda d: _set(d, ("outcomes",), d["outcomes"][0]),
                             {"outcomes": (("outcomes",), "outcomes")}),
    "text for a group": (lambda d: _set(d, ("poc",), "en afprøvning"), {"poc": (("poc",), "poc")}),
    "wrong date in a list": (lambda d: _set(d, ("market_dialogue", "events", 0, "date"), "snart"),
                             {"market_dialogue.events[0].date": (("market_dialogue", "events", 0, "date"),
                                                                 "market_dialogue")}),
}


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_findings_of_a_broken_brief_land_on_what_the_form_shows(case: str, tmp_path: Path) -> None:
    change, expected = BROKEN[case]
    data = change(raw(STARTER))
    findings = check(data, tmp_path)
    by_path = {f.path: f for f in findings}
    assert set(expected) <= set(by_path), [f.path for f in findings]
    for path_text, (place, step_id) in expected.items():
        path = form.parse_path(path_text)
        assert form.anchor(path, data) == place, path_text
        assert form.step_of(place) == step_id, path_text
        assert shown(place, data)
        step = next(s for s in form.form("da") if s.id == step_id)
        assert form.section_status(step, data, findings) != "done", path_text
    for finding in findings:  # and every other finding of the broken brief too
        path = form.parse_path(finding.path)
        place = form.anchor(path, data)
        assert place == path[: len(place)] and shown(place, data), finding


def test_anchor_details() -> None:
    data = raw(STARTER)
    assert form.anchor((), data) == ()
    assert form.anchor(("outcomes", 5, "id"), data) == ("outcomes",)  # no sixth outcome: the list
    assert form.anchor(("target_group", "users", 0, "needs", 0), data) == ("target_group", "users", 0, "needs")
    assert form.anchor(("problem", "summary", "x"), data) == ("problem", "summary")
    assert form.anchor(("schema_version",), data) == ()
    assert form.anchor(("poc", "budget", "amount"), _without(data, "poc")) == ("poc", "budget", "amount")
    assert form.anchor(("problem", "summary"), {"problem": "tekst"}) == ("problem",)
    assert form.anchor(("outcomes", 0), {"outcomes": {"id": "O1"}}) == ("outcomes",)


# --- the checklist ------------------------------------------------------------------------------------------

def _step(step_id: str) -> form.Step:
    return next(s for s in form.form("da") if s.id == step_id)


def test_status_of_the_starter_and_the_examples(tmp_path: Path) -> None:
    data = raw(STARTER)
    findings = check(data, tmp_path)
    assert {s.id: form.section_status(s, data, findings) for s in form.form("da")} == dict.fromkeys(STEP_IDS, "done")
    chauffeur = raw(ROOT / "examples" / "chauffoerjob-langtidsledige.yaml")
    statuses = {s.id: form.section_status(s, chauffeur, check(chauffeur, tmp_path)) for s in form.form("en")}
    assert statuses["poc"] == statuses["scale_up"] == statuses["references"] == "missing"
    assert statuses["problem"] == statuses["procurement"] == "done"


def test_status_of_an_empty_step() -> None:
    data = raw(STARTER)
    assert form.section_status(_step("market_dialogue"), _without(data, "market_dialogue"), []) == "missing"
    assert form.section_status(_step("poc"), _set(data, ("poc",), {"scope": "  ", "sites": []}), []) == "missing"
    assert form.section_status(_step("basics"), {}, []) == "missing"
    assert "lint_ignore" not in data
    assert form.section_status(_step("references"), _without(data, "references"), []) == "missing"


def test_status_of_a_partial_step(tmp_path: Path) -> None:
    data = raw(STARTER)
    without_summary = _without(data, "problem", "summary")
    findings = check(without_summary, tmp_path)
    assert form.section_status(_step("problem"), without_summary, findings) == "in_progress"
    assert form.section_status(_step("problem"), without_summary, []) == "in_progress"  # required field empty
    assert form.section_status(_step("target_group"), without_summary, findings) == "done"
    # a required field of an item that is there: the outcome's indicator
    no_indicator = _set(data, ("outcomes", 0, "indicator"), " ")
    assert form.section_status(_step("outcomes"), no_indicator, []) == "in_progress"
    # a required field inside an optional group that is there: the money's amount
    no_amount = _without(data, "poc", "budget", "amount")
    assert form.section_status(_step("poc"), no_amount, []) == "in_progress"
    assert form.section_status(_step("poc"), _without(data, "poc", "budget"), []) == "done"
    # a required list with no item
    assert form.section_status(_step("basics"), _set(data, ("authorities",), []), []) == "in_progress"


def test_status_counts_errors_and_warnings_of_the_step_only() -> None:
    data = raw(STARTER)
    step = _step("outcomes")

    def finding(path: str, severity: Severity, suppressed: bool = False) -> Finding:
        return Finding(code="PB301", severity=severity, message="…", path=path, suppressed=suppressed)

    assert form.section_status(step, data, [finding("outcomes[0].baseline", Severity.ERROR)]) == "in_progress"
    assert form.section_status(step, data, [finding("outcomes[0]", Severity.WARNING)]) == "in_progress"
    assert form.section_status(step, data, [finding("outcomes", Severity.INFO)]) == "done"
    assert form.section_status(step, data, [finding("outcomes[0]", Severity.ERROR, suppressed=True)]) == "done"
    assert form.section_status(step, data, [finding("problem.summary", Severity.ERROR)]) == "done"


def test_has_content() -> None:
    assert not form.has_content(None)
    assert not form.has_content(" \n")
    assert not form.has_content({"a": [], "b": {"c": ""}})
    assert form.has_content({"a": [None, "x"]})
    assert form.has_content("false")
