"""The command line: exit codes 0/1/2, messages with file and line, outputs never half-written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from helpers import EXAMPLES, MINIMAL
from problembrief.cli import app


def test_validate_valid_brief_exits_0(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["validate", "--lang", "en", str(write_brief())])
    assert result.exit_code == 0, result.output
    assert "1 file checked: 0 errors" in result.stderr


def test_validate_schema_error_exits_1_with_file_line_and_hint(
        runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    path = write_brief(MINIMAL.replace("target_group:", "targetgroup:"))
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert f"{path}:13:1: error PB011 unknown key `targetgroup`; did you mean `target_group`?" in result.stdout
    assert "1 file checked: 2 errors" in result.stderr


def test_validate_wrong_type_and_duplicate_key(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    path = write_brief(extra="poc:\n  start: i foråret\n  start: 2027-01-01\n")
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert f"{path}:26:3: error PB003" in result.stdout
    assert f"{path}:25:10: error PB014 `poc.start` must be a date" in result.stdout


def test_validate_unreadable_input_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("title: Æble\n".encode("latin-1"))
    result = runner.invoke(app, ["validate", "--lang", "en", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1:8: error PB001 the file is not UTF-8" in result.stdout
    assert "1 could not be read" in result.stderr
    assert "Traceback" not in result.output


def test_validate_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--lang", "en", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "error PB001 no such file" in result.stdout


def test_validate_many_files_and_json(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    good = write_brief(name="good.yaml")
    bad = write_brief(MINIMAL.replace("language: da", "language: dk"), name="bad.yaml")
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", str(good), str(bad)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"]["error"] == 1
    [finding] = [f for f in report["findings"] if f["severity"] == "error"]
    assert (finding["file"], finding["line"], finding["code"], finding["path"]) == (
        str(bad), 2, "PB013", "language")
    # the rules ran on the good file only: the bad one stops at the schema
    assert {f["file"] for f in report["findings"] if f["code"] == "PB102"} == {str(good)}
    assert "2 files checked" in result.stderr


def test_validate_bad_format_option_exits_2(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "xml", str(write_brief())])
    assert result.exit_code == 2


def test_validate_examples_have_no_errors(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--lang", "en", *map(str, EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert len(EXAMPLES) >= 5


def test_build_default_output_next_to_input(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    path = write_brief()
    result = runner.invoke(app, ["build", "--lang", "en", str(path)])
    assert result.exit_code == 0, result.output
    assert (path.parent / "brief-udbud.docx").read_bytes()[:2] == b"PK"


def test_build_markdown_for_review(runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    result = runner.invoke(app, ["build", "--lang", "en", str(write_brief()), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Færre fald om natten\n")
    assert "## Ønskede resultater" in text


def test_build_refuses_invalid_brief_and_keeps_previous_output(
        runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")
    path = write_brief(MINIMAL.replace("procedure: open", "procedure: 7"))
    result = runner.invoke(app, ["build", "--lang", "en", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "not built" in result.stderr
    assert out.read_bytes() == b"previous"


def test_build_never_overwrites_the_input(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    path = write_brief()
    before = path.read_bytes()
    result = runner.invoke(app, ["build", "--lang", "en", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert "refusing to overwrite the input" in result.stderr
    assert path.read_bytes() == before


def test_build_unwritable_output_exits_2(runner: CliRunner, write_brief: Callable[..., Path],
                                         tmp_path: Path) -> None:
    result = runner.invoke(app, [
        "build", "--lang", "en", str(write_brief()), "-o", str(tmp_path / "no" / "such" / "x.docx")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_build_unparsable_yaml_exits_2(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["build", "--lang", "en", str(write_brief("a: [1, 2\n"))])
    assert result.exit_code == 2
    assert "not valid YAML" in result.stderr


def test_python_tag_is_never_executed(runner: CliRunner, write_brief: Callable[..., Path],
                                      tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write_brief(extra=f"references:\n  - title: !!python/object/apply:os.system ['touch {marker}']\n")
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 2
    assert "error PB002" in result.stdout and "is not allowed" in result.stdout
    assert not marker.exists()


def test_help_and_version(runner: CliRunner) -> None:
    assert runner.invoke(app, ["--help"]).exit_code == 0
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("problembrief ")
