"""Many briefs in one call, the watch mode, and lazy imports (validate and --help load no renderer)."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import docx
from typer.testing import CliRunner

from helpers import EXAMPLES, MINIMAL
from problembrief.cli import app


def test_batch_with_jobs_builds_every_good_brief_and_reports_the_bad(runner: CliRunner, tmp_path: Path) -> None:
    sources = tmp_path / "briefs"
    sources.mkdir()
    for example in EXAMPLES[:3]:
        (sources / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    (sources / "broken.yaml").write_text(MINIMAL.replace("procedure: open", "procedure: nope"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, [
        "build", "--lang", "en", *map(str, sorted(sources.iterdir())), "--jobs", "2", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "broken.yaml:23:14: error PB013" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{e.stem}-udbud.docx" if not e.stem.endswith("-en")
                                                           else f"{e.stem}-tender.docx" for e in EXAMPLES[:3])


def test_several_briefs_need_an_output_folder(runner: CliRunner, write_brief: Callable[..., Path],
                                              tmp_path: Path) -> None:
    a, b = write_brief(name="a.yaml"), write_brief(name="b.yaml")
    result = runner.invoke(app, ["build", "--lang", "en", str(a), str(b), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "must be an existing folder" in result.stderr


class _Lines:
    """The stderr lines of a process, read by a thread (select() would miss lines Python already buffered)."""

    def __init__(self, process: subprocess.Popen) -> None:  # type: ignore[type-arg]
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen = ""
        threading.Thread(target=self._pump, args=(process,), daemon=True).start()

    def _pump(self, process: subprocess.Popen) -> None:  # type: ignore[type-arg]
        assert process.stderr is not None
        for line in process.stderr:
            self.lines.put(line)

    def until(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen += line
            if pattern in line:
                return self.seen
        raise AssertionError(f"never saw {pattern!r}; got:\n{self.seen}")


def test_watch_rebuilds_on_save_and_keeps_the_last_good_document(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out.docx"
    process = subprocess.Popen([
        sys.executable, "-m", "problembrief", "build", "--lang", "en", "--watch", str(brief), "-o", str(out)],
                               stderr=subprocess.PIPE, text=True)
    lines = _Lines(process)
    try:
        lines.until("rebuilt in")
        assert docx.Document(str(out)).paragraphs[0].text == "Færre fald om natten"
        time.sleep(0.05)
        brief.write_text(MINIMAL.replace("Færre fald om natten", "Færre fald hele døgnet"), encoding="utf-8")
        lines.until("rebuilt in")
        assert docx.Document(str(out)).paragraphs[0].text == "Færre fald hele døgnet"
        good = out.read_bytes()
        brief.write_text("brief: [unclosed\n", encoding="utf-8")
        lines.until("not rebuilt")
        assert out.read_bytes() == good
        process.send_signal(signal.SIGINT)
        assert "stopped watching" in lines.until("stopped watching")
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


def _modules_after(args: list[str]) -> dict[str, list[str]]:
    code = f"""
import contextlib, io, json, runpy, sys
sys.argv = ["problembrief", *{args!r}]
with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()), \\
        contextlib.redirect_stderr(io.StringIO()):
    runpy.run_module("problembrief", run_name="__main__")
print(json.dumps(sorted(sys.modules)))
"""
    modules = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                        check=True).stdout)
    return {"top": sorted({m.split(".")[0] for m in modules}), "ours": [m for m in modules if
                                                                        m.startswith("problembrief.")]}


def test_validate_loads_no_renderer() -> None:
    loaded = _modules_after(["validate", str(EXAMPLES[0])])
    assert not {"jinja2", "docx", "markdown_it", "lxml"} & set(loaded["top"])
    assert "problembrief.lint" in loaded["ours"]


def test_help_loads_nothing_but_the_cli() -> None:
    loaded = _modules_after(["--help"])
    assert set(loaded["ours"]) <= {
        "problembrief.cli", "problembrief.commands", "problembrief.quick", "problembrief.errors", "problembrief.i18n",
        "problembrief.report", "problembrief.report.base", "problembrief.findings"}
    assert not {"pydantic", "yaml", "jinja2", "docx"} & set(loaded["top"])
