"""Numbers, money, dates and GDPR references as a Danish or English reader expects them.

Danish: 1.240; 4,1; 1.200.000 kr.; 1. september 2027; artikel 9, stk. 2, litra h.
English: 1,240; 4.1; DKK 1,200,000; 1 September 2027; Article 9(2)(h).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

_MONTHS = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}
# (thousands separator, decimal mark)
_SEPARATORS = {"da": (".", ","), "en": (",", ".")}


# Beyond this many digits before or after the mark a number is shown in E notation ("1,5E-40"), as the
# positional form of Decimal("1E-999999999") alone would be a gigabyte of zeros.
MAX_POSITIONAL_DIGITS = 40


def format_number(value: Decimal | int | float, language: str) -> str:
    """Group thousands and use the language's decimal mark; keep the decimals the author wrote.

    Numbers with more than `MAX_POSITIONAL_DIGITS` (40) digits before or after the mark, and values that are
    not numbers (NaN, infinity), are written as Python writes them, with the language's decimal mark."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    thousands, mark = _SEPARATORS[language]
    exponent = number.as_tuple().exponent
    if not number.is_finite() or not isinstance(exponent, int) or (
            -exponent > MAX_POSITIONAL_DIGITS or number.adjusted() >= MAX_POSITIONAL_DIGITS):
        return str(number).replace(".", mark)
    if number == number.to_integral_value() and exponent >= 0:
        text = f"{int(number):,}"
        decimals = ""
    else:
        text = f"{number:,f}"
        text, _, decimals = text.partition(".")
    text = text.replace(",", thousands)
    return f"{text}{mark}{decimals}" if decimals else text


def format_money(amount: Decimal | int, currency: str, language: str) -> str:
    figure = format_number(amount, language)
    if language == "da":
        return f"{figure} kr." if currency == "DKK" else f"{figure} {currency}"
    return f"{currency} {figure}"


def format_date(value: datetime.date, language: str) -> str:
    month = _MONTHS[language][value.month - 1]
    if language == "da":
        return f"{value.day}. {month} {value.year}"
    return f"{value.day} {month} {value.year}"



_GDPR = re.compile(r"^(\d+)\((\d+)\)\(([a-z])\)$")


def format_gdpr(reference: str, language: str) -> str:
    """`9(2)(h)` -> "artikel 9, stk. 2, litra h" (as Danish lawyers cite it) or "Article 9(2)(h)"."""
    match = _GDPR.match(reference)
    if not match:
        return reference
    article, paragraph, letter = match.groups()
    if language == "da":
        return f"artikel {article}, stk. {paragraph}, litra {letter}"
    return f"Article {article}({paragraph})({letter})"


def format_gdpr_bases(references: list[str], language: str) -> str:
    """The GDPR bases of one asset in one phrase, naming the regulation once:
    "databeskyttelsesforordningens artikel 6, stk. 1, litra e, og artikel 9, stk. 2, litra h"."""
    if not references:
        return ""
    cited = [format_gdpr(r, language) for r in references]
    if language == "da":
        return "databeskyttelsesforordningens " + ", og ".join(cited)
    return "GDPR " + " and ".join(cited)


# "4. kvt. 2026" is the Danish convention; "K4 2026" is not.
_QUARTER = {"da": "{quarter}. kvt. {year}", "en": "Q{quarter} {year}"}


def format_period(start: datetime.date, unit: str, language: str) -> str:
    """A column heading of the timeline: "sep 2027" / "Sep 2027", "3. kvt. 2027" / "Q3 2027", or "2027"."""
    if unit == "month":
        return f"{_MONTHS[language][start.month - 1][:3]} {start.year}"
    if unit == "quarter":
        return _QUARTER[language].format(quarter=(start.month - 1) // 3 + 1, year=start.year)
    return str(start.year)


_AND = {"da": "og", "en": "and"}


def join_and(items: list[str], language: str) -> str:
    """"A, B og C" / "A, B and C"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND[language]} {items[-1]}"
