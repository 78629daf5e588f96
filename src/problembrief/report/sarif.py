"""SARIF 2.1.0 for code scanning (GitHub and others): the rules as descriptors, findings as results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote

from problembrief import __version__
from problembrief.findings import Finding, Severity
from problembrief.report.base import Reporter

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _descriptors() -> list[dict[str, object]]:
    from problembrief.lint import all_rules
    from problembrief.validate import SCHEMA_CODES

    rules: list[dict[str, object]] = [
        {"id": code, "name": name, "shortDescription": {"text": summary},
         "defaultConfiguration": {"level": "error"}}
        for code, (name, summary) in sorted(SCHEMA_CODES.items())
    ]
    for rule in all_rules():
        rules.append({
            "id": rule.code, "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.documentation},
            "help": {"text": f"{rule.hint}\n\nSource: {rule.source}"},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        })
    return rules


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix())


class SarifReporter(Reporter):
    def render(self, findings: Sequence[Finding], files: Sequence[str]) -> str:
        rules = _descriptors()
        index = {rule["id"]: i for i, rule in enumerate(rules)}
        results = []
        for f in findings:
            region: dict[str, int] = {}
            if f.line is not None:
                region = {"startLine": f.line, "startColumn": f.column or 1}
            location: dict[str, object] = {"artifactLocation": {"uri": _uri(f.file or "")}}
            if region:
                location["region"] = region
            result: dict[str, object] = {
                "ruleId": f.code,
                "level": "error" if self.fails(f) else _LEVEL[f.severity],
                "message": {"text": f.message + (f" (hint: {f.hint})" if f.hint else "")},
                "locations": [{"physicalLocation": location}],
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            if f.path:
                result["properties"] = {"path": f.path}
            if f.suppressed:
                result["suppressions"] = [{"kind": "inSource", "justification": "lint_ignore in the brief"}]
            results.append(result)
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "problembrief", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": _uri(file)}} for file in files],
                "results": results,
            }],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
