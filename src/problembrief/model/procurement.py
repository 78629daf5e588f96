"""Procurement and the market dialogue before it."""


from enum import StrEnum

from pydantic import Field

from problembrief.model.common import Count, Date, Money, Number, Section, Text


class Procedure(StrEnum):
    MARKET_DIALOGUE_ONLY = "market_dialogue_only"
    OPEN = "open"
    RESTRICTED = "restricted"
    COMPETITIVE_PROCEDURE_WITH_NEGOTIATION = "competitive_procedure_with_negotiation"
    COMPETITIVE_DIALOGUE = "competitive_dialogue"
    INNOVATION_PARTNERSHIP = "innovation_partnership"
    PRE_COMMERCIAL_PROCUREMENT = "pre_commercial_procurement"
    FRAMEWORK_CALL_OFF = "framework_call_off"
    DYNAMIC_PURCHASING_SYSTEM = "dynamic_purchasing_system"


class ContractType(StrEnum):
    SUPPLIES = "supplies"
    SERVICES = "services"
    WORKS = "works"
    SOCIAL_SERVICES = "social_services"


class PaymentModel(StrEnum):
    FIXED = "fixed"
    OUTCOME_BASED = "outcome_based"
    HYBRID = "hybrid"


class CriterionKind(StrEnum):
    PRICE = "price"
    QUALITY = "quality"
    COST = "cost"
    OTHER = "other"


class AwardCriterion(Section):
    name: Text = Field(description="Name of the criterion.")
    weight: Number = Field(description="Weight in percent, a number.")
    kind: CriterionKind | None = Field(None, description="Kind of criterion: `price`, `quality`, `cost` or `other`.")
    sub_criteria: list[Text] = Field(default_factory=list, description="Sub-criteria (text).")


class Milestone(StrEnum):
    MARKET_DIALOGUE = "market_dialogue"
    PRIOR_INFORMATION_NOTICE = "prior_information_notice"
    NOTICE_SENT = "notice_sent"
    PUBLICATION = "publication"
    PARTICIPATION_DEADLINE = "participation_deadline"
    QUESTIONS_DEADLINE = "questions_deadline"
    TENDER_DEADLINE = "tender_deadline"
    AWARD = "award"
    CONTRACT_START = "contract_start"
    POC_START = "poc_start"
    POC_END = "poc_end"
    SCALE_UP_DECISION = "scale_up_decision"
    OTHER = "other"


class TimelineEntry(Section):
    milestone: Milestone = Field(
        description="The milestone. `notice_sent`: the day the contract notice is sent for publication (legal time "
        "limits run from it); `participation_deadline`: requests to participate (two-stage procedures); "
        "`other` needs a `label`.",
    )
    date: Date = Field(description="The date of the milestone.")
    label: Text | None = Field(None, description="The name of an `other` milestone, or a fuller label.")


class Procurement(Section):
    procedure: Procedure = Field(description="The procurement procedure.")
    contract_type: ContractType | None = Field(None, description="Kind of contract.")
    estimated_value: Money | None = Field(None, description="Total over the contract period incl. options (money).")
    contract_period_months: Count | None = Field(None, description="Months, including options.")
    payment_model: PaymentModel | None = Field(None, description="How the supplier is paid.")
    award_criteria: list[AwardCriterion] = Field(
        default_factory=list, description="Award criteria; weights are percentages."
    )
    timeline: list[TimelineEntry] = Field(default_factory=list, description="Milestones with their dates.")


class DialogueFormat(StrEnum):
    INFORMATION_MEETING = "information_meeting"
    ONE_TO_ONE = "one_to_one"
    WRITTEN_RFI = "written_rfi"
    WORKSHOP = "workshop"
    SITE_VISIT = "site_visit"


class MarketDialogue(Section):
    purpose: Text | None = Field(None, description="What the dialogue is for.")
    formats: list[DialogueFormat] = Field(default_factory=list, description="Forms of dialogue.")
    dates: list[Date] = Field(default_factory=list, description="Dates of the dialogue.")
    registration_deadline: Date | None = Field(None, description="Last day to register for the dialogue.")
    questions_for_suppliers: list[Text] = Field(default_factory=list, description="Questions for the suppliers.")
    equal_treatment: Text | None = Field(
        None, description="How information is shared with all: minutes published, same answers to all."
    )
    confidentiality: Text | None = Field(None, description="How suppliers' confidential information is protected.")
    findings: Text | None = Field(None, description="After the dialogue: what was learnt.")
