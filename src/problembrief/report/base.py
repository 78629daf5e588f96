"""The reporter interface, the counts every format shares, and the escaping of user text.

File names and messages come from the user (a message quotes the brief's keys and values), so a report
could carry terminal escape sequences, line breaks that forge a finding line, or bidi overrides that make
a line read differently from what it says. Every format passes user text through `visible` (line formats,
XML) or `dumps` (JSON formats) below, so no report ever carries such a character raw.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace

from problembrief import i18n
from problembrief.findings import INVISIBLE, FileReport, Finding, LazyPattern, RuleInfo, Severity, fails, printable
from problembrief.i18n import _, ngettext, pgettext

# Characters json.dumps leaves raw with ensure_ascii=False (it escapes the C0 controls itself).
_RAW_IN_JSON = LazyPattern(f"[{INVISIBLE}]")  # compiled for the JSON formats only

# The status of a file whose check could not run, by the code of its fatal finding; any other code
# (PB000 internal error, PB004 usage, PB005 template, PB006 output) is "failed".
FATAL_STATUS = {"PB001": "unreadable", "PB002": "invalid"}


def _count_words(name: str, count: int) -> str:
    """"1 error", "2 warnings", "1 not valid YAML": a count of the summary line, in the language in force."""
    words = {
        "unreadable": lambda: ngettext("{count} could not be read", "{count} could not be read", count),
        "invalid": lambda: ngettext("{count} not valid YAML", "{count} not valid YAML", count),
        "failed": lambda: ngettext("{count} failed", "{count} failed", count),
        "error": lambda: ngettext("{count} error", "{count} errors", count),
        "warning": lambda: ngettext("{count} warning", "{count} warnings", count),
        "info": lambda: ngettext("{count} info", "{count} infos", count),
        "suppressed": lambda: ngettext("{count} suppressed", "{count} suppressed", count),
    }
    return words[name]().format(count=count)


def severity_word(severity: Severity | str) -> str:
    """A severity as a word for people (the text format, JUnit's output), in the language in force. The
    machine formats (JSON, SARIF, GitHub's commands) keep `error`, `warning`, `info` as they are."""
    value = Severity(severity)
    if value is Severity.ERROR:
        return pgettext("severity", "error")
    if value is Severity.WARNING:
        return pgettext("severity", "warning")
    return pgettext("severity", "info")


def speaking(report: FileReport) -> AbstractContextManager[object]:
    """Inside: the language of the report's messages, so a report's own words about a file match them."""
    return i18n.language(report.language) if report.language else nullcontext()


def with_hint(message: str, hint: str | None) -> str:
    """A message and its hint on one line (GitHub's annotations, SARIF's results)."""
    return i18n._("{message} (hint: {hint})").format(message=message, hint=hint) if hint else message


def explanation(rule: RuleInfo) -> str:
    """A rule explained as `problembrief rules CODE` shows it (and SARIF's help text): its code, name and
    level, its summary, why, how to fix it, its source, a bad and a good example; what it has of them."""
    parts = [f"{rule.code} {rule.name} [{severity_word(rule.severity)}]", rule.summary]
    if rule.documentation:
        parts.append(rule.documentation)
    if rule.hint:
        parts.append(i18n._("Fix: {hint}").format(hint=rule.hint))
    if rule.source:
        parts.append(i18n._("Source: {source}").format(source=rule.source))
    for label, example in ((i18n._("Bad:"), rule.bad), (i18n._("Good:"), rule.good)):
        if example:
            parts.append(label + "\n" + "\n".join(f"    {line}" for line in example.splitlines()))
    return "\n\n".join(parts) + "\n"


def visible(text: str) -> str:
    """User text for a line format or XML: every unsafe character as a visible escape (findings.printable)."""
    return printable(text)


def dumps(payload: object) -> str:
    """JSON that keeps Danish letters readable (ensure_ascii=False) but escapes, by JSON's own `\\uXXXX`
    rule, every character a terminal, an editor or a JavaScript reader could take for a control; the
    decoded data is unchanged. The rest of the document is ASCII, so only characters inside strings match."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def fatal_status(fatal: Finding) -> str:
    return FATAL_STATUS.get(fatal.code, "failed")


def file_status(report: FileReport, *, strict: bool) -> str:
    """ok, findings (one fails the check, as the exit code 1 means), unreadable, invalid or failed."""
    fatal = report.fatal
    if fatal is not None:
        return fatal_status(fatal)
    return "findings" if any(fails(f, strict=strict) for f in report.findings) else "ok"


def located(report: FileReport) -> Iterator[Finding]:
    """The report's findings, each naming its file (a fatal finding made from an exception may not)."""
    for finding in report.findings:
        yield finding if finding.file else replace(finding, file=report.file)


class Reporter:
    """Turns the reports of one run (one per file, in the order given) into the text of one report."""

    def __init__(self, *, strict: bool = False, rules: Sequence[RuleInfo] = ()) -> None:
        self.strict = strict
        self.rules = rules  # the codes described, for formats that carry descriptions (SARIF)

    def render(self, reports: Sequence[FileReport]) -> str:
        raise NotImplementedError

    def fails(self, finding: Finding) -> bool:
        # One definition of failing for the exit code and every format.
        return fails(finding, strict=self.strict)

    def is_error(self, finding: Finding) -> bool:
        """Shown at error level: a finding that fails the check (a warning under --strict too), or a file
        that could not be checked at all."""
        return finding.fatal or self.fails(finding)


def summary_counts(reports: Sequence[FileReport]) -> dict[str, int]:
    """Findings by severity (suppressed ones apart), and files that could not be checked by status. A fatal
    finding counts as its file's status, not as an error: "1 not valid YAML", not "1 error" too."""
    counts = {s.value: 0 for s in Severity}
    counts.update(suppressed=0, unreadable=0, invalid=0, failed=0)
    for report in reports:
        fatal = report.fatal
        if fatal is not None:
            counts[fatal_status(fatal)] += 1
        for f in report.findings:
            if not f.fatal:
                counts["suppressed" if f.suppressed else f.severity.value] += 1
    return counts


def summary_line(reports: Sequence[FileReport]) -> str:
    """"2 files checked: 1 not valid YAML, 1 error, 0 warnings, 0 infos, 1 suppressed", in the language in
    force (the command line chooses it: --lang, else the briefs' language when they share one)."""
    counts = summary_counts(reports)
    names = [status for status in ("unreadable", "invalid", "failed") if counts[status]]
    names += ["error", "warning", "info"] + (["suppressed"] if counts["suppressed"] else [])
    parts = ", ".join(_count_words(name, counts[name]) for name in names)
    return ngettext("{count} file checked: {counts}", "{count} files checked: {counts}", len(reports)).format(
        count=len(reports), counts=parts)


def suppression(finding: Finding) -> str:
    """Why a suppressed finding is silenced, in the report's language: by `lint_ignore` or by a comment."""
    if finding.suppressed_by == "comment":
        return _("suppressed by a comment in the brief")
    return _("suppressed by lint_ignore")
