"""Building blocks shared by every section: the base model, text, money and the small enums."""


from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1)]
Count = Annotated[int, Field(ge=0)]
Number = Decimal
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Cvr = Annotated[str, StringConstraints(pattern=r"^\d{8}$")]
Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,15}$")]


class Section(BaseModel):
    """Base of every model: unknown keys are errors, so a typo never passes silently."""

    # defer_build: only the Brief validator is ever built (when the first brief is validated); building one
    # validator per section model at import would cost about as much again.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Currency(StrEnum):
    DKK = "DKK"
    EUR = "EUR"


class Money(Section):
    """An amount of money: `{amount: 800000, currency: DKK, note: …}`."""

    amount: Annotated[Decimal, Field(ge=0)]
    currency: Currency = Currency.DKK
    note: Text | None = None


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Reference(Section):
    title: Text
    url: Text | None = None
