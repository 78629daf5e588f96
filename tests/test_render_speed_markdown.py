"""The Word writer's own reading of the templates' Markdown (render/markdown_tree.py) against markdown-it-py's:
the same tree, node for node, or no reading at all (then markdown-it-py reads the document). Issue 14."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from helpers import EXAMPLES
from problembrief.pipeline import check_file, render_markdown
from problembrief.render.markdown import escape_inline, escape_paragraphs, link_markdown
from problembrief.render.markdown_tree import parse_markdown, parse_with_markdown_it, read_blocks


def _documents() -> list[tuple[str, str]]:
    documents = []
    for path in EXAMPLES:
        brief = check_file(path).brief
        assert brief is not None
        kinds = ["tender", "dialogue"] if brief.market_dialogue else ["tender"]
        documents += [(f"{path.stem}-{kind}", render_markdown(brief, kind)) for kind in kinds]
    return documents


@pytest.mark.parametrize(("name", "text"), _documents(), ids=lambda value: value if "\n" not in value else "")
def test_every_example_document_is_read_here_as_markdown_it_reads_it(name: str, text: str) -> None:
    read = read_blocks(text)
    assert read is not None, f"{name}: the built-in templates' Markdown should never need markdown-it-py"
    assert read == parse_with_markdown_it(text).children


# Inline text of the kinds the reader takes on, and some it leaves to markdown-it-py's inline parser.
_INLINE = [
    "Plain text.", "Text with \\* and \\_ and \\\\ escapes", "28\\. april", "\\+45 12", "Ends in a backslash\\",
    "A \\q not escapable", "Spaces at the end&#x20;", "&#xA0;edge", "&#9; tab", "R&D &amp; co", "**Svar**", "",
    "<pb-link href=\"https://x.dk/a?b=1\">https://x.dk/a?b=1</pb-link>", "2026", "a \\| b", "■", "◆", "–",
    "See <pb-link href=\"mailto:a@b.dk\">a@b.dk</pb-link>.", "<PB-LINK HREF=\"x\">x</PB-LINK> upper case",
    "\x0c form feed", "x\u0085", "\ufeffbom", "æøå ÆØÅ", "a `code` span", "*em*", "&copy;", "&#x0; &#65; &#xD800;",
    "&#x1F600; &#x7F;", "<b>bold</b>", "[link](/u)", "![img](x.png)", "\u00a0nbsp", "nbsp\u00a0", "em\u2003",
    "tab\tinside", "#", "\\#", " # ", "1.", "-",
]
# Lines that sit on the edges of the block forms (which the reader may leave to markdown-it-py).
_NEAR = [
    "#######", "#tag", "**", "* item", "*", "***", "* * *", "_under_", "-  two spaces", "- ", "-", "-x", "---",
    "- # heading in item", "- > quote in item", "- 1. nested", "- | pipe", "- <b>", "1) paren",
    "1234567890. eleven digits", "3.5 kg", "|--|", "|", "||", "|---|---|", "| a | b |", "a | b", "--|--", "<!-- open",
    "-->", "<div>", "> quote", "    code", "\tcode", "  two spaces", "```", "~~~", "[ref]: /url", "===", "+ plus",
    "\u2028", "<!-->",
]


def _block(generator: random.Random) -> str:
    def inline() -> str:
        return generator.choice(_INLINE)

    kind = generator.randrange(8)
    if kind == 0:
        return f"{'#' * generator.randint(1, 4)} {inline()}{generator.choice(['', ' ##', '   '])}"
    if kind == 1:
        columns = generator.randint(1, 4)
        head = "| " + " | ".join(inline() or " " for _ in range(columns)) + " |"
        delimiter = "|" + "".join(generator.choice(["---|", ":--|", "--:|", ":-:|"]) for _ in range(columns))
        rows = ["| " + " | ".join(inline() for _ in range(columns + generator.choice([0, 0, 0, 1, -1]))) + " |"
                for _ in range(generator.randint(0, 4))]
        return "\n".join([head, delimiter, *rows])
    if kind == 2:
        marker = generator.choice(["- ", "1. ", "2. "])
        return "\n".join(marker + (inline() or "x") for _ in range(generator.randint(1, 4)))
    if kind == 3:
        return generator.choice(["<!-- pagebreak -->", "<!-- toc: Indhold -->", "<!-- gantt -->"])
    if kind == 4:
        return generator.choice(_NEAR)
    return inline() or "text"


def _generated(seed: int, count: int) -> list[str]:
    generator = random.Random(seed)
    documents = []
    for _ in range(count):
        blocks = [_block(generator) for _ in range(generator.randint(1, 8))]
        separators = [generator.choice(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n"]) for _ in blocks]
        text = "".join(block + separator for block, separator in zip(blocks, separators, strict=True))
        text = text[: len(text) - generator.randint(0, 2)]
        if generator.random() < 0.02:
            text = text.replace("\n", "\r\n")
        documents.append(text)
    return documents


def test_generated_markdown_is_read_as_markdown_it_reads_it_or_left_to_it() -> None:
    read_here = 0
    for text in _generated(14, 6000):
        read = read_blocks(text)
        if read is not None:
            read_here += 1
            assert read == parse_with_markdown_it(text).children, repr(text)
    assert read_here > 600  # the reader is not tested only by declining


_PIECES = [*"abcÆØÅæøå12.)-+=>#|\\`*_[]<>&!{}~():;%@^\"' \t\n\r\x0b\x0c\x85\u2028\u2029\u00a0\u2009\u202f\u3000"
           "\x00\x1f\x7f\ufffe", "1.", "10)", "abc"]


def _text(generator: random.Random) -> str:
    return "".join(generator.choice(_PIECES) for _ in range(generator.randint(0, 14)))


def test_escaped_values_in_every_place_are_read_as_markdown_it_reads_them() -> None:
    """Whatever a value holds, escaped it is text in a table cell, a heading, a list item or a paragraph."""
    generator = random.Random(2)
    for _ in range(1500):
        cell, other, heading, item = (escape_inline(_text(generator)) for _ in range(4))
        link = link_markdown(_text(generator))
        paragraphs = escape_paragraphs(_text(generator)) or "z"
        text = (f"# {heading}\n\n| {cell} | {link} |\n|---|---|\n| {other} | {cell} |\n\n"
                f"- {item or 'x'}\n- {other or 'y'}\n\n{paragraphs}\n\n1. {item or 'w'}\n")
        read = read_blocks(text)
        if read is not None:
            assert read == parse_with_markdown_it(text).children, repr(text)


def test_what_the_reader_leaves_is_read_by_markdown_it() -> None:
    text = "> a quote\n\n- item\n  continued\n"
    assert read_blocks(text) is None
    assert parse_markdown(text) == parse_with_markdown_it(text)


def test_inline_syntax_beyond_escapes_is_read_by_markdown_it_in_place() -> None:
    text = "A *stressed* word, `code` and a [link](https://example.org).\n\n| **bold** | &copy; |\n|---|---|\n"
    read = read_blocks(text)
    assert read is not None
    assert read == parse_with_markdown_it(text).children


def test_building_a_document_does_not_load_markdown_it() -> None:
    """The templates' Markdown is read without markdown-it-py, so a build does not spend the time importing it."""
    example = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre-v2.yaml")
    code = (f"import sys\nfrom pathlib import Path\nfrom problembrief.pipeline import check_file, render_docx, "
            f"render_markdown\nbrief = check_file(Path({str(example)!r})).brief\n"
            "render_docx(brief, render_markdown(brief, 'tender'), 'tender')\n"
            "print(any(name.split('.')[0] == 'markdown_it' for name in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
