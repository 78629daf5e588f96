"""The conductor and the outputs: every failure is a result of its brief, never a traceback or a lost brief,
and no output lands on an input, a device, a link or another brief's document."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import MINIMAL
from problembrief import pipeline
from problembrief.cli import app
from problembrief.errors import ExitCode
from problembrief.pipeline import BuildOptions, build_file, build_files, check_file


def test_a_file_that_cannot_be_read_is_a_result_not_an_exception(tmp_path: Path) -> None:
    result = check_file(tmp_path / "nope.yaml")
    assert result.fatal is not None and result.fatal.code == "PB001"
    assert result.exit_code() is ExitCode.FAILURE
    assert result.report.findings == (result.fatal,)


def test_invalid_yaml_is_a_fatal_finding_at_its_line(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    result = check_file(brief)
    assert result.fatal is not None and result.fatal.code == "PB002" and result.fatal.line is not None
    assert result.fatal.file == str(brief)


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


def test_an_internal_error_costs_one_brief_with_exit_2_and_no_traceback(
        runner: CliRunner, write_brief: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("problembrief.validate.validate", _explode)
    path = write_brief()
    result = runner.invoke(app, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 2
    assert f"{path}: error PB000 internal error (RuntimeError: boom)" in result.stdout
    assert "Traceback" not in result.output
    debug = runner.invoke(app, ["validate", "--lang", "en", "--debug", str(path)])
    assert debug.exit_code == 2 and "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr


def test_one_broken_brief_does_not_stop_the_batch(write_brief: Callable[..., Path], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = write_brief(name="a.yaml"), write_brief(name="b.yaml")
    real = pipeline.render_markdown

    def flaky(brief, document="tender", templates=None):  # type: ignore[no-untyped-def]
        if brief.brief.title == "Færre fald om natten" and flaky.calls == 0:  # type: ignore[attr-defined]
            flaky.calls += 1  # type: ignore[attr-defined]
            raise ZeroDivisionError("a bug")
        return real(brief, document, templates)

    flaky.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(pipeline, "render_markdown", flaky)
    heard: list[Path] = []
    results = build_files([first, second], BuildOptions(), on_result=lambda r: heard.append(r.source))
    assert heard == [first, second]
    assert [r.status for r in results] == [ExitCode.FAILURE, ExitCode.OK]
    assert results[0].check.fatal is not None and results[0].check.fatal.code == "PB000"
    assert results[0].check.trace and "ZeroDivisionError" in results[0].check.trace
    assert not (tmp_path / "a-udbud.docx").exists() and (tmp_path / "b-udbud.docx").is_file()


def test_watch_survives_a_save_that_breaks_the_tool(write_brief: Callable[..., Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_brief()
    calls = {"n": 0}
    real = pipeline.render_markdown

    def once_broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyError("surprise")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_markdown", once_broken)
    events = pipeline.watch(path, BuildOptions(), interval=0.01)
    first = next(events)
    assert first.result.status is ExitCode.FAILURE and not first.result.written
    path.write_text(MINIMAL + "\n", encoding="utf-8")  # a save: the size changes
    second = next(events)
    assert second.result.status is ExitCode.OK and second.result.written


# --- outputs ---------------------------------------------------------------------------------------------

@pytest.mark.skipif(os.geteuid() != 0, reason="only root can replace /dev/null; CI runs as root")
def test_output_onto_a_device_is_refused(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    before = os.stat("/dev/null")
    result = runner.invoke(app, ["build", "--lang", "en", str(write_brief()), "-o", "/dev/null"])
    assert result.exit_code == 2
    assert "not a regular file" in result.stdout + result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_fifo_as_output_is_refused(runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    fifo = tmp_path / "out.docx"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["build", "--lang", "en", str(write_brief()), "-o", str(fifo)])
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_planted_symlink_at_the_output_name_is_never_written_through(
        runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me", encoding="utf-8")
    path = write_brief()
    (tmp_path / "brief-udbud.docx").symlink_to(victim)
    result = runner.invoke(app, ["build", "--lang", "en", str(path)])
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "brief-udbud.docx").is_symlink()


def test_two_briefs_with_one_name_are_refused_not_silently_merged(
        runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "out").mkdir()
    first, second = tmp_path / "a" / "brief.yaml", tmp_path / "b" / "brief.yaml"
    first.write_text(MINIMAL, encoding="utf-8")
    second.write_text(MINIMAL.replace("Færre fald om natten", "Andet"), encoding="utf-8")
    result = runner.invoke(app, ["build", "--lang", "en", str(first), str(second), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{second}: error PB006 not built: its documents would replace those of {first}" in result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["brief-udbud.docx"]


def test_an_output_never_replaces_another_input_of_the_batch(
        runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    path = write_brief()
    other_input = tmp_path / "brief-udbud.md"
    other_input.write_text("not a brief, but an input all the same", encoding="utf-8")
    result = runner.invoke(app, ["build", "--lang", "en", "--format", "md", str(path), str(other_input)])
    assert result.exit_code == 2
    assert "refusing to overwrite the input" in result.stderr
    assert other_input.read_text(encoding="utf-8") == "not a brief, but an input all the same"


def test_pdf_never_replaces_an_input(runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    path = write_brief()
    pdf_input = tmp_path / "brief-udbud.pdf"
    pdf_input.write_bytes(b"%PDF-1.4 an input")
    result = runner.invoke(app, ["build", "--lang", "en", "--pdf", str(path), str(pdf_input)])
    assert result.exit_code == 2
    assert "refusing to overwrite the input" in result.stderr
    assert pdf_input.read_bytes() == b"%PDF-1.4 an input"


def test_a_rebuilt_private_document_stays_private(write_brief: Callable[..., Path], tmp_path: Path) -> None:
    path = write_brief()
    first = build_file(path)
    [target] = first.written
    target.chmod(0o600)
    again = build_file(path)
    assert again.written == [target]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_document_gets_the_umask_mode(write_brief: Callable[..., Path]) -> None:
    old = os.umask(0o027)
    try:
        [target] = build_file(write_brief()).written
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_init_leaves_no_half(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "problembrief.schema.json").mkdir()  # the schema cannot be written where a folder stands
    result = runner.invoke(app, ["init", str(tmp_path / "brief.yaml")])
    assert result.exit_code == 2 and "is a folder" in result.stderr
    assert not (tmp_path / "brief.yaml").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["problembrief.schema.json"]


def test_forced_build_of_a_brief_with_errors_exits_1_and_says_so(
        runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    path = write_brief(MINIMAL.replace("role: lead", "role: lead\n  - name: Kolding Kommune\n    role: lead"))
    out = tmp_path / "out.docx"
    forced = runner.invoke(app, ["build", "--lang", "en", str(path), "-o", str(out), "--force"])
    assert forced.exit_code == 1, forced.output
    assert out.read_bytes()[:2] == b"PK"
    assert "marked as a draft with errors" in forced.stderr


def test_terminal_escapes_in_a_file_name_are_shown_not_obeyed(runner: CliRunner, tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b[2J\rname.yaml"
    result = runner.invoke(app, ["build", "--lang", "en", str(name)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\r" not in result.output
    assert "evil\\x1b[2J\\" in result.output  # shown as an escape
