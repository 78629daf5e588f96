"""Outcomes: the change wanted, measured against a baseline."""


from enum import StrEnum

from pydantic import Field

from problembrief.i18n import N_
from problembrief.model.common import Date, Number, Section, Text, Token


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Baseline(Section):
    value: Number | None = Field(None, description=N_("The value today, a number."))
    date: Date | None = Field(None, description=N_("When the baseline was measured."))
    source: Text | None = Field(None, description=N_("Where the value comes from."))


class Target(Section):
    value: Number | None = Field(None, description=N_("The value wanted, a number."))
    by: Date | None = Field(None, description=N_("The date by which the target is to be met."))


class Outcome(Section):
    id: Token = Field(description=N_("Short token for cross-references, e.g. O1."))
    name: Text = Field(description=N_("Short name of the outcome."))
    indicator: Text = Field(description=N_("What is measured."))
    unit: Text | None = Field(None, description=N_("Unit of the indicator, e.g. fald pr. 100 beboere pr. år."))
    direction: Direction | None = Field(
        None, description=N_("Whether the indicator should go up (`increase`) or down (`decrease`).")
    )
    baseline: Baseline | None = Field(None, description=N_("The value today: `{value, date, source}`."))
    target: Target | None = Field(None, description=N_("The value wanted and by when: `{value, by}`."))
    measurement: Text | None = Field(None, description=N_("Method, data source and frequency."))
    payment_linked: bool = Field(False, description=N_("Payment depends on this outcome (outcome-based contract)."))
