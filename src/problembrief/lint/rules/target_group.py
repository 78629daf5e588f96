"""PB2xx: the target group, and the citizens and staff who take part in shaping the work."""

from __future__ import annotations

from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.i18n import N_, _
from problembrief.lint.context import LintContext
from problembrief.lint.registry import rule


@rule(
    code="PB201", name="target-group.no-size", severity=Severity.WARNING,
    summary=N_("`target_group.size` is missing: how many people have the problem?"),
    hint=N_("add `size: {count: …, unit: …, source: …}`"),
    source=N_("Problem-based method: the size of the target group decides the business case and the scale-up."),
    bad=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
        """),
    good=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
          size: {count: 430, unit: residents, source: Care records}
        """),
    doc=N_("Suppliers price and municipalities decide on scale from the number of people affected."),
)
def no_size(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.target_group.size is None:
        yield ctx.finding(("target_group",), _("`target_group.size` is missing"), prefer_key=True)


@rule(
    code="PB202", name="target-group.no-involvement", severity=Severity.WARNING,
    summary=N_("No `target_group.involvement`: neither citizens nor staff take part in shaping the work."),
    hint=N_("say who takes part, how and when (interviews, workshops, trials with citizens and staff)"),
    source=N_("KL and Welfare Tech on co-creation: involve citizens and staff early, before the market "
              "dialogue."),
    bad=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
        """),
    good=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
          involvement:
            - {who: Night staff, how: Workshops}
        """),
    doc=N_("Technology that is shaped without the people who will live and work with it too often fails in "
           "practice. The brief should say how citizens and staff take part."),
)
def no_involvement(ctx: LintContext) -> Iterator[Finding]:
    if not ctx.brief.target_group.involvement:
        yield ctx.finding(("target_group",), _("no `target_group.involvement`"), prefer_key=True)


@rule(
    code="PB203", name="target-group.no-users", severity=Severity.INFO,
    summary=N_("No `target_group.users`: the staff who will work with a solution are not described."),
    hint=N_("list the roles, how many they are and what they need"),
    source=N_("Welfare technology practice: staff time and routines decide whether a solution is used."),
    bad=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
        """),
    good=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
          users:
            - {role: Night staff, count: 95}
        """),
    doc=N_("A solution is used by staff as well as citizens: their number and needs shape it."),
)
def no_users(ctx: LintContext) -> Iterator[Finding]:
    if not ctx.brief.target_group.users:
        yield ctx.finding(("target_group",), _("no `target_group.users`"), prefer_key=True)
