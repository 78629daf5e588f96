"""Run the selected rules over one brief and apply configuration, the brief's own lint_ignore and its
suppression comments (`# problembrief: disable=…`, lint/inline.py)."""

from __future__ import annotations

from dataclasses import replace

from problembrief.errors import UsageError
from problembrief.findings import Finding
from problembrief.i18n import _
from problembrief.lint.catalogue import all_rules, code_problem
from problembrief.lint.config import LintConfig
from problembrief.lint.context import LintContext
from problembrief.lint.inline import OWN_CODES, read_suppressions
from problembrief.lint.registry import Rule
from problembrief.load import LoadedBrief
from problembrief.model import Brief


def lint(brief: Brief, loaded: LoadedBrief, config: LintConfig | None = None) -> list[Finding]:
    """The findings of the rules. Raises UsageError when the brief's `lint_ignore` names no known code.

    The rules about the suppression comments themselves (PB023, PB024) run last, once the comments have been
    applied to the other rules' findings (or, with `config.inline_ignore` False, found to be refused)."""
    config = config or LintConfig()
    silenced = lint_ignore(brief, loaded)
    context = LintContext(brief=brief, loaded=loaded, config=config, suppressions=read_suppressions(loaded))
    rules = all_rules()
    findings: list[Finding] = []
    for rule in rules:
        if rule.code not in OWN_CODES:
            findings += _run(rule, context, silenced)
    findings = context.suppressions.apply(findings, enabled=config.inline_ignore)
    for rule in rules:
        if rule.code in OWN_CODES:
            findings += _run(rule, context, silenced)
    return findings


def _run(rule: Rule, context: LintContext, silenced: tuple[str, ...]) -> list[Finding]:
    config = context.config
    if not config.enabled(rule.code):
        return []
    context.code = rule.code
    context.severity = config.severity.get(rule.code, rule.severity)
    context.hint_id = rule.hint_id  # translated by the context when a finding takes it (Rule.hint's words)
    quiet = any(rule.code.startswith(prefix) for prefix in silenced)
    return [replace(finding, suppressed=True, suppressed_by="lint_ignore") if quiet else finding
            for finding in rule.check(context)]


def lint_ignore(brief: Brief, loaded: LoadedBrief) -> tuple[str, ...]:
    """The brief's `lint_ignore`, normalised: codes or prefixes, as `--ignore` takes them.

    An entry that names no known code is a UsageError at its line: it would silence nothing, and the
    author believes it silences something."""
    codes: list[str] = []
    for index, written in enumerate(brief.lint_ignore):
        code = written.strip().upper()
        problem = code_problem(code)
        if problem:
            line, column = loaded.position_of(("lint_ignore", index)) or (None, None)
            raise UsageError(_("`lint_ignore[{index}]`: {problem}").format(index=index, problem=problem),
                             path=loaded.path, line=line, column=column,
                             field=f"lint_ignore[{index}]")
        codes.append(code)
    return tuple(codes)
