"""Reporters: one interface, one class per format, chosen by an Enum.

The report goes to stdout, the summary line to stderr (as pip-audit does), so CI can parse the report.
This module stays light (the command line imports it for the --format choices); the reporters load when
a report is rendered.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from enum import StrEnum

from problembrief.findings import Finding
from problembrief.report.base import Reporter, summary_counts, summary_line


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


_REPORTERS = {
    ReportFormat.TEXT: ("text", "TextReporter"),
    ReportFormat.JSON: ("json", "JsonReporter"),
    ReportFormat.SARIF: ("sarif", "SarifReporter"),
    ReportFormat.JUNIT: ("junit", "JunitReporter"),
    ReportFormat.GITHUB: ("github", "GithubReporter"),
}


def render_report(findings: Sequence[Finding], files: Sequence[str], fmt: ReportFormat,
                  *, strict: bool = False) -> str:
    module, name = _REPORTERS[fmt.resolve()]
    reporter: type[Reporter] = getattr(importlib.import_module(f"problembrief.report.{module}"), name)
    return reporter(strict=strict).render(findings, files)


__all__ = ["ReportFormat", "Reporter", "render_report", "summary_counts", "summary_line"]
