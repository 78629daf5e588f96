"""Questions and answers (issue 12): the questions file beside a brief, its rules (PB801-PB807) and the
document "Spørgsmål og svar" / "Questions and answers". The pipeline calls these; see check.py for the codes."""

from problembrief.questions.check import (
    QUESTIONS_SUFFIX,
    RULES,
    LoadedQuestions,
    check_questions,
    describe_rules,
    load_questions,
    questions_path,
    run_rules,
)
from problembrief.questions.document import build_questions_document, questions_docx, questions_markdown

__all__ = ["QUESTIONS_SUFFIX", "RULES", "LoadedQuestions", "build_questions_document", "check_questions",
           "describe_rules", "load_questions", "questions_docx", "questions_markdown", "questions_path", "run_rules"]
