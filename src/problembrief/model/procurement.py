"""Procurement and the market dialogue before it."""


import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from problembrief.model.common import Count, Money, Section, Text


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
    name: Text
    weight: Decimal = Field(description="Percent.")
    kind: CriterionKind | None = None
    sub_criteria: list[Text] = Field(default_factory=list)


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
    milestone: Milestone
    date: datetime.date
    label: Text | None = Field(None, description="The name of an `other` milestone, or a fuller label.")


class Procurement(Section):
    procedure: Procedure
    contract_type: ContractType | None = None
    estimated_value: Money | None = Field(None, description="Total over the contract period incl. options.")
    contract_period_months: Count | None = Field(None, description="Months, including options.")
    payment_model: PaymentModel | None = None
    award_criteria: list[AwardCriterion] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)


class DialogueFormat(StrEnum):
    INFORMATION_MEETING = "information_meeting"
    ONE_TO_ONE = "one_to_one"
    WRITTEN_RFI = "written_rfi"
    WORKSHOP = "workshop"
    SITE_VISIT = "site_visit"


class MarketDialogue(Section):
    purpose: Text | None = None
    formats: list[DialogueFormat] = Field(default_factory=list)
    dates: list[datetime.date] = Field(default_factory=list)
    registration_deadline: datetime.date | None = None
    questions_for_suppliers: list[Text] = Field(default_factory=list)
    equal_treatment: Text | None = None
    confidentiality: Text | None = None
    findings: Text | None = None
