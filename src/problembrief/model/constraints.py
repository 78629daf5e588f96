"""Constraints: what is fixed for any solution."""


from enum import StrEnum

from pydantic import Field

from problembrief.i18n import N_
from problembrief.model.common import Section, Text, Token


class ConstraintCategory(StrEnum):
    LEGAL = "legal"
    BUDGET = "budget"
    TIME = "time"
    TECHNICAL = "technical"
    ORGANISATIONAL = "organisational"
    ETHICAL = "ethical"
    SECURITY = "security"
    ACCESSIBILITY = "accessibility"
    ENVIRONMENTAL = "environmental"
    OTHER = "other"


class Constraint(Section):
    id: Token | None = Field(None, description=N_("Short token for cross-references, e.g. C1."))
    description: Text = Field(description=N_("What is fixed, e.g. hosting in the EU/EEA."))
    category: ConstraintCategory | None = Field(None, description=N_("Kind of constraint."))
    mandatory: bool = Field(
        True,
        description=N_("`true`: a minimum requirement (mindstekrav) every tender must meet; `false`: a wish, evaluated "
        "under the sub-criterion named in `sub_criterion`."),
    )
    sub_criterion: Text | None = Field(
        None,
        description=N_("For a wish: the award sub-criterion under which it is evaluated, named as in "
                       "`award_criteria`."),
    )
