"""The project's own checks: the README's format reference is current and the code is ruff clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from problembrief.format_reference import format_reference, rules_reference

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("marker", "generate"), [("format-reference", format_reference), ("rules", rules_reference)])
def test_readme_generated_sections_are_current(marker: str, generate) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"<!-- {marker}:start -->\n{generate()}<!-- {marker}:end -->" in readme, (
        "run: python scripts/update_readme.py")


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
