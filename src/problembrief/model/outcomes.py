"""Outcomes: the change wanted, measured against a baseline."""


from enum import StrEnum

from pydantic import Field

from problembrief.model.common import Date, Number, Section, Text, Token


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Baseline(Section):
    value: Number | None = Field(None, description="The value today, a number.")
    date: Date | None = Field(None, description="When the baseline was measured.")
    source: Text | None = Field(None, description="Where the value comes from.")


class Target(Section):
    value: Number | None = Field(None, description="The value wanted, a number.")
    by: Date | None = Field(None, description="The date by which the target is to be met.")


class Outcome(Section):
    id: Token = Field(description="Short token for cross-references, e.g. O1.")
    name: Text = Field(description="Short name of the outcome.")
    indicator: Text = Field(description="What is measured.")
    unit: Text | None = Field(None, description="Unit of the indicator, e.g. fald pr. 100 beboere pr. år.")
    direction: Direction | None = Field(
        None, description="Whether the indicator should go up (`increase`) or down (`decrease`)."
    )
    baseline: Baseline | None = Field(None, description="The value today: `{value, date, source}`.")
    target: Target | None = Field(None, description="The value wanted and by when: `{value, by}`.")
    measurement: Text | None = Field(None, description="Method, data source and frequency.")
    payment_linked: bool = Field(False, description="Payment depends on this outcome (outcome-based contract).")
