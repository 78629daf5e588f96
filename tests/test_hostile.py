"""Hostile and broken inputs: each ends in a clear message and exit 1 or 2, in under two seconds, with
nothing written; none runs code, hangs, or costs a file."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from helpers import MINIMAL, all_text
from problembrief.cli import app

LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
) + "\n"


def _deep(levels: int) -> str:
    return "a: " + "[" * levels + "]" * levels + "\n"


CASES: dict[str, tuple[bytes, int, str]] = {
    # name: (file content, exit code, words the message must contain)
    "billion laughs": (LAUGHS.encode(), 2, "too many aliases"),
    "deep nesting": (_deep(200).encode(), 2, "nesting deeper than"),
    "very deep nesting": (_deep(50_000).encode(), 2, "nesting"),
    "python tag": (b"a: !!python/object/apply:os.system ['touch pwned']\n", 2, "is not allowed"),
    "python name tag": (b"a: !!python/name:os.system\n", 2, "is not allowed"),
    "custom tag": (b"a: !include /etc/passwd\n", 2, "is not allowed"),
    "merge key": (b"base: &b {x: 1}\nother:\n  <<: *b\n", 2, "merge keys"),
    "latin-1": ("title: Færre fald\n".encode("latin-1"), 2, "not UTF-8"),
    "utf-16": ("schema_version: 1\n".encode("utf-16"), 2, "not UTF-8"),
    "tab indentation": (b"brief:\n\ttitle: x\n", 2, "tabs"),
    "control character": (b"title: a\x07b\n", 2, "U+0007"),
    "null byte": (b"title: a\x00b\n", 2, "U+0000"),
    "empty": (b"", 2, "empty"),
    "only a comment": (b"# nothing here\n", 2, "empty"),
    "list at the root": (b"- a\n- b\n", 2, "top level must be a mapping"),
    "text at the root": (b"just some words\n", 2, "top level must be a mapping"),
    "unclosed bracket": (b"a: [1, 2\n", 2, "not valid YAML"),
    "random bytes": (bytes(range(256)) * 4, 2, "not UTF-8"),
    "huge string": (("title: " + "x" * 200_000 + "\n").encode(), 2, "longer than"),
    "duplicate keys": ((MINIMAL + "language: en\n").encode(), 1, "given twice"),
    "wrong types everywhere": (b"schema_version: one\nlanguage: [da]\nbrief: x\nauthorities: {}\n", 1,
                               "must be"),
    "infinite amount": ((MINIMAL + "poc:\n  budget: {amount: .inf}\n").encode(), 1, "must be a number"),
    "huge exponent": ((MINIMAL + "poc:\n  budget: {amount: 1e999999}\n").encode(), 1, "exponent"),
    "tiny exponent": ((MINIMAL + "poc:\n  budget: {amount: 1e-999999999}\n").encode(), 1, "exponent"),
    "4400 digits": ((MINIMAL + "poc:\n  budget: {amount: " + "9" * 4400 + "}\n").encode(), 1, "15 digits"),
    "date in year 1": (MINIMAL.replace("2025-12-31", "0001-01-01").encode(), 1, "1900-01-01 to 2199-12-31"),
    "seconds as a date": (MINIMAL.replace("2025-12-31", "86400").encode(), 1, "YYYY-MM-DD"),
    "alias of long text": (("s: &s " + "x" * 90_000 + "\nl: [" + ", ".join(["*s"] * 1000) + "]\n").encode(), 2,
                           "characters of text"),
    "escaped null": (MINIMAL.replace("title: Færre fald om natten", 'title: "F\\x00rre fald"').encode(), 1,
                     "U+0000"),
    "escaped next line": (MINIMAL.replace("title: Færre fald om natten", 'title: "F\\Nrre"').encode(), 1, "U+0085"),
    "raw line separator": (MINIMAL.replace("Færre fald", "Færre\u2028fald").encode(), 2, "U+2028"),
    "right-to-left override": (MINIMAL.replace("Færre fald", "Færre\u202efald").encode(), 1, "U+202E"),
    "url with a line break": ((MINIMAL + 'references: [{title: KL, url: "https://kl.dk\\vx"}]\n').encode(), 1,
                              "U+000B"),
}


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_ends_cleanly(name: str, command: str, runner: CliRunner, tmp_path: Path) -> None:
    content, code, words = CASES[name]
    brief = tmp_path / "brief.yaml"
    brief.write_bytes(content)
    before = set(tmp_path.iterdir())
    started = time.monotonic()
    result = runner.invoke(app, [command, "--lang", "en", str(brief)])
    elapsed = time.monotonic() - started
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert words in result.output, result.output
    assert str(brief) in result.output
    assert elapsed < 2, f"{elapsed:.1f} s"
    assert set(tmp_path.iterdir()) == before  # nothing written
    assert not (Path.cwd() / "pwned").exists()


def test_windows_file_with_bom_and_crlf_builds(runner: CliRunner, tmp_path: Path) -> None:
    brief = tmp_path / "windows.yaml"
    brief.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    result = runner.invoke(app, ["build", "--lang", "en", str(brief), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 0, result.output
    assert "Færre fald om natten" in all_text(docx.Document(str(tmp_path / "out.docx")))


def test_size_limit_is_configurable(runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    path = write_brief()
    result = runner.invoke(app, [
        "build", "--lang", "en", str(path), "--max-size", "100", "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 2 and "larger than the limit of 100 bytes" in result.stderr
    assert runner.invoke(app, [
        "build", "--lang", "en", str(path), "--max-size", "100000", "-o", str(tmp_path / "o.docx")]
                         ).exit_code == 0


def test_a_folder_or_device_is_not_read(runner: CliRunner, tmp_path: Path) -> None:
    # A folder is searched for briefs (issue 11); one without any is a usage error naming it, never "0 checked".
    result = runner.invoke(app, ["validate", "--lang", "en", str(tmp_path)])
    assert result.exit_code == 2 and f"error: no briefs (*.yaml, *.yml) in the folder {tmp_path}" in result.stderr
    if Path("/dev/zero").exists():
        started = time.monotonic()
        result = runner.invoke(app, ["validate", "--lang", "en", "/dev/zero"])
        assert result.exit_code == 2 and time.monotonic() - started < 2


def test_control_characters_written_as_escapes_never_reach_the_xml(
        runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    # Dropping them silently would make the document say something else than the brief: an error instead.
    path = write_brief(MINIMAL.replace("title: Færre fald om natten", 'title: "Fald\\x07 om\\x1b natten\\x0c"'))
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["build", "--lang", "en", str(path), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "PB022" in result.output and "U+0007" in result.output
    assert not out.exists()


def test_far_future_and_long_values_build(runner: CliRunner, write_brief: Callable[..., Path],
                                          tmp_path: Path) -> None:
    long_title = " ".join(["Meget"] * 400)
    path = write_brief(MINIMAL.replace("title: Færre fald om natten", f"title: {long_title}"), extra="""\
        poc: {start: 2199-10-01, end: 2199-12-31}
        scale_up:
          decision: {date: 2199-12-31}
          phases: [{name: Altid, start: 2199-12-31}]
          procurement_route: new_tender
          funding: {amount: 1}
          other_authorities: [Alle]
        """)
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["build", "--lang", "en", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    props = docx.Document(str(out)).core_properties
    assert len(props.title) <= 255 and props.title.endswith("…")


def test_failed_build_keeps_the_previous_document(runner: CliRunner, write_brief: Callable[..., Path],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "brief-udbud.docx"
    path = write_brief()
    assert runner.invoke(app, ["build", "--lang", "en", str(path)]).exit_code == 0
    good = out.read_bytes()
    path.write_bytes(b"title: [unclosed\n")
    assert runner.invoke(app, ["build", "--lang", "en", str(path)]).exit_code == 2
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief-udbud.docx", "brief.yaml"]


def test_unwritable_target_is_a_clear_error(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["build", "--lang", "en", str(write_brief()), "-o", "/proc/problembrief.docx"])
    assert result.exit_code == 2 and "error PB006 cannot write in /proc" in result.stderr
