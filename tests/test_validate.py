"""Schema validation: every pydantic error becomes a finding with a code, a path and the YAML line."""

from __future__ import annotations

import textwrap

from helpers import MINIMAL
from problembrief.load import load_text
from problembrief.validate import validate


def findings_for(text: str):  # type: ignore[no-untyped-def]
    brief, findings = validate(load_text(textwrap.dedent(text), "brief.yaml"))
    return brief, findings


def test_minimal_brief_is_valid() -> None:
    brief, findings = findings_for(MINIMAL)
    assert findings == []
    assert brief is not None and brief.brief.title == "Færre fald om natten"


def test_misspelt_key_suggests_the_right_one_with_its_line() -> None:
    _, findings = findings_for(MINIMAL.replace("outcomes:", "outcome:"))
    codes = {(f.code, f.path, f.line) for f in findings}
    assert ("PB011", "outcome", 15) in codes
    unknown = next(f for f in findings if f.code == "PB011")
    assert "did you mean `outcomes`?" in unknown.message
    # the required key that the typo left out is reported too, in the same run
    assert any(f.code == "PB010" and f.path == "outcomes" for f in findings)


def test_wrong_type_names_field_and_line() -> None:
    _, findings = findings_for(MINIMAL + "poc:\n  budget:\n    amount: mange penge\n")
    [finding] = findings
    assert (finding.code, finding.path, finding.line, finding.column) == ("PB015", "poc.budget.amount", 26, 13)


def test_enum_lists_allowed_values() -> None:
    _, findings = findings_for(MINIMAL.replace("procedure: open", "procedure: opne"))
    [finding] = findings
    assert finding.code == "PB013"
    assert "did you mean `open`?" in finding.message
    assert "innovation_partnership" in (finding.hint or "")
    assert finding.line == 23


def test_missing_key_points_at_its_parent() -> None:
    _, findings = findings_for(MINIMAL.replace("  email: mette@vejle.dk\n", ""))
    [finding] = findings
    assert (finding.code, finding.path, finding.line) == ("PB010", "contact.email", 8)


def test_invalid_date_and_list_index_in_path() -> None:
    _, findings = findings_for(MINIMAL + "market_dialogue:\n  dates: [2027-01-14, 2027-02-30]\n")
    [finding] = findings
    assert (finding.code, finding.path, finding.line) == ("PB014", "market_dialogue.dates[1]", 25)


def test_cvr_keeps_leading_zero_and_checks_form() -> None:
    brief, findings = findings_for(MINIMAL.replace("role: lead", "role: lead\n    cvr: 01234567"))
    assert findings == [] and brief is not None
    assert brief.authorities[0].cvr == "01234567"
    _, findings = findings_for(MINIMAL.replace("role: lead", "role: lead\n    cvr: 1234"))
    assert [f.code for f in findings] == ["PB016"]


def test_flow_mapping_comma_gets_a_hint() -> None:
    _, findings = findings_for(MINIMAL.replace(
        "  description: Beboere på plejecentre i faldrisiko.\n",
        "  description: Beboere.\n  size: {count: 5, source: Journal, 2026}\n"))
    [finding] = findings
    assert finding.code == "PB011" and "quotes" in (finding.hint or "")
