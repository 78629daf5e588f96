"""Reporters: one interface, one class per format, chosen by an Enum.

The report goes to stdout, the summary line to stderr (as pip-audit does), so CI can parse the report.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum

from problembrief.findings import Finding, Severity
from problembrief.report.base import Reporter, summary_counts, summary_line
from problembrief.report.github import GithubReporter
from problembrief.report.json import JsonReporter
from problembrief.report.junit import JunitReporter
from problembrief.report.sarif import SarifReporter
from problembrief.report.text import TextReporter


class ReportFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"

    def resolve(self) -> ReportFormat:
        """`auto` is GitHub annotations inside GitHub Actions, text elsewhere."""
        if self is ReportFormat.AUTO:
            return ReportFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else ReportFormat.TEXT
        return self


_REPORTERS: dict[ReportFormat, type[Reporter]] = {
    ReportFormat.TEXT: TextReporter,
    ReportFormat.JSON: JsonReporter,
    ReportFormat.SARIF: SarifReporter,
    ReportFormat.JUNIT: JunitReporter,
    ReportFormat.GITHUB: GithubReporter,
}


def render_report(findings: Sequence[Finding], files: Sequence[str], fmt: ReportFormat,
                  *, strict: bool = False) -> str:
    return _REPORTERS[fmt.resolve()](strict=strict).render(findings, files)


__all__ = ["ReportFormat", "Reporter", "Severity", "render_report", "summary_counts", "summary_line"]
