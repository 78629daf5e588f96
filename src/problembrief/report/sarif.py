"""SARIF 2.1.0 for code scanning (GitHub and others): the rules as descriptors, findings as results.

A file that could not be checked is a result at its place (level error, so code scanning shows it) and a
tool execution notification of the run's invocation, with `executionSuccessful: false`: a viewer that
reads invocations learns the run was incomplete, not clean. The configuration used is a property of the
file's artifact. The JSON is escaped by `dumps`: data unchanged, no raw control or bidi characters."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote

from problembrief import __version__
from problembrief.findings import FileReport, Finding, RuleInfo, Severity
from problembrief.i18n import _
from problembrief.report.base import Reporter, dumps, located, speaking, with_hint

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

def _descriptors(rules: Sequence[RuleInfo]) -> list[dict[str, object]]:
    descriptors: list[dict[str, object]] = []
    for rule in rules:
        descriptor: dict[str, object] = {"id": rule.code, "name": rule.name,
                                         "shortDescription": {"text": rule.summary}}
        if rule.documentation:
            descriptor["fullDescription"] = {"text": rule.documentation}
        if rule.hint or rule.source:
            source = _("Source: {source}").format(source=rule.source) if rule.source else ""
            descriptor["help"] = {"text": f"{rule.hint}\n\n{source}".strip()}
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
        rules = _descriptors(self.rules)
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
                        result["suppressions"] = [{"kind": "inSource",
                                                   "justification": _("lint_ignore in the brief")}]
                    results.append(result)
                    if f.fatal:
                        notifications.append({"level": "error", "message": {"text": f.message},
                                              "locations": [_location(f)], "associatedRule": rule})
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "problembrief", "version": __version__, "rules": rules}},
                "invocations": [{"executionSuccessful": not notifications,
                                 "toolExecutionNotifications": notifications}],
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": _uri(r.file)}, "properties": {"config": r.config}}
                              for r in reports],
                "results": results,
            }],
        }
        return dumps(log)
