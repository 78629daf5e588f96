"""Data assets and the legal basis for processing them, in development and in operation."""


from enum import StrEnum

from pydantic import Field

from problembrief.model.common import Section, Text, Token


class DataCategory(StrEnum):
    ORDINARY = "ordinary"
    SPECIAL = "special"
    CPR = "cpr"
    CRIMINAL = "criminal"
    CHILDREN = "children"


class GdprArt6(StrEnum):
    A = "6(1)(a)"
    B = "6(1)(b)"
    C = "6(1)(c)"
    D = "6(1)(d)"
    E = "6(1)(e)"
    F = "6(1)(f)"


class GdprArt9(StrEnum):
    A = "9(2)(a)"
    B = "9(2)(b)"
    C = "9(2)(c)"
    D = "9(2)(d)"
    E = "9(2)(e)"
    F = "9(2)(f)"
    G = "9(2)(g)"
    H = "9(2)(h)"
    I = "9(2)(i)"  # noqa: E741 - the letter of the GDPR
    J = "9(2)(j)"


class Location(StrEnum):
    EU_EEA = "eu_eea"
    THIRD_COUNTRY = "third_country"


class DpiaStatus(StrEnum):
    NOT_NEEDED = "not_needed"
    PLANNED = "planned"
    DONE = "done"


class LegalBasis(Section):
    gdpr_art6: GdprArt6 | None = None
    gdpr_art9: GdprArt9 | None = None
    national: list[Text] = Field(default_factory=list, description="E.g. `Serviceloven § 83`.")
    note: Text | None = None


class Dpia(Section):
    status: DpiaStatus
    note: Text | None = None


class DataAsset(Section):
    id: Token
    name: Text
    description: Text | None = None
    source: Text | None = Field(None, description="System or register.")
    purpose: Text | None = None
    personal_data: bool = False
    categories: list[DataCategory] = Field(default_factory=list)
    data_subjects: Text | None = None
    shared_with_supplier: bool = False
    location: Location | None = None
    retention: Text | None = None
    legal_basis: LegalBasis | None = None
    legal_basis_operation: LegalBasis | None = Field(
        None, description="The basis in operation after the POC, where it differs from development."
    )
    dpia: Dpia | None = None
    processor_agreement: bool | None = None
    transfer_mechanism: Text | None = None
