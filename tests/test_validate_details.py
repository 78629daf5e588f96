"""Schema findings in detail: the exact code, path, line, column, message and hint a user is shown.

Each test builds a brief from MINIMAL with one slip in it and checks the whole finding, so a change
to a message, a hint, a position or a code shows up here. Errors that the model cannot produce
through a brief (pydantic's own error types that the model's validators pre-empt) are checked on
the function that words them.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from helpers import MINIMAL
from problembrief.findings import Finding
from problembrief.load import LoadedBrief, load_text
from problembrief.model import Brief, DataCategory, LegalBasis, Level, Milestone, Outcome, Procedure
from problembrief.model.brief import Authority, BriefInfo, Language
from problembrief.model.common import Money
from problembrief.model.outcomes import Baseline
from problembrief.model.plan import Funding, Reach
from problembrief.model.procurement import DialogueFormat
from problembrief.validate import _describe_value_error, _finding, _leaves, _unwrap_model, validate

BASELINE = "baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}"
TARGET_GROUP = "  description: Beboere på plejecentre i faldrisiko.\n"
NUMBER_HINT = "write numbers without thousands separators and with . as decimal point: 1200000 or 4.1"
LIMIT = "at most 15 digits, below 1,000,000,000,000,000"


def keys(model: type[BaseModel]) -> str:
    """The keys of a mapping, as the hint lists them: in the model's order."""
    return ", ".join(model.model_fields)


def values(enum: type[StrEnum]) -> str:
    """The values of an enum, as the hint lists them: in the model's order."""
    return ", ".join(member.value for member in enum)


PROCEDURES = values(Procedure)

Row = tuple[str, str, str, "int | None", "int | None", str, "str | None"]


def check(text: str) -> tuple[Brief | None, list[Finding]]:
    return validate(load_text(text, "brief.yaml"))


def rows(text: str) -> list[Row]:
    """Every finding as the user reads it: code, severity, path, line, column, message, hint."""
    _, findings = check(text)
    assert all(f.file == "brief.yaml" for f in findings)
    return [(f.code, f.severity.value, f.path, f.line, f.column, f.message, f.hint) for f in findings]


def one(text: str) -> Row:
    [row] = rows(text)
    return row


def baseline(value: str, *, language: str = "da") -> str:
    return MINIMAL.replace("value: 25,", f"value: {value},").replace("language: da", f"language: {language}")


def group(extra: str) -> str:
    """MINIMAL with more lines in target_group (they start at line 15)."""
    return MINIMAL.replace(TARGET_GROUP, "  description: x\n" + extra)


def procurement(extra: str) -> str:
    """MINIMAL with more lines in procurement (they start at line 24)."""
    return MINIMAL.replace("procedure: open", "procedure: open\n" + extra)


# --- missing and unknown keys ---------------------------------------------------------------------

def test_a_missing_top_level_key_says_to_add_it_at_the_top_level() -> None:
    assert one(MINIMAL.replace("schema_version: 1\n", "")) == (
        "PB010", "error", "schema_version", 1, 1, "`schema_version` is required but missing",
        "add `schema_version:` at the top level")


def test_a_missing_nested_key_is_reported_at_the_key_of_its_mapping() -> None:
    assert one(MINIMAL.replace("  email: mette@vejle.dk\n", "")) == (
        "PB010", "error", "contact.email", 8, 1, "`contact.email` is required but missing",
        "add `email:` under `contact`")


def test_a_missing_key_in_a_list_item_names_the_item() -> None:
    assert rows(MINIMAL.replace("  - name: Vejle Kommune\n    role: lead\n", "  - {nme: Vejle}\n")) == [
        ("PB010", "error", "authorities[0].name", 6, 5, "`authorities[0].name` is required but missing",
         "add `name:` under `authorities[0]`"),
        ("PB011", "error", "authorities[0].nme", 6, 6, "unknown key `authorities[0].nme`; did you mean `name`?",
         f"allowed keys here: {keys(Authority)}"),
    ]


def test_an_unknown_top_level_key_lists_the_keys_allowed() -> None:
    assert one(MINIMAL + "zzz: 1\n") == (
        "PB011", "error", "zzz", 24, 1, "unknown key `zzz`", f"allowed keys here: {keys(Brief)}")


def test_an_unknown_key_suggests_the_closest_one() -> None:
    assert one(MINIMAL.replace("title: Færre fald om natten", "title: x\n  titel: y")) == (
        "PB011", "error", "brief.titel", 5, 3, "unknown key `brief.titel`; did you mean `title`?",
        f"allowed keys here: {keys(BriefInfo)}")


@pytest.mark.parametrize(("text", "path", "line", "column", "suggestion", "allowed"), [
    (MINIMAL.replace("baseline: {value: 25,", "baseline: {valu: 25,"), "outcomes[0].baseline.valu", 19, 16,
     "value", keys(Baseline)),
    (MINIMAL.replace("  - id: O1\n", "  - id: O1\n    baseline2: x\n"), "outcomes[0].baseline2", 17, 5, "baseline",
     keys(Outcome)),
    (MINIMAL + "scale_up:\n  funding: {amount: 5, sorce: x}\n", "scale_up.funding.sorce", 25, 24, "source",
     keys(Funding)),
    (MINIMAL + "data:\n  - id: D1\n    name: x\n    legal_basis: {nationl: [x]}\n", "data[0].legal_basis.nationl",
     27, 19, "national", keys(LegalBasis)),
    (MINIMAL + "scale_up:\n  phases:\n    - name: A\n      reach: {count: 5, unti: x}\n",
     "scale_up.phases[0].reach.unti", 27, 25, "unit", keys(Reach)),
])
def test_an_unknown_key_deep_in_the_brief_lists_the_keys_of_its_own_mapping(
        text: str, path: str, line: int, column: int, suggestion: str, allowed: str) -> None:
    assert one(text) == ("PB011", "error", path, line, column,
                         f"unknown key `{path}`; did you mean `{suggestion}`?", f"allowed keys here: {allowed}")


def test_an_unknown_key_with_no_value_suggests_quotes_for_the_value_before_it() -> None:
    assert one(MINIMAL.replace(TARGET_GROUP, "  description: x\n  size: {count: 5, source: Journal, 2026}\n")) == (
        "PB011", "error", "target_group.size.2026", 15, 37, "unknown key `target_group.size.2026`",
        "if this was meant as part of the value before it, put that value in quotes: `source: \"Journal, 2026\"`; "
        "a comma inside { } or [ ] starts a new item")


def test_the_suggestion_is_skipped_for_a_value_longer_than_any_key() -> None:
    close = "competitive_procedure_with_negotiation"
    at_limit = close + "x" * (64 - len(close))
    over_limit = close + "x" * (65 - len(close))
    assert one(MINIMAL.replace("procedure: open", f"procedure: {at_limit}"))[5] == (
        f"`procurement.procedure` is '{at_limit[:37]}…', which is not allowed; did you mean `{close}`?")
    assert one(MINIMAL.replace("procedure: open", f"procedure: {over_limit}"))[5] == (
        f"`procurement.procedure` is '{over_limit[:37]}…', which is not allowed")


def test_only_a_close_match_is_suggested() -> None:
    # `opxn` is 0.75 like `open`; `oxxn` only 0.5
    assert one(MINIMAL.replace("procedure: open", "procedure: opxn"))[5] == (
        "`procurement.procedure` is 'opxn', which is not allowed; did you mean `open`?")
    assert one(MINIMAL.replace("procedure: open", "procedure: oxxn"))[5] == (
        "`procurement.procedure` is 'oxxn', which is not allowed")


# --- values not allowed ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "path", "line", "column", "shown", "suggestion", "allowed"), [
    (MINIMAL.replace("procedure: open", "procedure: opne"), "procurement.procedure", 23, 14, "'opne'", "open",
     PROCEDURES),
    (MINIMAL.replace("procedure: open", "procedure:"), "procurement.procedure", 23, 13, "nothing", None, PROCEDURES),
    (MINIMAL.replace("language: da", "language: fr"), "language", 2, 11, "'fr'", None, values(Language)),
    (MINIMAL.replace("schema_version: 1", "schema_version: 2"), "schema_version", 1, 17, "'2'", None, "1"),
    (MINIMAL + "data:\n  - {id: D1, name: x, categories: [ordinary, secret]}\n", "data[0].categories[1]", 25, 46,
     "'secret'", None, values(DataCategory)),
    (MINIMAL + "market_dialogue:\n  formats: [workshp]\n", "market_dialogue.formats[0]", 25, 13, "'workshp'",
     "workshop", values(DialogueFormat)),
    (MINIMAL + "risks:\n  - {description: x, likelihood: hihg}\n", "risks[0].likelihood", 25, 34, "'hihg'", "high",
     values(Level)),
    (procurement("  timeline:\n    - {milestone: poc_strat, date: 2026-01-01}"), "procurement.timeline[0].milestone",
     25, 19, "'poc_strat'", "poc_start", values(Milestone)),
])
def test_a_value_not_allowed_lists_the_values_allowed(text: str, path: str, line: int, column: int, shown: str,
                                                      suggestion: str | None, allowed: str) -> None:
    message = f"`{path}` is {shown}, which is not allowed" + (f"; did you mean `{suggestion}`?" if suggestion else "")
    assert one(text) == ("PB013", "error", path, line, column, message, f"allowed values: {allowed}")


def test_allowed_values_of_a_literal_are_read_from_the_error() -> None:
    assert _describe_value_error("literal_error", "size", ("size",), "XXL", {"expected": "'XS', 'M' or 'XL'"}) == (
        "PB013", "`size` is 'XXL', which is not allowed; did you mean `XL`?", "allowed values: XS, M, XL")
    assert _describe_value_error("literal_error", "kind", ("kind",), "gama",
                                 {"expected": "'alpha', 'beta' or 'gamma'"}) == (
        "PB013", "`kind` is 'gama', which is not allowed; did you mean `gamma`?", "allowed values: alpha, beta, gamma")
    assert _describe_value_error("enum", "kind", ("kind",), "x", {}) == (
        "PB013", "`kind` is 'x', which is not allowed", "allowed values: ")


# --- wrong kinds of value -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "path", "line", "column", "message", "hint"), [
    (MINIMAL.replace("contact:\n  name: Mette Kjær\n  email: mette@vejle.dk\n", "contact: Mette\n"), "contact", 8, 10,
     "`contact` must be a mapping of keys, not the single value 'Mette'", "indent the keys that belong to it under it"),
    (MINIMAL.replace("contact:\n  name: Mette Kjær\n  email: mette@vejle.dk\n", "contact:\n"), "contact", 8, 9,
     "`contact` must be a mapping of keys, not empty", "indent the keys that belong to it under it"),
    (MINIMAL.replace("  - name: Vejle Kommune\n    role: lead\n", "  - Vejle\n"), "authorities[0]", 6, 5,
     "`authorities[0]` must be a mapping of keys, not the single value 'Vejle'",
     "indent the keys that belong to it under it"),
    (MINIMAL + "risks: x\n", "risks", 24, 8, "`risks` must be a list, not the single value 'x'",
     "write each item on its own line starting with `- `"),
    (MINIMAL + "risks:\n", "risks", 24, 7, "`risks` must be a list, not empty",
     "write each item on its own line starting with `- `"),
    (MINIMAL + "risks: {a: 1}\n", "risks", 24, 8, "`risks` must be a list, not a mapping",
     "write each item on its own line starting with `- `"),
    (MINIMAL.replace("  summary: Beboere", "  summary: [a]\n  background: Beboere"), "problem.summary", 12, 12,
     "`problem.summary` must be text, not a list", None),
    (MINIMAL.replace("  summary: Beboere", "  summary: {a: 1}\n  background: Beboere"), "problem.summary", 12, 12,
     "`problem.summary` must be text, not a mapping", None),
    (MINIMAL.replace("  summary: Beboere", "  summary:\n  background: Beboere"), "problem.summary", 12, 11,
     "`problem.summary` must be text, not empty", None),
    (MINIMAL + "constraints:\n  - description: x\n    mandatory: maybe\n", "constraints[0].mandatory", 26, 16,
     "`constraints[0].mandatory` must be true or false, not 'maybe'", None),
    (MINIMAL + "lint_ignore: [{a: 1}]\n", "lint_ignore[0]", 24, 15, "`lint_ignore[0]` must be text, not a mapping",
     None),
])
def test_a_value_of_the_wrong_kind_says_what_was_found(text: str, path: str, line: int, column: int, message: str,
                                                       hint: str | None) -> None:
    assert one(text) == ("PB012", "error", path, line, column, message, hint)


def test_a_value_that_fits_no_member_of_a_union_is_said_once_per_member() -> None:
    assert rows(group("  users:\n    - role: Nattevagt\n      needs: {a: 1}\n")) == [
        ("PB012", "error", "target_group.users[0].needs", 17, 14,
         "`target_group.users[0].needs` must be a list, not a mapping",
         "write each item on its own line starting with `- `"),
        ("PB012", "error", "target_group.users[0].needs", 17, 14,
         "`target_group.users[0].needs` must be text, not a mapping", None),
    ]


@pytest.mark.parametrize(("kind", "message", "hint"), [
    ("dict_type", "`x` must be a mapping of keys, not the single value '5'",
     "indent the keys that belong to it under it"),
    ("model_attributes_type", "`x` must be a mapping of keys, not the single value '5'",
     "indent the keys that belong to it under it"),
    ("bool_parsing", "`x` must be true or false, not '5'", None),
    ("bool_type", "`x` must be true or false, not '5'", None),
    ("is_instance_of", "`x` has a value of the wrong kind: '5'", None),
])
def test_pydantic_type_errors_are_worded_by_their_type(kind: str, message: str, hint: str | None) -> None:
    assert _describe_value_error(kind, "x", ("x",), "5", {}) == ("PB012", message, hint)


# --- empty values ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "path", "line", "column", "message", "hint"), [
    (MINIMAL.replace("  - name: Vejle Kommune\n    role: lead\n", "").replace("authorities:", "authorities: []"),
     "authorities", 5, 14, "`authorities` needs at least one item", None),
    (MINIMAL.replace("title: Færre fald om natten", "title: ''"), "brief.title", 4, 10,
     "`brief.title` must not be empty", None),
    (MINIMAL.replace("title: Færre fald om natten", "title: '  '"), "brief.title", 4, 10,
     "`brief.title` holds only blanks", "write the text, or leave out a key that is optional"),
])
def test_an_empty_value_is_said_so(text: str, path: str, line: int, column: int, message: str,
                                   hint: str | None) -> None:
    assert one(text) == ("PB017", "error", path, line, column, message, hint)


# --- forms: ids, CVR numbers, e-mail addresses -----------------------------------------------------

@pytest.mark.parametrize(("text", "path", "line", "column", "message"), [
    (MINIMAL.replace("email: mette@vejle.dk", "email: mette"), "contact.email", 10, 10,
     "`contact.email` must be an e-mail address, e.g. name@kommune.dk, not 'mette'"),
    (MINIMAL.replace("- id: O1", "- id: 1O"), "outcomes[0].id", 16, 9,
     "`outcomes[0].id` must be a short token that starts with a letter, e.g. O1, C3 or D2, not '1O'"),
    (MINIMAL.replace("role: lead", "role: lead\n    cvr: 1234"), "authorities[0].cvr", 8, 10,
     "`authorities[0].cvr` must be a CVR number of 8 digits, e.g. 29189919 (quote it if it starts with 0: "
     "'01234567'), not '1234'"),
])
def test_a_value_in_the_wrong_form_says_the_form(text: str, path: str, line: int, column: int, message: str) -> None:
    assert one(text) == ("PB016", "error", path, line, column, message, None)


def test_a_pattern_of_another_key_is_the_expected_form() -> None:
    assert _describe_value_error("string_pattern_mismatch", "a[0].code", ("a", 0, "code"), "x y", {}) == (
        "PB016", "`a[0].code` must be in the expected form, not 'x y'", None)
    assert _describe_value_error("string_pattern_mismatch", "a.cvr[0]", ("a", "cvr", 0), "1", {}) == (
        "PB016", "`a.cvr[0]` must be a CVR number of 8 digits, e.g. 29189919 (quote it if it starts with 0: "
        "'01234567'), not '1'", None)


# --- how a value is shown -------------------------------------------------------------------------

def test_a_value_of_forty_characters_is_shown_whole_and_a_longer_one_cut() -> None:
    forty, longer = "x" * 40, "y" * 41
    assert one(MINIMAL.replace("email: mette@vejle.dk", f"email: {forty}"))[5] == (
        f"`contact.email` must be an e-mail address, e.g. name@kommune.dk, not '{forty}'")
    assert one(MINIMAL.replace("email: mette@vejle.dk", f"email: {longer}"))[5] == (
        f"`contact.email` must be an e-mail address, e.g. name@kommune.dk, not '{'y' * 37}…'")


def test_a_list_given_for_a_value_is_shown_as_a_list() -> None:
    assert one(MINIMAL.replace("procedure: open", "procedure: [opne]"))[5] == (
        "`procurement.procedure` is a list, which is not allowed")
    assert one(MINIMAL.replace("procedure: open", "procedure: {a: 1}"))[5] == (
        "`procurement.procedure` is a mapping, which is not allowed")


# --- numbers --------------------------------------------------------------------------------------

VALUE = "outcomes[0].baseline.value"


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("abc", f"`{VALUE}` must be a number, not 'abc'", NUMBER_HINT),
    ("true", f"`{VALUE}` must be a number, not 'true'", NUMBER_HINT),
    ("'1,000'", f"`{VALUE}` must be a number, not '1,000'",
     "write `value: 1000` if you meant 1000, or `value: 1` if the comma is a decimal point; no thousands separators"),
    ("'-1,000'", f"`{VALUE}` must be a number, not '-1,000'",
     "write `value: -1000` if you meant -1000, or `value: -1` if the comma is a decimal point; no thousands "
     "separators"),
    ("'1,250'", f"`{VALUE}` must be a number, not '1,250'",
     "write `value: 1250` if you meant 1250, or `value: 1.25` if the comma is a decimal point; no thousands "
     "separators"),
    ("'100,000'", f"`{VALUE}` must be a number, not '100,000'",
     "write `value: 100000` if you meant 100000, or `value: 100` if the comma is a decimal point; no thousands "
     "separators"),
    ("'1,000,000'", f"`{VALUE}` must be a number, not '1,000,000'",
     "write `value: 1000000` if you meant 1000000; no thousands separators"),
    ("'1,5'", f"`{VALUE}` must be a number, not '1,5'",
     "1,5 is written the Danish way; write `value: 1.5`, with . as the decimal point and no thousands separators"),
    ("'22,50'", f"`{VALUE}` must be a number, not '22,50'",
     "22,50 is written the Danish way; write `value: 22.50`, with . as the decimal point and no thousands "
     "separators"),
    ("'1.240,5'", f"`{VALUE}` must be a number, not '1.240,5'",
     "1.240,5 is written the Danish way; write `value: 1240.5`, with . as the decimal point and no thousands "
     "separators"),
    ("'1.2.3'", f"`{VALUE}` must be a number, not '1.2.3'", NUMBER_HINT),
    ("'1,2,3'", f"`{VALUE}` must be a number, not '1,2,3'", NUMBER_HINT),
    ("{a: 1}", f"`{VALUE}` must be a number, not a mapping", NUMBER_HINT),
    ("1e5", f"`{VALUE}` is '1e5', a number written with an exponent", f"write the number out in full ({LIMIT})"),
    (".inf", f"`{VALUE}` must be a number, not '.inf'",
     f"infinity and nan are not numbers a document can show; write a number ({LIMIT})"),
    ("12345678901234567", f"`{VALUE}` has more than 15 digits; a number may have {LIMIT}",
     "round it, or give it in a larger unit (thousands, millions) and say so in the text"),
])
def test_a_number_that_is_no_number_is_said_with_the_number_meant(written: str, message: str, hint: str) -> None:
    assert one(baseline(written)) == ("PB015", "error", VALUE, 19, 23, message, hint)


MONTHS = "procurement.contract_period_months"


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("2.5", f"`{MONTHS}` must be a whole number, not '2.5'", NUMBER_HINT),
    ("{a: 1}", f"`{MONTHS}` must be a whole number, not a mapping", NUMBER_HINT),
    ("-1", f"`{MONTHS}` must be at least 0, not '-1'", None),
])
def test_a_count_must_be_a_whole_number_of_at_least_zero(written: str, message: str, hint: str | None) -> None:
    assert one(procurement(f"  contract_period_months: {written}")) == (
        "PB015", "error", MONTHS, 24, 27, message, hint)


def test_an_amount_must_be_at_least_zero() -> None:
    assert one(MINIMAL + "poc:\n  budget: {amount: -5}\n") == (
        "PB015", "error", "poc.budget.amount", 25, 20, "`poc.budget.amount` must be at least 0, not '-5'", None)


@pytest.mark.parametrize(("kind", "ctx", "message", "hint"), [
    ("greater_than", {"gt": 0}, "`x` must be at least 0, not '-1'", None),
    ("greater_than_equal", {"ge": 1}, "`x` must be at least 1, not '-1'", None),
    ("float_parsing", {}, "`x` must be a number, not '-1'", NUMBER_HINT),
    ("decimal_parsing", {}, "`x` must be a number, not '-1'", NUMBER_HINT),
    ("int_parsing", {}, "`x` must be a whole number, not '-1'", NUMBER_HINT),
    ("int_from_float", {}, "`x` must be a whole number, not '-1'", NUMBER_HINT),
])
def test_pydantic_number_errors_are_worded_by_their_type(kind: str, ctx: dict[str, int], message: str,
                                                         hint: str | None) -> None:
    assert _describe_value_error(kind, "x", ("x",), "-1", ctx) == ("PB015", message, hint)


# --- dates ----------------------------------------------------------------------------------------

DATE = "outcomes[0].baseline.date"


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("tomorrow", f"`{DATE}` must be a date written YYYY-MM-DD, not 'tomorrow'", "write dates as in 2027-03-01"),
    ("{a: 1}", f"`{DATE}` must be a date written YYYY-MM-DD, not a mapping", "write dates as in 2027-03-01"),
    ("[1]", f"`{DATE}` must be a date written YYYY-MM-DD, not a list", "write dates as in 2027-03-01"),
    ("2025-13-01", f"`{DATE}` is '2025-13-01', which is not a real date", "check the day and the month"),
    ("1800-01-01", f"`{DATE}` is '1800-01-01', outside the dates a brief can use (1900-01-01 to 2199-12-31)",
     "check the year"),
])
def test_a_date_that_is_no_date_says_how_to_write_one(written: str, message: str, hint: str) -> None:
    assert one(MINIMAL.replace("date: 2025-12-31", f"date: {written}")) == (
        "PB014", "error", DATE, 19, 33, message, hint)


@pytest.mark.parametrize("kind", ["date_parsing", "date_type", "datetime_parsing", "datetime_type"])
def test_pydantic_date_errors_are_worded_like_the_models_own(kind: str) -> None:
    assert _describe_value_error(kind, "x", ("x",), "soon", {}) == (
        "PB014", "`x` must be a date written YYYY-MM-DD, not 'soon'", "write dates as in 2027-03-01")


# --- web addresses --------------------------------------------------------------------------------

URL = "references[0].url"


def reference(url: str) -> str:
    return MINIMAL + f"references:\n  - title: KL\n    url: {url}\n"


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("'https://kl.dk/a b'", f"`{URL}` contains U+0020 (SPACE); a web address has no spaces, line breaks or control "
     "characters", "copy the address again from the browser's address bar (a space is written %20)"),
    ("'https://kl.dk/?a&amp;b'", f"`{URL}` contains &amp;, an HTML entity, not a character of the address",
     "write the character itself, e.g. & instead of &amp;"),
    ("'ftp://kl.dk'", f"`{URL}` must be a web address that starts with http:// or https://, or a mailto: address, "
     "not 'ftp://kl.dk'", "e.g. https://www.kl.dk or mailto:name@kommune.dk"),
])
def test_a_web_address_that_cannot_be_followed_says_why(written: str, message: str, hint: str) -> None:
    assert one(reference(written)) == ("PB016", "error", URL, 26, 10, message, hint)


def test_a_tab_in_a_web_address_is_a_warning_from_the_loader_and_an_error_from_the_schema() -> None:
    assert [row[:6] for row in rows(reference('"https://kl.dk/\\ta"'))] == [
        ("PB022", "warning", URL, 26, 25,
         f"`{URL}` contains a tab, written as the escape `\\t`, which the document shows as a space"),
        ("PB016", "error", URL, 26, 10,
         f"`{URL}` contains U+0009 (category Cc); a web address has no spaces, line breaks or control characters"),
    ]


def test_a_control_character_in_a_web_address_is_said_once_by_the_loader() -> None:
    assert [row[:5] for row in rows(reference('"https://kl.dk/\\x00"'))] == [
        ("PB022", "error", URL, 26, 25)]


def test_a_control_character_elsewhere_does_not_hide_a_web_address_error() -> None:
    text = reference("'https://kl.dk/a b'").replace("title: KL", 'title: "K\\x00L"')
    assert [row[:3] for row in rows(text)] == [
        ("PB022", "error", "references[0].title"), ("PB016", "error", URL)]


# --- PB018: a dot as a thousands separator -------------------------------------------------------

@pytest.mark.parametrize(("written", "language", "severity", "message", "hint"), [
    ("1.240", "da", "error", f"`{VALUE}` is 1.240, which reads as 1.24",
     "write `value: 1240`, or `value: 1.24` if you meant a decimal number"),
    ("1.240", "en", "warning", f"`{VALUE}` is 1.240, which reads as 1.24",
     "write `value: 1240`, or `value: 1.24` if you meant a decimal number"),
    ("-1.240", "da", "error", f"`{VALUE}` is -1.240, which reads as -1.24",
     "write `value: -1240`, or `value: -1.24` if you meant a decimal number"),
    ("12.500", "en", "warning", f"`{VALUE}` is 12.500, which reads as 12.5",
     "write `value: 12500`, or `value: 12.5` if you meant a decimal number"),
    ("1.200.000", "da", "error",
     f"`{VALUE}` is 1.200.000, which is not a number: . is the decimal point, not a thousands separator",
     "write `value: 1200000`"),
    ("1.200.000", "en", "error",
     f"`{VALUE}` is 1.200.000, which is not a number: . is the decimal point, not a thousands separator",
     "write `value: 1200000`"),
])
def test_a_thousands_separator_says_how_the_number_reads(written: str, language: str, severity: str, message: str,
                                                         hint: str) -> None:
    assert one(baseline(written, language=language)) == ("PB018", severity, VALUE, 19, 23, message, hint)


def test_a_thousands_separator_in_an_undeclared_language_is_an_error_after_the_schema_findings() -> None:
    assert rows(baseline("1.240").replace("language: da\n", "")) == [
        ("PB010", "error", "language", 1, 1, "`language` is required but missing", "add `language:` at the top level"),
        ("PB018", "error", VALUE, 18, 23, f"`{VALUE}` is 1.240, which reads as 1.24",
         "write `value: 1240`, or `value: 1.24` if you meant a decimal number"),
    ]


@pytest.mark.parametrize("written", ["0.240", "12.3456", "1.24", "1.240.5"])
def test_a_dot_that_groups_no_thousands_is_no_thousands_separator(written: str) -> None:
    assert [row[0] for row in rows(baseline(written))] in ([], ["PB015"])


def test_a_text_field_with_a_grouped_number_is_text() -> None:
    assert rows(MINIMAL.replace("source: Omsorgsjournalen", "source: 1.240")) == []
    assert rows(MINIMAL.replace("name: Færre fald", "name: 1.240")) == []


def test_a_thousands_separator_is_found_in_a_count_of_a_list_item() -> None:
    assert one(group("  users:\n    - role: Nattevagt\n      count: 1.240\n")) == (
        "PB018", "error", "target_group.users[0].count", 17, 14,
        "`target_group.users[0].count` is 1.240, which reads as 1.24",
        "write `count: 1240`, or `count: 1.24` if you meant a decimal number")


def test_the_walk_finds_numbers_and_texts_but_not_forms_or_enums() -> None:
    text = MINIMAL + ("poc:\n  sites: [A, B]\n  budget: {amount: 5}\n"
                      "data:\n  - {id: D1, name: x, categories: [cpr], legal_basis: {national: [L]}}\n"
                      "unknown: 1\nrisks: x\nethics: [x]\n")
    leaves = {(p, k) for p, k, _ in _leaves(Brief, load_text(text).data, ())}
    assert {p for p, _ in leaves if p[0] in ("poc", "data", "unknown", "risks", "ethics")} == {
        ("poc", "sites", 0), ("poc", "sites", 1), ("poc", "budget", "amount"), ("data", 0, "name"),
        ("data", 0, "legal_basis", "national", 0)}
    assert (("poc", "budget", "amount"), "number") in leaves and (("poc", "sites", 1), "text") in leaves
    assert ("contact", "email") not in {p for p, _ in leaves}  # a pattern: a form, not free text
    assert ("outcomes", 0, "id") not in {p for p, _ in leaves}
    optional_forms = (MINIMAL.replace("role: lead", "role: lead\n    cvr: '12345678'")
                      + "constraints:\n  - {id: C1, description: x}\n")
    paths = {p for p, _, _ in _leaves(Brief, load_text(optional_forms).data, ())}
    assert ("authorities", 0, "cvr") not in paths and ("constraints", 0, "id") not in paths
    assert ("authorities", 0, "name") in paths and ("constraints", 0, "description") in paths
    assert (("outcomes", 0, "baseline", "value"), "number") in leaves


def test_the_walk_follows_a_union_by_the_kind_of_value() -> None:
    text = group("  users:\n    - role: R\n      count: 3\n      needs: [a, b]\n    - role: S\n      needs: c\n"
                 "    - role: T\n      needs: {a: b}\n")
    leaves = {p: k for p, k, _ in _leaves(Brief, load_text(text).data, ())}
    users = {p[2:]: k for p, k in leaves.items() if p[:2] == ("target_group", "users")}
    assert users == {(0, "role"): "text", (0, "count"): "number", (0, "needs", 0): "text", (0, "needs", 1): "text",
                     (1, "role"): "text", (1, "needs"): "text", (2, "role"): "text"}


# --- PB019: a comma that split a value ------------------------------------------------------------

SPLIT_HINT = "; if they are separate items, write the list one item per line, each starting with `- `"


def characteristics(items: str) -> str:
    return group(f"  characteristics: [{items}]\n")


def split(index: int, column: int, item: str, before: str, written: str) -> Row:
    path = f"target_group.characteristics[{index}]"
    return ("PB019", "error", path, 15, column,
            f"`{path}` is {item!r}, which reads as the end of the item before it ({before!r}): inside [ ] a comma "
            "starts a new item", f"put the whole value in quotes: `{written}`{SPLIT_HINT}")


@pytest.mark.parametrize(("items", "finding"), [
    ("22,5", split(1, 24, "5", "22", '"22,5"')),
    ("Andel 22,5", split(1, 30, "5", "Andel 22", '"Andel 22,5"')),
    ("§ 7, 8", split(1, 26, "8", "§ 7", '"§ 7, 8"')),
    ("Stk 7, 8b", split(1, 28, "8b", "Stk 7", '"Stk 7, 8b"')),
    ("Alarm, og", split(1, 28, "og", "Alarm", '"Alarm, og"')),
    ("Alarm, og;", split(1, 28, "og;", "Alarm", '"Alarm, og;"')),
    ("Alarm, STK. 2", split(1, 28, "STK. 2", "Alarm", '"Alarm, STK. 2"')),
    ("Alarm, Litra b", split(1, 28, "Litra b", "Alarm", '"Alarm, Litra b"')),
    ("Alarm, besøg", split(1, 28, "besøg", "Alarm", '"Alarm, besøg"')),
    ("Alarm, besøg, Kald", split(1, 28, "besøg", "Alarm", '"Alarm, besøg"')),
    ("Alarm, Besøg, og", split(2, 35, "og", "Besøg", '"Besøg, og"')),
    ("Alarm, besøg, og", split(2, 35, "og", "besøg", '"besøg, og"')),
    ("alarm, og;", split(1, 28, "og;", "alarm", '"alarm, og;"')),  # a tail word, whatever the case around
    ("Andel 2,5", split(1, 29, "5", "Andel 2", '"Andel 2,5"')),
    ('Foo "bar" \\ baz 22,5 x', split(1, 40, "5 x", 'Foo "bar" \\ baz 22', '"Foo \\"bar\\" \\\\ baz 22,5 x"')),
])
def test_a_comma_that_split_a_value_quotes_it_as_written(items: str, finding: Row) -> None:
    assert one(characteristics(items)) == finding


@pytest.mark.parametrize("items", [
    "22, 5", "Alarm, 8", "Andel x,5", "Alarm, OG", "alarm, besøg, Kald", "Alarm, besøg, kald", "Alarm, 'og'",
    "Alarm, Besøg", "Alarm", "Alarm, 7 dage", "Alarm, 'og', Kald",
    "Alarm, besøg, iPad", "alarm, andX",
])
def test_a_comma_between_real_items_is_no_finding(items: str) -> None:
    assert rows(characteristics(items)) == []


def test_a_split_is_found_in_every_list_of_text_but_not_in_a_block_list() -> None:
    assert [row[2] for row in rows(group("  users:\n    - role: R\n      needs: [Alarmer, og opkald]\n"))] == [
        "target_group.users[0].needs[1]"]
    assert rows(group("  characteristics:\n    - Alarm\n    - og\n")) == []
    assert rows(group("  characteristics: [Alarm, {a: b}, og]\n"))[0][:3] == (
        "PB012", "error", "target_group.characteristics[1]")
    assert rows(MINIMAL + "market_dialogue:\n  formats: [workshop, og]\n")[0][0] == "PB013"


# --- PB019 in a mapping: a decimal comma ----------------------------------------------------------

def test_a_decimal_comma_in_a_flow_mapping_names_the_number_meant() -> None:
    assert one(MINIMAL.replace("value: 25,", "value: 22,50,")) == (
        "PB019", "error", VALUE, 19, 26,
        f"`{VALUE}` reads as 22 followed by a stray `50`: inside {{ }} the comma of 22,50 ends the value",
        "write `value: 22.50`, with . as the decimal point")


def test_a_decimal_comma_after_another_key_names_that_key() -> None:
    assert one(MINIMAL.replace("target: {value: 18, by: 2028-06-30}", "target: {by: 2028-06-30, value: 18,5}")) == (
        "PB019", "error", "outcomes[0].target.value", 20, 40,
        "`outcomes[0].target.value` reads as 18 followed by a stray `5`: inside { } the comma of 18,5 ends the value",
        "write `value: 18.5`, with . as the decimal point")


@pytest.mark.parametrize(("mapping", "code"), [
    ("{value: 22, 5}", "PB011"),  # a space after the comma: a key of its own
    ("{value: 22,5: 1}", "PB011"),  # the key has a value
    ("{value: 22,x}", "PB011"),  # not digits
    ("{source: Journal,5}", "PB011"),  # a text that does not end in a digit
    ("{5,value: 2}", "PB011"),  # the first key
])
def test_a_stray_key_that_is_no_decimal_comma_stays_an_unknown_key(mapping: str, code: str) -> None:
    found = rows(MINIMAL.replace("baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}",
                                 f"baseline: {mapping}"))
    assert found and found[0][0] == code and "PB019" not in [row[0] for row in found]


def test_an_empty_or_blank_item_is_said_empty_and_splits_nothing() -> None:
    # an empty item before: nothing it could continue
    assert rows(characteristics("Alarm, '', og")) == [
        ("PB017", "error", "target_group.characteristics[1]", 15, 28,
         "`target_group.characteristics[1]` must not be empty", None)]
    # a plain item of an ideographic space: YAML keeps it, it has no words
    assert rows(characteristics("Alarm, \u3000")) == [
        ("PB017", "error", "target_group.characteristics[1]", 15, 28,
         "`target_group.characteristics[1]` holds only blanks", "write the text, or leave out a key that is optional")]


def test_a_control_character_in_a_value_not_allowed_leaves_the_schema_finding() -> None:
    assert [row[:5] for row in rows(MINIMAL.replace("procedure: open", 'procedure: "op\\x00en"'))] == [
        ("PB022", "error", "procurement.procedure", 23, 17), ("PB013", "error", "procurement.procedure", 23, 14)]


def test_a_stray_key_before_a_decimal_comma_does_not_stop_the_search() -> None:
    decimal = ("PB019", "error", "outcomes[0].target.value", 20, 24,
               "`outcomes[0].target.value` reads as 18 followed by a stray `5`: inside { } the comma of 18,5 "
               "ends the value",
               "write `value: 18.5`, with . as the decimal point")
    target = MINIMAL.replace("target: {value: 18, by: 2028-06-30}", "target: {value: 18,5}")
    assert rows(target.replace(BASELINE, "baseline: {value: 25,5: 1}")) == [
        ("PB011", "error", "outcomes[0].baseline.5", 19, 26, "unknown key `outcomes[0].baseline.5`",
         f"allowed keys here: {keys(Baseline)}"), decimal]
    assert rows(target.replace(BASELINE, "baseline: {value: 25, source: Journal,5}")) == [
        ("PB011", "error", "outcomes[0].baseline.5", 19, 43, "unknown key `outcomes[0].baseline.5`",
         "if this was meant as part of the value before it, put that value in quotes: `source: \"Journal,5\"`; "
         "a comma inside { } or [ ] starts a new item"), decimal]


def test_a_decimal_comma_after_a_text_ending_in_a_digit_is_found() -> None:
    assert one(MINIMAL.replace(BASELINE, "baseline: {value: 25, source: Tabel 2,5}")) == (
        "PB019", "error", "outcomes[0].baseline.source", 19, 43,
        "`outcomes[0].baseline.source` reads as Tabel 2 followed by a stray `5`: inside { } the comma of Tabel 2,5 "
        "ends the value", "put the whole value in quotes: `source: \"Tabel 2,5\"`")


# --- allowed values and keys come from the model ----------------------------------------------------

@pytest.mark.parametrize(("parts", "allowed"), [
    (("language",), values(Language)),
    (("data", 0, "categories", 1), values(DataCategory)),
    (("risks", 0, "likelihood"), values(Level)),
    (("procurement", "timeline", 3, "milestone"), values(Milestone)),
    (("scale_up", "phases", 0, "reach", "count"), ""),  # not an enum
])
def test_allowed_values_are_read_from_the_model_when_pydantic_names_none(parts: tuple[str | int, ...],
                                                                        allowed: str) -> None:
    assert _describe_value_error("enum", "here", parts, "x", {}) == (
        "PB013", "`here` is 'x', which is not allowed", f"allowed values: {allowed}")


def test_allowed_values_at_a_path_the_model_does_not_know_are_pydantics() -> None:
    assert _describe_value_error("enum", "here", ("nope", "x"), "x", {"expected": "'a' or 'b'"}) == (
        "PB013", "`here` is 'x', which is not allowed", "allowed values: a, b")


def test_an_unknown_key_where_the_model_has_no_mapping_gets_no_list_of_keys() -> None:
    loaded = load_text(MINIMAL + "zzz:\n  a: 1\n", "brief.yaml")
    finding = _finding(loaded, {"type": "extra_forbidden", "loc": ("zzz", "a"), "input": "1"})
    assert (finding.code, finding.path, finding.line, finding.column, finding.message, finding.hint) == (
        "PB011", "zzz.a", 25, 3, "unknown key `zzz.a`", None)


def test_data_without_positions_gives_findings_without_a_line() -> None:
    brief, findings = validate(LoadedBrief(path=Path("x.yaml"), data={"schema_version": "1", "language": "fr"}))
    assert brief is None
    assert [(f.code, f.path, f.line, f.column, f.file) for f in findings][:3] == [
        ("PB013", "language", None, None, "x.yaml"), ("PB010", "brief", None, None, "x.yaml"),
        ("PB010", "authorities", None, None, "x.yaml")]


def test_the_model_inside_a_list_or_union_is_found_through_annotated() -> None:
    assert _unwrap_model(list[Annotated[Money, Field(description="x")]]) is Money
    assert _unwrap_model(Annotated[Money, Field(description="x")] | None) is Money
    assert _unwrap_model(Annotated[int, Field(ge=0)] | None) is None


def test_the_walk_picks_the_member_of_a_union_by_the_kind_of_value() -> None:
    texts = Annotated[list[str], Field(min_length=1)] | str | None
    assert list(_leaves(texts, ["a", "b"], ("x",))) == [(("x", 0), "text", "a"), (("x", 1), "text", "b")]
    assert list(_leaves(texts, "a", ("x",))) == [(("x",), "text", "a")]
    amount = Money | Decimal
    assert list(_leaves(amount, "1.240", ("x",))) == [(("x",), "number", "1.240")]
    assert list(_leaves(amount, {"amount": "5"}, ("x",))) == [(("x", "amount"), "number", "5")]
    assert list(_leaves(Annotated[Money, Field(description="x")] | None, {"amount": "5"}, ("x",))) == [
        (("x", "amount"), "number", "5")]


def test_a_pydantic_number_error_on_a_danish_number_gets_the_number_back() -> None:
    assert _describe_value_error("decimal_parsing", "x", ("x",), "1,5", {}) == (
        "PB015", "`x` must be a number, not '1,5'",
        "1,5 is written the Danish way; write `x: 1.5`, with . as the decimal point and no thousands separators")
