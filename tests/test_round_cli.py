"""The consultation round from the command line, as a municipality runs it from one repository: the brief and
its questions checked together, every document built by one command, the correction sheet between two
versions, and a timeline proposed from the law."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from helpers import MINIMAL, all_text
from problembrief.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FALD = "faldforebyggelse-plejecentre"


@pytest.fixture
def round_folder(tmp_path: Path) -> Path:
    for name in (f"{FALD}.yaml", f"{FALD}.questions.yaml", f"{FALD}-v2.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def test_the_questions_are_checked_with_their_brief(round_folder: Path) -> None:
    runner = CliRunner()
    clean = runner.invoke(app, ["validate", "--lang", "en", str(round_folder / f"{FALD}.yaml")])
    assert clean.exit_code == 0, clean.output
    questions = round_folder / f"{FALD}.questions.yaml"
    text = questions.read_text(encoding="utf-8")
    leaked = "      Ja. Målet for O3"  # the first answer's first line; its supplier is Natlys Sensorteknik ApS
    assert leaked in text and "supplier: Natlys Sensorteknik ApS" in text
    questions.write_text(text.replace(leaked, "      Natlys Sensorteknik spørger godt. Ja. Målet for O3", 1),
                         encoding="utf-8")
    named = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", str(round_folder / f"{FALD}.yaml")])
    found = [f for f in json.loads(named.stdout)["findings"] if f["code"] == "PB804"]
    assert found and found[0]["file"] == str(questions) and found[0]["line"] > 1


def test_one_command_builds_every_document_of_the_round(round_folder: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--lang", "en", "--document", "all",
                                      str(round_folder / f"{FALD}.yaml")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in round_folder.glob("*.docx"))
    assert written == [f"{FALD}-markedsdialog.docx", f"{FALD}-spoergsmaal-og-svar.docx", f"{FALD}-udbud.docx"]
    qa = all_text(docx.Document(str(round_folder / f"{FALD}-spoergsmaal-og-svar.docx")))
    assert "Spørgsmål og svar" in qa


def test_questions_and_answers_need_a_questions_file(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", "--lang", "en", "--document", "qa", str(brief)])
    assert result.exit_code == 2 and "there is no questions file beside the brief" in result.output


def test_diff_gives_the_correction_sheet(round_folder: Path) -> None:
    runner = CliRunner()
    old, new = str(round_folder / f"{FALD}.yaml"), str(round_folder / f"{FALD}-v2.yaml")
    text = runner.invoke(app, ["diff", "--lang", "en", old, new])
    assert text.exit_code == 1  # changes, as diff(1) says it
    assert "1 of them essential" in text.stdout and "essential: a change to a deadline" in text.stdout
    same = runner.invoke(app, ["diff", old, old])
    assert same.exit_code == 0
    report = json.loads(runner.invoke(app, ["diff", "--format", "json", old, new]).stdout)
    assert report
    sheet = round_folder / "rettelsesblad-1.docx"
    word = runner.invoke(app, ["diff", "--format", "docx", "--number", "1", "-o", str(sheet), old, new])
    assert word.exit_code == 1 and sheet.read_bytes()[:2] == b"PK"
    assert "Rettelsesblad nr. 1" in all_text(docx.Document(str(sheet)))
    refused = runner.invoke(app, ["diff", "--format", "docx", "--lang", "en", old, new])
    assert refused.exit_code == 2 and "--output" in refused.output


def test_plan_proposes_a_timeline_that_passes_the_rules(round_folder: Path) -> None:
    runner = CliRunner()
    brief = round_folder / f"{FALD}.yaml"
    result = runner.invoke(app, ["plan", "--lang", "en", str(brief), "--notice-sent", "2027-02-26"])
    assert result.exit_code == 0, result.output
    proposal = result.stdout
    assert "timeline:" in proposal and "notice_sent, date: 2027-02-26" in proposal
    text = brief.read_text(encoding="utf-8")
    start = text.index("  timeline:\n")
    end = start + len("  timeline:\n")
    lines = text[end:].splitlines(keepends=True)
    rows = next(i for i, line in enumerate(lines) if not line.startswith("    "))  # the old timeline's rows
    rest = "".join(lines[rows:])
    pasted = text[:start] + proposal.rstrip("\n") + "\n" + rest
    brief.write_text(pasted, encoding="utf-8")
    checked = runner.invoke(app, ["validate", "--lang", "en", "--select", "PB604,PB605,PB613,PB614", str(brief)])
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 0 warnings" in checked.stderr
