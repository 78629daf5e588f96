"""`file:line:column: severity CODE message`, with the hint on the next line: for people and editors."""

from __future__ import annotations

from collections.abc import Sequence

from problembrief.findings import Finding
from problembrief.report.base import Reporter


class TextReporter(Reporter):
    def render(self, findings: Sequence[Finding], files: Sequence[str]) -> str:
        lines = []
        for f in findings:
            where = f.file or ""
            if f.line is not None:
                where += f":{f.line}:{f.column or 1}"
            suppressed = " (suppressed by lint_ignore)" if f.suppressed else ""
            lines.append(f"{where}: {f.severity.value} {f.code} {f.message}{suppressed}")
            if f.hint and not f.suppressed:
                lines.append(f"    hint: {f.hint}")
        return "\n".join(lines) + ("\n" if lines else "")
