"""Pydantic models of the brief format (brief-format.md): structure only; cross-field checks are rules."""

from problembrief.model.brief import (
    Authority,
    Brief,
    BriefInfo,
    Contact,
    Dilemma,
    Language,
    Risk,
    Role,
    Status,
)
from problembrief.model.common import Currency, Level, Money, Reference
from problembrief.model.constraints import Constraint, ConstraintCategory
from problembrief.model.data import DataAsset, DataCategory, GdprArt6, GdprArt9, LegalBasis, Location
from problembrief.model.outcomes import Direction, Outcome
from problembrief.model.plan import Poc, ProcurementRoute, ScaleUp
from problembrief.model.problem import Problem, TargetGroup
from problembrief.model.procurement import Milestone, Procedure, Procurement

__all__ = [
    "Authority", "Brief", "BriefInfo", "Constraint", "ConstraintCategory", "Contact", "Currency", "DataAsset",
    "DataCategory", "Dilemma", "Direction", "GdprArt6", "GdprArt9", "Language", "LegalBasis", "Level",
    "Location", "Milestone", "Money", "Outcome", "Poc", "Problem", "Procedure", "Procurement",
    "ProcurementRoute", "Reference", "Risk", "Role", "ScaleUp", "Status", "TargetGroup",
]
