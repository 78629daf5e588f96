"""The quick command line (quick.py): a plain `validate` or `build` parsed without Typer must be parsed exactly
as Typer parses it, and anything else must go to Typer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import EXAMPLES, MINIMAL, run_and_collect, run_code
from problembrief import commands, quick
from problembrief.cli import app

# The installed command (the quick parser first) and Typer's command line alone.
QUICK = ("import atexit, sys; from problembrief.__main__ import main; sys.argv[0] = 'problembrief'; "
         "atexit.register(lambda: 'typer' in sys.modules and print('typer imported', file=sys.stderr)); main()")
TYPER = "import sys; from problembrief.cli import main; sys.argv[0] = 'problembrief'; main()"


def test_the_stored_table_is_what_typer_makes_of_cli_py() -> None:
    stored = json.loads(quick.TABLE_FILE.read_text(encoding="utf-8"))
    assert stored == quick.stored_table(), "the stored command line is out of date: run python scripts/help_texts.py"


def test_a_table_from_another_version_of_the_command_line_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    assert quick.parse(["validate", "x.yaml"]) is not None
    monkeypatch.setattr(quick, "help_key", lambda: "another")
    assert quick.parse(["validate", "x.yaml"]) is None


def _typer_values(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, Any]] | None:
    """What Typer hands on to `commands` for this command line, or None when it refuses it."""
    seen: list[tuple[str, dict[str, Any]]] = []
    for name in quick.QUICK_COMMANDS:
        def record(files: Any, *, _name: str = name, **values: Any) -> int:
            seen.append((_name, {"files": files, **values}))
            return 0

        monkeypatch.setattr(commands, name, record)
    result = CliRunner().invoke(app, argv)
    return seen[0] if result.exit_code == 0 and seen else None


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("brief.yaml", "other.yaml"):
        (tmp_path / name).write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "briefs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# The command lines of pre-commit hooks, CI jobs and the README: each is parsed without Typer.
PLAIN = [
    ["validate", "brief.yaml"],
    ["validate", "brief.yaml", "other.yaml", "--format", "json"],
    ["validate", "--format=sarif", "--output-file", "out.sarif", "brief.yaml"],
    ["validate", "briefs", "--strict", "--select", "PB1", "--select", "PB4", "--ignore", "PB101"],
    ["validate", "brief.yaml", "--no-strict", "--no-inline-ignore", "--debug", "--lang", "en"],
    ["--lang", "da", "validate", "brief.yaml"],
    ["--lang=en", "validate", "brief.yaml", "--lang", "da"],
    ["build", "brief.yaml"],
    ["build", "brief.yaml", "-o", "out.docx"],
    ["build", "brief.yaml", "other.yaml", "--document", "all", "--output", "briefs", "--jobs", "2"],
    ["build", "brief.yaml", "--format", "md", "--force", "--max-size", "100000", "--no-force", "--jobs=auto"],
    ["build", "brief.yaml", "--pdf", "--reference-docx", "brief.yaml", "--templates", "briefs", "--watch"],
    ["build", "missing.yaml", "--lang", "en"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_a_plain_command_line_is_parsed_as_typer_parses_it(argv: list[str], folder: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = quick.parse(argv)
    assert parsed is not None
    assert parsed == _typer_values(argv, monkeypatch)


# Each goes to Typer, which parses it or says what is wrong in its own words.
FOR_TYPER = [
    [], ["validate"], ["validate", "--help"], ["--version"], ["--help"], ["rules"], ["schema"],
    ["validate", "brief.yaml", "--format", "JSON"],  # not exactly a choice: Typer's error
    ["validate", "brief.yaml", "--format"],  # no value
    ["validate", "brief.yaml", "--strict=yes"],  # a flag with a value
    ["validate", "brief.yaml", "--stric"],  # no abbreviations
    ["validate", "brief.yaml", "--", "-x.yaml"],
    ["validate", "-"],
    ["validate", "brief.yaml", "--output-file", "-o"],  # a value that looks like an option
    ["build", "brief.yaml", "--jobs", "0"], ["build", "brief.yaml", "--jobs", "two"],
    ["build", "brief.yaml", "--max-size", "0"], ["build", "brief.yaml", "-oout.docx"],
    ["validate", ""], ["--lang", "de", "validate", "brief.yaml"], ["nope", "brief.yaml"],
]


@pytest.mark.parametrize("argv", FOR_TYPER, ids=lambda a: " ".join(a) or "(nothing)")
def test_anything_else_goes_to_typer(argv: list[str], folder: Path) -> None:
    assert quick.parse(argv) is None


def test_an_unreadable_brief_goes_to_typer(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick.os, "access", lambda path, mode: Path(path).name != "brief.yaml")
    assert quick.parse(["validate", "other.yaml"]) is not None
    assert quick.parse(["validate", "brief.yaml"]) is None  # Typer says it is not readable
    assert quick.parse(["validate", "other.yaml", "--output-file", "brief.yaml"]) is None


def test_the_tests_aid_and_windows_go_to_typer(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROBLEMBRIEF_PSEUDO_LOCALE", "1")
    assert quick.parse(["validate", "brief.yaml"]) is None


TOKENS = ["validate", "build", "brief.yaml", "other.yaml", "briefs", "missing.yaml", "--format", "json", "text",
          "sarif", "md", "docx", "JSON", "--format=github", "--strict", "--no-strict", "--select", "PB1", "--ignore",
          "-o", "out.docx", "--output", "--output-file", "--lang", "da", "en", "de", "--lang=da", "--jobs", "auto",
          "0", "3", "--jobs=1", "--max-size", "--document", "all", "qa", "--force", "--watch", "--pdf", "--debug",
          "--no-inline-ignore", "--no-debug", "--", "-", "--help", "--version", "-x", "", "--templates"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_whatever_the_quick_parser_takes_typer_takes_alike(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                           argv: list[str]) -> None:
    parsed = quick.parse(argv)
    if parsed is not None:
        assert parsed == _typer_values(argv, monkeypatch), argv


# --- Whole runs: the same bytes, files and exit codes whichever parser ran the command ---------------------



RUNS = {
    "validate": (["validate", "brief.yaml"], 0),
    "validate-json": (["validate", "broken.yaml", "brief.yaml", "--format", "json"], 1),
    "validate-sarif-file": (["validate", "broken.yaml", "--format", "sarif", "--output-file", "out.sarif"], 1),
    "validate-github": (["validate", "broken.yaml", "--format", "github", "--lang", "da"], 1),
    "validate-strict": (["validate", "brief.yaml", "--strict", "--select", "PB1"], 0),
    "validate-missing": (["validate", "missing.yaml"], 2),
    "validate-bad-code": (["validate", "brief.yaml", "--select", "PB999"], 2),
    "validate-escape": (["validate", "escape.yaml"], 2),
    "build": (["build", "brief.yaml", "-o", "out.docx"], 0),
    "build-md-en": (["--lang", "en", "build", "brief.yaml", "--format", "md", "-o", "out.md"], 0),
    "build-broken": (["build", "broken.yaml", "-o", "out.docx"], 1),
    "build-pdf-md": (["build", "brief.yaml", "--pdf", "--format", "md"], 2),
    "build-exists-folder": (["build", "brief.yaml", "broken.yaml", "-o", "out.docx"], 2),
}


@pytest.mark.parametrize("case", sorted(RUNS))
def test_a_run_parsed_quickly_prints_writes_and_exits_as_typer_s(case: str, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES[0], tmp_path / "brief.yaml")
    (tmp_path / "broken.yaml").write_text(MINIMAL.replace("role: lead", "role: leader"), encoding="utf-8")
    (tmp_path / "escape.yaml").write_bytes(b"title: \x1b[31mred\n")
    args, status = RUNS[case]
    quick_run, typer_run = (run_and_collect(code, args, tmp_path) for code in (QUICK, TYPER))
    assert b"typer imported" not in quick_run[2], "a plain command line is parsed without Typer"
    assert quick_run == typer_run
    assert quick_run[0] == status


def test_a_usage_error_is_typer_s_own(tmp_path: Path) -> None:
    result = run_code(QUICK, ["build", "x.yaml", "--jobs", "0"], tmp_path)
    assert result.returncode == 2
    assert b"Invalid value for '--jobs'" in result.stderr and b"typer imported" in result.stderr
