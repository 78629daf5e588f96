"""The proof of concept and the plan after it."""


from enum import StrEnum

from pydantic import Field

from problembrief.i18n import N_
from problembrief.model.common import Count, Date, Money, Section, Text


class SuccessCriterion(Section):
    outcome: Text = Field(description=N_("The id of an outcome, e.g. O1."))
    threshold: Text = Field(description=N_("The level that counts as success."))


class GoNoGo(Section):
    date: Date | None = Field(None, description=N_("When the go/no-go decision is made."))
    body: Text | None = Field(None, description=N_("Who decides."))


class Poc(Section):
    scope: Text | None = Field(None, description=N_("What the POC covers."))
    sites: list[Text] = Field(default_factory=list, description=N_("Where the POC runs."))
    start: Date | None = Field(None, description=N_("First day of the POC."))
    end: Date | None = Field(None, description=N_("Last day of the POC."))
    participants: Text | None = Field(None, description=N_("How many and who take part (text)."))
    budget: Money | None = Field(None, description=N_("The budget of the POC (money)."))
    success_criteria: list[SuccessCriterion] = Field(
        default_factory=list, description=N_("What counts as success; every criterion points at an outcome.")
    )
    evaluation: Text | None = Field(None, description=N_("Who evaluates, and how."))
    go_no_go: GoNoGo | None = Field(None, description=N_("When and who decides whether to go on: `{date, body}`."))


class Decision(Section):
    date: Date | None = Field(None, description=N_("When the scale-up decision is made."))
    body: Text | None = Field(None, description=N_("Who decides."))
    criteria: Text | None = Field(None, description=N_("What the decision is based on (text)."))


class Reach(Section):
    count: Count = Field(description=N_("How many are reached, a whole number."))
    unit: Text | None = Field(None, description=N_("What is counted."))


class Phase(Section):
    name: Text = Field(description=N_("Name of the phase."))
    start: Date | None = Field(None, description=N_("When the phase starts."))
    scope: Text | None = Field(None, description=N_("What the phase covers."))
    reach: Reach | None = Field(None, description=N_("How many the phase reaches: `{count, unit}`."))


class ProcurementRoute(StrEnum):
    OPTION_IN_CONTRACT = "option_in_contract"
    NEW_TENDER = "new_tender"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    DYNAMIC_PURCHASING_SYSTEM = "dynamic_purchasing_system"
    INNOVATION_PARTNERSHIP = "innovation_partnership"


class Funding(Money):
    __doc__ = N_("Money per year for operation, and where it comes from.")

    source: Text | None = Field(None, description=N_("Where the money comes from."))


class ScaleUp(Section):
    decision: Decision | None = Field(None, description=N_("The decision to scale up: `{date, body, criteria}`."))
    phases: list[Phase] = Field(default_factory=list, description=N_("The phases of the roll-out."))
    other_authorities: list[Text] = Field(default_factory=list, description=N_("Municipalities that may join."))
    procurement_route: ProcurementRoute | None = Field(
        None, description=N_("How the purchase after the POC is procured.")
    )
    funding: Funding | None = Field(None, description=N_("Money per year for operation, and where it comes from."))
    max_cost: Money | None = Field(
        None,
        description=N_("The most the authorities will pay for the purchase after the POC (money, with a note). In an "
        "innovation partnership the purchase may only follow when the agreed performance levels are met "
        "within the agreed maximum cost."),
    )
    operations_owner: Text | None = Field(None, description=N_("Who owns the solution in operation."))
    training: Text | None = Field(None, description=N_("How staff are trained."))
    integration: Text | None = Field(None, description=N_("How the solution is integrated with existing systems."))
    ip_rights: Text | None = Field(None, description=N_("Who holds the intellectual property rights."))
    exit_strategy: Text | None = Field(
        None, description=N_("How the authorities can leave the solution or the supplier.")
    )
