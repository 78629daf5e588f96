"""One JSON document: the files with their status and configuration, the counts and every finding.

Consumers read `summary` (counts by severity, and of files that could not be checked) and `findings`;
`files` says per file whether it is ok, has findings that fail the check, or could not be checked."""

from __future__ import annotations

from collections.abc import Sequence

from problembrief.findings import FileReport
from problembrief.report.base import Reporter, dumps, file_status, located, summary_counts


class JsonReporter(Reporter):
    def render(self, reports: Sequence[FileReport]) -> str:
        payload = {
            "files": [{"file": r.file, "status": file_status(r, strict=self.strict), "config": r.config}
                      for r in reports],
            "summary": summary_counts(reports),
            "findings": [
                {"file": f.file, "line": f.line, "column": f.column, "code": f.code,
                 "severity": "error" if f.fatal else f.severity.value, "path": f.path, "message": f.message,
                 "hint": f.hint, "suppressed": f.suppressed, "fatal": f.fatal}
                for r in reports for f in located(r)
            ],
        }
        return dumps(payload)
