"""GitLab Code Quality (`--format gitlab`) on hand-made runs: the Code Climate JSON GitLab reads, with the
fields it requires, its severities, and fingerprints that are stable and distinct."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest

from problembrief.findings import FileReport, Finding, Severity
from problembrief.report import ReportFormat, render_report
from problembrief.report.gitlab import GitlabReporter, fingerprint

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def finding(code: str, severity: Severity, message: str, *, file: str | None = "briefs/bad.yaml",
            line: int | None = None, **kw: Any) -> Finding:
    return Finding(code=code, severity=severity, message=message, file=file, line=line, column=1, **kw)


LANGUAGE = finding("PB013", ERROR, "`language` must be da or en", line=2, path="language", hint="write da or en")
VAGUE = finding("PB102", WARNING, "vague word `bedre`", line=5, hint="say how much")
NOTE = finding("PB301", INFO, "no market dialogue", line=7)
SILENCED = finding("PB104", WARNING, "long sentence", line=9, suppressed=True)
WHOLE = finding("PB201", ERROR, "no outcome has a baseline", file=None)  # no line; the report's file
BAD = FileReport("briefs/bad.yaml", (LANGUAGE, VAGUE, NOTE, SILENCED, WHOLE), config="pb.toml")
BROKEN = FileReport("broken.yaml", (finding("PB002", ERROR, "not valid YAML", file="broken.yaml", line=3,
                                            fatal=True),))
GOOD = FileReport("good.yaml")


def issues(reports: list[FileReport], *, strict: bool = False) -> list[dict[str, Any]]:
    out = render_report(reports, ReportFormat.GITLAB, strict=strict)
    assert out.endswith("]\n")
    parsed = json.loads(out)
    assert isinstance(parsed, list)
    for issue in parsed:
        # What GitLab requires of each issue (docs: "Code Quality report format").
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"PB\d{3}", issue["check_name"])
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in SEVERITIES
        assert set(issue["location"]) == {"path", "lines"}
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    return parsed


def test_the_format_is_chosen_by_name() -> None:
    assert ReportFormat("gitlab") is ReportFormat.GITLAB
    assert render_report([BAD], ReportFormat.GITLAB) == GitlabReporter().render([BAD])


def test_exact_issues() -> None:
    key = fingerprint("briefs/bad.yaml", 2, "PB013", "`language` must be da or en")
    assert issues([BAD, GOOD])[0] == {
        "description": "`language` must be da or en (hint: write da or en)", "check_name": "PB013",
        "fingerprint": key, "severity": "critical",
        "location": {"path": "briefs/bad.yaml", "lines": {"begin": 2}}}
    assert [(i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in issues([BAD, BROKEN, GOOD])] == [
        ("PB013", "critical", "briefs/bad.yaml", 2), ("PB102", "minor", "briefs/bad.yaml", 5),
        ("PB301", "info", "briefs/bad.yaml", 7), ("PB201", "critical", "briefs/bad.yaml", 1),
        ("PB002", "blocker", "broken.yaml", 3)]


def test_a_clean_run_is_an_empty_list() -> None:
    assert render_report([GOOD], ReportFormat.GITLAB) == "[]\n"
    assert render_report([], ReportFormat.GITLAB) == "[]\n"


def test_suppressed_findings_are_left_out() -> None:
    assert "PB104" not in {i["check_name"] for i in issues([BAD])}


def test_strict_makes_warnings_critical_but_not_infos() -> None:
    assert [i["severity"] for i in issues([BAD], strict=True)] == ["critical", "critical", "info", "critical"]


def test_a_fatal_finding_is_a_blocker_whatever_its_severity() -> None:
    odd = FileReport("a.yaml", (finding("PB000", WARNING, "bug", file="a.yaml", fatal=True),))
    assert issues([odd])[0]["severity"] == "blocker"


def test_fingerprint_is_a_stable_hash_of_file_line_code_and_message() -> None:
    expected = hashlib.sha256(b"briefs/bad.yaml\x002\x00PB013\x00m\x00\x00").hexdigest()
    assert fingerprint("briefs/bad.yaml", 2, "PB013", "m") == expected
    assert issues([BAD]) == issues([BAD])  # the same in every run
    varied = {fingerprint("f", 2, "PB013", "m"), fingerprint("g", 2, "PB013", "m"),
              fingerprint("f", 3, "PB013", "m"), fingerprint("f", 2, "PB014", "m"), fingerprint("f", 2, "PB013", "n")}
    assert len(varied) == 5
    # Parts are separated: moving a character from one to the next changes the hash.
    assert fingerprint("ab", 1, "PB1", "m") != fingerprint("a", 1, "bPB1", "m")


def test_identical_findings_get_distinct_fingerprints() -> None:
    twice = FileReport("a.yaml", (finding("PB100", ERROR, "m", file="a.yaml", line=1),) * 2)
    prints = [i["fingerprint"] for i in issues([twice])]
    assert len(set(prints)) == 2 and prints[0] == fingerprint("a.yaml", 1, "PB100", "m")


def test_paths_are_posix_as_gitlab_matches_them() -> None:
    report = FileReport("briefs/sub/a.yaml", (finding("PB100", ERROR, "m", file="briefs/sub/a.yaml", line=1),))
    assert issues([report])[0]["location"]["path"] == "briefs/sub/a.yaml"


def test_messages_follow_the_brief_language_and_keys_stay() -> None:
    danish = FileReport("b.yaml", (Finding(code="PB404", severity=ERROR, message="besked", line=3, column=1,
                                           hint="ret det", file="b.yaml"),), language="da")
    [issue] = issues([danish])
    assert (issue["description"], issue["severity"]) == ("besked (tip: ret det)", "critical")


@pytest.mark.parametrize("text", ["\x1b[31mred\x1b[0m", "a\rb\nc", "\u202eevil", "\u2028", "nul\x00", "\x85\x9f"])
def test_no_control_character_or_terminal_escape_reaches_the_report_raw(text: str) -> None:
    name = f"f{text}.yaml"
    report = FileReport(name, (finding("PB100", ERROR, f"m{text}", file=name, line=1, hint=text),))
    out = render_report([report], ReportFormat.GITLAB)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]", out)
    [issue] = issues([report])
    assert issue["description"] == f"m{text} (hint: {text})"  # escaped by JSON, not changed
    assert issue["location"]["path"] == name
