"""Procurement and the market dialogue before it."""


from enum import StrEnum

from pydantic import Field

from problembrief.i18n import N_
from problembrief.model.common import Count, Date, Money, Number, Section, Text, Url


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
    name: Text = Field(description=N_("Name of the criterion."))
    weight: Number = Field(description=N_("Weight in percent, a number."))
    kind: CriterionKind | None = Field(
        None, description=N_("Kind of criterion: `price`, `quality`, `cost` or `other`.")
    )
    sub_criteria: list[Text] = Field(default_factory=list, description=N_("Sub-criteria (text)."))


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
    INITIAL_TENDERS = "initial_tenders"
    FINAL_TENDERS = "final_tenders"
    STANDSTILL_END = "standstill_end"
    CONTRACT_SIGNATURE = "contract_signature"
    OTHER = "other"


class TimelineEntry(Section):
    milestone: Milestone = Field(
        description=N_("The milestone. `notice_sent`: the day the contract notice is sent for publication (legal time "
        "limits run from it); `participation_deadline`: requests to participate (two-stage procedures); "
        "`award`: the award decision; `standstill_end`: the last day of the standstill period after it; "
        "`contract_signature`: the day the contract is signed; `initial_tenders` and `final_tenders`: deadlines "
        "in a negotiated procedure or an innovation partnership; `other` needs a `label`."),
    )
    date: Date = Field(description=N_("The date of the milestone."))
    label: Text | None = Field(None, description=N_("The name of an `other` milestone, or a fuller label."))


class ContractSigning(StrEnum):
    EACH_AUTHORITY = "each_authority"
    LEAD_ON_BEHALF_OF_ALL = "lead_on_behalf_of_all"


class ContractOption(Section):
    __doc__ = N_("An option in the contract, or other authorities' right to use it: named, with its maximum, and "
                 "counted in the estimated value (udbudsloven § 30; CJEU C-23/20).")

    description: Text = Field(description=N_("What the option covers, clearly, precisely and unequivocally."))
    beneficiaries: list[Text] = Field(
        default_factory=list,
        description=N_("Authorities that may use the option, each named as in the contract notice."),
    )
    max_value: Money | None = Field(None, description=N_("The most the option may be worth (money, excl. VAT)."))
    max_quantity: Text | None = Field(None, description=N_("The most the option may cover, e.g. `600 plejeboliger`."))
    included_in_estimated_value: bool | None = Field(
        None, description=N_("`true`: the option's maximum is part of `estimated_value`, as the law requires.")
    )


class PartnershipPhase(Section):
    name: Text = Field(description=N_("Name of the phase, e.g. `Udvikling` or `Afprøvning`."))
    milestone: Text | None = Field(
        None, description=N_("The intermediate target (delmål) the partner must reach to continue.")
    )
    end: Date | None = Field(None, description=N_("When the phase ends."))
    remuneration: Money | None = Field(None, description=N_("What the partner is paid for the phase (money)."))


class InnovationPartnership(Section):
    __doc__ = N_("What the procurement documents of an innovation partnership must state (udbudsloven §§ 74-75).")

    partners: Count | None = Field(None, description=N_("How many partners the authorities will contract with."))
    phases: list[PartnershipPhase] = Field(
        default_factory=list, description=N_("The phases of the partnership, each with its intermediate target.")
    )
    termination_after_phase: bool | None = Field(
        None, description=N_("`true`: the authorities may end the partnership, or a partner's contract, after each "
                       "phase.")
    )
    remuneration: Text | None = Field(
        None, description=N_("How partners are paid in the development phases (instalments, per phase).")
    )
    award_on_initial_tenders: bool | None = Field(
        None, description=N_("`true`: the authorities reserve the right to award on the initial tenders without "
        "negotiation."),
    )
    minimum_requirements: list[Text] = Field(
        default_factory=list,
        description=N_("Minimum requirements that every tender must meet and that are not negotiated; constraints "
        "with `mandatory: true` count too."),
    )


class Procurement(Section):
    procedure: Procedure = Field(description=N_("The procurement procedure."))
    contract_type: ContractType | None = Field(None, description=N_("Kind of contract."))
    estimated_value: Money | None = Field(
        None, description=N_("Total over the contract period incl. options and extensions, excl. VAT (money).")
    )
    contract_period_months: Count | None = Field(None, description=N_("Months, including options."))
    payment_model: PaymentModel | None = Field(None, description=N_("How the supplier is paid."))
    award_criteria: list[AwardCriterion] = Field(
        default_factory=list,
        description=N_("The weighted sub-criteria of the award criterion (price, cost or best price-quality ratio, "
        "which follows from their kinds); weights are percentages."),
    )
    evaluation_method: Text | None = Field(
        None,
        description=N_("How tenders are evaluated against the sub-criteria, e.g. the point model and how price is "
        "converted to points (udbudsloven § 160)."),
    )
    notice_number: Text | None = Field(
        None, description=N_("The contract notice's number in the EU's Official Journal (TED), once published.")
    )
    contract_signing: ContractSigning | None = Field(
        None,
        description=N_("Who signs the contract in a joint procurement: `each_authority` or `lead_on_behalf_of_all`."),
    )
    options: list[ContractOption] = Field(
        default_factory=list,
        description=N_("Options, and other authorities' right to use the contract: named, with a maximum, counted in "
        "the estimated value."),
    )
    innovation_partnership: InnovationPartnership | None = Field(
        None, description=N_("The content the documents of an innovation partnership must state.")
    )
    timeline: list[TimelineEntry] = Field(default_factory=list, description=N_("Milestones with their dates."))


class DialogueFormat(StrEnum):
    INFORMATION_MEETING = "information_meeting"
    ONE_TO_ONE = "one_to_one"
    WRITTEN_RFI = "written_rfi"
    WORKSHOP = "workshop"
    SITE_VISIT = "site_visit"


class DialogueEvent(Section):
    __doc__ = N_("One meeting, workshop, visit or written round of the dialogue, with what a supplier needs to take "
                 "part.")

    format: DialogueFormat = Field(description=N_("The form of the event."))
    date: Date = Field(description=N_("The day of the event, or the deadline of a written round."))
    time: Text | None = Field(None, description=N_("When on the day, e.g. `10.00-12.00`."))
    place: Text | None = Field(None, description=N_("The address, or `online`."))
    link: Url | None = Field(None, description=N_("The meeting link or the page of the event."))
    note: Text | None = Field(
        None, description=N_("Anything else: length of one-to-one meetings, how slots are given.")
    )


class MarketDialogue(Section):
    purpose: Text | None = Field(None, description=N_("What the dialogue is for."))
    formats: list[DialogueFormat] = Field(default_factory=list, description=N_("Forms of dialogue."))
    dates: list[Date] = Field(default_factory=list, description=N_("Dates of the dialogue."))
    registration_deadline: Date | None = Field(None, description=N_("Last day to register for the dialogue."))
    registration: Text | None = Field(
        None, description=N_("How to register: an e-mail address, a link or the e-tendering system.")
    )
    events: list[DialogueEvent] = Field(
        default_factory=list, description=N_("Each event of the dialogue with its format, date, time, place or link.")
    )
    publication: Text | None = Field(
        None,
        description=N_("Where minutes, answers and other relevant information are published to all interested "
        "suppliers, e.g. the municipality's tender page."),
    )
    questions_for_suppliers: list[Text] = Field(default_factory=list, description=N_("Questions for the suppliers."))
    equal_treatment: Text | None = Field(
        None, description=N_("How information is shared with all: minutes published, same answers to all.")
    )
    confidentiality: Text | None = Field(None, description=N_("How suppliers' confidential information is protected."))
    findings: Text | None = Field(None, description=N_("After the dialogue: what was learnt."))
