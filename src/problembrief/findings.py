"""Findings: what validation and the rules say about a brief, each pointing at a place in the file."""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    suppressed: bool = False  # silenced by the brief's lint_ignore or an inline comment: shown, not counted
    # What silenced it: "lint_ignore", or "comment" with the comment's reason after `--` (SARIF's justification).
    suppressed_by: str | None = None
    suppression_reason: str = ""
    # The file could not be checked at all (unreadable, not valid YAML, an internal error): reports show it
    # as an error of the run (JUnit <error>, a SARIF notification), and the exit code is 2, not 1.
    fatal: bool = False

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.code)


def fails(finding: Finding, *, strict: bool = False) -> bool:
    """Whether a finding fails a check: errors always, warnings too when strict, a suppressed one never."""
    if finding.suppressed:
        return False
    return finding.severity is Severity.ERROR or (strict and finding.severity is Severity.WARNING)


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    return any(fails(f, strict=strict) for f in findings)


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a code it uses (SARIF's rule descriptors): from the catalogue, handed down."""

    code: str
    name: str
    severity: Severity
    summary: str
    documentation: str = ""
    hint: str = ""
    source: str = ""
    bad: str = ""  # the rule's bad and good examples, as `rules CODE` shows them (SARIF's help text)
    good: str = ""


@dataclass(frozen=True)
class FileReport:
    """What one run says about one file: its findings and the configuration that judged it."""

    file: str
    findings: tuple[Finding, ...] = ()
    config: str | None = None  # the configuration file used, or None for the built-in defaults
    # The language its messages are in (i18n code); a report's own words about the file (severity, "hint")
    # follow it, so one line never mixes two languages. None: the language in force when it is rendered.
    language: str | None = None

    @property
    def fatal(self) -> Finding | None:
        return next((f for f in self.findings if f.fatal), None)


def format_path(parts: tuple[str | int, ...]) -> str:
    """Dotted path with list indices: ('outcomes', 1, 'target', 'value') -> outcomes[1].target.value."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# Characters a terminal, a log viewer or an editor acts on instead of showing: the C0 controls (ESC starts a
# terminal escape sequence, CR overwrites a line, a line break forges a new finding line), DEL and the C1
# controls (U+0085 is a line break to some readers), the Unicode line and paragraph separators, the bidi
# controls that make a line read differently from what it is (Trojan Source), lone surrogates (an
# undecodable file name) and U+FFFE/U+FFFF (not allowed in XML).
INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(f"[\x00-\x1f{INVISIBLE}]")
_UNSAFE_BUT_LINE_FEED = re.compile(f"[\x00-\x09\x0b-\x1f{INVISIBLE}]")


def printable(text: str, *, keep_line_feeds: bool = False) -> str:
    """User text with every unsafe character written as a Python-style escape: ESC as `\\x1b`, a line break
    as `\\n`, a right-to-left override as `\\u202e`. A backslash stays as it is (Windows paths), so text
    that went through once comes back the same. `keep_line_feeds` for text of several lines of our own."""
    pattern = _UNSAFE_BUT_LINE_FEED if keep_line_feeds else _UNSAFE
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
