"""Reporters: one interface, one class per format, chosen by an Enum.

The report goes to stdout, the summary line to stderr (as pip-audit does), so CI can parse the report.
This module stays light (the command line imports it for the --format choices); the reporters load when
a report is rendered.

A file that could not be checked (a FileReport with a fatal finding: PB001 unreadable, PB002 not valid
YAML, PB000/PB004-PB006 failed) is a result in every format, at its line: JUnit <error>, a SARIF result and
a tool execution notification, a JSON finding and file status, a GitHub ::error, a GitLab Code Quality
`blocker` issue, a text error line.

Where each format names the configuration file that judged a file (FileReport.config; None is the
built-in defaults):
- json: `files[i].config` (null for the defaults);
- sarif: `runs[0].artifacts[i].properties.config` (null for the defaults);
- junit: `<property name="config" value=…/>` in the file's test suite, only when there is one;
- gitlab: nothing (a Code Quality issue has no place for it);
- text and github: nothing. Both are line formats that editors and the Actions runner parse line by line
  (`file:line:col: severity CODE message`, `::error …`), and scripts count their lines; a config line
  would be read as one more finding. The command line can say it on stderr.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from enum import StrEnum

from problembrief.findings import FileReport, RuleInfo
from problembrief.report.base import Reporter, summary_counts, summary_line


class ReportFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    GITLAB = "gitlab"

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
    ReportFormat.GITLAB: ("gitlab", "GitlabReporter"),
}


def render_report(reports: Sequence[FileReport], fmt: ReportFormat, *, strict: bool = False,
                  rules: Sequence[RuleInfo] = ()) -> str:
    """The report of one run: one FileReport per input file, in the order given, findings already sorted.
    `rules` describes the codes, for the formats that carry descriptions (SARIF); the caller has the catalogue."""
    module, name = _REPORTERS[fmt.resolve()]
    reporter: type[Reporter] = getattr(importlib.import_module(f"problembrief.report.{module}"), name)
    return reporter(strict=strict, rules=rules).render(reports)


__all__ = ["ReportFormat", "Reporter", "render_report", "summary_counts", "summary_line"]
