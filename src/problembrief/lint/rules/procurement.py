"""PB6xx: procurement: award criteria, thresholds, time limits and a fair market dialogue."""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterator
from decimal import Decimal

from problembrief.findings import Finding, Severity
from problembrief.formatting import format_number
from problembrief.lint.context import LintContext
from problembrief.lint.registry import rule
from problembrief.model import Milestone, Procedure, Role
from problembrief.model.procurement import CriterionKind, PaymentModel
from problembrief.reference import load as load_reference

_CRITERIA = """
    procurement:
      procedure: innovation_partnership
      award_criteria:
        - {name: Kvalitet, weight: 60, kind: quality}
        - {name: Pris, weight: 40, kind: price}
"""

_NEGOTIATED = {Procedure.INNOVATION_PARTNERSHIP, Procedure.COMPETITIVE_DIALOGUE,
               Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION}


@rule(
    code="PB601", name="procurement.weights-not-100", severity=Severity.ERROR,
    summary="The award criteria weights do not add up to 100.",
    hint="weights are percentages; make them add up to 100",
    source="Directive 2014/24/EU art. 67(5): the relative weighting of each criterion is stated in the "
           "procurement documents.",
    bad=_CRITERIA.replace("weight: 40", "weight: 30"),
    good=_CRITERIA,
)
def weights_not_100(ctx: LintContext) -> Iterator[Finding]:
    """Weights are percentages of the total assessment. Every weight is pointed at, with the sum."""
    criteria = ctx.brief.procurement.award_criteria
    total = sum((c.weight for c in criteria), Decimal(0))
    if criteria and total != 100:
        for index, criterion in enumerate(criteria):
            yield ctx.finding(("procurement", "award_criteria", index, "weight"),
                              f"award criteria weights add up to {format_number(total, 'en')}, not 100 "
                              f"({criterion.name}: {format_number(criterion.weight, 'en')})")


@rule(
    code="PB602", name="procurement.price-dominates", severity=Severity.WARNING,
    summary="Price weighs more than 50 % in an innovation partnership, a competitive dialogue, a competitive "
            "procedure with negotiation or an outcome-based contract.",
    hint="weigh the quality of the proposed way to reach the outcomes higher than the price",
    source="Practice of problem-based procurement: where the solution is not known, suppliers compete on how "
           "well they reach the outcomes; a price-led award rewards the cheapest known solution.",
    bad=_CRITERIA.replace("weight: 60", "weight: 30").replace("weight: 40", "weight: 70"),
    good=_CRITERIA,
)
def price_dominates(ctx: LintContext) -> Iterator[Finding]:
    """In procedures meant for solutions that do not exist yet, and in contracts paid by outcome, the
    quality of the proposal should decide."""
    procurement = ctx.brief.procurement
    if procurement.procedure not in _NEGOTIATED and procurement.payment_model is not PaymentModel.OUTCOME_BASED:
        return
    price = [(i, c) for i, c in enumerate(procurement.award_criteria) if c.kind is CriterionKind.PRICE]
    weight = sum((c.weight for _, c in price), Decimal(0))
    if weight > 50:
        yield ctx.finding(("procurement", "award_criteria", price[0][0], "weight"),
                          f"price weighs {format_number(weight, 'en')} % in a "
                          f"{procurement.procedure.value.replace('_', ' ')}")


def _period(day: datetime.date) -> dict | None:  # type: ignore[type-arg]
    for period in load_reference("thresholds")["periods"]:
        if period["valid_from"] <= day <= period["valid_to"]:
            return period
    return None


@rule(
    code="PB603", name="procurement.eu-threshold", severity=Severity.WARNING,
    summary="The estimated value is at or above the EU threshold while the procedure is not an EU procedure "
            "[warning]; below it, national rules apply [info].",
    hint="above the threshold the contract is tendered under udbudsloven part II (EU procedures)",
    source="Directive 2014/24/EU art. 4 and the Commission's delegated regulations on thresholds; figures with "
           "their periods in reference/thresholds.yaml. The period is chosen by the publication date, else "
           "the brief's date.",
    bad="""
        procurement:
          procedure: market_dialogue_only
          contract_type: services
          estimated_value: {amount: 4000000}
          timeline:
            - {milestone: publication, date: 2027-03-01}
        """,
    good="""
        procurement:
          procedure: open
          contract_type: services
          estimated_value: {amount: 4000000}
          timeline:
            - {milestone: publication, date: 2027-03-01}
        """,
)
def eu_threshold(ctx: LintContext) -> Iterator[Finding]:
    """Thresholds for municipalities (sub-central authorities) change every two years. Where the reference
    data has no DKK figure for a period, the EUR figure is converted at the documented rate and the
    message says so; where it has no figures for a period at all, the message says that instead of
    guessing. A market dialogue alone is not an EU procedure: above the threshold the tender that follows
    must be one."""
    procurement = ctx.brief.procurement
    value, kind = procurement.estimated_value, procurement.contract_type
    if value is None or kind is None:
        return
    published = next((e.date for e in procurement.timeline if e.milestone is Milestone.PUBLICATION), None)
    day = published or ctx.brief.brief.date
    if day is None:
        return
    basis = "publication" if published else "the brief's date"
    period = _period(day)
    parts = ("procurement", "estimated_value", "amount")
    if period is None:
        yield ctx.finding(parts, f"no EU threshold figures for {day.year} ({basis} {day}) in the reference data; "
                                 "check the threshold that applies", severity=Severity.INFO)
        return
    figures = period["thresholds"][kind.value]
    currency = value.currency.value
    converted = ""
    if currency == "EUR":
        threshold = Decimal(figures["eur"])
    elif "dkk" in figures:
        threshold = Decimal(figures["dkk"])
    else:
        rate = load_reference("thresholds")["conversion"]["rate"]
        threshold = (Decimal(figures["eur"]) * Decimal(str(rate))).quantize(Decimal(1))
        converted = f" (EUR {format_number(Decimal(figures['eur']), 'en')} converted at {rate} DKK/EUR)"
    span = f"{period['valid_from'].year}-{period['valid_to'].year}"
    shown = f"{currency} {format_number(value.amount, 'en')}"
    limit = f"{currency} {format_number(threshold, 'en')}{converted}"
    eu_procedure = procurement.procedure not in (Procedure.MARKET_DIALOGUE_ONLY, Procedure.PRE_COMMERCIAL_PROCUREMENT)
    if value.amount >= threshold and not eu_procedure:
        yield ctx.finding(parts, f"estimated value {shown} is at or above the {span} EU threshold for "
                                 f"{kind.value.replace('_', ' ')}, {limit}, but the procedure is "
                                 f"{procurement.procedure.value}")
    elif value.amount < threshold:
        rules = ("tilbudsloven applies to works below the threshold" if kind.value == "works" else
                 "the EU procedures do not apply, but a contract of clear cross-border interest must still be "
                 "advertised")
        yield ctx.finding(parts, f"estimated value {shown} is below the {span} EU threshold for "
                                 f"{kind.value.replace('_', ' ')}, {limit}: {rules}", severity=Severity.INFO,
                          hint="check whether the contract has a clear cross-border interest")


# Levels of the timeline; within a level the order is free. A step between two levels is strict
# unless listed in _SAME_DAY_ALLOWED.
_LEVELS = [
    {Milestone.MARKET_DIALOGUE, Milestone.PRIOR_INFORMATION_NOTICE},
    {Milestone.NOTICE_SENT},
    {Milestone.PUBLICATION},
    {Milestone.PARTICIPATION_DEADLINE},
    {Milestone.QUESTIONS_DEADLINE},
    {Milestone.TENDER_DEADLINE},
    {Milestone.AWARD},
    {Milestone.CONTRACT_START},
    {Milestone.POC_START},
    {Milestone.POC_END},
    {Milestone.SCALE_UP_DECISION},
]
_SAME_DAY_ALLOWED = {(1, 2), (7, 8), (9, 10)}  # notice sent ≤ publication; contract ≤ POC start; POC end ≤ decision
_LEVEL = {milestone: index for index, level in enumerate(_LEVELS) for milestone in level}


def _strict_between(low: int, high: int) -> bool:
    return any((step, step + 1) not in _SAME_DAY_ALLOWED for step in range(low, high))


@rule(
    code="PB604", name="procurement.timeline-order", severity=Severity.ERROR,
    summary="The timeline is out of order (market dialogue < publication < participation deadline < questions "
            "deadline < tender deadline < award < contract start ≤ POC start < POC end ≤ scale-up decision).",
    hint="check the dates; the milestones may be listed in any order, but their dates must follow each other",
    source="The order of a tender procedure (udbudsloven) and of a POC with a decision after it.",
    bad="""
        procurement:
          procedure: open
          timeline:
            - {milestone: publication, date: 2027-03-01}
            - {milestone: tender_deadline, date: 2027-02-01}
        """,
    good="""
        procurement:
          procedure: open
          timeline:
            - {milestone: publication, date: 2027-03-01}
            - {milestone: tender_deadline, date: 2027-04-05}
        """,
)
def timeline_order(ctx: LintContext) -> Iterator[Finding]:
    """Each milestone whose date comes before (or on the same day as) a milestone that must precede it is
    reported once, at its date. `other` milestones are not ordered."""
    entries = [(i, e) for i, e in enumerate(ctx.brief.procurement.timeline) if e.milestone in _LEVEL]
    # Each entry is compared with the first entry in the list (by position) of a lower level whose date it
    # is before, or on the same day as where the step is strict. Comparing every pair took quadratic time;
    # per level, the entries sorted by date with the smallest position from each date onward answer that
    # with one binary search, and there are only len(_LEVELS) levels.
    by_level: dict[int, tuple[list[datetime.date], list[int]]] = {}
    for level in range(len(_LEVELS)):
        dated = sorted((e.date, position) for position, (_, e) in enumerate(entries) if _LEVEL[e.milestone] == level)
        first_from: list[int] = [0] * len(dated)
        smallest = len(entries)
        for k in range(len(dated) - 1, -1, -1):
            smallest = min(smallest, dated[k][1])
            first_from[k] = smallest
        by_level[level] = ([d for d, _ in dated], first_from)
    for index, entry in entries:
        level = _LEVEL[entry.milestone]
        culprit = len(entries)
        for low in range(level):
            dates, first_from = by_level[low]
            # Later dates always conflict; the same day only where the step between the levels is strict.
            cut = (bisect.bisect_left if _strict_between(low, level) else bisect.bisect_right)(dates, entry.date)
            if cut < len(dates):
                culprit = min(culprit, first_from[cut])
        if culprit < len(entries):
            earlier = entries[culprit][1]
            relation = "on the same day as" if entry.date == earlier.date else "before"
            yield ctx.finding(("procurement", "timeline", index, "date"),
                              f"`{entry.milestone.value}` ({entry.date}) is {relation} "
                              f"`{earlier.milestone.value}` ({earlier.date})")


_MINIMUM_DAYS = {
    Procedure.OPEN: (Milestone.TENDER_DEADLINE, 30, "Directive 2014/24/EU art. 27(1) and (3): 35 days, 30 where "
                     "tenders are submitted electronically, as is the rule in Denmark"),
    Procedure.RESTRICTED: (Milestone.PARTICIPATION_DEADLINE, 30, "Directive 2014/24/EU art. 28(1); udbudsloven § 59"),
    Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION: (Milestone.PARTICIPATION_DEADLINE, 30,
                                                       "Directive 2014/24/EU art. 29(1); udbudsloven § 59"),
    Procedure.COMPETITIVE_DIALOGUE: (Milestone.PARTICIPATION_DEADLINE, 30, "Directive 2014/24/EU art. 30(1)"),
    Procedure.INNOVATION_PARTNERSHIP: (Milestone.PARTICIPATION_DEADLINE, 30,
                                       "Directive 2014/24/EU art. 31(1); udbudsloven § 74"),
}


@rule(
    code="PB605", name="procurement.deadline-below-minimum", severity=Severity.WARNING,
    summary="A deadline is shorter than the legal minimum for the procedure.",
    hint="move the deadline, or send the notice earlier (give `notice_sent`)",
    source="Directive 2014/24/EU arts. 27-31, implemented in udbudsloven (§ 59, § 74): open procedure 30 days "
           "for electronic tenders; two-stage procedures 30 days for requests to participate, counted from the "
           "day the notice is sent.",
    bad="""
        procurement:
          procedure: restricted
          timeline:
            - {milestone: publication, date: 2027-03-01}
            - {milestone: participation_deadline, date: 2027-03-20}
        """,
    good="""
        procurement:
          procedure: restricted
          timeline:
            - {milestone: notice_sent, date: 2027-02-26}
            - {milestone: publication, date: 2027-03-01}
            - {milestone: participation_deadline, date: 2027-03-31}
        """,
)
def deadline_below_minimum(ctx: LintContext) -> Iterator[Finding]:
    """The limits run from the day the contract notice is sent (`notice_sent`), usually a few days before
    it is published. When only `publication` is given, the count starts there and the message says so."""
    procedure = ctx.brief.procurement.procedure
    if procedure not in _MINIMUM_DAYS:
        return
    deadline_kind, minimum, source = _MINIMUM_DAYS[procedure]
    timeline = ctx.brief.procurement.timeline
    start = next((e for e in timeline if e.milestone is Milestone.NOTICE_SENT), None) or next(
        (e for e in timeline if e.milestone is Milestone.PUBLICATION), None)
    if start is None:
        return
    for index, entry in enumerate(timeline):
        if entry.milestone is not deadline_kind:
            continue
        days = (entry.date - start.date).days
        if days < minimum:
            counted = ("" if start.milestone is Milestone.NOTICE_SENT else
                       "; counted from publication, as no `notice_sent` is given")
            yield ctx.finding(("procurement", "timeline", index, "date"),
                              f"`{deadline_kind.value}` is {days} days after `{start.milestone.value}`; the minimum "
                              f"for {procedure.value.replace('_', ' ')} is {minimum} days ({source}){counted}")


@rule(
    code="PB606", name="procurement.dialogue-without-equal-treatment", severity=Severity.WARNING,
    summary="A `market_dialogue` that does not say how equal treatment is ensured.",
    hint="say how information is shared with all: published minutes, the same answers to all, equal meetings",
    source="Udbudsloven § 2 and § 39; KFST's guidance on dialogue before a tender (2018): every supplier gets "
           "the same information and no one a significant head start.",
    bad="market_dialogue:\n  purpose: At høre markedet\n",
    good="market_dialogue:\n  purpose: At høre markedet\n"
    "  equal_treatment: Referater og svar offentliggøres for alle.\n",
)
def dialogue_without_equal_treatment(ctx: LintContext) -> Iterator[Finding]:
    """A dialogue before the tender is lawful and useful, as long as it does not distort competition.
    Say how every supplier gets the same information."""
    dialogue = ctx.brief.market_dialogue
    if dialogue is not None and not dialogue.equal_treatment:
        yield ctx.finding(("market_dialogue",), "`market_dialogue` has no `equal_treatment`", prefer_key=True)


@rule(
    code="PB607", name="procurement.lead-authority", severity=Severity.ERROR,
    summary="Several authorities but not exactly one `lead`.",
    hint="mark the authority that runs the procurement with `role: lead`, the others `participant`",
    source="The brief format: in a joint procurement exactly one authority leads; Directive 2014/24/EU art. 38 on "
           "occasional joint procurement.",
    bad="""
        authorities:
          - {name: Vejle Kommune}
          - {name: Kolding Kommune}
        """,
    good="""
        authorities:
          - {name: Vejle Kommune, role: lead}
          - {name: Kolding Kommune}
        """,
)
def lead_authority(ctx: LintContext) -> Iterator[Finding]:
    """In a cluster of municipalities buying together, one of them runs the procedure on behalf of all,
    and suppliers need to know which."""
    authorities = ctx.brief.authorities
    leads = [i for i, a in enumerate(authorities) if a.role is Role.LEAD]
    if len(authorities) > 1 and len(leads) != 1:
        where = ("authorities", leads[1], "role") if len(leads) > 1 else ("authorities",)
        yield ctx.finding(where, f"{len(authorities)} authorities with {len(leads)} `lead`; exactly one must lead",
                          prefer_key=not leads)


_INNOVATION = "procurement:\n  procedure: innovation_partnership\n"


@rule(
    code="PB608", name="procurement.innovation-partnership-without-findings", severity=Severity.WARNING,
    summary="An `innovation_partnership` without market dialogue `findings`.",
    hint="record in `market_dialogue.findings` what the dialogue showed the market cannot deliver today",
    source="Udbudsloven §§ 73-79 (Directive 2014/24/EU art. 31): the procedure is for needs that cannot be met "
           "by solutions already on the market.",
    bad=_INNOVATION + "market_dialogue:\n  equal_treatment: Referater offentliggøres.\n",
    good=_INNOVATION + "market_dialogue:\n  equal_treatment: Referater offentliggøres.\n"
    "  findings: Ingen leverandør kan i dag levere en løsning.\n",
)
def innovation_partnership_without_findings(ctx: LintContext) -> Iterator[Finding]:
    """An innovation partnership may be used only where the need cannot be met by what is on the market;
    the market dialogue is where that is established, and its findings should say so."""
    if ctx.brief.procurement.procedure is not Procedure.INNOVATION_PARTNERSHIP:
        return
    dialogue = ctx.brief.market_dialogue
    if dialogue is None or not dialogue.findings:
        where = ("market_dialogue",) if dialogue else ("procurement", "procedure")
        yield ctx.finding(where, "innovation partnership without market dialogue `findings`", prefer_key=True)


@rule(
    code="PB609", name="procurement.innovation-partnership-without-limits", severity=Severity.WARNING,
    summary="An `innovation_partnership` without `scale_up.max_cost`, or without outcomes that can serve as "
            "performance levels (a baseline and a target value).",
    hint="set `scale_up.max_cost` and give the outcomes baselines and targets",
    source="Directive 2014/24/EU art. 31(2); udbudsloven §§ 73-79: the purchase after development may only "
           "follow when it meets the performance levels and maximum costs agreed with the participants.",
    bad=_INNOVATION + "scale_up:\n  operations_owner: Sundhed og Omsorg\n",
    good=_INNOVATION + "scale_up:\n  operations_owner: Sundhed og Omsorg\n"
    "  max_cost: {amount: 9500000, note: fire år}\n",
)
def innovation_partnership_without_limits(ctx: LintContext) -> Iterator[Finding]:
    """In an innovation partnership the authority may buy the result only if it reaches the agreed
    performance levels within the agreed maximum cost: both must exist before the contract."""
    if ctx.brief.procurement.procedure is not Procedure.INNOVATION_PARTNERSHIP:
        return
    scale_up = ctx.brief.scale_up
    if scale_up is None or scale_up.max_cost is None:
        yield ctx.finding(("scale_up",) if scale_up else ("procurement", "procedure"),
                          "innovation partnership without `scale_up.max_cost`", prefer_key=True)
    measurable = [o for o in ctx.brief.outcomes
                  if o.baseline and o.baseline.value is not None and o.target and o.target.value is not None]
    if not measurable:
        yield ctx.finding(("outcomes",), "innovation partnership without outcomes that have a baseline and a "
                                         "target value to serve as performance levels", prefer_key=True)
