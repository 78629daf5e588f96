"""The problem and the people who have it."""


from pydantic import Field

from problembrief.i18n import N_
from problembrief.model.common import Count, Number, Section, Text


class Evidence(Section):
    __doc__ = N_("One consequence of the problem, with its figure and source (\"312 fald om natten i 2025\").")

    statement: Text = Field(description=N_("The consequence in words, e.g. '312 fald om natten i 2025'."))
    figure: Number | None = Field(None, description=N_("The figure, a number."))
    unit: Text | None = Field(None, description=N_("Unit of the figure."))
    source: Text | None = Field(None, description=N_("Where the figure comes from."))


class Problem(Section):
    summary: Text = Field(
        description=N_("The problem in 25-200 words, solution-neutral: who has what problem, when, and what it costs.")
    )
    background: Text | None = Field(None, description=N_("Why now; context."))
    current_practice: Text | None = Field(None, description=N_("How the problem is handled today."))
    consequences: list[Evidence] = Field(
        default_factory=list, description=N_("Evidence of what the problem costs, each with its figure and source.")
    )
    root_causes: list[Text] = Field(default_factory=list, description=N_("Causes of the problem."))
    tried_before: list[Text] = Field(default_factory=list, description=N_("What has been tried and what was learnt."))
    out_of_scope: list[Text] = Field(default_factory=list, description=N_("What the brief does not cover."))


class GroupSize(Section):
    count: Count = Field(description=N_("How many people, a whole number."))
    unit: Text | None = Field(None, description=N_("What is counted, e.g. beboere."))
    source: Text | None = Field(None, description=N_("Where the count comes from."))


class User(Section):
    __doc__ = N_("Staff and others who will work with a solution.")

    role: Text = Field(description=N_("The role, e.g. nattevagter."))
    count: Count | None = Field(None, description=N_("How many have the role, a whole number."))
    needs: list[Text] | Text | None = Field(
        None, description=N_("What they need from a solution: text or a list of text.")
    )


class Involvement(Section):
    __doc__ = N_("How citizens and staff take part in shaping the work (co-creation).")

    who: Text = Field(description=N_("Who takes part."))
    how: Text = Field(description=N_("How they take part."))
    when: Text | None = Field(None, description=N_("When, as text ('2026-09', 'før markedsdialogen')."))


class TargetGroup(Section):
    description: Text = Field(description=N_("Who experiences the problem."))
    size: GroupSize | None = Field(None, description=N_("How many people: `{count, unit, source}`."))
    characteristics: list[Text] = Field(default_factory=list, description=N_("What characterises the group."))
    needs: list[Text] = Field(
        default_factory=list, description=N_("The group's needs (may use 'As a … I need … so that …').")
    )
    users: list[User] = Field(default_factory=list, description=N_("Staff and others who will work with a solution."))
    involvement: list[Involvement] = Field(
        default_factory=list, description=N_("How citizens and staff take part in shaping the work (co-creation).")
    )
