"""The document "Spørgsmål og svar" / "Questions and answers": numbered, dated, anonymised, in the brief's
language and style (the brief's Word template and writer, render/docx_writer.py).

The Markdown comes from `templates/questions/qa.md.j2`, rendered in the brief's language with the escaping of
render/environment.py. The template is given no supplier: each question's and answer's text reaches it with
the recorded supplier's name already replaced (PB804 warns about it).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from problembrief import i18n
from problembrief.errors import ProblemBriefError
from problembrief.findings import lean_dataclass
from problembrief.i18n import N_, _
from problembrief.model import Brief
from problembrief.questions.check import LoadedQuestions, anonymise, published_questions
from problembrief.questions.model import QuestionsFile

TEMPLATE = "questions/qa.md.j2"

# The parts of a brief by their headings in the tender brief (templates/tender.md.j2), so that `concerns:
# procurement.award_criteria` reads "Procurement (procurement.award_criteria)" in the document.
SECTION_NAMES = {
    "brief": N_("Title, version and status"), "authorities": N_("Contracting authorities"), "contact": N_("Contact"),
    "problem": N_("The problem"), "target_group": N_("The target group"), "outcomes": N_("Outcomes sought"),
    "constraints": N_("Constraints"), "data": N_("Data and legal basis for processing"),
    "poc": N_("Proof of concept"), "scale_up": N_("Plan for scaling up"), "procurement": N_("Procurement"),
    "market_dialogue": N_("Market dialogue"), "risks": N_("Risks"), "ethics": N_("Ethical dilemmas"),
    "references": N_("References"),
}
_SECTION = re.compile(r"([a-z_]+)(?=$|[.\[])")


def part_name(concerns: str) -> str:
    """The part of the brief a question concerns, as a reader of the document knows it: the section's heading,
    with the path after it when it names something inside the section; any other text as written."""
    text = concerns.strip()
    match = _SECTION.match(text)
    name = SECTION_NAMES.get(match.group(1)) if match else None
    if name is None:
        return concerns
    return _(name) if text == match.group(1) else f"{_(name)} ({text})"


@lean_dataclass(frozen=True)
class Item:
    """One numbered question as the document shows it: never with the supplier."""

    number: int
    question: str
    answer: str | None
    received: datetime.date
    answered: datetime.date | None
    published: datetime.date | None
    concerns: str
    changes_brief: bool


def document_items(questions: QuestionsFile, language: str, *, draft: bool = False) -> list[Item]:
    """The questions the document shows, numbered from 1 in the file's order, anonymised in `language`."""
    with i18n.language(language):
        return [Item(number=number, question=anonymise(q.question, q.supplier),
                     answer=anonymise(q.answer, q.supplier) if q.answer is not None else None,
                     received=q.received, answered=q.answered, published=q.published, concerns=part_name(q.concerns),
                     changes_brief=q.changes_brief)
                for number, q in enumerate(published_questions(questions, draft=draft), start=1)]


def document_date(items: list[Item]) -> datetime.date | None:
    """The date of the document: the last day an answer in it was published (or given)."""
    days = [d for item in items for d in (item.published, item.answered) if d is not None]
    return max(days) if days else None


def _questions_file(questions: LoadedQuestions | QuestionsFile) -> QuestionsFile:
    if isinstance(questions, QuestionsFile):
        return questions
    if questions.questions is None:
        raise ProblemBriefError(_("the questions file does not match its format, so there is no document to build"),
                                path=str(questions.path))
    return questions.questions


def questions_markdown(brief: Brief, questions: LoadedQuestions | QuestionsFile, *, draft: bool = False,
                       templates: Path | None = None) -> str:
    """The document as Markdown, in the brief's language. `draft` shows unanswered questions too. `templates`:
    a user's folder searched first (`questions/qa.md.j2` in it), as for the brief's documents."""
    from problembrief.render.environment import make_environment, render_template

    items = document_items(_questions_file(questions), brief.language.value, draft=draft)
    env = make_environment(user_folder=templates)
    return render_template(env, TEMPLATE, brief=brief, items=items, date=document_date(items))


def questions_docx(brief: Brief, markdown_text: str, reference: Path | None = None, *, draft: bool = False,
                   date: datetime.date | None = None) -> tuple[bytes, list[str]]:
    """The Word file as bytes, and the writer's warnings, as pipeline.render_docx makes the brief's documents.
    `date`: the document's (document_date), kept in its properties so that the file is the same at every build."""
    from problembrief.render.docx_writer import brief_document_info, write_docx

    subject = i18n.translate_in(brief.language.value, "Questions and answers")
    # The questions' own date, not the brief's: a new answer makes a new document.
    info = brief_document_info(brief, subject, date=date, draft=draft)
    return write_docx(markdown_text, info, reference)


def build_questions_document(brief: Brief, questions: LoadedQuestions | QuestionsFile, *, draft: bool = False,
                             reference: Path | None = None, templates: Path | None = None
                             ) -> tuple[str, bytes, list[str]]:
    """The Markdown, the Word file and the writer's warnings of "Spørgsmål og svar" / "Questions and answers".

    Raises ProblemBriefError (or TemplateError) when there is nothing to build; the pipeline reports it as it
    reports a failure of the brief's documents."""
    markdown_text = questions_markdown(brief, questions, draft=draft, templates=templates)
    date = document_date(document_items(_questions_file(questions), brief.language.value, draft=draft))
    data, warnings = questions_docx(brief, markdown_text, reference, draft=draft, date=date)
    return markdown_text, data, warnings
