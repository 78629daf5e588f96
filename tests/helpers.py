"""Test helpers: the minimal valid brief, the examples, ways to read a produced .docx, and to run the command
line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import docx

import problembrief

# The example briefs; a brief's questions file (`X.questions.yaml`) is not a brief.
EXAMPLES = sorted(p for p in (Path(__file__).resolve().parent.parent / "examples").glob("*.yaml")
                  if not p.name.endswith(".questions.yaml"))

MINIMAL = textwrap.dedent("""\
    schema_version: 1
    language: da
    brief:
      title: Færre fald om natten
    authorities:
      - name: Vejle Kommune
        role: lead
    contact:
      name: Mette Kjær
      email: mette@vejle.dk
    problem:
      summary: Beboere falder om natten og ligger længe, før de bliver fundet af personalet.
    target_group:
      description: Beboere på plejecentre i faldrisiko.
    outcomes:
      - id: O1
        name: Færre fald
        indicator: Fald pr. 100 beboere pr. år
        baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}
        target: {value: 18, by: 2028-06-30}
        measurement: Kvartalsvis udtræk
    procurement:
      procedure: open
    """)


def paragraphs(document: docx.document.Document) -> list[tuple[str, str]]:
    """(style id, text) of every body paragraph, in order."""
    return [(p.style.style_id, p.text) for p in document.paragraphs]


def headings(document: docx.document.Document) -> list[str]:
    return [text for style, text in paragraphs(document) if style.startswith("Heading")]


def table_texts(document: docx.document.Document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# Subprocesses run the problembrief these tests import, in English unless told otherwise, at 80 columns.
SUBPROCESS_ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "80",
                  "PYTHONPATH": os.pathsep.join([str(Path(problembrief.__file__).resolve().parent.parent),
                                                 os.environ.get("PYTHONPATH", "")])}


def run_code(code: str, args: list[str], cwd: Path, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[bytes]:
    """`python -c code args…` in cwd: how a test runs the command line as a user's shell would."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=cwd,
                          env=env or SUBPROCESS_ENV, timeout=120)


def run_and_collect(code: str, args: list[str], cwd: Path) -> tuple[int, bytes, bytes, dict[str, bytes]]:
    """Exit code, stdout, stderr and the `out.*` files a command line wrote in cwd (removed after reading), for
    comparing two ways of running the same command."""
    result = run_code(code, args, cwd)
    written = {p.name: p.read_bytes() for p in cwd.glob("out.*")}
    for path in cwd.glob("out.*"):
        path.unlink()
    return result.returncode, result.stdout, result.stderr, written
