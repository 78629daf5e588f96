"""Danish and English numbers, money, dates and GDPR references."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from problembrief.formatting import format_date, format_gdpr, format_gdpr_bases, format_money, format_number


@pytest.mark.parametrize(("value", "da", "en"), [
    (1240, "1.240", "1,240"),
    (Decimal("4.1"), "4,1", "4.1"),
    (Decimal("1200000"), "1.200.000", "1,200,000"),
    (Decimal("1234567.25"), "1.234.567,25", "1,234,567.25"),
    (Decimal("0.5"), "0,5", "0.5"),
    (7, "7", "7"),
])
def test_numbers(value: Decimal, da: str, en: str) -> None:
    assert format_number(value, "da") == da
    assert format_number(value, "en") == en


def test_money() -> None:
    assert format_money(Decimal("1200000"), "DKK", "da") == "1.200.000 kr."
    assert format_money(Decimal("1200000"), "DKK", "en") == "DKK 1,200,000"
    assert format_money(Decimal("216000"), "EUR", "da") == "216.000 EUR"


def test_dates() -> None:
    assert format_date(datetime.date(2027, 9, 1), "da") == "1. september 2027"
    assert format_date(datetime.date(2027, 9, 1), "en") == "1 September 2027"


def test_gdpr_as_lawyers_cite_it() -> None:
    assert format_gdpr("9(2)(h)", "da") == "artikel 9, stk. 2, litra h"
    assert format_gdpr("6(1)(e)", "en") == "Article 6(1)(e)"
    assert format_gdpr_bases(["6(1)(e)", "9(2)(h)"], "da") == (
        "databeskyttelsesforordningens artikel 6, stk. 1, litra e, og artikel 9, stk. 2, litra h")
    assert format_gdpr_bases(["6(1)(c)"], "en") == "GDPR Article 6(1)(c)"
