"""Reporters: one interface, chosen by an Enum. The report goes to stdout, the summary to stderr."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum

from problembrief.findings import Finding, Severity


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def render_report(findings: Sequence[Finding], files: Sequence[str], fmt: ReportFormat) -> str:
    if fmt is ReportFormat.JSON:
        return json_report(findings, files)
    return text_report(findings)


def text_report(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        where = f.file or ""
        if f.line is not None:
            where += f":{f.line}:{f.column or 1}"
        lines.append(f"{where}: {f.severity.value} {f.code} {f.message}")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    return "\n".join(lines) + ("\n" if lines else "")


def json_report(findings: Sequence[Finding], files: Sequence[str]) -> str:
    payload = {
        "files": list(files),
        "summary": summary_counts(findings),
        "findings": [
            {"file": f.file, "line": f.line, "column": f.column, "code": f.code,
             "severity": f.severity.value, "path": f.path, "message": f.message, "hint": f.hint}
            for f in findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def summary_counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


def summary_line(findings: Sequence[Finding], file_count: int) -> str:
    counts = summary_counts(findings)
    parts = [f"{n} {name}{'s' if n != 1 else ''}" for name, n in
             (("error", counts["error"]), ("warning", counts["warning"]), ("info", counts["info"]))]
    noun = "file" if file_count == 1 else "files"
    return f"{file_count} {noun} checked: " + ", ".join(parts)
