"""GitHub Actions workflow commands: each finding becomes an annotation on the file and line."""

from __future__ import annotations

from collections.abc import Sequence

from problembrief.findings import Finding, Severity
from problembrief.report.base import Reporter

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def render(self, findings: Sequence[Finding], files: Sequence[str]) -> str:
        lines = []
        for f in findings:
            if f.suppressed:
                continue
            command = "error" if self.fails(f) else _COMMAND[f.severity]
            props = [f"file={_property(f.file or '')}"]
            if f.line is not None:
                props += [f"line={f.line}", f"col={f.column or 1}"]
            props.append(f"title={_property(f.code)}")
            message = f.message + (f" (hint: {f.hint})" if f.hint else "")
            lines.append(f"::{command} {','.join(props)}::{_data(message)}")
        return "\n".join(lines) + ("\n" if lines else "")
