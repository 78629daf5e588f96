"""The proof of concept and the plan after it."""


from enum import StrEnum

from pydantic import Field

from problembrief.model.common import Count, Date, Money, Section, Text


class SuccessCriterion(Section):
    outcome: Text = Field(description="The id of an outcome, e.g. O1.")
    threshold: Text = Field(description="The level that counts as success.")


class GoNoGo(Section):
    date: Date | None = Field(None, description="When the go/no-go decision is made.")
    body: Text | None = Field(None, description="Who decides.")


class Poc(Section):
    scope: Text | None = Field(None, description="What the POC covers.")
    sites: list[Text] = Field(default_factory=list, description="Where the POC runs.")
    start: Date | None = Field(None, description="First day of the POC.")
    end: Date | None = Field(None, description="Last day of the POC.")
    participants: Text | None = Field(None, description="How many and who take part (text).")
    budget: Money | None = Field(None, description="The budget of the POC (money).")
    success_criteria: list[SuccessCriterion] = Field(
        default_factory=list, description="What counts as success; every criterion points at an outcome."
    )
    evaluation: Text | None = Field(None, description="Who evaluates, and how.")
    go_no_go: GoNoGo | None = Field(None, description="When and who decides whether to go on: `{date, body}`.")


class Decision(Section):
    date: Date | None = Field(None, description="When the scale-up decision is made.")
    body: Text | None = Field(None, description="Who decides.")
    criteria: Text | None = Field(None, description="What the decision is based on (text).")


class Reach(Section):
    count: Count = Field(description="How many are reached, a whole number.")
    unit: Text | None = Field(None, description="What is counted.")


class Phase(Section):
    name: Text = Field(description="Name of the phase.")
    start: Date | None = Field(None, description="When the phase starts.")
    scope: Text | None = Field(None, description="What the phase covers.")
    reach: Reach | None = Field(None, description="How many the phase reaches: `{count, unit}`.")


class ProcurementRoute(StrEnum):
    OPTION_IN_CONTRACT = "option_in_contract"
    NEW_TENDER = "new_tender"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    DYNAMIC_PURCHASING_SYSTEM = "dynamic_purchasing_system"
    INNOVATION_PARTNERSHIP = "innovation_partnership"


class Funding(Money):
    """Money per year for operation, and where it comes from."""

    source: Text | None = Field(None, description="Where the money comes from.")


class ScaleUp(Section):
    decision: Decision | None = Field(None, description="The decision to scale up: `{date, body, criteria}`.")
    phases: list[Phase] = Field(default_factory=list, description="The phases of the roll-out.")
    other_authorities: list[Text] = Field(default_factory=list, description="Municipalities that may join.")
    procurement_route: ProcurementRoute | None = Field(None, description="How the purchase after the POC is procured.")
    funding: Funding | None = Field(None, description="Money per year for operation, and where it comes from.")
    max_cost: Money | None = Field(
        None,
        description="The most the authorities will pay for the purchase after the POC (money, with a note). In an "
        "innovation partnership the purchase may only follow when the agreed performance levels are met "
        "within the agreed maximum cost.",
    )
    operations_owner: Text | None = Field(None, description="Who owns the solution in operation.")
    training: Text | None = Field(None, description="How staff are trained.")
    integration: Text | None = Field(None, description="How the solution is integrated with existing systems.")
    ip_rights: Text | None = Field(None, description="Who holds the intellectual property rights.")
    exit_strategy: Text | None = Field(None, description="How the authorities can leave the solution or the supplier.")
