"""Test helpers: the minimal valid brief, the examples, and ways to read a produced .docx."""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx

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
