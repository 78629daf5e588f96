"""PB0xx: conditions across fields that the schema cannot express."""

from __future__ import annotations

from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.i18n import N_, _
from problembrief.lint.context import LintContext
from problembrief.lint.registry import rule


@rule(
    code="PB020", name="structure.duplicate-id", severity=Severity.ERROR,
    summary=N_("The same `id` twice in one list (outcomes, constraints, data)."),
    hint=N_("give every item its own id; references (such as POC success criteria) need them to be unique"),
    source=N_("The brief format: ids are short tokens used for cross-references."),
    bad=N_("""
        constraints:
          - {id: C1, description: Data in the EU/EEA}
          - {id: C1, description: No new tasks at night}
        """),
    good=N_("""
        constraints:
          - {id: C1, description: Data in the EU/EEA}
          - {id: C2, description: No new tasks at night}
        """),
    doc=N_("An id names one outcome, constraint or data asset. When two items share an id, a success "
           "criterion or a reference to it is ambiguous, and a reader cannot tell which one is meant."),
)
def duplicate_ids(ctx: LintContext) -> Iterator[Finding]:
    lists = {"outcomes": ctx.brief.outcomes, "constraints": ctx.brief.constraints, "data": ctx.brief.data}
    for section, items in lists.items():
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id is None:
                continue
            if item.id in first:
                yield ctx.finding((section, index, "id"),
                                  _("`{section}[{index}].id` {id} is already used by {section}[{first}]").format(
                                      section=section, index=index, id=item.id, first=first[item.id]))
            else:
                first[item.id] = index


# PB021 (structure.unknown-rule-in-lint-ignore) is retired: an unknown code in `lint_ignore` is now a
# usage error raised by the runner at the entry's line, so it can no longer silence nothing unnoticed.
