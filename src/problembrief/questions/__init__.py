"""Questions and answers (issue 12): the questions file beside a brief, its rules (PB801-PB807) and the
document "Spørgsmål og svar" / "Questions and answers". The pipeline calls these; see check.py for the codes.

Importing the package registers the rules' codes and gives the questions file's name (codes.py); the rules and
the document are imported when one of their names is first asked for, since most briefs have no questions file."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from problembrief.questions.codes import QUESTIONS_SUFFIX, questions_path

if TYPE_CHECKING:
    from problembrief.questions.check import (
        RULES,
        LoadedQuestions,
        check_questions,
        describe_rules,
        load_questions,
        run_rules,
    )
    from problembrief.questions.document import build_questions_document, questions_docx, questions_markdown

# name: the module that defines it, imported when the name is first asked for
_LAZY = {
    "RULES": "check", "LoadedQuestions": "check", "check_questions": "check", "describe_rules": "check",
    "load_questions": "check", "run_rules": "check",
    "build_questions_document": "document", "questions_docx": "document", "questions_markdown": "document",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once
    return value


__all__ = ["QUESTIONS_SUFFIX", "RULES", "LoadedQuestions", "build_questions_document", "check_questions",
           "describe_rules", "load_questions", "questions_docx", "questions_markdown", "questions_path", "run_rules"]
