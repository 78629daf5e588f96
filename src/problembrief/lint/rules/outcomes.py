"""PB3xx: outcomes with a baseline, a target and a way to measure them."""

from __future__ import annotations

from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.lint.context import LintContext
from problembrief.lint.registry import rule
from problembrief.model import Direction
from problembrief.model.procurement import PaymentModel

_OUTCOME = """
    outcomes:
      - id: O1
        name: Færre fald
        indicator: Fald pr. 100 beboere pr. år
        direction: decrease
        measurement: Kvartalsvis udtræk fra omsorgsjournalen
"""
_BASELINE = "        baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}\n"
_TARGET = "        target: {value: 18, by: 2028-06-30}\n"


@rule(
    code="PB301", name="outcomes.no-baseline", severity=Severity.ERROR,
    summary="An outcome has no baseline (value, date and source).",
    hint="add `baseline: {value: …, date: YYYY-MM-DD, source: …}`",
    source="Outcome-based contracting: without a measured starting point no change can be shown or paid for.",
    bad=_OUTCOME + _TARGET,
    good=_OUTCOME + _BASELINE + _TARGET,
)
def no_baseline(ctx: LintContext) -> Iterator[Finding]:
    """An outcome is a change from where we are. The baseline needs a value, the date it was measured
    and its source; each missing part is named."""
    for i, outcome in enumerate(ctx.brief.outcomes):
        base = outcome.baseline
        missing = [name for name, value in (("value", base and base.value), ("date", base and base.date),
                                            ("source", base and base.source)) if value is None or value == ""]
        if base is None:
            yield ctx.finding(("outcomes", i), f"outcome {outcome.id} has no baseline")
        elif missing:
            yield ctx.finding(("outcomes", i, "baseline"),
                              f"the baseline of outcome {outcome.id} has no {' and no '.join(missing)}")


@rule(
    code="PB302", name="outcomes.no-target", severity=Severity.ERROR,
    summary="An outcome has no target (value and date).",
    hint="add `target: {value: …, by: YYYY-MM-DD}`",
    source="Outcome-based contracting: the target and its date are what the suppliers commit to.",
    bad=_OUTCOME + _BASELINE,
    good=_OUTCOME + _BASELINE + _TARGET,
)
def no_target(ctx: LintContext) -> Iterator[Finding]:
    """Without a target value and a date, nobody can say whether the outcome was reached."""
    for i, outcome in enumerate(ctx.brief.outcomes):
        goal = outcome.target
        if goal is None:
            yield ctx.finding(("outcomes", i), f"outcome {outcome.id} has no target")
        elif goal.value is None or goal.by is None:
            part = "value" if goal.value is None else "date (`by`)"
            yield ctx.finding(("outcomes", i, "target"), f"the target of outcome {outcome.id} has no {part}")


@rule(
    code="PB303", name="outcomes.target-against-direction", severity=Severity.ERROR,
    summary="The target contradicts `direction`: a decrease whose target is not below the baseline, or the reverse.",
    hint="check the direction, the baseline and the target value",
    source="Internal consistency of the outcome.",
    bad=_OUTCOME + _BASELINE + "        target: {value: 30, by: 2028-06-30}\n",
    good=_OUTCOME + _BASELINE + _TARGET,
)
def target_against_direction(ctx: LintContext) -> Iterator[Finding]:
    """A decrease must aim below the baseline and an increase above it; otherwise one of the three
    values is wrong."""
    for i, outcome in enumerate(ctx.brief.outcomes):
        base, goal = outcome.baseline, outcome.target
        if not (outcome.direction and base and goal and base.value is not None and goal.value is not None):
            continue
        if outcome.direction is Direction.DECREASE and goal.value >= base.value:
            yield ctx.finding(("outcomes", i, "target", "value"),
                              f"outcome {outcome.id} is a decrease, but its target {goal.value} is not below "
                              f"the baseline {base.value}")
        if outcome.direction is Direction.INCREASE and goal.value <= base.value:
            yield ctx.finding(("outcomes", i, "target", "value"),
                              f"outcome {outcome.id} is an increase, but its target {goal.value} is not above "
                              f"the baseline {base.value}")


@rule(
    code="PB304", name="outcomes.target-date-before-baseline", severity=Severity.ERROR,
    summary="The target date is not after the baseline date.",
    hint="the target date (`by`) must come after the date the baseline was measured",
    source="Internal consistency of the outcome.",
    bad=_OUTCOME + _BASELINE + "        target: {value: 18, by: 2025-06-30}\n",
    good=_OUTCOME + _BASELINE + _TARGET,
)
def target_date_before_baseline(ctx: LintContext) -> Iterator[Finding]:
    """A change is measured from the baseline forward in time."""
    for i, outcome in enumerate(ctx.brief.outcomes):
        base, goal = outcome.baseline, outcome.target
        if base and goal and base.date and goal.by and goal.by <= base.date:
            yield ctx.finding(("outcomes", i, "target", "by"),
                              f"outcome {outcome.id}: target date {goal.by} is not after the baseline date {base.date}")


@rule(
    code="PB305", name="outcomes.no-measurement", severity=Severity.WARNING,
    summary="An outcome has no `measurement` method.",
    hint="say how, from which data source and how often the indicator is measured",
    source="Outcome-based contracting: the method of measurement must be agreed before the contract.",
    bad=_OUTCOME.replace("        measurement: Kvartalsvis udtræk fra omsorgsjournalen\n", "") + _BASELINE + _TARGET,
    good=_OUTCOME + _BASELINE + _TARGET,
)
def no_measurement(ctx: LintContext) -> Iterator[Finding]:
    """An indicator that nobody knows how to measure cannot be followed up or paid for."""
    for i, outcome in enumerate(ctx.brief.outcomes):
        if not outcome.measurement:
            yield ctx.finding(("outcomes", i), f"outcome {outcome.id} has no `measurement`")


@rule(
    code="PB306", name="outcomes.payment-not-linked", severity=Severity.ERROR,
    summary="`payment_model` is `outcome_based` or `hybrid`, but no outcome is `payment_linked`.",
    hint="mark the outcomes payment depends on with `payment_linked: true`",
    source="Outcome-based contracting: the contract must say which outcomes trigger payment.",
    bad="procurement:\n  procedure: open\n  payment_model: hybrid\n",
    good="procurement:\n  procedure: open\n  payment_model: fixed\n",
)
def payment_not_linked(ctx: LintContext) -> Iterator[Finding]:
    """An outcome-based or hybrid payment model pays for outcomes; at least one must be marked."""
    model = ctx.brief.procurement.payment_model
    if model in (PaymentModel.OUTCOME_BASED, PaymentModel.HYBRID) and not any(
            o.payment_linked for o in ctx.brief.outcomes):
        yield ctx.finding(("procurement", "payment_model"),
                          f"payment model is {model.value}, but no outcome is `payment_linked`")
