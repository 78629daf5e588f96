"""GitHub Actions workflow commands: each finding becomes an annotation on the file and line.

The runner reads these lines from the log, so user text is escaped twice over: first by the workflow
command rules (`%`, CR and LF in the message; also `:` and `,` in a property such as a file name, which
would otherwise end the property), then by `visible`, so no escape sequence reaches the log raw. The
configuration used is not shown: an annotation per file would be noise, and the runner parses every line."""

from __future__ import annotations

from collections.abc import Sequence

from problembrief.findings import FileReport, Severity
from problembrief.report.base import Reporter, located, speaking, visible, with_hint

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def render(self, reports: Sequence[FileReport]) -> str:
        lines = []
        for report in reports:
            with speaking(report):
                for f in located(report):
                    if f.suppressed:
                        continue
                    command = "error" if self.is_error(f) else _COMMAND[f.severity]  # the runner's words
                    props = [f"file={_property(f.file or '')}"]
                    if f.line is not None:
                        props += [f"line={f.line}", f"col={f.column or 1}"]
                    props.append(f"title={_property(f.code)}")
                    lines.append(f"::{command} {','.join(props)}::{_data(with_hint(f.message, f.hint))}")
        return "\n".join(lines) + ("\n" if lines else "")
