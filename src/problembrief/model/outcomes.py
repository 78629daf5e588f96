"""Outcomes: the change wanted, measured against a baseline."""


import datetime
from enum import StrEnum

from pydantic import Field

from problembrief.model.common import Number, Section, Text, Token


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Baseline(Section):
    value: Number | None = None
    date: datetime.date | None = None
    source: Text | None = None


class Target(Section):
    value: Number | None = None
    by: datetime.date | None = None


class Outcome(Section):
    id: Token = Field(description="Short token for cross-references, e.g. O1.")
    name: Text
    indicator: Text
    unit: Text | None = None
    direction: Direction | None = None
    baseline: Baseline | None = None
    target: Target | None = None
    measurement: Text | None = Field(None, description="Method, data source and frequency.")
    payment_linked: bool = Field(False, description="Payment depends on this outcome.")
