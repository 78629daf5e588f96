"""The consultation round imported only as far as a check needs it (questions/codes.py): the codes it registers are
its rules' codes, and the package's names are the same objects, whichever is asked for first."""

from __future__ import annotations

import subprocess
import sys

import problembrief.questions as questions
from problembrief.lint.catalogue import known_codes
from problembrief.questions import check, codes, document


def test_the_registered_codes_are_the_rules_codes() -> None:
    assert set(codes.CODES) == {rule.code for rule in check.RULES}
    assert set(codes.CODES) <= set(known_codes())


def test_the_package_gives_the_modules_own_names() -> None:
    for name in questions.__all__:
        value = getattr(questions, name)
        module = codes if name in ("QUESTIONS_SUFFIX", "questions_path") else (
            document if name in ("build_questions_document", "questions_docx", "questions_markdown") else check)
        assert value is getattr(module, name), name


def test_importing_the_package_registers_the_codes_without_the_rules() -> None:
    code = ("import sys, problembrief.questions; from problembrief.lint.catalogue import known_codes; "
            "print('PB801' in known_codes(), 'problembrief.questions.check' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["True", "False"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        questions.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")
