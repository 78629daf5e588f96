"""PB6xx: procurement: award criteria, thresholds, time limits, standstill, options and a fair market dialogue."""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterator
from decimal import Decimal

from problembrief.findings import Finding, Severity
from problembrief.formatting import format_money, format_number
from problembrief.i18n import N_, _, current_language, ngettext, pgettext
from problembrief.lint.context import LintContext, PathParts, word_pattern
from problembrief.lint.reference_texts import shown as reference_text
from problembrief.lint.registry import rule
from problembrief.model import Milestone, Procedure, Role
from problembrief.model.procurement import ContractType, CriterionKind, PaymentModel, Procurement
from problembrief.reference import load as load_reference

_NEGOTIATED = {Procedure.INNOVATION_PARTNERSHIP, Procedure.COMPETITIVE_DIALOGUE,
               Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION}
# Procedures in which the award must rest on the best price-quality ratio (Directive 2014/24/EU arts. 30(1), 31(1)).
_QUALITY_REQUIRED = {Procedure.INNOVATION_PARTNERSHIP, Procedure.COMPETITIVE_DIALOGUE}
# The procedures of udbudsloven part II that end in a contract after a contract notice (standstill applies).
_EU_PROCEDURES = {Procedure.OPEN, Procedure.RESTRICTED, Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION,
                  Procedure.COMPETITIVE_DIALOGUE, Procedure.INNOVATION_PARTNERSHIP}
_PRICE_KINDS = {CriterionKind.PRICE, CriterionKind.COST}


def _words(procedure: Procedure) -> str:
    """The procedure in words, in the language in force: "innovation partnership", "restricted procedure"."""
    return _({
        Procedure.MARKET_DIALOGUE_ONLY: N_("market dialogue only"),
        Procedure.OPEN: N_("open procedure"),
        Procedure.RESTRICTED: N_("restricted procedure"),
        Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION: N_("competitive procedure with negotiation"),
        Procedure.COMPETITIVE_DIALOGUE: N_("competitive dialogue"),
        Procedure.INNOVATION_PARTNERSHIP: N_("innovation partnership"),
        Procedure.PRE_COMMERCIAL_PROCUREMENT: N_("pre commercial procurement"),
        Procedure.FRAMEWORK_CALL_OFF: N_("framework call off"),
        Procedure.DYNAMIC_PURCHASING_SYSTEM: N_("dynamic purchasing system"),
    }[procedure])


def _named(procedure: Procedure) -> str:
    """The procedure with its indefinite article: "an innovation partnership", "a restricted procedure"."""
    return _({
        Procedure.MARKET_DIALOGUE_ONLY: N_("a market dialogue only"),
        Procedure.OPEN: N_("an open procedure"),
        Procedure.RESTRICTED: N_("a restricted procedure"),
        Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION: N_("a competitive procedure with negotiation"),
        Procedure.COMPETITIVE_DIALOGUE: N_("a competitive dialogue"),
        Procedure.INNOVATION_PARTNERSHIP: N_("an innovation partnership"),
        Procedure.PRE_COMMERCIAL_PROCUREMENT: N_("a pre commercial procurement"),
        Procedure.FRAMEWORK_CALL_OFF: N_("a framework call off"),
        Procedure.DYNAMIC_PURCHASING_SYSTEM: N_("a dynamic purchasing system"),
    }[procedure])


def _contract_type(kind: ContractType) -> str:
    """The contract type in words, as the threshold messages name it."""
    return {ContractType.SUPPLIES: pgettext("contract type", "supplies"),
            ContractType.SERVICES: pgettext("contract type", "services"),
            ContractType.WORKS: pgettext("contract type", "works"),
            ContractType.SOCIAL_SERVICES: pgettext("contract type", "social services")}[kind]


def _number(value: Decimal | int) -> str:
    return format_number(value, current_language())


def _money(amount: Decimal | int, currency: str) -> str:
    return format_money(amount, currency, current_language())


def _price_only(procurement: Procurement) -> int | None:
    """In a procedure where quality is required: the index of the criterion to point at when the award rests on
    price or cost alone (every criterion is price or cost, or price weighs 100 % or more); otherwise None."""
    criteria = procurement.award_criteria
    if procurement.procedure not in _QUALITY_REQUIRED or not criteria:
        return None
    priced = [i for i, c in enumerate(criteria) if c.kind in _PRICE_KINDS]
    price_weight = sum((c.weight for c in criteria if c.kind is CriterionKind.PRICE), Decimal(0))
    if priced and (len(priced) == len(criteria) or price_weight >= 100):
        return priced[0]
    return None


@rule(
    code="PB601", name="procurement.weights-not-100", severity=Severity.ERROR,
    summary=N_("The award criteria weights do not add up to 100."),
    hint=N_("weights are percentages; make them add up to 100"),
    source=N_("Udbudsloven § 160 (the procurement documents describe the evaluation method) and § 165 (the "
              "relative weighting of the sub-criteria is stated); Directive 2014/24/EU art. 67(5)."),
    bad=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Quality, weight: 60, kind: quality}
            - {name: Price, weight: 30, kind: price}
        """),
    good=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Quality, weight: 60, kind: quality}
            - {name: Price, weight: 40, kind: price}
        """),
    doc=N_("Weights are percentages of the total assessment. Every weight is pointed at, with the sum.\n\n"
           "The directive also allows a weighting expressed as a range with an appropriate maximum spread; "
           "this check expects fixed weights, which is what the brief format records."),
)
def weights_not_100(ctx: LintContext) -> Iterator[Finding]:
    criteria = ctx.brief.procurement.award_criteria
    total = sum((c.weight for c in criteria), Decimal(0))
    if criteria and total != 100:
        for index, criterion in enumerate(criteria):
            yield ctx.finding(("procurement", "award_criteria", index, "weight"),
                              _("award criteria weights add up to {total}, not 100 ({name}: {weight})").format(
                                  total=_number(total), name=criterion.name, weight=_number(criterion.weight)))


@rule(
    code="PB602", name="procurement.price-dominates", severity=Severity.WARNING,
    summary=N_("Price weighs more than 50 % in an innovation partnership, a competitive dialogue, a competitive "
               "procedure with negotiation or an outcome-based contract."),
    hint=N_("weigh the quality of the proposed way to reach the outcomes higher than the price"),
    source=N_("Practice of problem-based procurement: where the solution is not known, suppliers compete on how "
              "well they reach the outcomes; a price-led award rewards the cheapest known solution. An award on "
              "price or cost alone in an innovation partnership or a competitive dialogue is PB611."),
    bad=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Quality, weight: 30, kind: quality}
            - {name: Price, weight: 70, kind: price}
        """),
    good=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Quality, weight: 60, kind: quality}
            - {name: Price, weight: 40, kind: price}
        """),
    doc=N_("In procedures meant for solutions that do not exist yet, and in contracts paid by outcome, the "
           "quality of the proposal should decide. Where the award rests on price alone in a procedure that "
           "requires quality, PB611 reports it as an error instead."),
)
def price_dominates(ctx: LintContext) -> Iterator[Finding]:
    procurement = ctx.brief.procurement
    if procurement.procedure not in _NEGOTIATED and procurement.payment_model is not PaymentModel.OUTCOME_BASED:
        return
    if _price_only(procurement) is not None:
        return
    price = [(i, c) for i, c in enumerate(procurement.award_criteria) if c.kind is CriterionKind.PRICE]
    weight = sum((c.weight for _, c in price), Decimal(0))
    if weight > 50:
        paid = procurement.payment_model is PaymentModel.OUTCOME_BASED and procurement.procedure not in _NEGOTIATED
        message = (_("price weighs {weight} % in {procedure} paid by outcome") if paid
                   else _("price weighs {weight} % in {procedure}"))
        yield ctx.finding(("procurement", "award_criteria", price[0][0], "weight"),
                          message.format(weight=_number(weight), procedure=_named(procurement.procedure)))


@rule(
    code="PB611", name="procurement.price-only-award", severity=Severity.ERROR,
    summary=N_("An innovation partnership or a competitive dialogue awarded on price or cost alone (only price "
               "or cost sub-criteria, or price weighing 100 %)."),
    hint=N_("award on the best price-quality ratio: add quality sub-criteria and weigh them"),
    source=N_("Directive 2014/24/EU art. 30(1), last subparagraph (competitive dialogue) and art. 31(1), fourth "
              "subparagraph (innovation partnership): the contract is awarded on the sole basis of the best "
              "price-quality ratio (art. 67(2)); udbudsloven § 162, stk. 1, nr. 3."),
    bad=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Price, weight: 100, kind: price}
        """),
    good=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Quality, weight: 60, kind: quality}
            - {name: Price, weight: 40, kind: price}
        """),
    doc=N_("Unlike the other procedures, the competitive dialogue and the innovation partnership cannot be "
           "awarded on the lowest price or the lowest cost: the law requires the best price-quality ratio. A "
           "brief whose sub-criteria are all price or cost (kinds `price` and `cost`), or whose price weighs "
           "100 % or more, cannot be tendered as it stands. Criteria without a `kind` are taken to be "
           "something else than price."),
)
def price_only_award(ctx: LintContext) -> Iterator[Finding]:
    procurement = ctx.brief.procurement
    index = _price_only(procurement)
    if index is not None:
        yield ctx.finding(("procurement", "award_criteria", index, "weight"),
                          _("{procedure} must be awarded on the best price-quality ratio, but the award criteria "
                            "are price or cost only").format(procedure=_named(procurement.procedure)))


@rule(
    code="PB612", name="procurement.evaluation-method-missing", severity=Severity.WARNING,
    summary=N_("Award criteria without an `evaluation_method`; a wish (`mandatory: false`) without a "
               "`sub_criterion`, or with one that names no award criterion."),
    hint=N_("describe the evaluation method (e.g. the point model and how price becomes points), and tie each "
            "wish to the sub-criterion it is evaluated under, named as in `award_criteria`"),
    source=N_("Udbudsloven § 160 (the evaluation method is described in the procurement documents) and § 165 "
              "(the sub-criteria and their weighting); a wish that counts without a disclosed sub-criterion is "
              "an undisclosed criterion."),
    bad=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Quality, weight: 60, kind: quality}
            - {name: Price, weight: 40, kind: price}
        """),
    good=N_("""
        procurement:
          procedure: innovation_partnership
          award_criteria:
            - {name: Quality, weight: 60, kind: quality}
            - {name: Price, weight: 40, kind: price}
          evaluation_method: Points from 0 to 10; the price is converted to points linearly.
        """),
    doc=N_("Tenderers must know how their tenders will be scored before they write them. The award criteria "
           "need an evaluation method, and every constraint that is a wish rather than a minimum requirement "
           "must name the sub-criterion under which it is evaluated. A sub-criterion matches an award "
           "criterion's name or one of its listed sub-criteria, ignoring case. With `procedure: "
           "market_dialogue_only` no award criteria exist yet, and wishes are not checked."),
)
def evaluation_method_missing(ctx: LintContext) -> Iterator[Finding]:
    procurement = ctx.brief.procurement
    criteria = procurement.award_criteria
    if criteria and not procurement.evaluation_method:
        yield ctx.finding(("procurement", "award_criteria"), _("award criteria without `evaluation_method`"),
                          prefer_key=True)
    if procurement.procedure is Procedure.MARKET_DIALOGUE_ONLY:
        return
    known = {c.name.strip().casefold() for c in criteria} | {
        s.strip().casefold() for c in criteria for s in c.sub_criteria}
    for index, constraint in enumerate(ctx.brief.constraints):
        if constraint.mandatory:
            continue
        label = constraint.id or index + 1
        if not constraint.sub_criterion:
            yield ctx.finding(("constraints", index, "mandatory"),
                              _("constraint {label} is a wish (`mandatory: false`) without a `sub_criterion`").format(
                                  label=label))
        elif criteria and constraint.sub_criterion.strip().casefold() not in known:
            names = ", ".join(c.name for c in criteria[:10])
            yield ctx.finding(("constraints", index, "sub_criterion"),
                              _("constraint {label} is evaluated under `{sub_criterion}`, which is not an award "
                                "criterion (award criteria: {names})").format(
                                  label=label, sub_criterion=constraint.sub_criterion, names=names))


def _period(day: datetime.date) -> dict | None:  # type: ignore[type-arg]
    for period in load_reference("thresholds")["periods"]:
        if period["valid_from"] <= day <= period["valid_to"]:
            return period
    return None


def _reference_day(ctx: LintContext) -> tuple[datetime.date | None, str]:
    """The day that chooses the threshold period: the notice sent, else the publication, else the brief's date;
    with what the day is, marked for the catalogue (translated where a message shows it)."""
    timeline = ctx.brief.procurement.timeline
    for milestone, basis in ((Milestone.NOTICE_SENT, N_("notice sent")), (Milestone.PUBLICATION, N_("publication"))):
        days = [e.date for e in timeline if e.milestone is milestone]
        if days:
            return min(days), basis
    return ctx.brief.brief.date, N_("the brief's date")


def _threshold(period: dict, kind: str, currency: str) -> Decimal:  # type: ignore[type-arg]
    """The threshold in the brief's currency: the EUR figure, KFST's DKK figure, or the EUR figure converted."""
    figures = period["thresholds"][kind]
    if currency == "EUR":
        return Decimal(figures["eur"])
    if "dkk" in figures:
        return Decimal(figures["dkk"])
    rate = load_reference("thresholds")["conversion"]["rate"]
    return (Decimal(figures["eur"]) * Decimal(str(rate))).quantize(Decimal(1))


def _threshold_shown(period: dict, kind: str, currency: str) -> str:  # type: ignore[type-arg]
    """The threshold as a message shows it: "DKK 1,601,944", or "approx. DKK 1,611,442 (EUR 216,000 converted at
    the ERM II central rate …)" where no official DKK figure is recorded. Only for a message that is made: the
    words are looked up in the catalogue."""
    figures = period["thresholds"][kind]
    threshold = _threshold(period, kind, currency)
    if currency == "EUR" or "dkk" in figures:
        return _money(threshold, currency)
    conversion = load_reference("thresholds")["conversion"]
    rate = conversion["rate"]
    return _("approx. {amount} ({euros} converted at the {kind} {rate}; check KFST's published DKK "
             "figure)").format(amount=_money(threshold, currency), euros=_money(Decimal(figures["eur"]), "EUR"),
                               kind=reference_text(conversion["kind"]), rate=_number(Decimal(str(rate))))


def _below_threshold(ctx: LintContext) -> bool:
    """True when the estimated value is known to be below the EU threshold for the contract type."""
    procurement = ctx.brief.procurement
    value, kind = procurement.estimated_value, procurement.contract_type
    day, _basis = _reference_day(ctx)
    period = _period(day) if day else None
    if value is None or kind is None or period is None:
        return False
    return value.amount < _threshold(period, kind.value, value.currency.value)


@rule(
    code="PB603", name="procurement.eu-threshold", severity=Severity.INFO,
    summary=N_("Where the estimated value stands against the EU threshold: below it national rules apply; above "
               "it a market dialogue must be followed by an EU procedure, and a pre-commercial procurement is "
               "outside udbudsloven only on § 22's conditions."),
    hint=N_("above the threshold the contract is tendered under udbudsloven part II (EU procedures)"),
    source=N_("Directive 2014/24/EU art. 4 and the Commission's delegated regulations on thresholds; figures "
              "with their periods and sources in reference/thresholds.yaml (DKK figures from KFST, or converted "
              "and labelled approx.); udbudsloven § 22 (research and development services, Statens Indkøb "
              "07-06-2021). The period is chosen by `notice_sent`, else the publication date, else the brief's "
              "date."),
    bad=N_("""
        procurement:
          procedure: market_dialogue_only
          contract_type: services
          estimated_value: {amount: 4000000}
          timeline:
            - {milestone: publication, date: 2027-03-01}
        """),
    good=N_("""
        procurement:
          procedure: open
          contract_type: services
          estimated_value: {amount: 4000000}
          timeline:
            - {milestone: publication, date: 2027-03-01}
        """),
    doc=N_("Thresholds for municipalities (sub-central authorities) change every two years. The DKK figure "
           "is the one KFST publishes where the reference data has it; otherwise the EUR figure is "
           "converted, and the message says \"approx.\" and asks the user to check KFST's figure. Where there "
           "are no figures for the period at all, the message says that instead of guessing.\n\n"
           "Above the threshold: a market dialogue is not a procedure, so the message says that the tender "
           "that follows must be an EU procedure. A pre-commercial procurement of research and development "
           "services is covered by udbudsloven only when the results belong exclusively to the authorities "
           "for their own use and the authorities pay for the whole service (§ 22); the message asks the "
           "brief to show that one of the two is not the case. Below the threshold the EU procedures do not "
           "apply."),
)
def eu_threshold(ctx: LintContext) -> Iterator[Finding]:
    procurement = ctx.brief.procurement
    value, kind = procurement.estimated_value, procurement.contract_type
    if value is None or kind is None:
        return
    day, basis = _reference_day(ctx)
    if day is None:
        return
    period = _period(day)
    parts = ("procurement", "estimated_value", "amount")
    if period is None:
        yield ctx.finding(parts, _("no EU threshold figures for {year} ({basis} {day}) in the reference data; check "
                                   "the threshold that applies").format(year=day.year, basis=_(basis), day=day))
        return
    threshold = _threshold(period, kind.value, value.currency.value)

    def fields() -> dict[str, str]:  # the words of a message, made only for a message that is made
        return {"value": _money(value.amount, value.currency.value),
                "span": f"{period['valid_from'].year}-{period['valid_to'].year}", "what": _contract_type(kind),
                "limit": _threshold_shown(period, kind.value, value.currency.value)}

    if value.amount >= threshold and procurement.procedure is Procedure.MARKET_DIALOGUE_ONLY:
        yield ctx.finding(parts, _("estimated value {value} is at or above the {span} EU threshold for {what}, "
                                   "{limit}: the tender that follows the market dialogue must be an EU "
                                   "procedure").format(**fields()))
    elif value.amount >= threshold and procurement.procedure is Procedure.PRE_COMMERCIAL_PROCUREMENT:
        yield ctx.finding(parts, _("estimated value {value} is at or above the {span} EU threshold for {what}, "
                                   "{limit}: a pre-commercial procurement is outside udbudsloven only if the results "
                                   "do not belong exclusively to the authorities or the authorities do not pay for "
                                   "the whole service (§ 22); say which").format(**fields()),
                          hint=_("state who owns the results of the development and how it is co-financed"))
    elif value.amount < threshold:
        message = (_("estimated value {value} is below the {span} EU threshold for {what}, {limit}: tilbudsloven "
                     "applies to works below the threshold") if kind.value == "works" else
                   _("estimated value {value} is below the {span} EU threshold for {what}, {limit}: the EU "
                     "procedures do not apply, but a contract of clear cross-border interest must still be "
                     "advertised"))
        yield ctx.finding(parts, message.format(**fields()),
                          hint=_("check whether the contract has a clear cross-border interest"))


# Levels of the timeline; within a level the order is free. A step between two levels is strict
# unless listed in _SAME_DAY_ALLOWED.
_LEVELS = [
    {Milestone.MARKET_DIALOGUE, Milestone.PRIOR_INFORMATION_NOTICE},
    {Milestone.NOTICE_SENT},
    {Milestone.PUBLICATION},
    {Milestone.PARTICIPATION_DEADLINE},
    {Milestone.QUESTIONS_DEADLINE},
    {Milestone.TENDER_DEADLINE, Milestone.INITIAL_TENDERS},
    {Milestone.FINAL_TENDERS},
    {Milestone.AWARD},
    {Milestone.STANDSTILL_END},
    {Milestone.CONTRACT_SIGNATURE},
    {Milestone.CONTRACT_START},
    {Milestone.POC_START},
    {Milestone.POC_END},
    {Milestone.SCALE_UP_DECISION},
]
_LEVEL = {milestone: index for index, level in enumerate(_LEVELS) for milestone in level}
# Steps that may fall on the same day: notice sent ≤ publication; signature ≤ contract start ≤ POC start;
# POC end ≤ scale-up decision. Every other step between two levels is strict.
_SAME_DAY_ALLOWED = {(_LEVEL[a], _LEVEL[b]) for a, b in (
    (Milestone.NOTICE_SENT, Milestone.PUBLICATION), (Milestone.CONTRACT_SIGNATURE, Milestone.CONTRACT_START),
    (Milestone.CONTRACT_START, Milestone.POC_START), (Milestone.POC_END, Milestone.SCALE_UP_DECISION))}


def _strict_between(low: int, high: int) -> bool:
    return any((step, step + 1) not in _SAME_DAY_ALLOWED for step in range(low, high))


@rule(
    code="PB604", name="procurement.timeline-order", severity=Severity.ERROR,
    summary=N_("The timeline is out of order (market dialogue < publication < participation deadline < questions "
               "deadline < tender deadline or initial tenders < final tenders < award < end of standstill < "
               "contract signature ≤ contract start ≤ POC start < POC end ≤ scale-up decision)."),
    hint=N_("check the dates; the milestones may be listed in any order, but their dates must follow each "
            "other"),
    source=N_("The order of a tender procedure (udbudsloven) and of a POC with a decision after it."),
    bad=N_("""
        procurement:
          procedure: open
          timeline:
            - {milestone: publication, date: 2027-03-01}
            - {milestone: tender_deadline, date: 2027-02-01}
        """),
    good=N_("""
        procurement:
          procedure: open
          timeline:
            - {milestone: publication, date: 2027-03-01}
            - {milestone: tender_deadline, date: 2027-04-05}
        """),
    doc=N_("Each milestone whose date comes before (or on the same day as) a milestone that must precede it "
           "is reported once, at its date. `other` milestones are not ordered."),
)
def timeline_order(ctx: LintContext) -> Iterator[Finding]:
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
            message = (_("`{milestone}` ({date}) is on the same day as `{earlier}` ({earlier_date})")
                       if entry.date == earlier.date
                       else _("`{milestone}` ({date}) is before `{earlier}` ({earlier_date})"))
            yield ctx.finding(("procurement", "timeline", index, "date"),
                              message.format(milestone=entry.milestone.value, date=entry.date,
                                             earlier=earlier.milestone.value, earlier_date=earlier.date))


# Minimum days from the notice sent to the first deadline, per procedure: the deadline checked, the minimum and
# where it comes from.
_MINIMUM_DAYS = {
    Procedure.OPEN: (Milestone.TENDER_DEADLINE, 30, N_("Directive 2014/24/EU art. 27: 35 days, reduced by 5 days "
                                                       "where tenders are submitted electronically, as is the rule "
                                                       "in Denmark")),
    Procedure.RESTRICTED: (Milestone.PARTICIPATION_DEADLINE, 30, N_("udbudsloven § 59, stk. 2; Directive "
                                                                    "2014/24/EU art. 28(1)")),
    Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION: (Milestone.PARTICIPATION_DEADLINE, 30,
                                                       N_("Directive 2014/24/EU art. 29, which applies the "
                                                          "restricted procedure's 30 days")),
    Procedure.COMPETITIVE_DIALOGUE: (Milestone.PARTICIPATION_DEADLINE, 30, N_("Directive 2014/24/EU art. 30(1)")),
    Procedure.INNOVATION_PARTNERSHIP: (Milestone.PARTICIPATION_DEADLINE, 30, N_("udbudsloven § 74, stk. 5")),
}
# TED publishes a notice a few days after it is sent: when only the publication date is known, a gap this long
# may still be lawful, and the rule says it cannot tell instead of warning.
_PUBLICATION_SLACK = 5
# Restricted procedure, tenders (udbudsloven § 60): 30 days from the day after the invitation is sent, 5 fewer
# where tenders are submitted electronically, at least 10 days when a non-state authority agrees the deadline
# with all selected candidates.
_TENDERS_ELECTRONIC, _TENDERS_AGREED = 25, 10


@rule(
    code="PB605", name="procurement.deadline-below-minimum", severity=Severity.WARNING,
    summary=N_("A deadline is shorter than the legal minimum for the procedure."),
    hint=N_("move the deadline, or send the notice earlier (give `notice_sent`)"),
    source=N_("Udbudsloven § 59, stk. 2 (restricted procedure: requests 30 days from the day after the notice "
              "is sent), § 60, stk. 2, 4 and 5 (tenders: 30 days from the day after the invitation, 5 fewer "
              "when electronic, at least 10 by agreement for non-state authorities) and § 74, stk. 5 "
              "(innovation partnership: requests 30 days); Directive 2014/24/EU art. 27 (open procedure: 35 "
              "days, 5 fewer when electronic), arts. 28(1), 29 and 30(1)."),
    bad=N_("""
        procurement:
          procedure: restricted
          timeline:
            - {milestone: publication, date: 2027-03-01}
            - {milestone: participation_deadline, date: 2027-03-20}
        """),
    good=N_("""
        procurement:
          procedure: restricted
          timeline:
            - {milestone: notice_sent, date: 2027-02-26}
            - {milestone: publication, date: 2027-03-01}
            - {milestone: participation_deadline, date: 2027-03-31}
        """),
    doc=N_("The limits run from the day after the contract notice is sent (`notice_sent`), usually a few "
           "days before it is published. When only `publication` is given and the deadline is at least 25 "
           "days after it, the notice may well have been sent in time: the rule reports that it cannot tell "
           "[info] and asks for `notice_sent`; a shorter gap is a warning.\n\n"
           "In the restricted procedure the tender deadline is also checked: the invitation to tender cannot "
           "be sent before the deadline for requests, so fewer than 10 days between the two is below even "
           "the minimum a municipality may agree with all candidates [warning]; fewer than 25 days is lawful "
           "only by such an agreement [info]."),
)
def deadline_below_minimum(ctx: LintContext) -> Iterator[Finding]:
    procedure = ctx.brief.procurement.procedure
    if procedure not in _MINIMUM_DAYS:
        return
    deadline_kind, minimum, source = _MINIMUM_DAYS[procedure]
    timeline = ctx.brief.procurement.timeline
    start = next((e for e in timeline if e.milestone is Milestone.NOTICE_SENT), None) or next(
        (e for e in timeline if e.milestone is Milestone.PUBLICATION), None)
    requests = [e.date for e in timeline if e.milestone is Milestone.PARTICIPATION_DEADLINE]
    for index, entry in enumerate(timeline):
        where = ("procurement", "timeline", index, "date")
        if start is not None and entry.milestone is deadline_kind:
            days = (entry.date - start.date).days
            if days < minimum and start.milestone is Milestone.NOTICE_SENT:
                yield ctx.finding(where, ngettext(
                    "`{deadline}` is {days} day after `notice_sent`; the minimum for {procedure} is {minimum} days "
                    "({source})",
                    "`{deadline}` is {days} days after `notice_sent`; the minimum for {procedure} is {minimum} days "
                    "({source})", days).format(deadline=deadline_kind.value, days=days, procedure=_words(procedure),
                                               minimum=minimum, source=_(source)))
            elif days < minimum - _PUBLICATION_SLACK:
                yield ctx.finding(where, ngettext(
                    "`{deadline}` is {days} day after `publication`, and the notice is sent before it is published; "
                    "the minimum for {procedure} is {minimum} days from the notice sent ({source})",
                    "`{deadline}` is {days} days after `publication`, and the notice is sent before it is published; "
                    "the minimum for {procedure} is {minimum} days from the notice sent ({source})", days).format(
                        deadline=deadline_kind.value, days=days, procedure=_words(procedure), minimum=minimum,
                        source=_(source)))
            elif days < minimum:
                yield ctx.finding(where, _("`{deadline}` is {days} days after `publication`; the minimum of {minimum} "
                                           "days runs from the day the notice is sent, which is not given: cannot "
                                           "tell whether the deadline is lawful").format(
                                               deadline=deadline_kind.value, days=days, minimum=minimum),
                                  severity=Severity.INFO, hint=_("give `notice_sent`"))
        if procedure is Procedure.RESTRICTED and entry.milestone is Milestone.TENDER_DEADLINE and requests:
            before = [d for d in requests if d <= entry.date]
            if not before:
                continue
            days = (entry.date - max(before)).days
            if days < _TENDERS_AGREED:
                yield ctx.finding(where, ngettext(
                    "`tender_deadline` is {days} day after `participation_deadline`; the invitation to tender is "
                    "sent after it, and tenders need at least 10 days from the day after the invitation even when "
                    "the deadline is agreed with all selected candidates (udbudsloven § 60, stk. 5)",
                    "`tender_deadline` is {days} days after `participation_deadline`; the invitation to tender is "
                    "sent after it, and tenders need at least 10 days from the day after the invitation even when "
                    "the deadline is agreed with all selected candidates (udbudsloven § 60, stk. 5)",
                    days).format(days=days))
            elif days < _TENDERS_ELECTRONIC:
                yield ctx.finding(where, _("`tender_deadline` is {days} days after `participation_deadline`; tenders "
                                           "need 30 days from the day after the invitation, 25 when submitted "
                                           "electronically (udbudsloven § 60, stk. 2 and 4), unless the deadline is "
                                           "agreed with all selected candidates (at least 10 days, § 60, "
                                           "stk. 5)").format(days=days),
                                  severity=Severity.INFO,
                                  hint=_("move the tender deadline, or say that it is agreed with all candidates"))


@rule(
    code="PB606", name="procurement.dialogue-without-equal-treatment", severity=Severity.WARNING,
    summary=N_("A `market_dialogue` that does not say how equal treatment is ensured (`equal_treatment`), or "
               "where its information is published to all interested suppliers (`publication`)."),
    hint=N_("say how information is shared with all (the same answers to all, equal meetings), and where "
            "minutes and answers are published for every interested supplier, not only those who registered"),
    source=N_("Udbudsloven § 2 (equal treatment and transparency); KFST, Dialog før og under udbudsprocessen "
              "(February 2018): every interested supplier gets the same information and no one a significant "
              "head start."),
    bad=N_("""
        market_dialogue:
          purpose: To hear the market
        """),
    good=N_("""
        market_dialogue:
          purpose: To hear the market
          equal_treatment: Minutes and answers are published for everyone.
          publication: The municipality's tender page
        """),
    doc=N_("A dialogue before the tender is lawful and useful, as long as it does not distort competition. "
           "Say how every supplier gets the same information, and where it is published so that suppliers "
           "who did not take part, or did not register, get it too."),
)
def dialogue_without_equal_treatment(ctx: LintContext) -> Iterator[Finding]:
    dialogue = ctx.brief.market_dialogue
    if dialogue is None:
        return
    if not dialogue.equal_treatment:
        yield ctx.finding(("market_dialogue",), _("`market_dialogue` has no `equal_treatment`"), prefer_key=True)
    if not dialogue.publication:
        yield ctx.finding(("market_dialogue",), _("`market_dialogue` does not say where minutes and answers are "
                                                  "published to all interested suppliers (`publication`)"),
                          prefer_key=True)


@rule(
    code="PB607", name="procurement.lead-authority", severity=Severity.ERROR,
    summary=N_("Several authorities but not exactly one `lead`."),
    hint=N_("mark the authority that runs the procurement with `role: lead`, the others `participant`"),
    source=N_("The brief format: in a joint procurement exactly one authority leads; Directive 2014/24/EU art. "
              "38 on occasional joint procurement."),
    bad=N_("""
        authorities:
          - {name: Vejle Municipality}
          - {name: Kolding Municipality}
        """),
    good=N_("""
        authorities:
          - {name: Vejle Municipality, role: lead}
          - {name: Kolding Municipality}
        """),
    doc=N_("In a cluster of municipalities buying together, one of them runs the procedure on behalf of all, "
           "and suppliers need to know which."),
)
def lead_authority(ctx: LintContext) -> Iterator[Finding]:
    authorities = ctx.brief.authorities
    leads = [i for i, a in enumerate(authorities) if a.role is Role.LEAD]
    if len(authorities) > 1 and len(leads) != 1:
        where = ("authorities", leads[1], "role") if len(leads) > 1 else ("authorities",)
        yield ctx.finding(where, _("{count} authorities with {leads} `lead`; exactly one must lead").format(
                              count=len(authorities), leads=len(leads)),
                          prefer_key=not leads)


@rule(
    code="PB608", name="procurement.innovation-partnership-without-findings", severity=Severity.WARNING,
    summary=N_("An `innovation_partnership` without market dialogue `findings`."),
    hint=N_("record in `market_dialogue.findings` what the dialogue showed the market cannot deliver today"),
    source=N_("Udbudsloven §§ 73-79 (Directive 2014/24/EU art. 31): the procedure is for needs that cannot be "
              "met by an already available solution, which udbudsloven § 24, nr. 2 defines as a solution that "
              "already exists on the market and needs no adaptation to meet the authority's needs."),
    bad=N_("""
        procurement:
          procedure: innovation_partnership
        market_dialogue:
          equal_treatment: Minutes are published.
        """),
    good=N_("""
        procurement:
          procedure: innovation_partnership
        market_dialogue:
          equal_treatment: Minutes are published.
          findings: No supplier can deliver a solution today.
        """),
    doc=N_("An innovation partnership may be used only where the need cannot be met by an already available "
           "solution (udbudsloven § 24, nr. 2: one that exists on the market and needs no adaptation); the "
           "market dialogue is where that is established, and its findings should say so."),
)
def innovation_partnership_without_findings(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.procurement.procedure is not Procedure.INNOVATION_PARTNERSHIP:
        return
    dialogue = ctx.brief.market_dialogue
    if dialogue is None or not dialogue.findings:
        where = ("market_dialogue",) if dialogue else ("procurement", "procedure")
        yield ctx.finding(where, _("innovation partnership without market dialogue `findings`"), prefer_key=True)


@rule(
    code="PB609", name="procurement.innovation-partnership-without-limits", severity=Severity.WARNING,
    summary=N_("An `innovation_partnership` without `scale_up.max_cost`, or without outcomes that can serve as "
               "performance levels (a baseline and a target value)."),
    hint=N_("set `scale_up.max_cost` and give the outcomes baselines and targets"),
    source=N_("Directive 2014/24/EU art. 31(2); udbudsloven §§ 73-79: the purchase after development may only "
              "follow when it meets the performance levels and maximum costs agreed with the participants."),
    bad=N_("""
        procurement:
          procedure: innovation_partnership
        scale_up:
          operations_owner: Health and Care
        """),
    good=N_("""
        procurement:
          procedure: innovation_partnership
        scale_up:
          operations_owner: Health and Care
          max_cost: {amount: 9500000, note: four years}
        """),
    doc=N_("In an innovation partnership the authority may buy the result only if it reaches the agreed "
           "performance levels within the agreed maximum cost: both must exist before the contract. The "
           "arrangement for intellectual property rights and the rest of the procedure's required content "
           "are PB610."),
)
def innovation_partnership_without_limits(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.procurement.procedure is not Procedure.INNOVATION_PARTNERSHIP:
        return
    scale_up = ctx.brief.scale_up
    if scale_up is None or scale_up.max_cost is None:
        yield ctx.finding(("scale_up",) if scale_up else ("procurement", "procedure"),
                          _("innovation partnership without `scale_up.max_cost`"), prefer_key=True)
    measurable = [o for o in ctx.brief.outcomes
                  if o.baseline and o.baseline.value is not None and o.target and o.target.value is not None]
    if not measurable:
        yield ctx.finding(("outcomes",), _("innovation partnership without outcomes that have a baseline and a "
                                           "target value to serve as performance levels"), prefer_key=True)


@rule(
    code="PB610", name="procurement.innovation-partnership-content", severity=Severity.ERROR,
    summary=N_("An `innovation_partnership` whose documents lack content the law requires: the intellectual "
               "property arrangement, one or several partners, phases with intermediate targets (delmål), the "
               "right to end after each phase, remuneration, award on the initial tenders, minimum requirements."),
    hint=N_("fill in `procurement.innovation_partnership` and `scale_up.ip_rights`"),
    source=N_("Udbudsloven § 74, stk. 2 (the documents state: award on the initial tender, nr. 1; the "
              "arrangement for intellectual property, nr. 2; one or several partnership contracts, nr. 3; "
              "remuneration of the participants, nr. 5) and stk. 3 (minimum requirements); § 75; KFST FAQ "
              "'Hvordan følger ordregiver op på udviklingsarbejdet ved innovationspartnerskab?' (phases each "
              "with delmål, the right to end a partnership contract after each phase, payment in instalments); "
              "Directive 2014/24/EU art. 31(2)."),
    bad=N_("""
        procurement:
          procedure: innovation_partnership
          innovation_partnership:
            award_on_initial_tenders: false
            termination_after_phase: true
            remuneration: A fixed sum per phase, paid in instalments
            minimum_requirements: [Data is processed in the EU/EEA]
            phases:
              - {name: Development, milestone: Prototype tested at one nursing home}
              - {name: Trial, milestone: 20 % fewer falls at two nursing homes}
        scale_up:
          ip_rights: The supplier keeps the rights; the municipalities get a right of use
        """),
    good=N_("""
        procurement:
          procedure: innovation_partnership
          innovation_partnership:
            partners: 2
            award_on_initial_tenders: false
            termination_after_phase: true
            remuneration: A fixed sum per phase, paid in instalments
            minimum_requirements: [Data is processed in the EU/EEA]
            phases:
              - {name: Development, milestone: Prototype tested at one nursing home}
              - {name: Trial, milestone: 20 % fewer falls at two nursing homes}
        scale_up:
          ip_rights: The supplier keeps the rights; the municipalities get a right of use
        """),
    doc=N_("The procurement documents of an innovation partnership must say, among other things, whether the "
           "authorities may award on the initial tenders, which arrangement applies to intellectual "
           "property, whether they will enter into one or several partnership contracts, whether "
           "participants are paid, and what the minimum requirements are. The partnership runs in phases, "
           "each with intermediate targets (delmål), and the authorities must be able to end it (or a "
           "partner's contract) after each phase.\n\n"
           "One finding per missing item, at the field or, when the section is missing, at the procedure. "
           "Constraints with `mandatory: true` count as minimum requirements."),
)
def innovation_partnership_content(ctx: LintContext) -> Iterator[Finding]:
    procurement = ctx.brief.procurement
    if procurement.procedure is not Procedure.INNOVATION_PARTNERSHIP:
        return
    ip = procurement.innovation_partnership
    section: PathParts = ("procurement", "innovation_partnership")
    anchor: PathParts = section if ip else ("procurement", "procedure")
    scale_up = ctx.brief.scale_up
    if scale_up is None or not scale_up.ip_rights:
        yield ctx.finding(("scale_up",) if scale_up else anchor,
                          _("innovation partnership without the arrangement for intellectual property rights "
                            "(`scale_up.ip_rights`; udbudsloven § 74, stk. 2, nr. 2)"), prefer_key=True)
    missing = [  # marked for the catalogue, translated only for what is missing
        (ip is None or ip.award_on_initial_tenders is None,
         N_("innovation partnership without whether the contract may be awarded on the initial tenders "
            "(`award_on_initial_tenders`; § 74, stk. 2, nr. 1)")),
        (ip is None or ip.partners is None,
         N_("innovation partnership without how many partners the authorities will contract with (`partners`; "
            "§ 74, stk. 2, nr. 3)")),
        (ip is None or not ip.phases,
         N_("innovation partnership without the phases of the partnership and their intermediate targets "
            "(`phases`)")),
        (ip is None or ip.termination_after_phase is None,
         N_("innovation partnership without whether the partnership can be ended after each phase "
            "(`termination_after_phase`)")),
        (ip is None or (not ip.remuneration and not any(p.remuneration for p in ip.phases)),
         N_("innovation partnership without whether and how the partners are paid (`remuneration`; § 74, stk. 2, "
            "nr. 5)")),
        ((ip is None or not ip.minimum_requirements) and not any(c.mandatory for c in ctx.brief.constraints),
         N_("innovation partnership without the minimum requirements every tender must meet "
            "(`minimum_requirements`, or constraints with `mandatory: true`; § 74, stk. 3)")),
    ]
    for absent, what in missing:
        if absent:
            yield ctx.finding(anchor, _(what), prefer_key=True)
    if ip is None:
        return
    if ip.termination_after_phase is False:
        yield ctx.finding((*section, "termination_after_phase"),
                          _("`termination_after_phase: false`: the authorities must be able to end the "
                            "partnership, or a partner's contract, after each phase"))
    for index, phase in enumerate(ip.phases):
        if not phase.milestone:
            yield ctx.finding((*section, "phases", index),
                              _("phase {number} ({name}) has no intermediate target (`milestone`, delmål)").format(
                                  number=index + 1, name=phase.name),
                              prefer_key=True)


_SIX_FULL_DAYS = 7  # the last day to answer is the deadline day minus 7: six full days lie between
_DEADLINES = {Milestone.PARTICIPATION_DEADLINE, Milestone.TENDER_DEADLINE, Milestone.INITIAL_TENDERS,
              Milestone.FINAL_TENDERS}


@rule(
    code="PB613", name="procurement.questions-deadline-too-late", severity=Severity.WARNING,
    summary=N_("Fewer than 6 full days between the questions deadline (the last day an answer can be given) and "
               "the deadline it serves."),
    hint=N_("set the questions deadline so that answers can be given at least 6 full days before the deadline"),
    source=N_("Udbudsloven § 134, stk. 1 (additional information at the latest 6 days before the deadline for "
              "requests or tenders) and § 93, stk. 4, nr. 1 (otherwise the deadline must be extended); Statens "
              "Indkøb, 'Hvordan beregner jeg 6-dages fristen …' (29-10-2020): counted under Regulation 1182/71, "
              "the tenderers must have 6 full days, so with a tender deadline on 28 October the last day to "
              "give information is 21 October."),
    bad=N_("""
        procurement:
          procedure: open
          timeline:
            - {milestone: questions_deadline, date: 2027-10-23}
            - {milestone: tender_deadline, date: 2027-10-28}
        """),
    good=N_("""
        procurement:
          procedure: open
          timeline:
            - {milestone: questions_deadline, date: 2027-10-18}
            - {milestone: tender_deadline, date: 2027-10-28}
        """),
    doc=N_("Answers to suppliers' questions are additional information. They must reach everyone so that 6 "
           "full days remain before the deadline: the day of the deadline does not count, and the 6 days "
           "before it must be free, so the last day to answer is 7 days before the deadline (Statens "
           "Indkøb's example: deadline 28 October at noon, last day for information 21 October at 23.59). A "
           "question asked on the last day of the questions deadline can at best be answered that day, so "
           "the questions deadline must be at least 7 days before the deadline it serves (the first deadline "
           "for requests or tenders on or after it)."),
)
def questions_deadline_too_late(ctx: LintContext) -> Iterator[Finding]:
    timeline = ctx.brief.procurement.timeline
    deadlines = sorted((e.date, e.milestone.value) for e in timeline if e.milestone in _DEADLINES)
    days = [d for d, _ in deadlines]
    for index, entry in enumerate(timeline):
        if entry.milestone is not Milestone.QUESTIONS_DEADLINE:
            continue
        k = bisect.bisect_left(days, entry.date)
        if k == len(days):
            continue
        deadline, kind = deadlines[k]
        gap = (deadline - entry.date).days
        if gap < _SIX_FULL_DAYS:
            last = deadline - datetime.timedelta(days=_SIX_FULL_DAYS)
            yield ctx.finding(("procurement", "timeline", index, "date"),
                              ngettext("`questions_deadline` ({date}) leaves {days} full day before `{deadline}` "
                                       "({deadline_date}); answers must be given by {last} (6 full days before), or "
                                       "the deadline must be extended",
                                       "`questions_deadline` ({date}) leaves {days} full days before `{deadline}` "
                                       "({deadline_date}); answers must be given by {last} (6 full days before), or "
                                       "the deadline must be extended", max(gap - 1, 0)).format(
                                  date=entry.date, days=max(gap - 1, 0), deadline=kind, deadline_date=deadline,
                                  last=last))


@rule(
    code="PB614", name="procurement.standstill", severity=Severity.WARNING,
    summary=N_("An EU procedure whose `contract_signature` or `contract_start` falls within the standstill "
               "period after the `award` decision (or a `standstill_end` less than 10 days after it)."),
    hint=N_("allow 10 calendar days from the day after the award decision is sent electronically (15 by "
            "letter); sign on the 11th day at the earliest"),
    source=N_("Lov om Klagenævnet for Udbud § 3, stk. 1 og 2 (standstill period; a contract concluded in it can "
              "be declared ineffective, § 16); udbudsportalen.dk, 'Standstill-perioden': 10 calendar days from "
              "the day after the notification is sent electronically (15 by letter), a period ending on a "
              "Saturday, Sunday or holiday runs to the next working day, so the contract can be signed on the "
              "11th day at the earliest; no standstill for call-offs under a framework agreement or a dynamic "
              "purchasing system."),
    bad=N_("""
        procurement:
          procedure: open
          timeline:
            - {milestone: award, date: 2027-06-01}
            - {milestone: contract_signature, date: 2027-06-08}
        """),
    good=N_("""
        procurement:
          procedure: open
          timeline:
            - {milestone: award, date: 2027-06-01}
            - {milestone: standstill_end, date: 2027-06-11}
            - {milestone: contract_signature, date: 2027-06-14}
        """),
    doc=N_("After the award decision the contract may not be concluded before the standstill period has run: "
           "10 calendar days from the day after an electronic notification. If the tenth day is a Saturday "
           "or Sunday the period runs to the Monday (public holidays are not known to the rule and extend it "
           "further). Each `contract_signature` and `contract_start` is compared with the latest `award` on "
           "or before it. Only the EU procedures are checked, and not when the estimated value is known to "
           "be below the threshold."),
)
def standstill(ctx: LintContext) -> Iterator[Finding]:
    procurement = ctx.brief.procurement
    if procurement.procedure not in _EU_PROCEDURES or _below_threshold(ctx):
        return
    awards = sorted(e.date for e in procurement.timeline if e.milestone is Milestone.AWARD)
    if not awards:
        return
    for index, entry in enumerate(procurement.timeline):
        if entry.milestone not in (Milestone.CONTRACT_SIGNATURE, Milestone.CONTRACT_START, Milestone.STANDSTILL_END):
            continue
        k = bisect.bisect_right(awards, entry.date)
        if k == 0:
            continue
        award = awards[k - 1]
        end = award + datetime.timedelta(days=10)
        where = ("procurement", "timeline", index, "date")
        if entry.milestone is Milestone.STANDSTILL_END:
            if entry.date < end:
                days = (entry.date - award).days
                yield ctx.finding(where, ngettext(
                    "`standstill_end` ({date}) is {days} day after `award` ({award}); the standstill period is at "
                    "least 10 calendar days from the day after the decision is sent, to {end}",
                    "`standstill_end` ({date}) is {days} days after `award` ({award}); the standstill period is at "
                    "least 10 calendar days from the day after the decision is sent, to {end}", days).format(
                        date=entry.date, days=days, award=award, end=end))
            continue
        while end.weekday() >= 5:
            end += datetime.timedelta(days=1)
        earliest = end + datetime.timedelta(days=1)
        if entry.date < earliest:
            days = (entry.date - award).days
            yield ctx.finding(where, ngettext(
                "`{milestone}` ({date}) is {days} day after `award` ({award}); with the award decision sent "
                "electronically that day, the standstill period runs to {end}, so the contract can be signed on "
                "{earliest} at the earliest (later after a public holiday, or 15 days when notified by letter)",
                "`{milestone}` ({date}) is {days} days after `award` ({award}); with the award decision sent "
                "electronically that day, the standstill period runs to {end}, so the contract can be signed on "
                "{earliest} at the earliest (later after a public holiday, or 15 days when notified by letter)",
                days).format(milestone=entry.milestone.value, date=entry.date, days=days, award=award, end=end,
                             earliest=earliest))


@rule(
    code="PB615", name="procurement.options-and-joint-use", severity=Severity.WARNING,
    summary=N_("An option, or other authorities' right to use the contract, without named beneficiaries, without "
               "a maximum value or quantity, or not counted in the estimated value."),
    hint=N_("describe the right in `procurement.options`: the beneficiaries named as in the contract notice, "
            "the maximum value or quantity, and `included_in_estimated_value: true`"),
    source=N_("CJEU C-23/20 Simonsen & Weel (17 June 2021): the contract notice states the estimated and the "
              "maximum quantity or value, and the agreement is exhausted when the maximum is reached; "
              "udbudsloven § 30 (the estimated value includes options and extensions)."),
    bad=N_("""
        procurement:
          procedure: open
          options:
            - {description: Roll-out to more nursing homes}
        """),
    good=N_("""
        procurement:
          procedure: open
          options:
            - description: Roll-out to more nursing homes
              beneficiaries: [Vejle Municipality]
              max_quantity: 600 nursing home places
              included_in_estimated_value: true
        """),
    doc=N_("Other authorities can use a contract only if they are clearly identified in the contract notice, "
           "and the notice states the maximum quantity or value, their share included; the estimated value "
           "includes every option. Each option is checked for named beneficiaries, a maximum and its place "
           "in the estimated value; each authority in `scale_up.other_authorities` must be a beneficiary of "
           "an option (names compared without regard to case). With `procedure: market_dialogue_only` there "
           "is no contract notice yet, and the other authorities are not checked."),
)
def options_and_joint_use(ctx: LintContext) -> Iterator[Finding]:
    procurement = ctx.brief.procurement
    named: set[str] = set()
    for index, option in enumerate(procurement.options):
        where: PathParts = ("procurement", "options", index)
        named |= {b.strip().casefold() for b in option.beneficiaries}
        label = index + 1
        if not option.beneficiaries:
            yield ctx.finding(where, _("option {number} names no `beneficiaries`").format(number=label),
                              prefer_key=True)
        if option.max_value is None and not option.max_quantity:
            yield ctx.finding(where, _("option {number} has neither `max_value` nor `max_quantity`").format(
                number=label), prefer_key=True)
        if option.included_in_estimated_value is not True:
            field = (*where, "included_in_estimated_value")
            yield ctx.finding(field if option.included_in_estimated_value is False else where,
                              _("option {number} is not said to be counted in `estimated_value` "
                                "(`included_in_estimated_value: true`)").format(number=label), prefer_key=True)
    scale_up = ctx.brief.scale_up
    if scale_up is None or procurement.procedure is Procedure.MARKET_DIALOGUE_ONLY:
        return
    for index, authority in enumerate(scale_up.other_authorities):
        if authority.strip().casefold() not in named:
            yield ctx.finding(("scale_up", "other_authorities", index),
                              _("{authority} may use the contract, but no option in `procurement.options` names it "
                                "as a beneficiary with a maximum").format(authority=authority))


@rule(
    code="PB616", name="procurement.dialogue-chronology", severity=Severity.WARNING,
    summary=N_("`market_dialogue.findings` is filled in, but every date of the dialogue is after the brief's "
               "date."),
    hint=N_("fill in `findings` after the dialogue, or correct the dates"),
    source=N_("Internal consistency: findings can only come from a dialogue that has taken place."),
    bad=N_("""
        market_dialogue:
          equal_treatment: Minutes are published.
          publication: The municipality's tender page
          dates: [2027-01-14]
          findings: The market cannot deliver a solution today.
        """),
    good=N_("""
        market_dialogue:
          equal_treatment: Minutes are published.
          publication: The municipality's tender page
          dates: [2026-09-14]
          findings: The market cannot deliver a solution today.
        """),
    doc=N_("Dialogue dates are `market_dialogue.dates`, the dates of `market_dialogue.events` and "
           "`market_dialogue` milestones in the timeline. When all of them are after `brief.date`, the "
           "findings describe a dialogue that has not yet happened."),
)
def dialogue_chronology(ctx: LintContext) -> Iterator[Finding]:
    dialogue, day = ctx.brief.market_dialogue, ctx.brief.brief.date
    if dialogue is None or not dialogue.findings or day is None:
        return
    dates = [*dialogue.dates, *(e.date for e in dialogue.events),
             *(e.date for e in ctx.brief.procurement.timeline if e.milestone is Milestone.MARKET_DIALOGUE)]
    if dates and min(dates) > day:
        yield ctx.finding(("market_dialogue", "findings"),
                          _("`findings` is filled in, but the first dialogue date ({first}) is after the brief's "
                            "date ({day})").format(first=min(dates), day=day))


_ANNEX_XIV_WORDS = [
    r"sundhed\w*", r"social\w*", r"uddannelse\w*", r"undervisning\w*", r"pleje\w*", r"omsorg\w*",
    r"ældre\w*", r"genoptræning\w*", r"rehabilitering\w*", r"hjemmehjælp\w*", r"beskæftigelse\w*",
    r"health\w*", r"education\w*", r"nursing", r"care", r"elderly", r"rehabilitation",
]


@rule(
    code="PB617", name="procurement.annex-xiv-hint", severity=Severity.INFO,
    summary=N_("`contract_type: services` for a problem in education, health or social care: ask whether the "
               "service is a social or other specific service (the light regime)."),
    hint=N_("check the CPV code against Annex XIV; if it is listed, set `contract_type: social_services`"),
    source=N_("Directive 2014/24/EU Annex XIV (social and other specific services, threshold EUR 750,000 for "
              "sub-central authorities) and udbudsloven afsnit III (the light regime)."),
    bad=N_("""
        procurement:
          procedure: open
          contract_type: services
        """),
    good=N_("""
        procurement:
          procedure: open
          contract_type: social_services
        """),
    doc=N_("Health, social and educational services, among others, are listed in Annex XIV to the directive "
           "and follow the lighter rules of udbudsloven afsnit III above a higher threshold. Whether a "
           "service is listed depends on its CPV code; the rule only asks when the brief's title, problem or "
           "target group speaks of education, health or social care and the contract type is `services`. It "
           "points at the first such word."),
)
def annex_xiv_hint(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.procurement.contract_type is None or ctx.brief.procurement.contract_type.value != "services":
        return
    pattern = word_pattern(_ANNEX_XIV_WORDS)
    for parts in (("brief", "title"), ("problem", "summary"), ("problem", "background"),
                  ("target_group", "description")):
        text = ctx.loaded.value_at(parts)
        if not isinstance(text, str):
            continue
        match = pattern.search(text)
        if match:
            yield ctx.finding(("procurement", "contract_type"),
                              _("`contract_type: services`, and the brief speaks of \"{word}\" (`{field}`): is "
                                "this a social or other specific service under Annex XIV (udbudsloven afsnit III, "
                                "threshold EUR 750,000)?").format(word=match.group(0), field=".".join(parts)))
            return


@rule(
    code="PB618", name="procurement.joint-procurement-identification", severity=Severity.INFO,
    summary=N_("Several authorities, and one of them has no CVR number."),
    hint=N_("give each authority's `cvr`"),
    source=N_("Directive 2014/24/EU Annex V, part C, point 1: the contract notice gives each contracting "
              "authority's name and identification number; in Denmark the CVR number."),
    bad=N_("""
        authorities:
          - {name: Vejle Municipality, role: lead, cvr: "29189838"}
          - {name: Kolding Municipality}
        """),
    good=N_("""
        authorities:
          - {name: Vejle Municipality, role: lead, cvr: "29189838"}
          - {name: Kolding Municipality, cvr: "29189757"}
        """),
    doc=N_("In a joint procurement every authority is a party and is identified in the contract notice by "
           "name and national identification number. One finding per authority without `cvr`."),
)
def joint_procurement_identification(ctx: LintContext) -> Iterator[Finding]:
    authorities = ctx.brief.authorities
    if len(authorities) < 2:
        return
    for index, authority in enumerate(authorities):
        if authority.cvr is None:
            yield ctx.finding(("authorities", index, "name"), _("{name} has no `cvr`").format(name=authority.name))
