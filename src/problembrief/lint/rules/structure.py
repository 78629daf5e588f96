"""PB0xx: conditions across fields that the schema cannot express."""

from __future__ import annotations

from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.lint.context import LintContext
from problembrief.lint.registry import _REGISTRY, rule


@rule(
    code="PB020", name="structure.duplicate-id", severity=Severity.ERROR,
    summary="The same `id` twice in one list (outcomes, constraints, data).",
    hint="give every item its own id; references (such as POC success criteria) need them to be unique",
    source="The brief format: ids are short tokens used for cross-references.",
    bad="""
        constraints:
          - {id: C1, description: Data i EU/EØS}
          - {id: C1, description: Ingen nye opgaver om natten}
        """,
    good="""
        constraints:
          - {id: C1, description: Data i EU/EØS}
          - {id: C2, description: Ingen nye opgaver om natten}
        """,
)
def duplicate_ids(ctx: LintContext) -> Iterator[Finding]:
    """An id names one outcome, constraint or data asset. When two items share an id, a success
    criterion or a reference to it is ambiguous, and a reader cannot tell which one is meant."""
    lists = {"outcomes": ctx.brief.outcomes, "constraints": ctx.brief.constraints, "data": ctx.brief.data}
    for section, items in lists.items():
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id is None:
                continue
            if item.id in first:
                yield ctx.finding((section, index, "id"),
                                  f"`{section}[{index}].id` {item.id} is already used by {section}[{first[item.id]}]")
            else:
                first[item.id] = index


@rule(
    code="PB021", name="structure.unknown-rule-in-lint-ignore", severity=Severity.WARNING,
    summary="`lint_ignore` names a rule that does not exist.",
    hint="see `problembrief rules` for the codes",
    source="rules.md: codes are stable; a misspelt code would silence nothing.",
    bad="lint_ignore: [PB999]",
    good="lint_ignore: [PB105]",
)
def unknown_ignored_rule(ctx: LintContext) -> Iterator[Finding]:
    """A code in `lint_ignore` that no rule has silences nothing: usually a typo."""
    for index, code in enumerate(ctx.brief.lint_ignore):
        if code.upper() not in _REGISTRY:
            yield ctx.finding(("lint_ignore", index), f"`lint_ignore[{index}]` {code} is not a rule code")
