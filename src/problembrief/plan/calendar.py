"""Counting days as the law counts them, with the Danish public holidays of the `holidays` library.

Council Regulation (EEC, Euratom) No 1182/71, which Danish procurement law uses for its time limits (Statens
Indkøb, "Hvordan beregner jeg 6-dages fristen …", 29-10-2020; udbudshuset.dk, "Tidsfrister på udbud"):

* art. 3(1), second subparagraph: a period counted from an event does not include the day of the event, so it
  runs from the day after;
* art. 3(2)(b): a period in days ends with the last hour of its last day;
* art. 3(3): the days are calendar days, Saturdays, Sundays and holidays included;
* art. 3(4): a period whose last day is a Saturday, a Sunday or a public holiday ends with the last hour of the
  next working day.

The public holidays are those of `holidays.Denmark` (its `public` category: New Year's Day, Maundy Thursday,
Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day,
and Great Prayer Day up to 2023). Constitution Day, Christmas Eve and New Year's Eve are not public holidays,
though many offices close on them.
"""

from __future__ import annotations

import datetime
from functools import cache

import holidays

from problembrief.i18n import current_language, pgettext

_ONE_DAY = datetime.timedelta(days=1)
# The `holidays` library's names of the holidays, in the languages problembrief speaks.
_HOLIDAY_LANGUAGE = {"da": "da", "en": "en_US"}


@cache
def _holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.Denmark(years=year, language=_HOLIDAY_LANGUAGE.get(language, "en_US"))


def holiday_name(day: datetime.date, language: str | None = None) -> str | None:
    """The name of the Danish public holiday on `day` (in the language in force), or None."""
    return _holidays(day.year, language or current_language()).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and holiday_name(day, "en") is None


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def previous_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day`."""
    for _ in range(count):
        day = previous_working_day(day - _ONE_DAY)
    return day


def period_end(event: datetime.date, days: int) -> tuple[datetime.date, datetime.date]:
    """The last day of a period of `days` calendar days after `event` (art. 3(1)-(3)), and the day it really
    ends on: the same day, or the next working day when it is a Saturday, a Sunday or a holiday (art. 3(4))."""
    last = event + datetime.timedelta(days=days)
    return last, next_working_day(last)


def _weekday(day: datetime.date) -> str:
    names = (pgettext("weekday", "Monday"), pgettext("weekday", "Tuesday"), pgettext("weekday", "Wednesday"),
             pgettext("weekday", "Thursday"), pgettext("weekday", "Friday"), pgettext("weekday", "Saturday"),
             pgettext("weekday", "Sunday"))
    return names[day.weekday()]


def describe(day: datetime.date) -> str:
    """`2027-03-29 (2. påskedag)`, `2027-03-27 (lørdag)`: the date and why it is, or is not, a working day."""
    return f"{day.isoformat()} ({holiday_name(day) or _weekday(day)})"
