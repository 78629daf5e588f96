"""The whole brief: the top level of the format."""


from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from problembrief.i18n import N_
from problembrief.model.common import Cvr, Date, Email, Level, Reference, Section, Text
from problembrief.model.constraints import Constraint
from problembrief.model.data import DataAsset
from problembrief.model.outcomes import Outcome
from problembrief.model.plan import Poc, ScaleUp
from problembrief.model.problem import Problem, TargetGroup
from problembrief.model.procurement import MarketDialogue, Procurement


def _int_from_text(value: Any) -> Any:
    # The loader keeps every scalar as text; a Literal does not coerce "1" to 1 by itself.
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


class Language(StrEnum):
    DA = "da"
    EN = "en"


class Status(StrEnum):
    DRAFT = "draft"
    CONSULTATION = "consultation"
    FINAL = "final"


class BriefInfo(Section):
    title: Text = Field(description=N_("Title of the brief: the problem in a few words."))
    reference: Text | None = Field(None, description=N_("Case number (sagsnummer), kept as written (`2026-014`)."))
    version: Text | None = Field(None, description=N_("Version of the brief, kept as written (`1.10` stays 1.10)."))
    date: Date | None = Field(None, description=N_("Date of this version."))
    status: Status | None = Field(None, description=N_("Where the brief stands: `draft`, `consultation` or `final`."))


class Role(StrEnum):
    LEAD = "lead"
    PARTICIPANT = "participant"


class Authority(Section):
    name: Text = Field(description=N_("Name of the contracting authority, e.g. Vejle Kommune."))
    cvr: Cvr | None = Field(None, description=N_("CVR number, 8 digits, kept as written."))
    role: Role = Field(
        Role.PARTICIPANT, description=N_("`lead` or `participant`; exactly one authority is `lead` (a rule).")
    )


class Contact(Section):
    name: Text = Field(description=N_("Name of the contact person."))
    email: Email = Field(description=N_("E-mail address of the contact person."))
    phone: Text | None = Field(None, description=N_("Phone number, kept as written."))
    unit: Text | None = Field(None, description=N_("The contact's unit or department."))


class Risk(Section):
    description: Text = Field(description=N_("What may go wrong."))
    likelihood: Level | None = Field(None, description=N_("How likely the risk is: `low`, `medium` or `high`."))
    impact: Level | None = Field(
        None, description=N_("How much harm it does if it happens: `low`, `medium` or `high`.")
    )
    mitigation: Text | None = Field(None, description=N_("What is done to prevent it or reduce the harm."))
    owner: Text | None = Field(None, description=N_("Who is responsible for the risk."))


class Dilemma(Section):
    dilemma: Text = Field(
        description=N_("An ethical dilemma, e.g. camera sensors in a resident's home versus privacy and dignity.")
    )
    handling: Text | None = Field(None, description=N_("How the dilemma is handled."))


class Brief(Section):
    __doc__ = N_("A brief: a municipal problem described for a problem-based, outcome-based tender.")

    schema_version: Annotated[Literal[1], BeforeValidator(_int_from_text)] = Field(
        description=N_("Version of the brief format: `1`.")
    )
    language: Language = Field(
        description=N_("Language of the generated documents and built-in labels; text values may be Danish or English.")
    )
    brief: BriefInfo = Field(description=N_("Title, case number, version, date and status of the brief."))
    authorities: Annotated[list[Authority], Field(min_length=1)] = Field(
        description=N_("Contracting authorities, at least one. Several = joint procurement / a cluster of "
                       "municipalities;"
        " exactly one `lead` (a rule)."),
    )
    contact: Contact = Field(description=N_("The person to contact about the brief."))
    problem: Problem = Field(description=N_("The problem, described without a solution."))
    target_group: TargetGroup = Field(description=N_("Who experiences the problem, and who will work with a solution."))
    outcomes: Annotated[list[Outcome], Field(min_length=1)] = Field(
        description=N_("The changes wanted, each measured against a baseline; at least one.")
    )
    constraints: list[Constraint] = Field(default_factory=list, description=N_("What is fixed for any solution."))
    data: list[DataAsset] = Field(default_factory=list, description=N_("Data assets with their legal basis."))
    poc: Poc | None = Field(None, description=N_("Proof of concept (pilot)."))
    scale_up: ScaleUp | None = Field(
        None, description=N_("The plan after the POC; required when `poc` is present (a rule).")
    )
    procurement: Procurement = Field(
        description=N_("How the solution is bought: procedure, value, award criteria, timeline.")
    )
    market_dialogue: MarketDialogue | None = Field(
        None, description=N_("The dialogue with suppliers before the tender.")
    )
    risks: list[Risk] = Field(default_factory=list, description=N_("Risks and how they are handled."))
    ethics: list[Dilemma] = Field(default_factory=list, description=N_("Ethical dilemmas and how they are handled."))
    references: list[Reference] = Field(
        default_factory=list, description=N_("Cases, reports and evidence: `{title, url}`.")
    )
    lint_ignore: list[Text] = Field(
        default_factory=list, description=N_("Rule codes this brief silences on purpose (see rules.md).")
    )

    @property
    def lead_authority(self) -> Authority:
        leads = [a for a in self.authorities if a.role is Role.LEAD]
        return leads[0] if leads else self.authorities[0]
