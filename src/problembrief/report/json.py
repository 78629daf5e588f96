"""One JSON document: the files, the counts and every finding."""

from __future__ import annotations

import json
from collections.abc import Sequence

from problembrief.findings import Finding
from problembrief.report.base import Reporter, summary_counts


class JsonReporter(Reporter):
    def render(self, findings: Sequence[Finding], files: Sequence[str]) -> str:
        payload = {
            "files": list(files),
            "summary": summary_counts(findings),
            "findings": [
                {"file": f.file, "line": f.line, "column": f.column, "code": f.code, "severity": f.severity.value,
                 "path": f.path, "message": f.message, "hint": f.hint, "suppressed": f.suppressed}
                for f in findings
            ],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
