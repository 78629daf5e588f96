"""GitLab Code Quality: the Code Climate JSON that GitLab reads from a job's `codequality` report.

One issue per finding that is not suppressed (GitLab has no notion of a suppressed issue), each with the
fields GitLab requires: `description`, `check_name` (the code), `fingerprint`, `severity` and
`location.path` with `location.lines.begin`. A file that could not be checked is an issue too, at its line
(or line 1), so the merge request shows it.

Severities, GitLab's words: a file that could not be checked is `blocker`; a finding that fails the check
(an error, or a warning under --strict) `critical`; other warnings `minor`; infos `info`.

The fingerprint is what GitLab compares between the source and the target branch to tell a new issue from
a fixed one: a SHA-256 of the file, line, code and message, so the same finding gets the same fingerprint
in every run; a second identical finding in the same place gets its own (its rank is hashed in). The JSON is
escaped by `dumps`: data unchanged, no raw control or bidi characters."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import PurePath

from problembrief.findings import FileReport, Finding, Severity
from problembrief.report.base import Reporter, dumps, located, speaking, with_hint

_SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprint(file: str, line: int | None, code: str, message: str, rank: int = 0) -> str:
    """A stable identity of one finding: the same file, line, code and message give the same hex digest."""
    digest = hashlib.sha256()
    for part in (file, str(line or ""), code, message, str(rank) if rank else ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class GitlabReporter(Reporter):
    def severity(self, finding: Finding) -> str:
        if finding.fatal:
            return "blocker"
        if self.fails(finding):
            return "critical"
        return _SEVERITY[finding.severity]

    def render(self, reports: Sequence[FileReport]) -> str:
        issues: list[dict[str, object]] = []
        seen: dict[str, int] = {}
        for report in reports:
            with speaking(report):
                for f in located(report):
                    if f.suppressed:
                        continue
                    path = PurePath(f.file or report.file).as_posix()
                    key = fingerprint(path, f.line, f.code, f.message)
                    rank = seen.get(key, 0)
                    seen[key] = rank + 1
                    issues.append({
                        "description": with_hint(f.message, f.hint),
                        "check_name": f.code,
                        "fingerprint": fingerprint(path, f.line, f.code, f.message, rank) if rank else key,
                        "severity": self.severity(f),
                        "location": {"path": path, "lines": {"begin": f.line or 1}},
                    })
        return dumps(issues)
