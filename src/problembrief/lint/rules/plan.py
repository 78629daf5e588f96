"""PB5xx: the proof of concept and the plan after it, decided before the POC starts."""

from __future__ import annotations

from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.i18n import N_, _
from problembrief.lint.context import LintContext
from problembrief.lint.registry import rule
from problembrief.model import Procedure, ProcurementRoute

_IDS_SHOWN = 10

@rule(
    code="PB501", name="plan.poc-without-scale-up", severity=Severity.ERROR,
    summary=N_("A `poc` without `scale_up`: the plan after a good POC is decided before the POC starts."),
    hint=N_("add `scale_up` with the decision, the route, the funding and who runs it"),
    source=N_("KL and CO-PI on scaling welfare technology: a pilot without a decided plan for scale-up ends in "
              "a drawer, however good it is."),
    bad=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        """),
    good=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    doc=N_("Pilots that succeed but are never scaled are the commonest waste in welfare technology. Decide "
           "before the POC who decides afterwards, by which criteria, with what money and through which "
           "route."),
)
def poc_without_scale_up(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.poc is not None and ctx.brief.scale_up is None:
        yield ctx.finding(("poc",), _("`poc` is given but `scale_up` is missing"), prefer_key=True)


@rule(
    code="PB502", name="plan.criterion-without-outcome", severity=Severity.ERROR,
    summary=N_("A POC success criterion points at no outcome, or at an outcome id that does not exist."),
    hint=N_("set `outcome:` to the id of one of the outcomes (O1, O2, …)"),
    source=N_("The brief format: every success criterion points at an outcome."),
    bad=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O9, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    good=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    doc=N_("The POC is a success when the outcomes move; a criterion that names no outcome measures "
           "something the brief does not ask for."),
)
def criterion_without_outcome(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.poc is None:
        return
    ids = [o.id for o in ctx.brief.outcomes]
    known = set(ids)  # a set, not the list: criteria × outcomes comparisons grow quadratically
    # Every message lists the known ids; a few are enough to see the pattern, and listing thousands in
    # each of thousands of messages would make the output itself quadratic.
    shown = ", ".join(map(str, ids[:_IDS_SHOWN])) + (_(" and {count} more").format(count=len(ids) - _IDS_SHOWN)
                                                     if len(ids) > _IDS_SHOWN else "")
    for index, criterion in enumerate(ctx.brief.poc.success_criteria):
        if criterion.outcome not in known:
            yield ctx.finding(("poc", "success_criteria", index, "outcome"),
                              _("success criterion {number} points at `{outcome}`, which is not an outcome "
                                "(known: {known})").format(number=index + 1, outcome=criterion.outcome, known=shown))


@rule(
    code="PB503", name="plan.decision-before-poc-ends", severity=Severity.ERROR,
    summary=N_("The scale-up decision is dated before the POC ends."),
    hint=N_("the decision needs the POC's results: date it after `poc.end`"),
    source=N_("Internal consistency of the plan."),
    bad=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-01-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    good=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    doc=N_("A decision taken before the results exist cannot rest on them."),
)
def decision_before_poc_ends(ctx: LintContext) -> Iterator[Finding]:
    poc, scale_up = ctx.brief.poc, ctx.brief.scale_up
    decided = scale_up.decision.date if scale_up and scale_up.decision else None
    if poc and poc.end and decided and decided < poc.end:
        yield ctx.finding(("scale_up", "decision", "date"),
                          _("the scale-up decision ({decided}) is before the POC ends ({end})").format(
                              decided=decided, end=poc.end))


@rule(
    code="PB504", name="plan.no-funding", severity=Severity.WARNING,
    summary=N_("No `scale_up.funding` for operation after the POC."),
    hint=N_("say what operation costs per year and where the money comes from"),
    source=N_("KL on scaling welfare technology: funding for operation is the commonest reason pilots stop."),
    bad=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          other_authorities: [Fredericia Municipality]
        """),
    good=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    doc=N_("A successful POC that nobody has budgeted for stops when the project money runs out."),
)
def no_funding(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.scale_up is not None and ctx.brief.scale_up.funding is None:
        yield ctx.finding(("scale_up",), _("no `scale_up.funding`"), prefer_key=True)


@rule(
    code="PB505", name="plan.procurement-route", severity=Severity.WARNING,
    summary=N_("No `scale_up.procurement_route`, or `option_in_contract` while the procedure is "
               "`market_dialogue_only`."),
    hint=N_("say how the purchase after the POC is made: an option in this contract, a new tender, a "
            "framework …"),
    source=N_("Procurement practice: the purchase after a POC must be possible under the procurement rules; an "
              "option must be in the contract from the start."),
    bad=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    good=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    doc=N_("Buying at scale after the POC needs a lawful route. An option must be written into the contract "
           "that is tendered; with only a market dialogue there is no contract to hold it."),
)
def procurement_route(ctx: LintContext) -> Iterator[Finding]:
    scale_up = ctx.brief.scale_up
    if scale_up is None:
        return
    if scale_up.procurement_route is None:
        yield ctx.finding(("scale_up",), _("no `scale_up.procurement_route`"), prefer_key=True)
    elif (scale_up.procurement_route is ProcurementRoute.OPTION_IN_CONTRACT
          and ctx.brief.procurement.procedure is Procedure.MARKET_DIALOGUE_ONLY):
        yield ctx.finding(("scale_up", "procurement_route"),
                          _("`option_in_contract` needs a contract, but the procedure is `market_dialogue_only`"))


@rule(
    code="PB506", name="plan.no-other-authorities", severity=Severity.INFO,
    summary=N_("No `scale_up.other_authorities`: scale across municipalities is where the economics lie."),
    hint=N_("name the municipalities that may use the contract; they must be named in the contract notice, "
            "with the maximum quantity or value they may buy, counted in the estimated value "
            "(`procurement.options`)"),
    source=N_("KL and the municipal clusters (e.g. joint purchasing of welfare technology): shared scale lowers "
              "the price and the risk. The legal condition: CJEU C-23/20 Simonsen & Weel (17 June 2021), the "
              "notice states the maximum quantity or value; udbudsloven § 30 (options count in the estimated "
              "value); see PB615."),
    bad=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
        """),
    good=N_("""
        poc:
          scope: Trial at two nursing homes
          end: 2028-02-29
          success_criteria:
            - {outcome: O1, threshold: 20 % fewer falls}
        scale_up:
          decision: {date: 2028-04-15, body: Senior Citizens Committee}
          procurement_route: option_in_contract
          funding: {amount: 2200000, note: per year}
          other_authorities: [Fredericia Municipality]
        """),
    doc=N_("A solution that works in one municipality can serve many; saying so early lets the contract "
           "allow others to use it. They can do so only if the contract notice names them and states the "
           "maximum quantity or value, their share included (PB615 checks that)."),
)
def no_other_authorities(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.scale_up is not None and not ctx.brief.scale_up.other_authorities:
        yield ctx.finding(("scale_up",), _("no `scale_up.other_authorities`"), prefer_key=True)
