"""Suppression at the line: `# problembrief: disable=PB101` silences a rule's findings on one line only,
as suppressed findings (as `lint_ignore`'s are); an unknown code is PB023; a comment that silences nothing,
or every comment when the run refuses them (`--no-inline-ignore`), is PB024."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import MINIMAL
from lint.harness import compose
from problembrief.findings import Finding, Severity
from problembrief.lint.inline import read_suppressions
from problembrief.load import load_text
from problembrief.pipeline import CheckOptions, CheckResult, check_file, check_text

REFUSE = CheckOptions(inline_ignore=False)
DUPLICATES = """\
constraints:
  - {id: C1, description: Data i EU/EØS}
  - {id: C1, description: Ingen nye opgaver om natten}{comment}
  - {id: C1, description: Ingen nye opgaver om dagen}
"""


def duplicates(comment: str = "") -> str:
    """Three constraints with the same id (PB020 on the second and third), `comment` ending the second."""
    return DUPLICATES.replace("{comment}", comment)


def check(fragment: str, options: CheckOptions | None = None, *, language: str = "da",
          crlf: bool = False) -> tuple[list[Finding], int]:
    """The findings of the base brief with `fragment`, and the line the fragment starts on."""
    text, start = compose(fragment, language=language)
    if crlf:
        text = text.replace("\n", "\r\n")
    result: CheckResult = check_text(text, "/nonexistent/brief.yaml", options)
    assert result.brief is not None, [f.message for f in result.findings]
    return result.findings, start


def at(findings: list[Finding], code: str) -> list[tuple[int | None, bool]]:
    """(line, suppressed) of the findings of `code`, each once (a rule may find two words on one line)."""
    return sorted({(f.line, f.suppressed) for f in findings if f.code == code})


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def test_an_end_of_line_comment_silences_its_line_only() -> None:
    findings, start = check(duplicates("  # problembrief: disable=PB020"))
    assert at(findings, "PB020") == [(start + 2, True), (start + 3, False)]
    assert codes(findings) & {"PB023", "PB024"} == set()


def test_a_comment_alone_on_its_line_silences_the_next_content_line() -> None:
    fragment = duplicates().replace(
        "  - {id: C1, description: Ingen nye opgaver om dagen}",
        "  # problembrief: disable=PB020 -- to be merged with the night shift's\n\n  # another comment\n"
        "  - {id: C1, description: Ingen nye opgaver om dagen}")
    findings, start = check(fragment)
    assert at(findings, "PB020") == [(start + 2, False), (start + 6, True)]
    assert "PB024" not in codes(findings)


def test_disable_line_works_on_its_own_line_only() -> None:
    findings, start = check(duplicates("  # problembrief: disable-line=PB020"))
    assert at(findings, "PB020") == [(start + 2, True), (start + 3, False)]
    fragment = "# problembrief: disable-line=PB703\nrisks: []\n"
    findings, start = check(fragment)
    assert at(findings, "PB703") == [(start + 1, False)]
    [invalid] = [f for f in findings if f.code == "PB023"]
    assert (invalid.line, invalid.column, invalid.severity) == (start, 1, Severity.ERROR)


def test_several_codes_and_a_prefix() -> None:
    fragment = "problem:\n  summary: Vi vil købe sensorer.  # problembrief: disable=PB101, pb102\n"
    findings, start = check(fragment)
    assert at(findings, "PB101") == [(start + 1, True)] and at(findings, "PB102") == [(start + 1, True)]
    assert at(findings, "PB103") == [(start, False)]  # on the line of `problem:`, not the comment's
    fragment = "problem:  # problembrief: disable=PB1\n  summary: Vi vil købe sensorer.\n"
    findings, start = check(fragment)
    assert at(findings, "PB103") == [(start, True)] and at(findings, "PB105") == [(start, True)]
    assert at(findings, "PB101") == [(start + 1, False)]


def test_block_text_is_covered_by_the_comment_on_its_first_line() -> None:
    """No comment can be written inside block text: one on the line of `summary: >` covers the text."""
    fragment = ("problem:\n  summary: >  # problembrief: disable=PB101\n"
                "    Vi ønsker at indkøbe sensorer til plejecentrene, fordi beboere falder om natten og ligger længe,\n"
                "    før nattevagten finder dem ved næste runde, og det koster både indlæggelser og tryghed.\n")
    findings, start = check(fragment)
    assert at(findings, "PB101") == [(start + 2, True)]


def test_an_unknown_code_is_a_finding_with_did_you_mean() -> None:
    findings, start = check("risks: []  # problembrief: disable=PB7O3, PB703\n", language="en")
    [unknown] = [f for f in findings if f.code == "PB023"]
    assert (unknown.line, unknown.column, unknown.severity) == (start, 36, Severity.ERROR)
    assert "PB7O3" in unknown.message and "did you mean PB703?" in unknown.message
    assert at(findings, "PB703") == [(start, True)]  # the valid code still applies


@pytest.mark.parametrize(("code", "words"), [("PB021", "no longer a rule"), ("PB012", "schema check"),
                                             ("PB024", "no comment can silence it")])
def test_codes_a_comment_cannot_use(code: str, words: str) -> None:
    findings, start = check(f"risks: []  # problembrief: disable={code}\n", language="en")
    [invalid] = [f for f in findings if f.code == "PB023"]
    assert words in invalid.message and invalid.line == start


def test_a_schema_finding_is_not_silenced() -> None:
    """A schema warning (a tab in a value) stays: only the rules can be silenced, and the comment says so."""
    fragment = "risks:\n  - {description: \"Personalet\\tbruger ikke løsningen\", likelihood: medium, impact: high}" \
               "  # problembrief: disable=PB022\n"
    findings, start = check(fragment, language="en")
    assert at(findings, "PB022") == [(start + 1, False)]
    assert at(findings, "PB023") == [(start + 1, False)]


def test_a_hash_inside_a_value_is_not_a_comment() -> None:
    text = ('key: "a # problembrief: disable=PB101"\n'
            "plain: a#b # real\n"
            "single: 'x # y'\n"
            "flow: [a, \"b # c\", d]  # flow\n"
            "block: |  # header\n"
            "  # problembrief: disable=PB101\n"
            "  text # more\n"
            "# own line\n"
            "folded: >-\n"
            "  # still text\n"
            "\"quoted # key\": &anchor v#1\n")
    loaded = load_text(text)
    assert [(c.line, c.column, c.text, c.own_line) for c in loaded.comments] == [
        (2, 12, "# real", False), (4, 24, "# flow", False), (5, 11, "# header", False), (8, 1, "# own line", True)]
    assert loaded.data["block"] == "# problembrief: disable=PB101\ntext # more\n"
    assert read_suppressions(loaded).directives == []


def test_a_suppression_inside_text_silences_nothing() -> None:
    fragment = ("problem:\n  summary: >\n"
                "    Vi ønsker at indkøbe sensorer til plejecentrene, fordi beboere falder om natten og ligger længe,\n"
                "    # problembrief: disable=PB101\n"
                "    før nattevagten finder dem ved næste runde, og det koster både indlæggelser og tryghed.\n")
    findings, start = check(fragment)
    assert at(findings, "PB101") == [(start + 2, False)]
    assert codes(findings) & {"PB023", "PB024"} == set()


def test_windows_line_ends(tmp_path: Path) -> None:
    text, start = compose(duplicates("  # problembrief: disable=PB020"))
    path = tmp_path / "brief.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    findings = check_file(path).findings
    assert at(findings, "PB020") == [(start + 2, True), (start + 3, False)]
    findings, start = check("# problembrief: disable=PB703\nrisks: []  # problembrief: disable=PB7O3\n", crlf=True)
    assert at(findings, "PB703") == [(start + 1, True)]
    assert [(f.line, f.column) for f in findings if f.code == "PB023"] == [(start + 1, 36)]


def test_a_gatekeeper_refuses_every_suppression() -> None:
    fragment = duplicates("  # problembrief: disable=PB020") + "# problembrief: disable=PB703\nrisks: []\n"
    findings, start = check(fragment, REFUSE, language="en")
    assert not any(f.suppressed for f in findings)
    assert at(findings, "PB020") == [(start + 2, False), (start + 3, False)]
    assert at(findings, "PB703") == [(start + 5, False)]
    refused = [f for f in findings if f.code == "PB024"]
    assert [(f.line, f.severity) for f in refused] == [(start + 2, Severity.INFO), (start + 4, Severity.INFO)]
    assert all("--no-inline-ignore" in f.message for f in refused)
    assert "the findings at line 40 are reported" in refused[0].message.replace(str(start + 2), "40")


def test_a_comment_that_silences_nothing_is_information() -> None:
    findings, start = check("risks: []  # problembrief: disable=PB703, PB101\n", language="en")
    [unused] = [f for f in findings if f.code == "PB024"]
    assert (unused.line, unused.column, unused.severity) == (start, 43, Severity.INFO)
    assert unused.message == f"PB101 in this comment silences nothing: line {start} has no finding of PB101"
    # a rule that did not run is not blamed
    findings, _ = check("risks: []  # problembrief: disable=PB703, PB101\n", CheckOptions(ignore=("PB101",)))
    assert "PB024" not in codes(findings)


def test_a_danish_brief_gets_danish_messages() -> None:
    findings, _ = check("risks: []  # problembrief: disable=PB7O3, PB101\n")
    messages = {f.code: f.message for f in findings}
    assert "mente du PB703?" in messages["PB023"]
    assert "slår intet fra" in messages["PB024"]
    findings, _ = check("risks: []  # problembrief: disabel=PB703\n")
    assert "mente du `disable`?" in next(f.message for f in findings if f.code == "PB023")
    findings, _ = check("risks: []  # problembrief: disable=PB703\n", REFUSE)
    assert "afviser frakoblingskommentarer" in next(f.message for f in findings if f.code == "PB024")


def test_a_malformed_comment_is_a_finding() -> None:
    for comment in ("# problembrief: disable PB703", "# problembrief: disable=", "# problembrief:"):
        findings, start = check(f"risks: []  {comment}\n", language="en")
        assert at(findings, "PB023") == [(start, False)], comment
        assert at(findings, "PB703") == [(start, False)], comment


def test_many_stacked_comments_stay_linear() -> None:
    """A hostile brief of many suppression comments above one long block text costs no more than its lines."""
    lines = "".join(f"    Linje {i} om fald.\n" for i in range(3000))
    comments = "# problembrief: disable=PB101\n" * 3000
    loaded = load_text(f"{comments}text: |\n{lines}")
    found = read_suppressions(loaded)
    assert len(found.directives) == 3000 and {d.target for d in found.directives} == {3001}
    assert sum(len(targets) for targets in found._covering.values()) == 3001


def test_reports_say_what_silenced_a_finding(tmp_path: Path) -> None:
    """A comment and `lint_ignore` are told apart in the text, JUnit and SARIF reports; SARIF's justification
    is the reason written after `--`."""
    import json

    from problembrief.report import ReportFormat, render_report

    summary = "personalet.\n"
    assert summary in MINIMAL
    text = MINIMAL.replace(summary, "personalet.  # problembrief: disable=PB102 -- short on purpose\n", 1)
    result = check_text(text + "lint_ignore: [PB105]\n", tmp_path / "brief.yaml", CheckOptions(lang="en"))
    by_code = {f.code: f for f in result.findings}
    assert (by_code["PB105"].suppressed_by, by_code["PB102"].suppressed_by) == ("lint_ignore", "comment")
    report = render_report([result.report], ReportFormat.TEXT)
    assert "PB102" in report and "(suppressed by a comment in the brief)" in report
    assert "(suppressed by lint_ignore)" in report
    sarif = json.loads(render_report([result.report], ReportFormat.SARIF))
    justifications = {r["ruleId"]: r["suppressions"][0]["justification"]
                      for r in sarif["runs"][0]["results"] if "suppressions" in r}
    assert justifications == {"PB105": "lint_ignore in the brief", "PB102": "short on purpose"}


def test_a_gatekeeper_refuses_suppression_comments_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from problembrief.cli import app

    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL.replace("role: lead", "role: lead\n  - name: Kolding Kommune\n"
                                                  "    role: lead  # problembrief: disable=PB607"), encoding="utf-8")
    runner = CliRunner()
    allowed = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert allowed.exit_code == 0, allowed.output  # the error is silenced by the comment
    refused = runner.invoke(app, ["validate", "--lang", "en", "--no-inline-ignore", str(path)])
    assert refused.exit_code == 1
    assert "error PB607" in refused.stdout and "PB024" in refused.stdout
