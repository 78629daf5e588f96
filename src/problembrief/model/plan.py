"""The proof of concept and the plan after it."""


import datetime
from enum import StrEnum

from pydantic import Field

from problembrief.model.common import Count, Money, Section, Text


class SuccessCriterion(Section):
    outcome: Text = Field(description="The id of an outcome, e.g. O1.")
    threshold: Text


class GoNoGo(Section):
    date: datetime.date | None = None
    body: Text | None = None


class Poc(Section):
    scope: Text | None = None
    sites: list[Text] = Field(default_factory=list)
    start: datetime.date | None = None
    end: datetime.date | None = None
    participants: Text | None = None
    budget: Money | None = None
    success_criteria: list[SuccessCriterion] = Field(default_factory=list)
    evaluation: Text | None = None
    go_no_go: GoNoGo | None = None


class Decision(Section):
    date: datetime.date | None = None
    body: Text | None = None
    criteria: Text | None = None


class Reach(Section):
    count: Count
    unit: Text | None = None


class Phase(Section):
    name: Text
    start: datetime.date | None = None
    scope: Text | None = None
    reach: Reach | None = None


class ProcurementRoute(StrEnum):
    OPTION_IN_CONTRACT = "option_in_contract"
    NEW_TENDER = "new_tender"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    DYNAMIC_PURCHASING_SYSTEM = "dynamic_purchasing_system"
    INNOVATION_PARTNERSHIP = "innovation_partnership"


class Funding(Money):
    """Money per year for operation, and where it comes from."""

    source: Text | None = None


class ScaleUp(Section):
    decision: Decision | None = None
    phases: list[Phase] = Field(default_factory=list)
    other_authorities: list[Text] = Field(default_factory=list)
    procurement_route: ProcurementRoute | None = None
    funding: Funding | None = None
    max_cost: Money | None = Field(None, description="The most the authorities will pay after the POC.")
    operations_owner: Text | None = None
    training: Text | None = None
    integration: Text | None = None
    ip_rights: Text | None = None
    exit_strategy: Text | None = None
