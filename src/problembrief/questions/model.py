"""The questions file beside a brief (`brief.questions.yaml`): the suppliers' questions and the answers.

Its own small schema, as strict as the brief's (unknown keys are errors), built from the brief's types: a
date is `YYYY-MM-DD`, a text is never blank, an id is a short token. `supplier` is for the municipality's
own use: no document prints it.
"""

from __future__ import annotations

from pydantic import Field

from problembrief.i18n import N_
from problembrief.model.common import Date, Section, Text, Token


class Question(Section):
    __doc__ = N_("One question from a supplier, its answer and the dates that matter.")

    id: Token = Field(description=N_("A short id of the question, e.g. Q1."))
    received: Date = Field(description=N_("The day the question was received."))
    question: Text = Field(description=N_("The question as asked (it is published, so without the supplier's name)."))
    answer: Text | None = Field(None, description=N_("The answer; leave it out while the question is unanswered."))
    answered: Date | None = Field(None, description=N_("The day the answer was given."))
    published: Date | None = Field(None, description=N_("The day the answer was published to every supplier."))
    concerns: Text = Field(description=N_("The part of the brief it concerns: a path such as "
                                          "`procurement.award_criteria`, or a section such as `outcomes`."))
    supplier: Text | None = Field(None, description=N_("Who asked, for the municipality's own use; never "
                                                       "printed in the published document."))
    changes_brief: bool = Field(False, description=N_("`true` when the answer changes the content of the brief."))
    brief_version: Text | None = Field(None, description=N_("The version of the brief the question concerns; an "
                                                            "answer that changes the brief needs a newer version "
                                                            "of the brief beside it."))


class QuestionsFile(Section):
    __doc__ = N_("The questions and answers of a tender, kept beside its brief.")

    questions: list[Question] = Field(description=N_("The questions, in the order they are to be numbered."))
