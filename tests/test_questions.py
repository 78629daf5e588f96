"""Questions and answers (issue 12, item 1): the questions file, its rules PB801-PB807 and the document."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest

from problembrief import i18n
from problembrief.findings import Finding, Severity
from problembrief.load import load_file
from problembrief.pipeline import check_file
from problembrief.questions import (
    build_questions_document,
    check_questions,
    describe_rules,
    load_questions,
    questions_markdown,
    questions_path,
    run_rules,
)
from problembrief.questions.check import version_key
from problembrief.questions.document import Item
from problembrief.validate import SCHEMA_CODES

ROOT = Path(__file__).resolve().parent.parent
FALL = ROOT / "examples" / "faldforebyggelse-plejecentre.yaml"
FALL_QUESTIONS = ROOT / "examples" / "faldforebyggelse-plejecentre.questions.yaml"
ENGLISH = ROOT / "examples" / "medication-at-home-en.yaml"
# The fall example: version 1.10; initial tenders 2027-05-28 (last day to publish an answer: 2027-05-21),
# final tenders 2027-08-20.


@pytest.fixture(scope="module")
def fall():
    brief = check_file(FALL).brief
    assert brief is not None
    return brief


def _question(**fields: str) -> str:
    values = {"id": "S1", "received": "2027-05-01", "question": "Hvor mange afdelinger deltager?",
              "answer": "Seks afdelinger på tre plejecentre.", "answered": "2027-05-03", "published": "2027-05-04",
              "concerns": "poc", "brief_version": '"1.10"'} | fields
    lines = [f"  - {key}: {value}" if i == 0 else f"    {key}: {value}"
             for i, (key, value) in enumerate((k, v) for k, v in values.items() if v is not None)]
    return "\n".join(lines)


def _file(*questions: str) -> str:
    return "questions:\n" + "\n".join(questions) + "\n"


def _check(brief, text: str) -> list[Finding]:
    loaded = load_questions("brief.questions.yaml", text=text)
    return loaded.findings + run_rules(brief, loaded)


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


# --- Loading and the schema -------------------------------------------------------------------------------

def test_the_questions_file_sits_beside_the_brief() -> None:
    assert questions_path(FALL) == FALL_QUESTIONS


def test_a_valid_file_loads_with_positions() -> None:
    loaded = load_questions("q.yaml", text=_file(_question()))
    assert loaded.findings == [] and loaded.questions is not None
    assert loaded.questions.questions[0].brief_version == "1.10"
    assert loaded.loaded.position_of(("questions", 0, "published")) == (7, 16)


def test_schema_findings_have_lines_and_the_brief_s_codes() -> None:
    text = _file(_question(recieved="2027-05-01", answered="3. maj 2027"))
    findings = load_questions("q.yaml", text=text).findings
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"PB011", "PB014"} and set(by_code) <= set(SCHEMA_CODES)
    assert by_code["PB011"].line == _line_of(text, "recieved") and "received" in by_code["PB011"].message
    assert by_code["PB014"].line == _line_of(text, "answered:") and by_code["PB014"].path == "questions[0].answered"
    assert "2027-05-03" in (by_code["PB014"].hint or "")


def test_a_missing_key_is_reported_at_its_question() -> None:
    text = _file(_question(concerns=None))
    [finding] = load_questions("q.yaml", text=text).findings
    assert finding.code == "PB010" and finding.path == "questions[0].concerns" and finding.line == 2


def test_an_unreadable_file_is_a_fatal_finding(tmp_path: Path) -> None:
    loaded = load_questions(tmp_path / "none.questions.yaml")
    assert loaded.fatal is not None and loaded.questions is None


def test_a_supplier_is_never_in_the_markdown_even_when_recorded(fall) -> None:
    text = _file(_question(supplier="Natlys Sensorteknik ApS"))
    assert "Natlys" not in questions_markdown(fall, load_questions("q.yaml", text=text))


# --- The rules --------------------------------------------------------------------------------------------

def test_pb801_an_answer_published_fewer_than_6_full_days_before_the_deadline(fall) -> None:
    late = _file(_question(answered="2027-05-22", published="2027-05-22"))
    [finding] = _check(fall, late)
    assert finding.code == "PB801" and finding.severity is Severity.WARNING
    assert finding.line == _line_of(late, "published:") and finding.path == "questions[0].published"
    assert "initial_tenders" in finding.message and "2027-05-21" in finding.message
    assert "5 full days" in finding.message
    # The last day: 7 days before the deadline, 6 full days lie between.
    assert _check(fall, _file(_question(answered="2027-05-21", published="2027-05-21"))) == []
    # After the initial tenders, the final tenders are the deadline the answer serves.
    assert _check(fall, _file(_question(received="2027-06-01", answered="2027-06-02", published="2027-06-02"))) == []
    assert _codes(_check(fall, _file(_question(received="2027-08-10", answered="2027-08-15",
                                               published="2027-08-15")))) == ["PB801"]


def test_pb802_a_question_never_answered(fall) -> None:
    text = _file(_question(), _question(id="S2", answer=None, answered=None, published=None))
    [finding] = _check(fall, text)
    assert finding.code == "PB802" and finding.path == "questions[1]" and "S2" in finding.message
    assert finding.line == _line_of(text, "id: S2")
    [unpublished] = _check(fall, _file(_question(published=None)))
    assert unpublished.code == "PB802" and "published" in unpublished.message


def test_pb803_a_change_without_a_newer_version_of_the_brief(fall) -> None:
    text = _file(_question(changes_brief="true"))
    [finding] = _check(fall, text)
    assert finding.code == "PB803" and finding.severity is Severity.ERROR
    assert finding.line == _line_of(text, "changes_brief") and "1.10" in finding.message
    assert _check(fall, _file(_question(changes_brief="true", brief_version='"1.9"'))) == []  # 1.10 is after 1.9
    assert _codes(_check(fall, _file(_question(changes_brief="true", brief_version=None)))) == ["PB803"]
    assert version_key("1.10") > version_key("1.9") and version_key("2") > version_key("1.10")


def test_pb804_the_supplier_named_in_the_published_text(fall) -> None:
    text = _file(_question(supplier="Natlys Sensorteknik ApS",
                           answer=">\n      Vi har talt med natlys  sensorteknik om\n      det, og svaret er seks."))
    [finding] = _check(fall, text)
    assert finding.code == "PB804" and finding.severity is Severity.WARNING
    assert finding.path == "questions[0].answer" and finding.line == _line_of(text, "natlys")
    assert finding.column == text.splitlines()[finding.line - 1].index("natlys") + 1
    # Not a part of another word, and nothing without a recorded supplier.
    assert _check(fall, _file(_question(supplier="Natlys ApS", question="Gælder det natlyset?"))) == []
    assert _check(fall, _file(_question(question="Kan Natlys ApS byde?"))) == []


def test_pb805_and_pb806_dates_in_order_and_ids_once(fall) -> None:
    text = _file(_question(answered="2027-04-30", published="2027-04-29"), _question())
    found = _check(fall, text)
    assert _codes(found) == ["PB805", "PB805", "PB806"]
    assert [f.line for f in found] == [_line_of(text, "answered:"), _line_of(text, "published:"), 10]


def test_pb807_concerns_a_part_of_the_brief(fall) -> None:
    assert _check(fall, _file(_question(concerns="procurement.award_criteria"))) == []
    assert _check(fall, _file(_question(concerns="outcomes[0].target"))) == []
    text = _file(_question(concerns="tildelingskriterier"))
    [finding] = _check(fall, text)
    assert finding.code == "PB807" and finding.line == _line_of(text, "concerns")


def test_the_rules_speak_danish(fall) -> None:
    with i18n.language("da"):
        [finding] = _check(fall, _file(_question(answer=None, answered=None, published=None)))
    assert "har intet `answer`" in finding.message


def test_the_rules_are_described_for_the_rules_command() -> None:
    described = describe_rules()
    assert [r.code for r in described] == [f"PB80{n}" for n in range(1, 8)]
    assert not {r.code for r in described} & set(SCHEMA_CODES)
    from problembrief.lint.catalogue import known_codes, rule_codes

    assert not {r.code for r in described} & set(rule_codes())  # no clash with a brief's rule
    assert {r.code for r in described} <= set(known_codes())  # and --select/--ignore accept them


# --- The document -----------------------------------------------------------------------------------------

def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_the_danish_document_is_numbered_dated_and_anonymised(fall) -> None:
    questions = load_questions(FALL_QUESTIONS)
    markdown, data, warnings = build_questions_document(fall, questions)
    assert "Spørgsmål og svar" in markdown and "## Spørgsmål 1" in markdown and "## Spørgsmål 5" in markdown
    assert "| Modtaget | 14\\. december 2026 |" in markdown and "| Besvaret | 18\\. januar 2027 |" in markdown
    assert "| Vedrører | Udbud (procurement.award\\_criteria) |" in markdown
    assert "ændringen er indarbejdet i version 1.10" in markdown
    for q in questions.questions.questions:
        assert q.supplier and q.supplier.split()[0] not in markdown
        assert q.supplier.split()[0] not in _docx_text(data)
    assert warnings == [] and "Spørgsmål og svar" in _docx_text(data)


def test_a_leaked_name_is_replaced_in_the_document(fall) -> None:
    text = _file(_question(supplier="Natlys Sensorteknik ApS", question="Kan Natlys Sensorteknik byde?"))
    markdown = questions_markdown(fall, load_questions("q.yaml", text=text))
    assert "Natlys" not in markdown and "Kan \\[leverandøren\\] byde?" in markdown


def test_the_english_document_and_the_draft(tmp_path: Path) -> None:
    brief = check_file(ENGLISH).brief
    text = _file(_question(question="How many sites take part?", answer="Two.", concerns="poc"),
                 _question(id="Q2", question="Is there a budget?", answer=None, answered=None, published=None))
    questions = load_questions("q.yaml", text=text)
    markdown = questions_markdown(brief, questions)
    assert "Questions and answers" in markdown and "## Question 1" in markdown and "Q2" not in markdown
    assert "| Received | 1 May 2027 |" in markdown and "| Concerns | Proof of concept |" in markdown
    assert "## Question 2" not in markdown
    draft = questions_markdown(brief, questions, draft=True)
    assert "## Question 2" in draft and "Not answered yet" in draft


def test_the_example_is_clean(fall) -> None:
    loaded = check_questions(fall, FALL_QUESTIONS)
    assert loaded.findings == []
    assert len(loaded.questions.questions) >= 5
    assert any(q.changes_brief for q in loaded.questions.questions)
    assert load_file(FALL_QUESTIONS).findings == []


def test_the_template_is_never_given_a_supplier() -> None:
    assert "supplier" not in {f.name for f in dataclasses.fields(Item)}


def test_every_word_of_the_document_passes_through_the_catalogues(fall) -> None:
    questions = load_questions(FALL_QUESTIONS)
    with i18n.pseudo():
        markdown = questions_markdown(fall, questions, draft=True)
    lines = [line for line in markdown.splitlines() if line.strip()]
    labels = [line.split("|")[1].strip() for line in lines if line.startswith("| ") and line.split("|")[1].strip()]
    headings = [line for line in lines if line.startswith("## ") or line.startswith("**")]
    assert labels and headings
    assert all(text.startswith(i18n.PSEUDO_OPEN) for text in labels)
    assert all(i18n.PSEUDO_OPEN in text for text in headings)
