"""Data assets and the legal basis for processing them, in development and in operation."""


from enum import StrEnum

from pydantic import Field

from problembrief.i18n import N_
from problembrief.model.common import Date, Section, Text, Token


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
    gdpr_art6: GdprArt6 | None = Field(None, description=N_("The basis in GDPR art. 6(1): `6(1)(a)` … `6(1)(f)`."))
    gdpr_art9: GdprArt9 | None = Field(
        None, description=N_("For special categories: the exception in GDPR art. 9(2), `9(2)(a)` … `9(2)(j)`.")
    )
    national: list[Text] = Field(
        default_factory=list,
        description=N_("National provisions, e.g. `Serviceloven § 83`, `Databeskyttelsesloven § 11, stk. 1`."),
    )
    note: Text | None = Field(None, description=N_("Free text, e.g. why re-use for a new purpose is compatible."))


class Dpia(Section):
    status: DpiaStatus = Field(description=N_("Whether a DPIA is `not_needed`, `planned` or `done`."))
    date: Date | None = Field(
        None, description=N_("When the DPIA was, or will be, finished: before the processing (the POC) starts.")
    )
    note: Text | None = Field(None, description=N_("Free text about the DPIA."))


class DataAsset(Section):
    id: Token = Field(description=N_("Short token for cross-references, e.g. D1."))
    name: Text = Field(description=N_("Name of the data asset."))
    description: Text | None = Field(None, description=N_("What the data is."))
    source: Text | None = Field(None, description=N_("System or register."))
    purpose: Text | None = Field(None, description=N_("What the data is used for."))
    personal_data: bool = Field(False, description=N_("The data holds personal data."))
    categories: list[DataCategory] = Field(
        default_factory=list,
        description=N_("Kinds of data: `special` is GDPR art. 9 (health, ethnicity, religion, biometric, …), `cpr` the "
        "Danish personal ID number, `criminal` art. 10."),
    )
    data_subjects: Text | None = Field(None, description=N_("Whose data it is."))
    shared_with_supplier: bool = Field(
        False, description=N_("The data is entrusted to the supplier as a processor (overladelse, GDPR art. 28).")
    )
    supplier_own_use: bool | None = Field(
        None,
        description=N_("`true`: the supplier may use the data for its own purposes (such as product development); it "
        "is then a controller, and giving it the data is a disclosure that needs its own legal basis."),
    )
    location: Location | None = Field(
        None, description=N_("Where the data is processed: in the EU/EEA or a third country.")
    )
    retention: Text | None = Field(None, description=N_("How long the data is kept."))
    legal_basis: LegalBasis | None = Field(
        None, description=N_("The basis for processing the data when developing and testing.")
    )
    legal_basis_operation: LegalBasis | None = Field(
        None,
        description=N_("The basis in operation after the POC, where it differs from development; the two are judged "
        "separately."),
    )
    dpia: Dpia | None = Field(None, description=N_("Data protection impact assessment: `{status, date, note}`."))
    processor_agreement: bool | None = Field(None, description=N_("A data processing agreement is in place."))
    transfer_mechanism: Text | None = Field(
        None, description=N_("The transfer mechanism, when `location: third_country`.")
    )
