"""User text is data: escaped Markdown parses back to exactly the text typed."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from problembrief.render.markdown import escape_inline, escape_paragraphs

TRICKY = [
    "# ikke en overskrift",
    "- ikke et punkt",
    "1. september 2027",
    "a | b & c <x> *y* _z_ `q` ~s~ [l](u) ![i](p)",
    "&amp; er ikke en entitet",
    "> ikke et citat",
    "+45 70 10 10 10",
    "---",
    "=====",
    "\\ backslash",
]


def _roundtrip(markdown: str) -> str:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    inline = [t for t in tokens if t.type == "inline"]
    assert len(inline) == 1, tokens
    return "".join(child.content for child in inline[0].children or [])


@pytest.mark.parametrize("text", TRICKY)
def test_inline_text_survives_as_a_paragraph(text: str) -> None:
    assert _roundtrip(escape_inline(text)) == text


@pytest.mark.parametrize("text", TRICKY)
def test_inline_text_survives_in_a_table_cell(text: str) -> None:
    markdown = f"| h |\n|---|\n| {escape_inline(text)} |\n"
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    cells = [t for t in tokens if t.type == "inline"]
    assert "".join(c.content for c in cells[1].children or []) == text


def test_blank_line_starts_a_paragraph_and_single_breaks_fold() -> None:
    assert escape_paragraphs("første\nlinje\n\nanden") == "første linje\n\nanden"


def test_control_characters_are_dropped() -> None:
    assert escape_inline("a\x00b\x1fc") == "abc"


def test_hashes_at_the_end_of_a_heading_stay() -> None:
    # found by the property test: "00# #" as a title lost its last hash (an ATX closing sequence)
    tokens = MarkdownIt("commonmark").parse(f"# {escape_inline('00# # ')}\n")
    assert "".join(c.content for c in tokens[1].children or []) == "00# # "  # and the space, as typed
