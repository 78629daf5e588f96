"""The whole brief: the top level of the format."""


import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from problembrief.model.common import Cvr, Email, Level, Reference, Section, Text
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
    title: Text
    reference: Text | None = Field(None, description="Case number (sagsnummer), kept as written.")
    version: Text | None = None
    date: datetime.date | None = None
    status: Status | None = None


class Role(StrEnum):
    LEAD = "lead"
    PARTICIPANT = "participant"


class Authority(Section):
    name: Text
    cvr: Cvr | None = Field(None, description="CVR number, 8 digits.")
    role: Role = Field(Role.PARTICIPANT, description="Exactly one authority is `lead`.")


class Contact(Section):
    name: Text
    email: Email
    phone: Text | None = None
    unit: Text | None = None


class Risk(Section):
    description: Text
    likelihood: Level | None = None
    impact: Level | None = None
    mitigation: Text | None = None
    owner: Text | None = None


class Dilemma(Section):
    dilemma: Text
    handling: Text | None = None


class Brief(Section):
    """A brief: a municipal problem described for a problem-based, outcome-based tender."""

    schema_version: Annotated[Literal[1], BeforeValidator(_int_from_text)]
    language: Language
    brief: BriefInfo
    authorities: Annotated[list[Authority], Field(min_length=1)]
    contact: Contact
    problem: Problem
    target_group: TargetGroup
    outcomes: Annotated[list[Outcome], Field(min_length=1)]
    constraints: list[Constraint] = Field(default_factory=list)
    data: list[DataAsset] = Field(default_factory=list)
    poc: Poc | None = None
    scale_up: ScaleUp | None = None
    procurement: Procurement
    market_dialogue: MarketDialogue | None = None
    risks: list[Risk] = Field(default_factory=list)
    ethics: list[Dilemma] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    lint_ignore: list[Text] = Field(default_factory=list, description="Rule codes this brief silences on purpose.")

    @property
    def lead_authority(self) -> Authority:
        leads = [a for a in self.authorities if a.role is Role.LEAD]
        return leads[0] if leads else self.authorities[0]
