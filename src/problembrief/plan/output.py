"""The proposed timeline as YAML to paste into a brief's `procurement.timeline`, explained line by line."""

from __future__ import annotations

import datetime

from problembrief import i18n
from problembrief.i18n import _
from problembrief.model import Brief
from problembrief.plan.timeline import Proposal, notice_sent_of, propose


def _comment(text: str) -> str:
    return " ".join(text.split())  # one line, whatever the translation holds


def render(proposals: list[Proposal], notice_sent: datetime.date, procedure: str, indent: int = 2) -> str:
    """The `timeline:` key and its entries, each with the rule and source above it and why after it."""
    pad, item = " " * indent, " " * (indent + 2)
    header = [
        _("Proposed timeline for the procedure `{procedure}`, counted from the notice sent on {date}.").format(
            procedure=procedure, date=notice_sent.isoformat()),
        _("Counted as Regulation 1182/71 art. 3 counts: in calendar days from the day after the event (art. 3(1)), "
          "to the end of the last day (art. 3(2)(b)); a period ending on a Saturday, Sunday or public holiday runs "
          "to the end of the next working day (art. 3(4))."),
        _("Danish public holidays: the holidays library (holidays.Denmark). Constitution Day, Christmas Eve and "
          "New Year's Eve are not public holidays; avoid them for deadlines all the same."),
        _("Dates marked as a planning assumption are not legal minimums: change them to suit the project, and "
          "run problembrief validate again."),
        _("Paste in place of the brief's `timeline:` under `procurement:`; add its `other` milestones again."),
    ]
    lines = [f"{pad}# {_comment(text)}" for text in header]
    lines.append(f"{pad}timeline:")
    for proposal in proposals:
        above = f"{proposal.rule} ({proposal.source})" if proposal.source else proposal.rule
        lines.append(f"{item}# {_comment(above)}")
        lines.append(f"{item}- {{milestone: {proposal.milestone.value}, date: {proposal.date.isoformat()}}}"
                     f"  # {_comment(proposal.explanation)}")
    return "\n".join(lines) + "\n"


def plan_yaml(brief: Brief, notice_sent: datetime.date | None = None, language: str | None = None) -> str:
    """The proposed timeline of `brief`, from the notice sent on `notice_sent` (else the brief's own
    `notice_sent` milestone; a UsageError when neither is given), as YAML with comments in `language` (else the
    brief's language)."""
    sent = notice_sent_of(brief, notice_sent)
    with i18n.language(language or brief.language.value):
        return render(propose(brief, sent), sent, brief.procurement.procedure.value)
