"""The reporters on hand-made runs, without the command line: every format shows every kind of result
(findings, suppressed findings, files that could not be read or parsed), names the configuration used,
and never carries a raw control character from user text.

Most assertions compare whole outputs: a mutation run found one-line changes in report/ that tests
checking for a substring let through."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sarif_pydantic import Sarif
from sarif_pydantic.sarif import Notification

from problembrief import __version__, findings
from problembrief.errors import RUN_FAILURES as FAILURE_CODES
from problembrief.findings import FileReport, Finding, Severity
from problembrief.pipeline import describe_codes
from problembrief.report import Reporter, ReportFormat, render_report, summary_counts, summary_line
from problembrief.report.base import visible
from problembrief.report.github import GithubReporter
from problembrief.report.gitlab import GitlabReporter
from problembrief.report.json import JsonReporter
from problembrief.report.junit import JunitReporter
from problembrief.report.sarif import SARIF_SCHEMA, SarifReporter
from problembrief.report.text import TextReporter

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def finding(code: str, severity: Severity, message: str, *, file: str | None = "bad.yaml", line: int | None = None,
            column: int | None = None, **kw: Any) -> Finding:
    return Finding(code=code, severity=severity, message=message, file=file, line=line, column=column, **kw)


LANGUAGE = finding("PB013", ERROR, "`language` must be da or en", line=2, column=11, path="language",
                   hint="write da or en")
VAGUE = finding("PB102", WARNING, "vague word `bedre`", line=5, column=3, path="outcomes[0].title", hint="say how much")
NOTE = finding("PB301", INFO, "no market dialogue", line=7)  # no column: reported at column 1
SILENCED = finding("PB104", WARNING, "long sentence", line=9, column=1, suppressed=True, hint="split it")
WHOLE = finding("PB201", ERROR, "no outcome has a baseline", file=None)  # no line; no file: the report's

GOOD = FileReport("good.yaml", config="problembrief.toml")
BAD = FileReport("bad.yaml", (LANGUAGE, VAGUE, NOTE, SILENCED, WHOLE))
INVALID = FileReport("broken.yaml", (finding("PB002", ERROR, "not valid YAML: expected ',' or ']'", file="broken.yaml",
                                             line=3, column=5, fatal=True),), config="cfg/pb.toml")
UNREADABLE = FileReport("gone.yaml", (finding("PB001", ERROR, "no such file", file="gone.yaml", fatal=True),))
RUN = [GOOD, BAD, INVALID, UNREADABLE]

HOSTILE = "\x1b[31mred\x1b[0m\rcr\x00nul\x7fdel\x85nel\u2028ls\u2029ps\u202eevil\u2066iso\u200fm\t\nnext\ufffe"
HOSTILE_SHOWN = (r"\x1b[31mred\x1b[0m\rcr\x00nul\x7fdel\x85nel\u2028ls\u2029ps\u202eevil\u2066iso\u200fm\t\nnext"
                 r"\ufffe")
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
                        "\ufffe\uffff]")


# Both ends of every range of characters no report may carry raw, and their harmless neighbours.
UNSAFE_CHARS = ("\x00", "\t", "\n", "\r", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\u061c", "\u200e", "\u200f",
                "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", "\ud800", "\udfff", "\ufffe", "\uffff")
# Dashes between: two surrogates side by side are one character to a JSON reader.
UNSAFE_TEXT = "-".join(UNSAFE_CHARS)
SAFE_NEIGHBOURS = " ~\xa0\u061b\u200d\u2027\u202f\u2065\u206a\ud7ff\ue000\ufffd"


def render(reports: list[FileReport], fmt: str, *, strict: bool = False) -> str:
    # The command line describes the codes for SARIF from the catalogue; the other formats need none.
    rules = describe_codes() if fmt == "sarif" else ()
    return render_report(reports, ReportFormat(fmt), strict=strict, rules=rules)


# --- the interface ------------------------------------------------------------------------------------


def test_reporter_fails_is_the_one_definition_of_failing() -> None:
    for severity, suppressed, strict in itertools.product(Severity, (False, True), (False, True)):
        f = finding("PB100", severity, "m", suppressed=suppressed)
        assert Reporter(strict=strict).fails(f) is findings.fails(f, strict=strict)
    assert Reporter().strict is False


def test_reporter_fails_delegates(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Finding, bool]] = []
    monkeypatch.setattr("problembrief.report.base.fails", lambda f, *, strict: calls.append((f, strict)) or True)
    assert Reporter(strict=True).fails(NOTE) is True
    assert calls == [(NOTE, True)]


def test_reporter_render_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        Reporter().render(RUN)


def test_render_report_picks_the_reporter_of_the_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for fmt, reporter in [("text", TextReporter), ("json", JsonReporter), ("sarif", SarifReporter),
                          ("junit", JunitReporter), ("github", GithubReporter), ("gitlab", GitlabReporter)]:
        rules = describe_codes() if fmt == "sarif" else ()
        assert render(RUN, fmt) == reporter(rules=rules).render(RUN)
        assert render(RUN, fmt, strict=True) == reporter(strict=True, rules=rules).render(RUN)
    assert render(RUN, "auto") == TextReporter().render(RUN)
    described = describe_codes()
    # not strict unless asked
    assert render_report([BAD], ReportFormat.SARIF, rules=described) == render([BAD], "sarif")
    assert render_report([BAD], ReportFormat.SARIF) != render([BAD], "sarif")  # the rules are handed down
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert render(RUN, "auto") == GithubReporter().render(RUN)
    assert ReportFormat.JSON.resolve() is ReportFormat.JSON
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert ReportFormat.AUTO.resolve() is ReportFormat.TEXT


def test_strict_changes_the_reports_that_show_levels() -> None:
    for fmt in ("sarif", "junit", "github"):
        assert render([BAD], fmt) != render([BAD], fmt, strict=True), fmt


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "junit", "gitlab"])
def test_no_unsafe_character_reaches_a_report_raw(fmt: str) -> None:
    name = f"f{UNSAFE_TEXT}.yaml"
    message = f"m{UNSAFE_TEXT}{SAFE_NEIGHBOURS}"
    report = FileReport(name, (finding("PB100", ERROR, message, file=name, line=1, column=1, path=UNSAFE_TEXT,
                                       hint=UNSAFE_TEXT),), config=UNSAFE_TEXT)
    out = render([report], fmt)
    out.encode("utf-8")
    assert set(out) & set(UNSAFE_CHARS) <= {"\n"}, fmt  # line breaks of the format's own
    assert SAFE_NEIGHBOURS in out, fmt
    if fmt == "json":
        assert json.loads(out)["findings"][0]["message"] == message  # escaped, not changed
    if fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["message"]["text"] == f"{message} (hint: {UNSAFE_TEXT})"
    if fmt == "gitlab":
        assert json.loads(out)[0]["description"] == f"{message} (hint: {UNSAFE_TEXT})"
        assert json.loads(out)[0]["location"]["path"] == name
    if fmt in ("text", "github"):
        assert out.count("\n") == {"text": 2, "github": 1}[fmt]  # no line a reader would take for another


# --- summary ------------------------------------------------------------------------------------------


def test_summary_line_of_the_brief_example() -> None:
    reports = [INVALID, FileReport("a.yaml", (LANGUAGE, SILENCED))]
    assert summary_line(reports) == "2 files checked: 1 not valid YAML, 1 error, 0 warnings, 0 infos, 1 suppressed"


def test_summary_line_counts_and_plurals() -> None:
    assert summary_line([GOOD]) == "1 file checked: 0 errors, 0 warnings, 0 infos"
    assert summary_line([]) == "0 files checked: 0 errors, 0 warnings, 0 infos"
    assert summary_line(RUN) == ("4 files checked: 1 could not be read, 1 not valid YAML, 2 errors, 1 warning, "
                                 "1 info, 1 suppressed")
    failed = FileReport("c.yaml", (finding("PB004", ERROR, "unknown rule PB999", file="pb.toml", fatal=True),
                                   VAGUE, VAGUE, NOTE, NOTE, SILENCED, SILENCED))
    assert summary_line([failed, UNREADABLE, UNREADABLE, INVALID, INVALID]) == (
        "5 files checked: 2 could not be read, 2 not valid YAML, 1 failed, 0 errors, 2 warnings, 2 infos, "
        "2 suppressed")


def test_summary_counts_do_not_count_a_fatal_finding_as_an_error() -> None:
    assert summary_counts(RUN) == {"error": 2, "warning": 1, "info": 1, "suppressed": 1,
                                   "unreadable": 1, "invalid": 1, "failed": 0}
    internal = FileReport("x.yaml", (finding("PB000", ERROR, "internal error", fatal=True), LANGUAGE))
    assert summary_counts([internal]) == {"error": 1, "warning": 0, "info": 0, "suppressed": 0,
                                          "unreadable": 0, "invalid": 0, "failed": 1}


# --- text ---------------------------------------------------------------------------------------------


def test_text_report() -> None:
    assert render(RUN, "text") == (
        "bad.yaml:2:11: error PB013 `language` must be da or en\n"
        "    hint: write da or en\n"
        "bad.yaml:5:3: warning PB102 vague word `bedre`\n"
        "    hint: say how much\n"
        "bad.yaml:7:1: info PB301 no market dialogue\n"
        "bad.yaml:9:1: warning PB104 long sentence (suppressed by lint_ignore)\n"
        "bad.yaml: error PB201 no outcome has a baseline\n"
        "broken.yaml:3:5: error PB002 not valid YAML: expected ',' or ']'\n"
        "gone.yaml: error PB001 no such file\n"
    )
    assert render([GOOD], "text") == ""
    # strict changes the exit code, not the severity a finding is shown with
    assert render(RUN, "text", strict=True) == render(RUN, "text")


def test_a_file_without_a_name_is_still_reported() -> None:
    unnamed = FileReport("", (finding("PB100", ERROR, "m", file=None, line=1),))
    assert render([unnamed], "text") == ":1:1: error PB100 m\n"
    assert render([unnamed], "github") == "::error file=,line=1,col=1,title=PB100::m\n"
    [result] = json.loads(render([unnamed], "sarif"))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "."}


def test_text_shows_a_fatal_finding_as_an_error() -> None:
    odd = FileReport("a.yaml", (finding("PB000", INFO, "internal error", file="a.yaml", line=1, column=2, fatal=True),))
    assert render([odd], "text") == "a.yaml:1:2: error PB000 internal error\n"


def test_text_escapes_control_characters_visibly() -> None:
    report = FileReport("x\x1b]0;t\x07.yaml", (finding("PB100", ERROR, HOSTILE, file="x\x1b]0;t\x07.yaml", line=1,
                                                       column=1, hint="h\u202eint\r"),))
    out = render([report], "text")
    assert out == f"x\\x1b]0;t\\x07.yaml:1:1: error PB100 {HOSTILE_SHOWN}\n    hint: h\\u202eint\\r\n"
    assert not RAW_UNSAFE.search(out)


def test_visible_keeps_ordinary_text() -> None:
    text = "Æble, ø og å: C:\\briefs\\a.yaml – “quoted” 😀\u200d soft\u00adhyphen, zero-width joiner"
    assert visible(text) == text
    assert visible("\ud83d") == r"\ud83d"  # a lone surrogate from an undecodable file name


# --- github -------------------------------------------------------------------------------------------


def test_github_annotations() -> None:
    assert render(RUN, "github") == (
        "::error file=bad.yaml,line=2,col=11,title=PB013::`language` must be da or en (hint: write da or en)\n"
        "::warning file=bad.yaml,line=5,col=3,title=PB102::vague word `bedre` (hint: say how much)\n"
        "::notice file=bad.yaml,line=7,col=1,title=PB301::no market dialogue\n"
        "::error file=bad.yaml,title=PB201::no outcome has a baseline\n"
        "::error file=broken.yaml,line=3,col=5,title=PB002::not valid YAML: expected ',' or ']'\n"
        "::error file=gone.yaml,title=PB001::no such file\n"
    )
    assert render([GOOD], "github") == ""


def test_github_strict_makes_warnings_errors_but_not_infos() -> None:
    out = render([BAD], "github", strict=True).splitlines()
    assert out[1] == "::error file=bad.yaml,line=5,col=3,title=PB102::vague word `bedre` (hint: say how much)"
    assert out[2] == "::notice file=bad.yaml,line=7,col=1,title=PB301::no market dialogue"


def test_github_fatal_finding_is_an_error_whatever_its_severity() -> None:
    odd = FileReport("a.yaml", (finding("PB000", WARNING, "internal error", file="a.yaml", fatal=True),))
    assert render([odd], "github") == "::error file=a.yaml,title=PB000::internal error\n"


def test_github_escapes_properties_and_data() -> None:
    report = FileReport("a,b:c.yaml", (finding("PB:1,2", ERROR, "100% sure\r\nnot: a, b", file="a,b:c%.yaml", line=4,
                                               column=2, hint="x\ny"),))
    assert render([report], "github") == (
        "::error file=a%2Cb%3Ac%25.yaml,line=4,col=2,title=PB%3A1%2C2::100%25 sure%0D%0Anot: a, b (hint: x%0Ay)\n")


def test_github_escapes_control_characters_visibly() -> None:
    report = FileReport("e\x1b.yaml", (finding("PB100", ERROR, HOSTILE, file="e\x1b.yaml", line=1, column=1),))
    out = render([report], "github")
    shown = HOSTILE_SHOWN.replace(r"\r", "%0D").replace(r"\n", "%0A")
    assert out == f"::error file=e\\x1b.yaml,line=1,col=1,title=PB100::{shown}\n"
    assert not RAW_UNSAFE.search(out)


# --- json ---------------------------------------------------------------------------------------------


def test_json_report() -> None:
    out = render(RUN, "json")
    assert out.startswith('{\n  "files": [\n    {\n      "file": "good.yaml",')
    assert out.endswith("}\n") and not out.endswith("\n\n")
    report = json.loads(out)
    assert list(report) == ["files", "summary", "findings"]
    assert report["files"] == [
        {"file": "good.yaml", "status": "ok", "config": "problembrief.toml"},
        {"file": "bad.yaml", "status": "findings", "config": None},
        {"file": "broken.yaml", "status": "invalid", "config": "cfg/pb.toml"},
        {"file": "gone.yaml", "status": "unreadable", "config": None},
    ]
    assert report["summary"] == summary_counts(RUN)
    assert report["findings"][0] == {
        "file": "bad.yaml", "line": 2, "column": 11, "code": "PB013", "severity": "error", "path": "language",
        "message": "`language` must be da or en", "hint": "write da or en", "suppressed": False, "fatal": False}
    assert [(f["file"], f["code"], f["severity"], f["suppressed"], f["fatal"]) for f in report["findings"]] == [
        ("bad.yaml", "PB013", "error", False, False), ("bad.yaml", "PB102", "warning", False, False),
        ("bad.yaml", "PB301", "info", False, False), ("bad.yaml", "PB104", "warning", True, False),
        ("bad.yaml", "PB201", "error", False, False), ("broken.yaml", "PB002", "error", False, True),
        ("gone.yaml", "PB001", "error", False, True)]
    assert report["findings"][5] == {
        "file": "broken.yaml", "line": 3, "column": 5, "code": "PB002", "severity": "error", "path": "",
        "message": "not valid YAML: expected ',' or ']'", "hint": None, "suppressed": False, "fatal": True}


def test_json_file_status_follows_strict_and_failures() -> None:
    warned = FileReport("w.yaml", (VAGUE, NOTE))
    silenced = FileReport("s.yaml", (finding("PB013", ERROR, "x", suppressed=True),))
    failed = FileReport("f.yaml", (finding("PB006", ERROR, "cannot write", fatal=True),))
    status = [f["status"] for f in json.loads(render([warned, silenced, failed], "json"))["files"]]
    assert status == ["ok", "ok", "failed"]
    assert json.loads(render([warned], "json", strict=True))["files"][0]["status"] == "findings"


def test_json_fatal_finding_is_an_error_whatever_its_severity() -> None:
    odd = FileReport("a.yaml", (finding("PB000", INFO, "internal error", fatal=True),))
    assert json.loads(render([odd], "json"))["findings"][0]["severity"] == "error"


def test_json_escapes_what_json_dumps_leaves_raw() -> None:
    name = "æble\u202e\udcff.yaml"  # a bidi override and an undecodable byte in a file name
    report = FileReport(name, (finding("PB100", ERROR, HOSTILE, file=name, hint="ø\u2028"),), config="c\x85.toml")
    out = render([report], "json")
    out.encode("utf-8")  # no lone surrogate left raw
    assert not RAW_UNSAFE.search(out)
    assert '"file": "æble\\u202e\\udcff.yaml"' in out  # Danish letters stay readable
    assert '"config": "c\\u0085.toml"' in out
    data = json.loads(out)  # and the data is unchanged
    assert data["files"] == [{"file": name, "status": "findings", "config": "c\x85.toml"}]
    assert (data["findings"][0]["message"], data["findings"][0]["hint"]) == (HOSTILE, "ø\u2028")


# --- sarif --------------------------------------------------------------------------------------------


def sarif(reports: list[FileReport], *, strict: bool = False) -> dict[str, Any]:
    out = render(reports, "sarif", strict=strict)
    assert not RAW_UNSAFE.search(out)
    assert out.endswith("}\n") and not out.endswith("\n\n")
    log = json.loads(out)
    Sarif.model_validate(log)
    for notification in log["runs"][0]["invocations"][0]["toolExecutionNotifications"]:
        Notification.model_validate(notification)
    return log


def test_sarif_log() -> None:
    log = sarif(RUN)
    assert (log["$schema"], log["version"]) == (SARIF_SCHEMA, "2.1.0")
    assert SARIF_SCHEMA == "https://json.schemastore.org/sarif-2.1.0.json"
    [run] = log["runs"]
    assert (run["tool"]["driver"]["name"], run["tool"]["driver"]["version"]) == ("problembrief", __version__)
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["artifacts"] == [
        {"location": {"uri": "good.yaml"}, "properties": {"config": "problembrief.toml"}},
        {"location": {"uri": "bad.yaml"}, "properties": {"config": None}},
        {"location": {"uri": "broken.yaml"}, "properties": {"config": "cfg/pb.toml"}},
        {"location": {"uri": "gone.yaml"}, "properties": {"config": None}},
    ]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert results[0] == {
        "ruleId": "PB013", "level": "error", "message": {"text": "`language` must be da or en (hint: write da or en)"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "bad.yaml"},
                                            "region": {"startLine": 2, "startColumn": 11}}}],
        "ruleIndex": results[0]["ruleIndex"], "properties": {"path": "language"}}
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("PB013", "error"), ("PB102", "warning"), ("PB301", "note"), ("PB104", "warning"), ("PB201", "error"),
        ("PB002", "error"), ("PB001", "error")]
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 1}
    assert results[2]["message"] == {"text": "no market dialogue"}
    assert "properties" not in results[2]
    assert results[4]["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "bad.yaml"}}}]
    assert results[3]["suppressions"] == [{"kind": "inSource", "justification": "lint_ignore in the brief"}]
    assert [r for r in results if "suppressions" in r] == [results[3]]


def test_sarif_strict_makes_warnings_errors_but_not_infos_or_suppressed() -> None:
    levels = [r["level"] for r in sarif([BAD], strict=True)["runs"][0]["results"]]
    assert levels == ["error", "error", "note", "warning", "error"]


def test_sarif_fatal_findings_are_results_and_notifications() -> None:
    [run] = sarif(RUN)["runs"]
    rules = run["tool"]["driver"]["rules"]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    assert run["results"][5] == {
        "ruleId": "PB002", "level": "error", "message": {"text": "not valid YAML: expected ',' or ']'"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "broken.yaml"},
                                            "region": {"startLine": 3, "startColumn": 5}}}],
        "ruleIndex": index["PB002"]}
    assert run["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": [
        {"level": "error", "message": {"text": "not valid YAML: expected ',' or ']'"},
         "locations": run["results"][5]["locations"], "associatedRule": {"id": "PB002", "index": index["PB002"]}},
        {"level": "error", "message": {"text": "no such file"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "gone.yaml"}}}],
         "associatedRule": {"id": "PB001", "index": index["PB001"]}},
    ]}]


def test_sarif_a_clean_run_was_successful() -> None:
    [run] = sarif([GOOD, BAD])["runs"]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_fatal_finding_of_an_unknown_code_has_no_rule_index() -> None:
    odd = FileReport("a.yaml", (finding("PB999", WARNING, "strange", file="a.yaml", fatal=True),))
    [run] = sarif([odd])["runs"]
    assert run["results"][0]["level"] == "error"
    assert "ruleIndex" not in run["results"][0]
    assert run["invocations"][0]["toolExecutionNotifications"][0]["associatedRule"] == {"id": "PB999"}


def test_sarif_rule_descriptors() -> None:
    from problembrief.lint import all_rules
    from problembrief.validate import SCHEMA_CODES

    rules = sarif([])["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(set(ids)) == len(ids)
    builtin = sorted(FAILURE_CODES.keys() | SCHEMA_CODES.keys())
    assert ids[:len(builtin)] == builtin
    assert {r["id"]: r["name"] for r in rules if r["id"] in FAILURE_CODES} == {
        "PB000": "run.internal-error", "PB001": "run.unreadable", "PB002": "run.invalid-yaml",
        "PB004": "run.usage", "PB005": "run.template", "PB006": "run.output"}
    for rule in rules[:len(builtin)]:
        assert set(rule) == {"id", "name", "shortDescription", "help", "defaultConfiguration"}
        assert rule["defaultConfiguration"] == {"level": "error"}
        text = rule["shortDescription"]["text"]
        assert re.fullmatch(r"[A-Z][a-z ].*[.…]", text), text  # a sentence
        assert rule["help"] == {"text": f"{rule['id']} {rule['name']} [error]\n\n{text}"}
    first = next(iter(all_rules()))
    levels = {"error": "error", "warning": "warning", "info": "note"}
    bad = "\n".join(f"    {line}" for line in first.bad.splitlines())
    good = "\n".join(f"    {line}" for line in first.good.splitlines())
    assert rules[len(builtin)] == {
        "id": first.code, "name": first.name, "shortDescription": {"text": first.summary},
        "fullDescription": {"text": first.documentation},
        "help": {"text": f"{first.code} {first.name} [{first.severity.value}]\n\n{first.summary}\n\n"
                         f"{first.documentation}\n\nFix: {first.hint}\n\nSource: {first.source}\n\n"
                         f"Bad:\n{bad}\n\nGood:\n{good}"},
        "defaultConfiguration": {"level": levels[first.severity.value]}}
    assert {r["defaultConfiguration"]["level"] for r in rules} == {"error", "warning", "note"}
    by_id = {r["id"]: r for r in rules}
    for rule in all_rules():
        assert by_id[rule.code]["defaultConfiguration"]["level"] == levels[rule.severity.value]


def test_sarif_uris_are_percent_encoded() -> None:
    name = "dir/a b,c:d\udcff\x1b.yaml"
    report = FileReport(name, (finding("PB100", ERROR, "m", file=name),))
    [run] = sarif([report])["runs"]
    uri = "dir/a%20b%2Cc%3Ad%FF%1B.yaml"
    assert run["artifacts"][0]["location"]["uri"] == uri
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri


def test_sarif_uri_of_a_name_no_file_system_gives() -> None:
    report = FileReport("a\ud800.yaml", (finding("PB100", ERROR, "m", file="a\ud800.yaml"),))
    assert json.loads(render([report], "sarif"))["runs"][0]["artifacts"][0]["location"] == {"uri": "a%5Cud800.yaml"}


def test_sarif_escapes_user_text() -> None:
    report = FileReport("a.yaml", (finding("PB100", ERROR, HOSTILE, file="a.yaml", path="k\u202e"),), config="\u2028")
    out = render([report], "sarif")
    assert "\\u202e" in out and "\\u2028" in out
    [run] = sarif([report])["runs"]
    assert run["results"][0]["message"]["text"] == HOSTILE
    assert run["results"][0]["properties"] == {"path": "k\u202e"}
    assert run["artifacts"][0]["properties"] == {"config": "\u2028"}


# --- junit --------------------------------------------------------------------------------------------


def junit(reports: list[FileReport], *, strict: bool = False) -> ET.Element:
    out = render(reports, "junit", strict=strict)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="problembrief"')
    assert out.endswith("</testsuites>\n")
    return ET.fromstring(out.encode("utf-8"))


def counts(element: ET.Element) -> tuple[str | None, ...]:
    return tuple(element.get(name) for name in ("tests", "failures", "errors", "skipped"))


def test_junit_exact_document() -> None:
    assert render([GOOD, FileReport("b.yaml", (LANGUAGE,))], "junit") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="problembrief" tests="2" failures="1" errors="0" skipped="0">\n'
        '  <testsuite name="good.yaml" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <properties>\n'
        '      <property name="config" value="problembrief.toml" />\n'
        '    </properties>\n'
        '    <testcase classname="good.yaml" name="brief is valid" />\n'
        '  </testsuite>\n'
        '  <testsuite name="b.yaml" tests="1" failures="1" errors="0" skipped="0">\n'
        '    <testcase classname="b.yaml" name="PB013 language (line 2)">\n'
        '      <failure message="`language` must be da or en" type="PB013">'
        'bad.yaml:2:11: `language` must be da or en\nhint: write da or en</failure>\n'
        '    </testcase>\n'
        '  </testsuite>\n'
        '</testsuites>\n')


def test_junit_suites_cases_and_counts() -> None:
    root = junit(RUN)
    assert counts(root) == ("8", "2", "2", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["good.yaml", "bad.yaml", "broken.yaml", "gone.yaml"]
    assert [counts(s) for s in suites] == [("1", "0", "0", "0"), ("5", "2", "0", "1"), ("1", "0", "1", "0"),
                                           ("1", "0", "1", "0")]
    bad = suites[1].findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in bad] == [
        ("bad.yaml", "PB013 language (line 2)"), ("bad.yaml", "PB102 outcomes[0].title (line 5)"),
        ("bad.yaml", "PB301 (line 7)"), ("bad.yaml", "PB104 (line 9)"),
        ("bad.yaml", "PB201 (file)")]
    assert [child.tag for c in bad for child in c] == ["failure", "system-out", "system-out", "skipped", "failure"]
    assert bad[1].find("system-out").text == "warning: bad.yaml:5:3: vague word `bedre`\nhint: say how much"
    assert bad[2].find("system-out").text == "info: bad.yaml:7:1: no market dialogue"
    assert bad[3].find("skipped").attrib == {"message": "suppressed by lint_ignore"}
    failure = bad[4].find("failure")
    assert (failure.get("message"), failure.get("type"), failure.text) == (
        "no outcome has a baseline", "PB201", "bad.yaml:1:1: no outcome has a baseline")


def test_junit_fatal_findings_are_errors() -> None:
    suites = junit(RUN).findall("testsuite")
    [case] = suites[2].findall("testcase")
    assert (case.get("classname"), case.get("name")) == ("broken.yaml", "PB002 (line 3)")
    assert [child.tag for child in case] == ["error"]
    error = case.find("error")
    assert error.attrib == {"message": "not valid YAML: expected ',' or ']'", "type": "PB002"}
    assert error.text == "broken.yaml:3:5: not valid YAML: expected ',' or ']'"
    assert suites[3].find("testcase/error").attrib == {"message": "no such file", "type": "PB001"}
    odd = FileReport("a.yaml", (finding("PB000", WARNING, "crash", file="a.yaml", hint="report it", fatal=True),))
    [case] = junit([odd]).findall("testsuite/testcase")
    assert [(c.tag, c.text) for c in case] == [("error", "a.yaml:1:1: crash\nhint: report it")]


def test_junit_names_the_configuration_only_when_there_is_one() -> None:
    suites = junit(RUN).findall("testsuite")
    assert [[(p.get("name"), p.get("value")) for p in s.findall("properties/property")] for s in suites] == [
        [("config", "problembrief.toml")], [], [("config", "cfg/pb.toml")], []]
    assert suites[1].find("properties") is None


def test_junit_strict_makes_warnings_failures() -> None:
    root = junit([BAD], strict=True)
    assert counts(root) == ("5", "3", "0", "1")
    failure = root.find("testsuite/testcase[2]/failure")
    assert failure.attrib == {"message": "vague word `bedre`", "type": "PB102"}
    assert root.find("testsuite/testcase[3]/system-out") is not None


def test_junit_stays_well_formed_whatever_the_text() -> None:
    name = "a\x00b\x0c\ufffe\udcff<&\">.yaml"
    report = FileReport(name, (finding("PB100", ERROR, HOSTILE, file=name, line=1, column=1, path="k\x01",
                                       hint="\x1b"),), config="c\x02.toml")
    out = render([report], "junit")
    assert not RAW_UNSAFE.search(out)
    root = junit([report])
    shown = 'a\\x00b\\x0c\\ufffe\\udcff<&">.yaml'
    suite = root.find("testsuite")
    assert suite.get("name") == shown
    assert suite.find("properties/property").get("value") == r"c\x02.toml"
    case = suite.find("testcase")
    assert (case.get("classname"), case.get("name")) == (shown, r"PB100 k\x01 (line 1)")
    failure = case.find("failure")
    assert failure.get("message") == HOSTILE_SHOWN
    assert failure.text == f"{shown}:1:1: {HOSTILE_SHOWN}\nhint: \\x1b"


def test_a_reports_own_words_follow_its_language_and_machine_keys_stay() -> None:
    """The text and JUnit formats say "fejl" and "tip" for a Danish file; JSON, SARIF and GitHub keep their keys
    and command words; the summary line is in the language in force."""
    from problembrief import i18n

    finding = Finding(code="PB404", severity=Severity.ERROR, message="besked", line=3, column=1, hint="ret det",
                      file="b.yaml")
    report = FileReport(file="b.yaml", findings=(finding,), language="da")
    assert render_report([report], ReportFormat.TEXT) == "b.yaml:3:1: fejl PB404 besked\n    tip: ret det\n"
    assert json.loads(render_report([report], ReportFormat.JSON))["findings"][0]["severity"] == "error"
    assert render_report([report], ReportFormat.GITHUB).startswith("::error file=b.yaml,")
    assert "besked (tip: ret det)" in render_report([report], ReportFormat.SARIF)
    assert "linje 3" in render_report([report], ReportFormat.JUNIT)
    with i18n.language("da"):
        assert summary_line([report]) == "1 fil kontrolleret: 1 fejl, 0 advarsler, 0 bemærkninger"
    assert summary_line([report]) == "1 file checked: 1 error, 0 warnings, 0 infos"
