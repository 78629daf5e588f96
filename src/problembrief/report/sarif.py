"""SARIF 2.1.0 for code scanning (GitHub and others): the rules as descriptors, findings as results.

A file that could not be checked is a result at its place (level error, so code scanning shows it) and a
tool execution notification of the run's invocation, with `executionSuccessful: false`: a viewer that
reads invocations learns the run was incomplete, not clean. The configuration used is a property of the
file's artifact. The JSON is escaped by `dumps`: data unchanged, no raw control or bidi characters."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote, urlsplit, urlunsplit

from problembrief import __version__
from problembrief.findings import FileReport, Finding, RuleInfo, Severity
from problembrief.i18n import _
from problembrief.report.base import Reporter, dumps, explanation, located, speaking, visible, with_hint

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Where the README of this installation is published (its rule table is at `#rules`): SARIF's helpUri and
# informationUri must be absolute URIs, and the project has no public address yet, so there is no default.
# The environment variable wins; else the package's own metadata (a `Documentation`, `Homepage`, `Source` or
# `Repository` entry of `[project.urls]`); else the descriptors carry their help text without a helpUri.
DOCS_URL_VARIABLE = "PROBLEMBRIEF_DOCS_URL"
_URL_LABELS = ("documentation", "homepage", "source", "repository")


def _absolute(url: str) -> str | None:
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(fragment="")) if parts.scheme in ("http", "https") and parts.netloc else None


def docs_url() -> str | None:
    """The absolute address of the README (no anchor), or None when none is known."""
    configured = os.environ.get(DOCS_URL_VARIABLE)
    if configured:
        return _absolute(configured)
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        entries = metadata("problembrief").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    urls = {}
    for entry in entries:
        label, _sep, url = entry.partition(",")
        urls[label.strip().lower()] = url
    return next((_absolute(urls[label]) for label in _URL_LABELS if label in urls and _absolute(urls[label])),
                None)


def _descriptors(rules: Sequence[RuleInfo], docs: str | None) -> list[dict[str, object]]:
    descriptors: list[dict[str, object]] = []
    for rule in rules:
        descriptor: dict[str, object] = {"id": rule.code, "name": rule.name,
                                         "shortDescription": {"text": rule.summary}}
        if rule.documentation:
            descriptor["fullDescription"] = {"text": rule.documentation}
        # What `problembrief rules CODE` says, word for word; code scanning shows it beside the result.
        descriptor["help"] = {"text": explanation(rule).rstrip("\n")}
        if docs:
            descriptor["helpUri"] = f"{docs}#rules"
        descriptor["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
        descriptors.append(descriptor)
    return descriptors


def _uri(path: str) -> str:
    posix = PurePath(path).as_posix()
    try:
        # A file name that is not UTF-8 reaches us with its bytes as lone surrogates: give back the bytes.
        raw = posix.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = posix.encode("utf-8", "backslashreplace")  # a surrogate no file system gives: shown, not a crash
    return quote(raw)


def _location(f: Finding) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": {"uri": _uri(f.file or "")}}
    if f.line is not None:
        location["region"] = {"startLine": f.line, "startColumn": f.column or 1}
    return {"physicalLocation": location}


class SarifReporter(Reporter):
    def render(self, reports: Sequence[FileReport]) -> str:
        docs = docs_url()
        rules = _descriptors(self.rules, docs)
        index = {rule["id"]: i for i, rule in enumerate(rules)}
        results: list[dict[str, object]] = []
        notifications: list[dict[str, object]] = []
        for report in reports:
            with speaking(report):
                for f in located(report):
                    rule: dict[str, object] = {"id": f.code}
                    result: dict[str, object] = {
                        "ruleId": f.code,
                        "level": "error" if self.is_error(f) else _LEVEL[f.severity],
                        "message": {"text": with_hint(f.message, f.hint)},
                        "locations": [_location(f)],
                    }
                    if f.code in index:
                        result["ruleIndex"] = rule["index"] = index[f.code]
                    if f.path:
                        result["properties"] = {"path": f.path}
                    if f.suppressed:
                        justification = (visible(f.suppression_reason) if f.suppression_reason else
                                         _("a comment in the brief") if f.suppressed_by == "comment" else
                                         _("lint_ignore in the brief"))
                        result["suppressions"] = [{"kind": "inSource", "justification": justification}]
                    results.append(result)
                    if f.fatal:
                        notifications.append({"level": "error", "message": {"text": f.message},
                                              "locations": [_location(f)], "associatedRule": rule})
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "problembrief", "version": __version__, "rules": rules,
                                    **({"informationUri": docs} if docs else {})}},
                "invocations": [{"executionSuccessful": not notifications,
                                 "toolExecutionNotifications": notifications}],
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": _uri(r.file)}, "properties": {"config": r.config}}
                              for r in reports],
                "results": results,
            }],
        }
        return dumps(log)
