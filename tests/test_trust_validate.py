"""What you wrote is what the document says, or you get an error at the line: the schema's part.

Thousands separators (PB018), commas that split a value (PB019), dates only as YYYY-MM-DD in a sane
range, no blank required text, bounded numbers and followable web addresses.
"""

from __future__ import annotations

import datetime
import time
import typing

import pytest

from helpers import EXAMPLES, MINIMAL
from problembrief.findings import Finding
from problembrief.load import load_file, load_text
from problembrief.model import Brief
from problembrief.model.common import Date, _date_from_text
from problembrief.validate import SCHEMA_CODES, _leaves, validate

BASELINE = "baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}"


def check(text: str) -> tuple[Brief | None, list[Finding]]:
    return validate(load_text(text, "brief.yaml"))


def with_baseline(value: str, *, language: str = "da") -> str:
    return MINIMAL.replace("value: 25,", f"value: {value},").replace("language: da", f"language: {language}")


def codes(findings: list[Finding]) -> list[tuple[str, str, str, int | None, int | None]]:
    return [(f.code, f.severity.value, f.path, f.line, f.column) for f in findings]


def test_new_codes_are_listed() -> None:
    assert SCHEMA_CODES["PB018"][0] == "schema.thousands-separator"
    assert SCHEMA_CODES["PB019"][0] == "schema.split-by-comma"
    assert SCHEMA_CODES["PB022"][0] == "schema.unsafe-character"


# --- 1. thousands separators --------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "reads", "whole"), [
    ("1.240", "1.24", "1240"), ("12.500", "12.5", "12500"), ("5.200", "5.2", "5200"), ('"1.240"', "1.24", "1240"),
])
def test_a_thousands_separator_is_an_error_in_a_danish_brief(written: str, reads: str, whole: str) -> None:
    _, findings = check(with_baseline(written))
    assert codes(findings) == [("PB018", "error", "outcomes[0].baseline.value", 19, 23)]
    assert f"`outcomes[0].baseline.value` is {written.strip(chr(34))}, which reads as {reads}" in findings[0].message
    assert f"write `value: {whole}`" in (findings[0].hint or "")


def test_a_thousands_separator_is_a_warning_in_an_english_brief() -> None:
    brief, findings = check(with_baseline("1.240", language="en"))
    assert codes(findings) == [("PB018", "warning", "outcomes[0].baseline.value", 19, 23)]
    assert "reads as 1.24" in findings[0].message and brief is not None


@pytest.mark.parametrize("language", ["da", "en"])
def test_several_dots_are_no_number_in_any_language(language: str) -> None:
    brief, findings = check(with_baseline("1.200.000", language=language))
    assert codes(findings) == [("PB018", "error", "outcomes[0].baseline.value", 19, 23)]  # said once
    assert "write `value: 1200000`" in (findings[0].hint or "") and brief is None


@pytest.mark.parametrize("value", ["0.125", "1.24", "1240", "1.2400", "12.5", "-3"])
def test_numbers_that_are_not_grouped_pass(value: str) -> None:
    assert check(with_baseline(value))[1] == []


def test_every_number_field_is_found_from_the_model() -> None:
    brief = MINIMAL.replace("procedure: open", "procedure: open\n  award_criteria: [{name: Pris, weight: 1.000}]") + (
        "poc: {budget: {amount: 1.200}}\n"
        "scale_up: {phases: [{name: A, reach: {count: 2.500}}]}\n"
        "target_group_size_is_not_a_field: 1.240\n")
    brief = brief.replace("  description: Beboere på plejecentre i faldrisiko.\n",
                          "  description: Beboere.\n  size: {count: 1.240}\n")
    paths = {f.path for f in check(brief)[1] if f.code == "PB018"}
    assert paths == {"procurement.award_criteria[0].weight", "poc.budget.amount", "target_group.size.count",
                     "scale_up.phases[0].reach.count"}
    kinds = {(p, k) for p, k, _ in _leaves(Brief, load_text(brief).data, ())}
    assert (("brief", "title"), "text") in kinds and (("poc", "budget", "amount"), "number") in kinds


@pytest.mark.parametrize(("written", "suggestion"), [
    ("1.240,5", "1240.5"), ("22,5", "22.5"), ("1.200.000,50", "1200000.50"),
])
def test_a_danish_decimal_comma_gets_the_number_back(written: str, suggestion: str) -> None:
    _, findings = check(with_baseline(f"'{written}'"))
    [finding] = findings
    assert (finding.code, finding.line) == ("PB015", 19)
    assert "Danish" in (finding.hint or "") and f"write `value: {suggestion}`" in (finding.hint or "")


# --- 2. a comma inside [ ] or { } --------------------------------------------------------------------

def national(items: str) -> str:
    return MINIMAL + f"data:\n  - id: D1\n    name: x\n    legal_basis:\n      national: [{items}]\n"


@pytest.mark.parametrize(("items", "index", "tail"), [
    ("Databeskyttelsesloven § 7, stk. 3", 1, "stk. 3"),
    ("Serviceloven § 83, Databeskyttelsesloven § 7, Stk. 3", 2, "Stk. 3"),
    ("Lov om social service § 83, nr. 2", 1, "nr. 2"),
    ("Serviceloven §§ 83, 83a", 1, "83a"),
    ("Forvaltningsloven § 32, jf. § 31", 1, "jf. § 31"),
    ("Sundhedsloven, og Serviceloven", 1, "og Serviceloven"),
    ("Databeskyttelsesloven § 5, litra a", 1, "litra a"),
])
def test_a_comma_that_cut_a_legal_reference_is_an_error_at_the_item(items: str, index: int, tail: str) -> None:
    _, findings = check(national(items))
    [finding] = findings
    column = len("      national: [") + items.index(", " + tail) + 3
    assert (finding.code, finding.path, finding.line, finding.column) == (
        "PB019", f"data[0].legal_basis.national[{index}]", 28, column)
    assert "inside [ ] a comma starts a new item" in finding.message
    assert "quotes" in (finding.hint or "")


def test_the_hint_quotes_the_text_as_written() -> None:
    _, findings = check(MINIMAL.replace("  description: Beboere på plejecentre i faldrisiko.\n",
                                        "  description: x\n  characteristics: [Andel 22,5 procent]\n"))
    [finding] = findings
    assert finding.code == "PB019" and '"Andel 22,5 procent"' in (finding.hint or "")


@pytest.mark.parametrize("items", [
    "[Faldene sker om natten, når personalet er få]",
    "[Beboerne ønsker, at de kan sove]",
    "[Nights, especially weekends]",
    "[Alarmer, og opkald, Besøg]",
])
def test_a_clause_cut_off_by_a_comma_is_an_error(items: str) -> None:
    _, findings = check(MINIMAL.replace("  description: Beboere på plejecentre i faldrisiko.\n",
                                        f"  description: x\n  characteristics: {items}\n"))
    assert [f.code for f in findings] == ["PB019"] and findings[0].line == 15


@pytest.mark.parametrize("extra", [
    "market_dialogue:\n  formats: [one_to_one, workshop]\n",
    "poc:\n  sites: [Vejle, Horsens]\n",
    "lint_ignore: [PB105]\n",
    "data:\n  - {id: D1, name: x, categories: [ordinary, special]}\n",
    "target_group_x: 1\n".replace("target_group_x: 1\n", ""),
    'data:\n  - id: D1\n    name: x\n    legal_basis:\n'
    '      national: [Serviceloven § 83, "Databeskyttelsesloven § 11, stk. 1"]\n',
    "data:\n  - id: D1\n    name: x\n    legal_basis: {national: [Serviceloven § 83, Serviceloven § 83 a]}\n",
    "poc:\n  sites: [Plejecenter Kirkebakken (Vejle), Plejecenter Erritsø (Fredericia)]\n",
    "poc:\n  sites: [Ældre over 80, demens, nedsat syn]\n",
    "poc:\n  sites:\n    - Databeskyttelsesloven § 7\n    - stk. 3\n",  # a block list says what it means
    'poc:\n  sites: [Databeskyttelsesloven § 7, "stk. 3"]\n',  # quoted: a deliberate item
])
def test_real_lists_are_not_taken_for_split_text(extra: str) -> None:
    assert [f for f in check(MINIMAL + extra)[1] if f.code == "PB019"] == []


def test_a_decimal_comma_in_a_flow_mapping_is_said_plainly() -> None:
    _, findings = check(MINIMAL.replace("value: 25,", "value: 22,5,"))
    assert codes(findings) == [("PB019", "error", "outcomes[0].baseline.value", 19, 26)]
    assert "22 followed by a stray `5`" in findings[0].message and "22.5" in (findings[0].hint or "")


def test_a_text_split_in_a_flow_mapping_keeps_the_quotes_hint() -> None:
    _, findings = check(MINIMAL.replace("  description: Beboere på plejecentre i faldrisiko.\n",
                                        "  description: Beboere.\n  size: {count: 5, source: Journal, 2026}\n"))
    [finding] = findings
    assert finding.code == "PB011" and "quotes" in (finding.hint or "")


# --- 4. dates, blank text, numbers ---------------------------------------------------------------------

def test_every_date_field_is_a_checked_date() -> None:
    def annotations(model: type, seen: set[type]) -> typing.Iterator[tuple[str, object]]:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():  # type: ignore[attr-defined]
            # pydantic moves the Annotated parts of a required field into its metadata
            checked = any(getattr(m, "func", None) is _date_from_text for m in field.metadata)
            stack = [Date if checked and field.annotation is datetime.date else field.annotation]
            while stack:
                annotation = stack.pop()
                yield f"{model.__name__}.{name}", annotation
                if annotation == Date:
                    continue  # the checked date: its own parts are datetime.date and its validator
                if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                    yield from annotations(annotation, seen)
                stack.extend(typing.get_args(annotation))

    found = list(annotations(Brief, set()))
    assert any(a == Date for _, a in found)
    assert [name for name, a in found if a is datetime.date] == []  # none unchecked


@pytest.mark.parametrize(("written", "words"), [
    ("86400", "must be a date written YYYY-MM-DD, not '86400'"),
    ("2025-12-31T10:00:00", "YYYY-MM-DD"),
    ("20251231", "YYYY-MM-DD"),
    ("0001-01-01", "outside the dates a brief can use (1900-01-01 to 2199-12-31)"),
    ("1899-12-31", "1900-01-01 to 2199-12-31"),
    ("2200-01-01", "1900-01-01 to 2199-12-31"),
    ("9999-12-31", "1900-01-01 to 2199-12-31"),
    ("2025-02-30", "not a real date"),
])
def test_dates_are_only_real_iso_dates_in_range(written: str, words: str) -> None:
    _, findings = check(MINIMAL.replace("date: 2025-12-31", f"date: {written}"))
    assert codes(findings) == [("PB014", "error", "outcomes[0].baseline.date", 19, 33)]
    assert words in findings[0].message


@pytest.mark.parametrize("written", ["1900-01-01", "2199-12-31"])
def test_the_ends_of_the_date_range_pass(written: str) -> None:
    brief, findings = check(MINIMAL.replace("date: 2025-12-31", f"date: {written}"))
    assert findings == [] and brief is not None


@pytest.mark.parametrize(("text", "path", "line"), [
    (MINIMAL.replace("title: Færre fald om natten", 'title: "   "'), "brief.title", 4),
    (MINIMAL.replace("title: Færre fald om natten", 'title: "\\_\\u200b"'), "brief.title", 4),
    (MINIMAL.replace("name: Færre fald", 'name: Færre fald\n    unit: " "'), "outcomes[0].unit", 18),
    (MINIMAL.replace("name: Mette Kjær", "name: '\u3000'"), "contact.name", 9),
])
def test_text_of_only_blanks_is_an_error(text: str, path: str, line: int) -> None:
    _, findings = check(text)
    assert codes(findings)[-1][:4] == ("PB017", "error", path, line)
    assert "only blanks" in findings[-1].message


@pytest.mark.parametrize(("written", "words"), [
    ("1e999999", "exponent"), ("1e-999999999", "exponent"), ("1E6", "exponent"), (".inf", "must be a number"),
    ("-.inf", "must be a number"), (".nan", "must be a number"), ("nan", "must be a number"),
    ("9" * 4400, "more than 15 digits"), ("1234567890123456", "more than 15 digits"),
    ("0.0000000000000001", "more than 15 digits"), ("mange", "must be a number"),
])
def test_numbers_are_bounded_before_they_are_converted(written: str, words: str) -> None:
    started = time.monotonic()
    brief, findings = check(with_baseline(written))
    assert time.monotonic() - started < 1
    assert codes(findings) == [("PB015", "error", "outcomes[0].baseline.value", 19, 23)]
    assert words in findings[0].message and brief is None
    if "digits" in words:
        assert "1,000,000,000,000,000" in findings[0].message


@pytest.mark.parametrize("written", ["123456789012345", "-99999999999999.9", "0.000001", ".5", "5."])
def test_numbers_within_the_bounds_pass(written: str) -> None:
    brief, findings = check(with_baseline(written))
    assert findings == [] and brief is not None


def test_a_count_is_bounded_too() -> None:
    _, findings = check(MINIMAL.replace("  description: Beboere på plejecentre i faldrisiko.\n",
                                        "  description: x\n  size: {count: 1e9}\n"))
    assert [(f.code, f.path) for f in findings] == [("PB015", "target_group.size.count")]


# --- 7. web addresses -----------------------------------------------------------------------------------

def reference(url: str) -> str:
    return MINIMAL + f"references:\n  - title: KL\n    url: {url}\n"


@pytest.mark.parametrize(("url", "code", "words"), [
    ('"https://kl.dk/\\ra"', "PB022", "U+000D"),
    ('"https://kl.dk/\\va"', "PB022", "U+000B"),
    ('"https://kl.dk/\\fa"', "PB022", "U+000C"),
    ('"https://kl.dk/\\Na"', "PB022", "U+0085"),
    ('"https://kl.dk/\\La"', "PB022", "U+2028"),
    ('"https://kl.dk/\\Pa"', "PB022", "U+2029"),
    ('"https://kl.dk/a b"', "PB016", "U+0020"),
    ('"https://kl.dk/a\\_b"', "PB016", "U+00A0"),
    ('"https://kl.dk/a\\u200bb"', "PB016", "U+200B"),
    ('"https://kl.dk/?a=1&amp;b=2"', "PB016", "&amp;"),
    ('"https://kl.dk/&#60;x"', "PB016", "&#60;"),
    ('"https://kl.dk/<x>"', "PB016", "U+003C"),
    ("javascript:alert(1)", "PB016", "http:// or https://"),
    ("file:///etc/passwd", "PB016", "http:// or https://"),
    ("www.kl.dk", "PB016", "http:// or https://"),
    ("https://", "PB016", "http:// or https://"),
    ("mailto:nobody", "PB016", "mailto:"),
])
def test_a_web_address_is_refused_with_the_reason(url: str, code: str, words: str) -> None:
    _, findings = check(reference(url))
    [finding] = findings  # said once, by the finding that names the character
    assert (finding.code, finding.severity.value, finding.path, finding.line) == (
        code, "error", "references[0].url", 26)
    assert words in finding.message


@pytest.mark.parametrize("url", ["https://www.kl.dk", "http://kl.dk/a?b=1&c=2#d", "mailto:mette@vejle.dk",
                                 "https://da.wikipedia.org/wiki/Fald_(medicin)", "HTTPS://KL.DK"])
def test_ordinary_web_addresses_pass(url: str) -> None:
    brief, findings = check(reference(url))
    assert findings == [] and brief is not None


# --- the examples stay clean ------------------------------------------------------------------------

@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_have_none_of_the_new_findings(path) -> None:  # type: ignore[no-untyped-def]
    brief, findings = validate(load_file(path))
    assert brief is not None and findings == []


@pytest.mark.parametrize(("written", "words"), [
    ("1,000", "write `value: 1000` if you meant 1000, or `value: 1` if the comma is a decimal point"),
    ("10,000", "write `value: 10000` if you meant 10000, or `value: 10` if the comma is a decimal point"),
    ("1,000,000", "write `value: 1000000`"),
])
def test_a_comma_before_three_digits_gets_both_readings(written: str, words: str) -> None:
    _, findings = check(with_baseline(f"'{written}'"))
    [finding] = findings
    assert finding.code == "PB015" and words in (finding.hint or "")


def test_an_empty_misspelt_key_in_block_style_keeps_the_allowed_keys() -> None:
    # Found by mutation testing: the flow-comma hint was given to any unknown key without a value.
    loaded = load_text(MINIMAL.replace("contact:\n", "contact2:\ncontact:\n"))
    _, findings = validate(loaded)
    [finding] = [f for f in findings if f.code == "PB011"]
    assert finding.hint is not None and finding.hint.startswith("allowed keys here: schema_version")
    flow = load_text(MINIMAL.replace("source: Omsorgsjournalen}", "source: Omsorgsjournalen, 2026}"))
    [split] = [f for f in validate(flow)[1] if f.code == "PB011"]
    assert split.hint is not None and "a comma inside { } or [ ] starts a new item" in split.hint
