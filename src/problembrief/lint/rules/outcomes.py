"""PB3xx: outcomes with a baseline, a target and a way to measure them."""

from __future__ import annotations

from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.i18n import N_, _, pgettext
from problembrief.lint.context import LintContext
from problembrief.lint.registry import rule
from problembrief.model import Direction
from problembrief.model.procurement import PaymentModel


@rule(
    code="PB301", name="outcomes.no-baseline", severity=Severity.ERROR,
    summary=N_("An outcome has no baseline (value, date and source)."),
    hint=N_("add `baseline: {value: …, date: YYYY-MM-DD, source: …}`"),
    source=N_("Outcome-based contracting: without a measured starting point no change can be shown or paid for."),
    bad=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            target: {value: 18, by: 2028-06-30}
        """),
    good=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2028-06-30}
        """),
    doc=N_("An outcome is a change from where we are. The baseline needs a value, the date it was measured "
           "and its source; each missing part is named."),
)
def no_baseline(ctx: LintContext) -> Iterator[Finding]:
    for i, outcome in enumerate(ctx.brief.outcomes):
        base = outcome.baseline
        if base is None:
            yield ctx.finding(("outcomes", i), _("outcome {id} has no baseline").format(id=outcome.id))
            continue
        # Each part's name is looked up only when the part is missing: most baselines miss nothing.
        missing = [name() for name, value in ((lambda: pgettext("baseline", "value"), base.value),
                                              (lambda: pgettext("baseline", "date"), base.date),
                                              (lambda: pgettext("baseline", "source"), base.source))
                   if value is None or value == ""]
        if missing:
            yield ctx.finding(("outcomes", i, "baseline"),
                              _("the baseline of outcome {id} has no {missing}").format(
                                  id=outcome.id, missing=_(" and no ").join(missing)))


@rule(
    code="PB302", name="outcomes.no-target", severity=Severity.ERROR,
    summary=N_("An outcome has no target (value and date)."),
    hint=N_("add `target: {value: …, by: YYYY-MM-DD}`"),
    source=N_("Outcome-based contracting: the target and its date are what the suppliers commit to."),
    bad=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
        """),
    good=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2028-06-30}
        """),
    doc=N_("Without a target value and a date, nobody can say whether the outcome was reached."),
)
def no_target(ctx: LintContext) -> Iterator[Finding]:
    for i, outcome in enumerate(ctx.brief.outcomes):
        goal = outcome.target
        if goal is None:
            yield ctx.finding(("outcomes", i), _("outcome {id} has no target").format(id=outcome.id))
        elif goal.value is None or goal.by is None:
            message = (_("the target of outcome {id} has no value") if goal.value is None
                       else _("the target of outcome {id} has no date (`by`)"))
            yield ctx.finding(("outcomes", i, "target"), message.format(id=outcome.id))


@rule(
    code="PB303", name="outcomes.target-against-direction", severity=Severity.ERROR,
    summary=N_("The target contradicts `direction`: a decrease whose target is not below the baseline, or the "
               "reverse."),
    hint=N_("check the direction, the baseline and the target value"),
    source=N_("Internal consistency of the outcome."),
    bad=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 30, by: 2028-06-30}
        """),
    good=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2028-06-30}
        """),
    doc=N_("A decrease must aim below the baseline and an increase above it; otherwise one of the three "
           "values is wrong."),
)
def target_against_direction(ctx: LintContext) -> Iterator[Finding]:
    for i, outcome in enumerate(ctx.brief.outcomes):
        base, goal = outcome.baseline, outcome.target
        if not (outcome.direction and base and goal and base.value is not None and goal.value is not None):
            continue
        if outcome.direction is Direction.DECREASE and goal.value >= base.value:
            yield ctx.finding(("outcomes", i, "target", "value"),
                              _("outcome {id} is a decrease, but its target {target} is not below the baseline "
                                "{baseline}").format(id=outcome.id, target=goal.value, baseline=base.value))
        if outcome.direction is Direction.INCREASE and goal.value <= base.value:
            yield ctx.finding(("outcomes", i, "target", "value"),
                              _("outcome {id} is an increase, but its target {target} is not above the baseline "
                                "{baseline}").format(id=outcome.id, target=goal.value, baseline=base.value))


@rule(
    code="PB304", name="outcomes.target-date-before-baseline", severity=Severity.ERROR,
    summary=N_("The target date is not after the baseline date."),
    hint=N_("the target date (`by`) must come after the date the baseline was measured"),
    source=N_("Internal consistency of the outcome."),
    bad=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2025-06-30}
        """),
    good=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2028-06-30}
        """),
    doc=N_("A change is measured from the baseline forward in time."),
)
def target_date_before_baseline(ctx: LintContext) -> Iterator[Finding]:
    for i, outcome in enumerate(ctx.brief.outcomes):
        base, goal = outcome.baseline, outcome.target
        if base and goal and base.date and goal.by and goal.by <= base.date:
            yield ctx.finding(("outcomes", i, "target", "by"),
                              _("outcome {id}: target date {target} is not after the baseline date {baseline}").format(
                                  id=outcome.id, target=goal.by, baseline=base.date))


@rule(
    code="PB305", name="outcomes.no-measurement", severity=Severity.WARNING,
    summary=N_("An outcome has no `measurement` method."),
    hint=N_("say how, from which data source and how often the indicator is measured"),
    source=N_("Outcome-based contracting: the method of measurement must be agreed before the contract."),
    bad=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2028-06-30}
        """),
    good=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            measurement: Quarterly extract from the care records
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2028-06-30}
        """),
    doc=N_("An indicator that nobody knows how to measure cannot be followed up or paid for."),
)
def no_measurement(ctx: LintContext) -> Iterator[Finding]:
    for i, outcome in enumerate(ctx.brief.outcomes):
        if not outcome.measurement:
            yield ctx.finding(("outcomes", i), _("outcome {id} has no `measurement`").format(id=outcome.id))


@rule(
    code="PB306", name="outcomes.payment-not-linked", severity=Severity.ERROR,
    summary=N_("`payment_model` is `outcome_based` or `hybrid`, but no outcome is `payment_linked`."),
    hint=N_("mark the outcomes payment depends on with `payment_linked: true`"),
    source=N_("Outcome-based contracting: the contract must say which outcomes trigger payment."),
    bad=N_("""
        procurement:
          procedure: open
          payment_model: hybrid
        """),
    good=N_("""
        procurement:
          procedure: open
          payment_model: fixed
        """),
    doc=N_("An outcome-based or hybrid payment model pays for outcomes; at least one must be marked."),
)
def payment_not_linked(ctx: LintContext) -> Iterator[Finding]:
    model = ctx.brief.procurement.payment_model
    if model in (PaymentModel.OUTCOME_BASED, PaymentModel.HYBRID) and not any(
            o.payment_linked for o in ctx.brief.outcomes):
        yield ctx.finding(("procurement", "payment_model"),
                          _("payment model is {model}, but no outcome is `payment_linked`").format(model=model.value))
