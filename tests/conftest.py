"""Shared fixtures: write variants of the minimal brief, run the CLI, reopen the .docx it wrote."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from helpers import MINIMAL
from problembrief.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write_brief(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (default: the minimal brief plus `extra`) to a file and return its path."""

    def write(text: str | None = None, *, extra: str = "", name: str = "brief.yaml") -> Path:
        path = tmp_path / name
        path.write_text((MINIMAL if text is None else textwrap.dedent(text)) + textwrap.dedent(extra),
                        encoding="utf-8")
        return path

    return write


@pytest.fixture
def build(runner: CliRunner, tmp_path: Path) -> Callable[[Path], docx.document.Document]:
    """Build a brief with the CLI and reopen the .docx it wrote."""

    def run(path: Path) -> docx.document.Document:
        out = tmp_path / "out.docx"
        result = runner.invoke(app, ["build", str(path), "-o", str(out)])
        assert result.exit_code == 0, result.output
        return docx.Document(str(out))

    return run
