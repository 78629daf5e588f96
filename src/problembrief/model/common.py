"""Building blocks shared by every section: the base model, text, numbers, dates, money and the small enums.

The loader hands every scalar over as the text the author typed, so the validators here see that text
first: they refuse what would otherwise be converted silently (`86400` as a date, `1e999999` as a
number) and bound the work a conversion may do, before pydantic converts anything.
"""


import datetime
import math
import re
import unicodedata
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from problembrief.i18n import N_

# Numbers: at most 15 digits (so |value| < 10^15, and every value is exact in a spreadsheet's double too),
# written out in full with `.` as the decimal point. The form is checked on the text before `Decimal`
# sees it, because `Decimal("1e999999")` is cheap to make and ruinous to format.
MAX_DIGITS = 15
MAX_MAGNITUDE = 10**MAX_DIGITS
_NUMBER = re.compile(r"[+-]?(?:(\d+)(?:\.(\d*))?|\.(\d+))")
_EXPONENT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_NOT_FINITE = re.compile(r"[+-]?\.?(?:inf|infinity|nan)", re.IGNORECASE)

# Dates: ISO 8601 calendar dates only, in a range a brief can mean (a year 1 date passed the schema
# and then broke the document; a year 9999 date leaves no room for "the year after").
DATE_MIN, DATE_MAX = datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Characters that make a text look blank although it is not empty: whitespace (str.isspace covers the
# no-break and other Unicode spaces) and the zero-width characters.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

# Web addresses: what a reader of the document can follow.
URL_SCHEMES = ("http", "https", "mailto")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_URL_FORBIDDEN = set('<>"\\')  # would end an attribute or a Markdown link; never raw in an address


def _check_digits(whole: str, fraction: str, original: Any) -> None:
    digits = len(whole.lstrip("0")) + len(fraction)
    if digits > MAX_DIGITS:
        raise PydanticCustomError("number_too_long", "more than {max_digits} digits",
                                  {"max_digits": MAX_DIGITS, "input": str(original)[:40]})


def _number_from_text(value: Any) -> Any:
    """Refuse, before any conversion, a number written in a form that would change or cost unbounded work."""
    if isinstance(value, bool):
        return value  # pydantic says "not a number"
    if isinstance(value, str):
        match = _NUMBER.fullmatch(value)
        if match is None:
            if _NOT_FINITE.fullmatch(value):
                raise PydanticCustomError("number_not_finite", "not a finite number")
            if _EXPONENT.fullmatch(value):
                raise PydanticCustomError("number_exponent", "exponent notation")
            raise PydanticCustomError("number_form", "not a number")
        _check_digits(match.group(1) or "", match.group(2) or match.group(3) or "", value)
        return value
    if (isinstance(value, Decimal) and not value.is_finite()) \
            or (isinstance(value, float) and not math.isfinite(value)):
        raise PydanticCustomError("number_not_finite", "not a finite number")
    if isinstance(value, (int, float, Decimal)) and abs(value) >= MAX_MAGNITUDE:
        raise PydanticCustomError("number_too_long", "more than {max_digits} digits", {"max_digits": MAX_DIGITS})
    return value


def _date_from_text(value: Any) -> Any:
    """Only `YYYY-MM-DD` makes a date: pydantic alone reads `86400` as 2 January 1970."""
    if isinstance(value, datetime.datetime):
        raise PydanticCustomError("date_form", "not a date")
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise PydanticCustomError("date_form", "not a date")
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_not_real", "not a real date") from None
    if not isinstance(value, datetime.date):
        raise PydanticCustomError("date_form", "not a date")
    if not DATE_MIN <= value <= DATE_MAX:
        raise PydanticCustomError("date_out_of_range", "outside {min}..{max}",
                                  {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()})
    return value


def _not_blank(value: str) -> str:
    """A text of only spaces would print as nothing where the format promises something."""
    if not value.strip().strip(_ZERO_WIDTH).strip():
        raise PydanticCustomError("text_blank", "only blanks")
    return value


def describe_character(char: str) -> str:
    """`U+0020 (SPACE)`: how a message names a character the reader may not see. (load.py has its own,
    with names for the control characters: the layers keep the model and the loader apart.)"""
    name = unicodedata.name(char, "") or f"category {unicodedata.category(char)}"
    return f"U+{ord(char):04X} ({name})"


def _url(value: str) -> str:
    """An address a reader can follow, with nothing in it that could become document structure."""
    for char in value:
        if char.isspace() or unicodedata.category(char)[0] in "CZ" or char in _URL_FORBIDDEN:
            raise PydanticCustomError("url_character", "{char}", {"char": describe_character(char)})
    entity = _ENTITY.search(value)
    if entity:
        raise PydanticCustomError("url_entity", "{entity}", {"entity": entity.group()})
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES or (scheme != "mailto" and not parts.netloc) \
            or (scheme == "mailto" and "@" not in parts.path):
        raise PydanticCustomError("url_scheme", "{schemes}", {"schemes": ", ".join(URL_SCHEMES)})
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]
Count = Annotated[int, BeforeValidator(_number_from_text), Field(ge=0)]
Number = Annotated[Decimal, BeforeValidator(_number_from_text)]
Date = Annotated[datetime.date, BeforeValidator(_date_from_text)]
Url = Annotated[str, StringConstraints(min_length=1), AfterValidator(_url)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Cvr = Annotated[str, StringConstraints(pattern=r"^\d{8}$")]
Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,15}$")]


class Section(BaseModel):
    """Base of every model: unknown keys are errors, so a typo never passes silently.

    A model's description, shown in the JSON Schema and the format reference, is written `__doc__ = N_("…")`
    rather than as a docstring, so that the catalogues hold it and it can be shown in the user's language;
    so is every field's `description`. (Babel extracts calls, not docstrings.)"""

    # defer_build: only the Brief validator is ever built (when the first brief is validated); building one
    # validator per section model at import would cost about as much again.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Currency(StrEnum):
    DKK = "DKK"
    EUR = "EUR"


class Money(Section):
    __doc__ = N_("An amount of money: `{amount: 800000, currency: DKK, note: …}`.")

    amount: Annotated[Number, Field(ge=0)] = Field(
        description=N_("The amount, a number (no thousands separators or units).")
    )
    currency: Currency = Field(Currency.DKK, description=N_("`DKK` or `EUR`."))
    note: Text | None = Field(None, description=N_("E.g. 'per year, from the care budget'."))


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Reference(Section):
    title: Text = Field(description=N_("Title of the case, report or evidence."))
    url: Url | None = Field(None, description=N_("A web address (http:// or https://) or a mailto: address."))
