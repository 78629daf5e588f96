"""The timeline as a Gantt-like chart: phases and milestones across months or quarters.

The chart is computed here from the brief's dates; the templates name the rows in their language and
write it as a Markdown table that the Word writer shades (`<!-- gantt -->`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from problembrief.model import Brief, Milestone

BAR, MILESTONE = "■", "◆"
_MAX_MONTHS = 12
_MAX_QUARTERS = 16
_MAX_COLUMNS = 20  # beyond that a column is too narrow to read: the timeline table alone tells the dates


@dataclass(frozen=True)
class Span:
    """One row: `kind` is market_dialogue, tender, poc, decision or phase (then `name` is the phase's)."""

    kind: str
    start: datetime.date
    end: datetime.date
    name: str = ""


@dataclass(frozen=True)
class Chart:
    unit: str  # month, quarter or year
    periods: list[datetime.date]  # the first day of each column
    rows: list[tuple[Span, list[str]]]


def _dates(brief: Brief, milestone: Milestone) -> list[datetime.date]:
    return [e.date for e in brief.procurement.timeline if e.milestone is milestone]


def spans(brief: Brief) -> list[Span]:
    """The phases of the work in time order: dialogue, tender, POC, decision, scale-up phases."""
    found: list[Span] = []
    dialogue = list(brief.market_dialogue.dates) if brief.market_dialogue else []
    dialogue += _dates(brief, Milestone.MARKET_DIALOGUE)
    if dialogue:
        found.append(Span("market_dialogue", min(dialogue), max(dialogue)))
    opened = _dates(brief, Milestone.PUBLICATION) or _dates(brief, Milestone.NOTICE_SENT)
    closed = _dates(brief, Milestone.AWARD) or _dates(brief, Milestone.TENDER_DEADLINE)
    if opened and closed and min(opened) <= max(closed):
        found.append(Span("tender", min(opened), max(closed)))
    poc_start = (brief.poc.start if brief.poc else None) or min(_dates(brief, Milestone.POC_START), default=None)
    poc_end = (brief.poc.end if brief.poc else None) or max(_dates(brief, Milestone.POC_END), default=None)
    if poc_start and poc_end and poc_start <= poc_end:
        found.append(Span("poc", poc_start, poc_end))
    decision = brief.scale_up.decision.date if brief.scale_up and brief.scale_up.decision else None
    decision = decision or min(_dates(brief, Milestone.SCALE_UP_DECISION), default=None)
    if decision:
        found.append(Span("decision", decision, decision))
    phases = [p for p in (brief.scale_up.phases if brief.scale_up else []) if p.start]
    phases.sort(key=lambda p: p.start)  # type: ignore[arg-type, return-value]
    for index, phase in enumerate(phases):
        assert phase.start is not None
        following = phases[index + 1].start if index + 1 < len(phases) else None
        end = following - datetime.timedelta(days=1) if following else _add_months(phase.start, 6)
        found.append(Span("phase", phase.start, max(end, phase.start), phase.name))
    return found


def chart(brief: Brief) -> Chart | None:
    """Columns of months (a year or less), quarters (up to four years) or years; None with under two rows."""
    rows = spans(brief)
    if len(rows) < 2:
        return None
    first, last = min(s.start for s in rows), max(s.end for s in rows)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= _MAX_MONTHS:
        unit, step, start = "month", 1, first.replace(day=1)
    elif months <= _MAX_QUARTERS * 3:
        unit, step, start = "quarter", 3, datetime.date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    else:
        unit, step, start = "year", 12, datetime.date(first.year, 1, 1)
    if (last.year - start.year) * 12 / step > _MAX_COLUMNS:
        return None
    periods = []
    cursor = start
    while cursor <= last:
        periods.append(cursor)
        following = _add_months(cursor, step)
        if following <= cursor:  # the end of the calendar (year 9999)
            break
        cursor = following
    # Each column's last day, worked out once for all the rows.
    columns = [(begin, _add_months(begin, step) - datetime.timedelta(days=1)) for begin in periods]
    table = []
    for span in rows:
        mark = MILESTONE if span.start == span.end else BAR
        table.append((span, [mark if span.start <= end and span.end >= begin else "" for begin, end in columns]))
    return Chart(unit=unit, periods=periods, rows=table)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return datetime.date(year, month, 1) if day.day == 1 else _clamp(year, month, day.day)


def _clamp(year: int, month: int, day: int) -> datetime.date:
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            day -= 1
