"""Findings: what validation and the rules say about a brief, each pointing at a place in the file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    file: str | None = None
    suppressed: bool = False  # silenced by the brief's lint_ignore: shown, not counted

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.code)


def has_errors(findings: list[Finding], *, strict: bool = False) -> bool:
    """Whether the findings fail a check: errors always, warnings too when strict. Suppressed ones never."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing and not f.suppressed for f in findings)


def format_path(parts: tuple[str | int, ...]) -> str:
    """Dotted path with list indices: ('outcomes', 1, 'target', 'value') -> outcomes[1].target.value."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
