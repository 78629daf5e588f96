"""Run the selected rules over one brief and apply configuration and the brief's own lint_ignore."""

from __future__ import annotations

from dataclasses import replace

from problembrief.findings import Finding
from problembrief.lint.config import LintConfig
from problembrief.lint.context import LintContext
from problembrief.lint.registry import all_rules
from problembrief.load import LoadedBrief
from problembrief.model import Brief


def lint(brief: Brief, loaded: LoadedBrief, config: LintConfig | None = None) -> list[Finding]:
    config = config or LintConfig()
    silenced = {code.upper() for code in brief.lint_ignore}
    findings: list[Finding] = []
    context = LintContext(brief=brief, loaded=loaded, config=config)
    for rule in all_rules():
        if not config.enabled(rule.code):
            continue
        context.code = rule.code
        context.severity = config.severity.get(rule.code, rule.severity)
        context.hint = rule.hint
        for finding in rule.check(context):
            findings.append(replace(finding, suppressed=True) if rule.code in silenced else finding)
    return findings
