"""A timeline proposed from the legal minimum periods, for the procedures of udbudsloven part II.

Every date is counted as `calendar` counts (Regulation 1182/71 art. 3). Legal minimums give the earliest
lawful date; the steps the law does not time (choosing candidates, negotiating, evaluating, the POC) are
planning assumptions, named as such in each proposal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from problembrief.errors import UsageError
from problembrief.i18n import N_, _
from problembrief.model import Brief, Milestone, Procedure
from problembrief.plan.calendar import (
    describe,
    is_working_day,
    next_working_day,
    period_end,
    previous_working_day,
    working_days_before,
)

_WEEK = 7
# The planning assumptions (not legal minimums), in weeks unless said otherwise.
SELECTION_WEEKS = 2  # from the deadline for requests to the invitation to tender
ANSWER_WORKING_DAYS = 3  # from the questions deadline to the last day to answer
NEGOTIATION_WEEKS = 8  # from the initial tenders to the final tenders
DIALOGUE_WEEKS = 10  # competitive dialogue: from the invitation to the final tenders
EVALUATION_WEEKS = 4  # from the tender deadline to the award decision
POC_WEEKS = 26  # the length of a POC whose brief gives none
DECISION_WEEKS = 4  # from the end of the POC to the scale-up decision

STANDSTILL_DAYS = 10  # electronic notification (lov om Klagenævnet for Udbud § 3, stk. 1, nr. 1)
SIX_FULL_DAYS = 7  # answers by the deadline day minus 7: six full days lie between

_REGULATION = N_("Regulation 1182/71 art. 3")
_ASSUMPTION = N_("planning assumption, not a legal minimum")

# Per procedure: the minimum for requests to participate (days, source), or None for a one-stage procedure;
# the minimum for (initial) tenders from the day after the notice or the invitation (days, source), or None
# when the law sets none (competitive dialogue); and whether final tenders follow the initial tenders.
_PROCEDURES: dict[Procedure, tuple[tuple[int, str] | None, tuple[int, str] | None, bool]] = {
    Procedure.OPEN: (None, (30, N_("Directive 2014/24/EU art. 27: 35 days from the day after the notice is sent, "
                                   "5 fewer where tenders are submitted electronically, as is the rule in "
                                   "Denmark")), False),
    Procedure.RESTRICTED: ((30, N_("udbudsloven § 59, stk. 2; Directive 2014/24/EU art. 28(1)")),
                           (25, N_("udbudsloven § 60, stk. 2 and 4: 30 days from the day after the invitation, "
                                   "5 fewer where tenders are submitted electronically")), False),
    Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION: (
        (30, N_("Directive 2014/24/EU art. 29(1), which applies the restricted procedure's 30 days")),
        (25, N_("Directive 2014/24/EU art. 29(1): initial tenders 30 days from the day after the invitation, 5 "
                "fewer where tenders are submitted electronically (art. 28(5))")), True),
    Procedure.COMPETITIVE_DIALOGUE: ((30, N_("Directive 2014/24/EU art. 30(1)")), None, False),
    Procedure.INNOVATION_PARTNERSHIP: (
        (30, N_("udbudsloven § 74, stk. 5")),
        (30, N_("the negotiated procedure's 30 days from the day after the invitation (Directive 2014/24/EU art. "
                "29(1)), kept whole as a safe floor: the innovation partnership has no minimum for tenders of its "
                "own")), True),
}
# Milestones the brief may have before the notice and that the proposal keeps as they are.
_KEPT = (Milestone.MARKET_DIALOGUE, Milestone.PRIOR_INFORMATION_NOTICE)


@dataclass(frozen=True)
class Proposal:
    """One proposed milestone: its date, the rule or period it follows, the legal source (or that it is a
    planning assumption), and a line explaining the date. The texts are in the language in force."""

    milestone: Milestone
    date: datetime.date
    rule: str
    source: str
    explanation: str
    legal: bool = True


def procedures() -> tuple[Procedure, ...]:
    """The procedures a timeline can be proposed for."""
    return tuple(_PROCEDURES)


def notice_sent_of(brief: Brief, notice_sent: datetime.date | None = None) -> datetime.date:
    """The day the notice is sent: `notice_sent` when given, else the brief's own `notice_sent` milestone; a
    usage error when neither is there."""
    if notice_sent is not None:
        return notice_sent
    dates = [e.date for e in brief.procurement.timeline if e.milestone is Milestone.NOTICE_SENT]
    if not dates:
        raise UsageError(_("give the day the contract notice is sent (--notice-sent YYYY-MM-DD), or a "
                           "`notice_sent` milestone in the brief's `procurement.timeline`"),
                         field="procurement.timeline")
    return min(dates)


def _period(days: int, event: str, event_date: datetime.date) -> tuple[datetime.date, str]:
    """The end of a legal minimum period and the sentence explaining it."""
    last, end = period_end(event_date, days)
    text = _("{days} calendar days from the day after {event} ({first}): the last day is {last}").format(
        days=days, event=event, first=(event_date + datetime.timedelta(days=1)).isoformat(), last=describe(last))
    if end != last:
        text += _("; not a working day, so the period runs to the end of the next working day, {end}").format(
            end=describe(end))
    return end, text


def _planned(day: datetime.date) -> tuple[datetime.date, str]:
    """A planned date moved to a working day, and the words saying so (empty when it needed no move)."""
    moved = next_working_day(day)
    if moved == day:
        return day, ""
    return moved, _("; {day} is not a working day, so {moved}").format(day=describe(day), moved=moved.isoformat())


def _weeks_after(event: datetime.date, weeks: int) -> tuple[datetime.date, str]:
    return _planned(event + datetime.timedelta(weeks=weeks))


def propose(brief: Brief, notice_sent: datetime.date) -> list[Proposal]:
    """Every milestone the brief's procedure needs, from the notice sent on `notice_sent`, in order."""
    procedure = brief.procurement.procedure
    if procedure not in _PROCEDURES:
        raise UsageError(_("no timeline can be proposed for the procedure `{procedure}`: only for {supported}, "
                           "whose minimum periods the law sets").format(
                               procedure=procedure.value, supported=", ".join(p.value for p in _PROCEDURES)),
                         field="procurement.procedure")
    requests, tenders, negotiated = _PROCEDURES[procedure]
    out: list[Proposal] = [
        Proposal(e.milestone, e.date, _("kept from the brief"), "", _("before the notice; not moved"), legal=False)
        for e in sorted(brief.procurement.timeline, key=lambda e: e.date)
        if e.milestone in _KEPT and e.date < notice_sent]
    out.append(Proposal(Milestone.NOTICE_SENT, notice_sent, _("the day the contract notice is sent"), _(_REGULATION),
                        _("the periods run from the day after, {next}").format(
                            next=(notice_sent + datetime.timedelta(days=1)).isoformat())))

    # The first deadline: requests to participate, or the tenders of an open procedure.
    invitation = notice_sent
    invitation_words, invitation_note = _("the notice is sent"), ""
    if requests is not None:
        days, source = requests
        end, text = _period(days, _("the notice is sent"), notice_sent)
        out.append(Proposal(Milestone.PARTICIPATION_DEADLINE, end,
                            _("{days} days for requests to participate").format(days=days), _(source), text))
        invitation, moved = _weeks_after(end, SELECTION_WEEKS)
        invitation_words = _("the invitation to tender is sent")
        invitation_note = _("; the invitation is planned {weeks} weeks after the deadline for requests, to select "
                            "the candidates: a {assumption}{moved}").format(
                                weeks=SELECTION_WEEKS, assumption=_(_ASSUMPTION), moved=moved)

    # The tender deadline (or the initial tenders), and the final tenders after negotiation or dialogue.
    if tenders is not None:
        days, source = tenders
        kind = Milestone.INITIAL_TENDERS if negotiated else Milestone.TENDER_DEADLINE
        deadline, text = _period(days, invitation_words, invitation)
        first = Proposal(kind, deadline, _("{days} days for tenders").format(days=days), _(source),
                         text + invitation_note)
    else:  # competitive dialogue: the law sets no minimum for the final tenders
        deadline, moved = _weeks_after(invitation, DIALOGUE_WEEKS)
        kind = Milestone.FINAL_TENDERS
        first = Proposal(kind, deadline, _("{weeks} weeks of dialogue").format(weeks=DIALOGUE_WEEKS),
                         _(_ASSUMPTION), _("{weeks} weeks after {event}, for the dialogue; the law sets no minimum "
                                           "here{moved}").format(weeks=DIALOGUE_WEEKS, event=invitation_words,
                                                                  moved=moved) + invitation_note, legal=False)

    # The questions deadline, so that the answers reach everyone 6 full days before that deadline.
    answer_by = previous_working_day(deadline - datetime.timedelta(days=SIX_FULL_DAYS))
    questions = working_days_before(answer_by, ANSWER_WORKING_DAYS)
    full_first = answer_by + datetime.timedelta(days=1)
    full_last = deadline - datetime.timedelta(days=1)
    out.append(Proposal(
        Milestone.QUESTIONS_DEADLINE, questions, _("answers at least 6 full days before `{deadline}`").format(
            deadline=kind.value),
        _("udbudsloven § 134, stk. 1 and § 93, stk. 4, nr. 1; Statens Indkøb, 'Hvordan beregner jeg 6-dages "
          "fristen …' (29-10-2020), counted under Regulation 1182/71 art. 3"),
        _("answers published by {answer_by} leave at least 6 full days, {first} to {last}, before `{deadline}` "
          "({date}); {count} working days to answer the last questions are a {assumption}").format(
              answer_by=describe(answer_by), first=full_first.isoformat(), last=full_last.isoformat(),
              deadline=kind.value, date=deadline.isoformat(), count=ANSWER_WORKING_DAYS,
              assumption=_(_ASSUMPTION))))
    out.append(first)

    if negotiated:
        deadline, moved = _weeks_after(deadline, NEGOTIATION_WEEKS)
        out.append(Proposal(Milestone.FINAL_TENDERS, deadline,
                            _("{weeks} weeks of negotiation").format(weeks=NEGOTIATION_WEEKS), _(_ASSUMPTION),
                            _("{weeks} weeks after the initial tenders, for the negotiation: a {assumption}"
                              "{moved}").format(weeks=NEGOTIATION_WEEKS, assumption=_(_ASSUMPTION), moved=moved),
                            legal=False))
        kind = Milestone.FINAL_TENDERS

    # Award, standstill and signature.
    award, moved = _weeks_after(deadline, EVALUATION_WEEKS)
    out.append(Proposal(Milestone.AWARD, award, _("{weeks} weeks to evaluate").format(weeks=EVALUATION_WEEKS),
                        _(_ASSUMPTION), _("{weeks} weeks after `{deadline}` to evaluate the tenders, the decision "
                                          "sent electronically to all tenderers that day: a {assumption}"
                                          "{moved}").format(weeks=EVALUATION_WEEKS, deadline=kind.value,
                                                            assumption=_(_ASSUMPTION), moved=moved),
                        legal=False))
    standstill, text = _period(STANDSTILL_DAYS, _("the award decision is sent"), award)
    out.append(Proposal(Milestone.STANDSTILL_END, standstill,
                        _("standstill: {days} calendar days").format(days=STANDSTILL_DAYS),
                        _("lov om Klagenævnet for Udbud § 3, stk. 1, nr. 1 (15 days when notified by letter); "
                          "udbudsportalen.dk, 'Standstill-perioden'; Regulation 1182/71 art. 3(4)"), text))
    signature = next_working_day(standstill + datetime.timedelta(days=1))
    out.append(Proposal(Milestone.CONTRACT_SIGNATURE, signature, _("the first working day after the standstill"),
                        _("lov om Klagenævnet for Udbud § 3; udbudsportalen.dk, 'Standstill-perioden': signed on "
                          "the 11th day at the earliest"),
                        _("{date}: the contract may not be concluded before the standstill period has run; a "
                          "contract concluded in it may be declared ineffective").format(date=describe(signature))))
    out.append(Proposal(Milestone.CONTRACT_START, signature, _("the contract starts when it is signed"),
                        _(_ASSUMPTION), _("a later start moves the POC and the decision after it by as much"),
                        legal=False))
    out += _poc(brief, signature)
    return out


def _poc(brief: Brief, contract_start: datetime.date) -> list[Proposal]:
    """POC start and end and the scale-up decision, keeping the brief's own lengths where it gives them."""
    poc = brief.poc
    if poc is None:
        return []
    own_start = [e.date for e in brief.procurement.timeline if e.milestone is Milestone.CONTRACT_START]
    lead = (poc.start - min(own_start)).days if poc.start and own_start and poc.start >= min(own_start) else 0
    start, moved = _planned(contract_start + datetime.timedelta(days=lead))
    if lead:
        why = _("{days} days after the contract starts, as in the brief (`poc.start` and `contract_start`)"
                "{moved}").format(days=lead, moved=moved)
    else:
        why = _("when the contract starts{moved}").format(moved=moved)
    out = [Proposal(Milestone.POC_START, start, _("the POC starts"), _(_ASSUMPTION), why, legal=False)]

    if poc.start and poc.end and poc.end > poc.start:
        length = (poc.end - poc.start).days
        why = _("the brief's POC length: {days} days (`poc.start` to `poc.end`)").format(days=length)
    else:
        length = POC_WEEKS * _WEEK
        why = _("{weeks} weeks: the brief gives no POC length; a {assumption}").format(
            weeks=POC_WEEKS, assumption=_(_ASSUMPTION))
    end = start + datetime.timedelta(days=length)
    if not is_working_day(end):
        why += _("; ends on {day}").format(day=describe(end))
    out.append(Proposal(Milestone.POC_END, end, _("the POC ends"), _(_ASSUMPTION), why, legal=False))

    own = brief.scale_up.decision.date if brief.scale_up and brief.scale_up.decision else None
    if own and poc.end and own > poc.end:
        gap = (own - poc.end).days
        decision, moved = _planned(end + datetime.timedelta(days=gap))
        why = _("{days} days after the POC ends, as in the brief (`scale_up.decision.date`){moved}").format(
            days=gap, moved=moved)
    else:
        decision, moved = _weeks_after(end, DECISION_WEEKS)
        why = _("{weeks} weeks after the POC ends, to evaluate it: a {assumption}{moved}").format(
            weeks=DECISION_WEEKS, assumption=_(_ASSUMPTION), moved=moved)
    out.append(Proposal(Milestone.SCALE_UP_DECISION, decision, _("the decision after the POC"), _(_ASSUMPTION), why,
                        legal=False))
    return out
