"""What every check of a brief needs of the consultation round, without its rules: the name of the questions file
beside a brief, and the codes of its rules, registered so that --select and --ignore may name them.

The rules themselves (check.py) and the document (document.py) are imported only when a brief has a questions
file, or when asked for: most briefs have none, and a check that waits on them costs every user."""

from __future__ import annotations

from pathlib import Path

from problembrief.lint.catalogue import register_codes

QUESTIONS_SUFFIX = ".questions.yaml"

ANSWER_TOO_LATE, UNANSWERED, CHANGE_WITHOUT_VERSION, SUPPLIER_NAMED, DATE_ORDER, DUPLICATE_ID, UNKNOWN_PART = (
    "PB801", "PB802", "PB803", "PB804", "PB805", "PB806", "PB807",
)
# The codes of the rules in check.RULES (a test keeps the two the same).
CODES = (ANSWER_TOO_LATE, UNANSWERED, CHANGE_WITHOUT_VERSION, SUPPLIER_NAMED, DATE_ORDER, DUPLICATE_ID, UNKNOWN_PART)

register_codes(CODES)  # so that --select PB8 and --ignore PB801 name them


def questions_path(brief_path: Path | str) -> Path:
    """The questions file beside a brief: `brief.yaml` -> `brief.questions.yaml`."""
    path = Path(brief_path)
    return path.with_name(f"{path.stem}{QUESTIONS_SUFFIX}")
