"""`file:line:column: severity CODE message`, with the hint on the next line: for people and editors.

Nothing else goes in this format (not the configuration used): editors parse it line by line. User text is
passed through `visible`, so a line break or an escape sequence in a message cannot forge or hide a line."""

from __future__ import annotations

from collections.abc import Sequence

from problembrief.findings import FileReport, Severity
from problembrief.i18n import _
from problembrief.report.base import Reporter, located, severity_word, speaking, suppression, visible


class TextReporter(Reporter):
    """The severity is a word for people here, in the language of the file's messages (`fejl`, `advarsel`);
    the code stays as it is. A tool that parses the lines asks for `--lang en` or a machine format."""

    def render(self, reports: Sequence[FileReport]) -> str:
        lines = []
        for report in reports:
            with speaking(report):
                for f in located(report):
                    where = visible(f.file or "")
                    if f.line is not None:
                        where += f":{f.line}:{f.column or 1}"
                    severity = severity_word(Severity.ERROR if f.fatal else f.severity)
                    suppressed = f" ({suppression(f)})" if f.suppressed else ""
                    lines.append(f"{where}: {severity} {visible(f.code)} {visible(f.message)}{suppressed}")
                    if f.hint and not f.suppressed:
                        lines.append("    " + _("hint: {hint}").format(hint=visible(f.hint)))
        return "\n".join(lines) + ("\n" if lines else "")
