"""The reporter interface and the counts every format shares."""

from __future__ import annotations

from collections.abc import Sequence

from problembrief.findings import Finding, Severity


class Reporter:
    """Turns findings of one run (many files) into the text of one report."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict

    def render(self, findings: Sequence[Finding], files: Sequence[str]) -> str:
        raise NotImplementedError

    def fails(self, finding: Finding) -> bool:
        """Whether a finding fails the check: errors, and warnings under --strict; never a suppressed one."""
        if finding.suppressed:
            return False
        return finding.severity is Severity.ERROR or (self.strict and finding.severity is Severity.WARNING)


def summary_counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    counts["suppressed"] = 0
    for f in findings:
        counts["suppressed" if f.suppressed else f.severity.value] += 1
    return counts


def summary_line(findings: Sequence[Finding], file_count: int, unreadable: int = 0) -> str:
    counts = summary_counts(findings)
    parts = [f"{counts[name]} {name}{'' if counts[name] == 1 else 's'}" for name in ("error", "warning", "info")]
    if unreadable:
        parts.insert(0, f"{unreadable} could not be read")
    if counts["suppressed"]:
        parts.append(f"{counts['suppressed']} suppressed")
    noun = "file" if file_count == 1 else "files"
    return f"{file_count} {noun} checked: " + ", ".join(parts)
