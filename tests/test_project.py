"""The project's own checks: the README's format reference is current and the code is ruff clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from problembrief.format_reference import format_reference, rules_reference

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("document", "language"), [("README.md", "en"), ("docs/da/vejledning.md", "da")])
@pytest.mark.parametrize(("marker", "generate"), [("format-reference", format_reference), ("rules", rules_reference)])
def test_generated_sections_are_current(document: str, language: str, marker: str, generate) -> None:  # type: ignore[no-untyped-def]
    """The README's tables (English) and the Danish guide's (Danish) are generated from the code; this fails
    when a rule or a description changed and the documents were not regenerated."""
    text = (ROOT / document).read_text(encoding="utf-8")
    assert f"<!-- {marker}:start -->\n{generate(language)}<!-- {marker}:end -->" in text, (
        "run: python scripts/update_readme.py")


def test_the_danish_guide_is_danish() -> None:
    """The generated parts of the guide are in Danish: the rule table's header and a rule's summary."""
    guide = (ROOT / "docs" / "da" / "vejledning.md").read_text(encoding="utf-8")
    from problembrief import i18n
    from problembrief.lint import get_rule

    rule = get_rule("PB404")
    assert rule is not None
    with i18n.language("da"):
        danish = rule.summary
    assert danish in guide and rule.summary not in guide


def test_readme_lists_every_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for example in (ROOT / "examples").glob("*.yaml"):
        assert f"examples/{example.name}" in readme


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is part of the test dependencies: pip install '.[test]'")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_m_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "problembrief", "--version"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("problembrief ")
