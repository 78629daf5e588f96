"""The problem and the people who have it."""


from pydantic import Field

from problembrief.model.common import Count, Number, Section, Text


class Evidence(Section):
    """One consequence of the problem, with its figure and source ("312 fald om natten i 2025")."""

    statement: Text
    figure: Number | None = None
    unit: Text | None = None
    source: Text | None = None


class Problem(Section):
    summary: Text = Field(description="The problem in 25-200 words, solution-neutral.")
    background: Text | None = Field(None, description="Why now; context.")
    current_practice: Text | None = Field(None, description="How the problem is handled today.")
    consequences: list[Evidence] = Field(default_factory=list)
    root_causes: list[Text] = Field(default_factory=list)
    tried_before: list[Text] = Field(default_factory=list)
    out_of_scope: list[Text] = Field(default_factory=list)


class GroupSize(Section):
    count: Count
    unit: Text | None = None
    source: Text | None = None


class User(Section):
    """Staff and others who will work with a solution."""

    role: Text
    count: Count | None = None
    needs: list[Text] | Text | None = None


class Involvement(Section):
    """How citizens and staff take part in shaping the work (co-creation)."""

    who: Text
    how: Text
    when: Text | None = None


class TargetGroup(Section):
    description: Text
    size: GroupSize | None = None
    characteristics: list[Text] = Field(default_factory=list)
    needs: list[Text] = Field(default_factory=list)
    users: list[User] = Field(default_factory=list)
    involvement: list[Involvement] = Field(default_factory=list)
