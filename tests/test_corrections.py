"""The correction sheet (issue 12, item 2): two versions of a brief compared by field, and the corrigendum."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from helpers import EXAMPLES, MINIMAL, all_text, headings
from problembrief.corrections import (
    Change,
    compare,
    corrigendum_docx,
    corrigendum_markdown,
    exit_status,
    render_changes,
)
from problembrief.i18n import language
from problembrief.load import LoadedBrief, load_file, load_text
from problembrief.validate import validate

ROOT = Path(__file__).resolve().parent.parent
V1 = ROOT / "examples" / "faldforebyggelse-plejecentre.yaml"
V2 = ROOT / "examples" / "faldforebyggelse-plejecentre-v2.yaml"

OUTCOMES = """\
outcomes:
  - id: O1
    name: Færre fald
    indicator: Fald pr. 100 beboere pr. år
    baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}
    target: {value: 18, by: 2028-06-30}
    measurement: Kvartalsvis udtræk
  - id: O2
    name: Hurtigere hjælp
    indicator: Minutter fra fald til hjælp
    baseline: {value: 47, date: 2025-12-31, source: Stikprøve}
    target: {value: 10, by: 2028-06-30}
    measurement: Alarmlog
"""


def brief_text(outcomes: str = OUTCOMES, extra: str = "") -> str:
    head, tail = MINIMAL.split("outcomes:\n", 1)
    tail = tail[tail.index("procurement:"):]
    return head + outcomes + extra + tail


def load(text: str, name: str = "brief.yaml") -> LoadedBrief:
    return load_text(text, name)


def by_path(changes: list[Change]) -> dict[str, Change]:
    return {c.dotted: c for c in changes}


# --- comparing -------------------------------------------------------------------------------------------------


def test_the_same_brief_has_no_changes() -> None:
    text = brief_text()
    assert compare(load(text), load(text)) == []
    assert exit_status([]) == 0


def test_a_changed_value_has_its_path_its_text_and_its_lines_in_both_files() -> None:
    old = load(brief_text())
    new_text = "# a comment that moves every line down\n" + brief_text().replace("{value: 18,", "{value: 17,")
    new = load(new_text)
    changes = compare(old, new)
    assert [c.dotted for c in changes] == ["outcomes[0].target.value"]
    change = changes[0]
    assert (change.kind, change.old, change.new) == ("changed", "18", "17")
    line = next(i for i, text in enumerate(brief_text().splitlines(), 1) if "{value: 18," in text)
    assert (change.old_line, change.new_line) == (line, line + 1)
    assert exit_status(changes) == 1


def test_text_is_kept_as_written() -> None:
    old = load(brief_text(extra="constraints:\n  - id: C1\n    description: Pris 1.10\n"))
    new = load(brief_text(extra="constraints:\n  - id: C1\n    description: Pris 1.1\n"))
    change = by_path(compare(old, new))["constraints[0].description"]
    assert (change.old, change.new) == ("Pris 1.10", "Pris 1.1")


def test_added_and_removed_values() -> None:
    old = load(brief_text(extra="risks:\n  - description: A\n    mitigation: B\n"))
    new = load(brief_text().replace("    measurement: Alarmlog\n", "    measurement: Alarmlog\n    unit: minutter\n"))
    changes = by_path(compare(old, new))
    added, removed = changes["outcomes[1].unit"], changes["risks"]
    assert (added.kind, added.old, added.new, added.old_line) == ("added", None, "minutter", None)
    assert added.new_line is not None
    assert removed.kind == "removed" and removed.new is None and removed.new_line is None
    assert removed.old == "- description: A\n  mitigation: B"  # a list as its lines in the file


def test_a_reordered_list_of_items_with_ids_is_no_change() -> None:
    first, second = OUTCOMES.split("  - id: O2\n")
    swapped = "outcomes:\n  - id: O2\n" + second + first.removeprefix("outcomes:\n")
    assert compare(load(brief_text()), load(brief_text(swapped))) == []


def test_a_changed_item_is_one_change_where_it_stands() -> None:
    first, second = OUTCOMES.split("  - id: O2\n")
    swapped = "outcomes:\n  - id: O2\n" + second.replace("Alarmlog", "Alarmloggen") + first.removeprefix("outcomes:\n")
    changes = compare(load(brief_text()), load(brief_text(swapped)))
    assert len(changes) == 1
    change = changes[0]
    assert change.old_path == ("outcomes", 1, "measurement")
    assert change.new_path == ("outcomes", 0, "measurement")
    assert (change.old, change.new) == ("Alarmlog", "Alarmloggen")


def test_an_added_item_is_one_change_with_its_text() -> None:
    added = OUTCOMES + "  - id: O3\n    name: Tryghed\n    indicator: Andel trygge\n"
    changes = compare(load(brief_text()), load(brief_text(added)))
    assert [(c.kind, c.dotted) for c in changes] == [("added", "outcomes[2]")]
    assert changes[0].new == "id: O3\nname: Tryghed\nindicator: Andel trygge"


def test_lists_without_ids_are_compared_by_index() -> None:
    old = load(brief_text(extra="references:\n  - {title: A, url: https://a.dk}\n  - {title: B, url: https://b.dk}\n"))
    new = load(brief_text(extra="references:\n  - {title: B, url: https://b.dk}\n  - {title: A, url: https://a.dk}\n"))
    assert sorted(by_path(compare(old, new))) == ["references[0].title", "references[0].url",
                                                   "references[1].title", "references[1].url"]


# --- what is essential -----------------------------------------------------------------------------------------

PROCUREMENT = """\
constraints:
  - id: C1
    description: Data i EU/EØS.
  - id: C2
    description: Let at bruge.
    mandatory: false
procurement:
  procedure: open
  estimated_value: {amount: 1000000}
  award_criteria:
    - {name: Kvalitet, weight: 60, kind: quality}
    - {name: Pris, weight: 40, kind: price}
  timeline:
    - {milestone: publication, date: 2027-03-01}
    - {milestone: tender_deadline, date: 2027-04-06}
    - {milestone: award, date: 2027-05-01}
"""


def essential_brief(**replacements: str) -> LoadedBrief:
    text = MINIMAL.replace("procurement:\n  procedure: open\n", PROCUREMENT)
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return load(text)


@pytest.mark.parametrize(("old", "new", "path", "category"), [
    ("weight: 60", "weight: 70", "procurement.award_criteria[0].weight", "award_criteria"),
    ("Data i EU/EØS.", "Data i Danmark.", "constraints[0].description", "minimum_requirements"),
    ("date: 2027-04-06", "date: 2027-04-20", "procurement.timeline[1].date", "deadlines"),
    ("amount: 1000000", "amount: 1500000", "procurement.estimated_value.amount", "estimated_value"),
    ("procedure: open", "procedure: restricted", "procurement.procedure", "procedure"),
    ("Let at bruge.", "Let at bruge for alle.", "constraints[1].description", None),
    ("date: 2027-05-01", "date: 2027-05-08", "procurement.timeline[2].date", None),
])
def test_essential_changes_are_marked(old: str, new: str, path: str, category: str | None) -> None:
    changes = compare(essential_brief(), essential_brief(**{old: new}))
    assert [(c.dotted, c.essential) for c in changes] == [(path, category)]


def test_a_wish_that_becomes_a_minimum_requirement_is_essential() -> None:
    old = essential_brief()
    new = load(old.text.replace("    mandatory: false\n", ""))
    assert [(c.dotted, c.kind, c.essential) for c in compare(old, new)] == [
        ("constraints[1].mandatory", "removed", "minimum_requirements")]


def test_an_inserted_milestone_changes_only_itself() -> None:
    old = essential_brief()
    new = load(old.text.replace("    - {milestone: tender_deadline", "    - {milestone: questions_deadline, "
                                "date: 2027-03-30}\n    - {milestone: tender_deadline"))
    assert [(c.kind, c.dotted, c.essential) for c in compare(old, new)] == [
        ("added", "procurement.timeline[1]", "deadlines")]


# --- output ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def versions() -> tuple[LoadedBrief, LoadedBrief, list[Change]]:
    old, new = load_file(V1), load_file(V2)
    return old, new, compare(old, new)


def test_the_second_version_of_the_example_validates_and_differs(versions: tuple) -> None:
    _old, new, changes = versions
    assert V2 in EXAMPLES
    brief, findings = validate(new)
    assert brief is not None and not [f for f in findings if f.severity.value == "error"]
    paths = by_path(changes)
    assert paths["procurement.timeline[6].date"].essential == "deadlines"
    assert [c.dotted for c in changes if c.essential] == ["procurement.timeline[6].date"]
    assert {"brief.version", "brief.date"} <= set(paths)


def test_text_output(versions: tuple) -> None:
    old, new, changes = versions
    with language("en"):
        text = render_changes(changes, "text", old=old, new=new)
    assert text.startswith(f"{len(changes)} changes, 1 of them essential\n")
    assert "procurement.timeline[6].date: changed (line 406 → 409) – Procurement › Timeline › Deadline for " \
           "initial tenders" in text
    assert "    - 2027-05-28\n    + 2027-06-11\n    essential: a change to a deadline" in text
    assert "udbudsloven § 93, stk. 4, no. 2" in text
    with language("da"):
        danish = render_changes(changes, "text", old=old, new=new)
    assert "Udbud › Tidsplan › Frist for indledende tilbud" in danish
    assert "væsentlig: en ændring af en frist" in danish


def test_json_output(versions: tuple) -> None:
    old, new, changes = versions
    document = json.loads(render_changes(changes, "json", old=old, new=new))
    assert document["count"] == len(changes) and document["essential"] == 1
    deadline = next(c for c in document["changes"] if c["path"] == "procurement.timeline[6].date")
    assert deadline | {"section": None} == deadline | {
        "kind": "changed", "old": "2027-05-28", "new": "2027-06-11", "old_line": 406, "new_line": 409,
        "essential": "deadlines", "section": None}
    assert "§ 93" in document["warning"]
    assert json.loads(render_changes([], "json"))["warning"] is None


def test_markdown_output_escapes_the_briefs_text() -> None:
    old = load(brief_text())
    new = load(brief_text().replace("measurement: Alarmlog", "measurement: '[klik](https://x.dk) | <b>'"))
    with language("en"):
        markdown = render_changes(compare(old, new), "md", old=old, new=new)
    assert markdown.startswith("### Changes to the brief\n\n1 change\n")
    row = next(line for line in markdown.splitlines() if "measurement" in line)
    assert "\\[klik\\]" in row and "\\|" in row and "\\<b\\>" in row
    assert "Outcomes sought › O2 Hurtigere hjælp" in row


def test_markdown_output_warns_of_essential_changes(versions: tuple) -> None:
    old, new, changes = versions
    with language("da"):
        markdown = render_changes(changes, "md", old=old, new=new)
    assert "> **Advarsel:**" in markdown and "udbudsloven § 93, stk. 4, nr. 2" in markdown
    assert "**ændret, væsentlig**" in markdown


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        render_changes([], "xml")


# --- the corrigendum -------------------------------------------------------------------------------------------


def test_corrigendum_markdown_in_danish(versions: tuple) -> None:
    old, new, changes = versions
    old_brief, new_brief = validate(old)[0], validate(new)[0]
    markdown = corrigendum_markdown(old_brief, new_brief, changes, 2, old=old, new=new)
    assert "Rettelsesblad nr. 2" in markdown
    assert "| Version | 1.11 |" in markdown and "| Dato | 28\\. april 2027 |" in markdown
    assert "| Ændrer | version 1.10 af 20. januar 2027 |" in markdown
    assert "### 3. Udbud › Tidsplan › Frist for indledende tilbud" in markdown
    assert "| Hidtil | 28\\. maj 2027 |" in markdown and "| Nu | 11\\. juni 2027 |" in markdown
    assert "brief.version" not in markdown  # on the cover, not among the changes


def test_corrigendum_word_document_in_danish(versions: tuple) -> None:
    old, new, changes = versions
    old_brief, new_brief = validate(old)[0], validate(new)[0]
    data, warnings = corrigendum_docx(old_brief, new_brief, changes, 1, old=old, new=new)
    assert warnings == []
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.subject == "Rettelsesblad nr. 1"
    assert headings(document) == [
        "Ændringer",
        "1. Ønskede resultater › O3 Færre falske alarmer",
        "2. Rammer › C6",
        "3. Udbud › Tidsplan › Frist for indledende tilbud",
        "4. Referencer › Konkurrence- og Forbrugerstyrelsen, Innovationspartnerskaber",
    ]
    text = all_text(document)
    for expected in ("Færre fald om natten på plejecentre", "Rettelsesblad nr. 1", "28. april 2027", "1.11",
                     "version 1.10 af 20. januar 2027", "11. juni 2027", "fire sammenhængende uger"):
        assert expected in text


def test_corrigendum_word_document_in_english(versions: tuple) -> None:
    old, new, _changes = versions
    english = [load(b.text.replace("language: da", "language: en"), str(b.path)) for b in (old, new)]
    old_brief, new_brief = validate(english[0])[0], validate(english[1])[0]
    assert old_brief is not None and new_brief is not None
    changes = compare(*english)
    with language("da"):  # the document speaks the brief's language, whatever is in force
        data, _warnings = corrigendum_docx(old_brief, new_brief, changes, 3, old=english[0], new=english[1])
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.subject == "Corrigendum no. 3"
    assert headings(document)[0] == "Changes"
    assert "3. Procurement › Timeline › Deadline for initial tenders" in headings(document)
    assert "1. Outcomes sought › O3 Færre falske alarmer" in headings(document)
    text = all_text(document)
    for expected in ("Corrigendum no. 3", "Version", "1.11", "28 April 2027", "version 1.10 of 20 January 2027",
                     "Previously", "Now", "11 June 2027"):
        assert expected in text


def test_a_corrigendum_without_changes_says_so() -> None:
    loaded = load(brief_text())
    brief = validate(loaded)[0]
    with language("en"):
        markdown = corrigendum_markdown(brief, brief, [], 1)
    assert "Rettelsesblad nr. 1" in markdown
    assert "Denne version ændrer intet i forhold til den forrige." in markdown
