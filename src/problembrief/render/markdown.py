"""User text is data, never structure: escape it for where it lands in the Markdown.

Jinja's `finalize` escapes every `{{ value }}` as inline text (the strictest place that is still
readable), much as an HTML template engine escapes HTML. Filters that build Markdown on purpose
return `Markdown`, a str subclass that is passed through untouched.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# Markup is Jinja's "already safe" marker; here it means "already Markdown". With autoescape on,
# macro output and block sets are Markup too, so what a template builds is never escaped twice.
Markdown = Markup


def to_markdown(value: Any) -> Markup:
    """Jinja's finalize: escape a value as inline text unless it is Markdown already."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(escape_inline(value))


# Characters with a meaning somewhere in CommonMark inline syntax or in GFM tables. CommonMark
# allows a backslash before any ASCII punctuation, so escaping them is always safe.
# `#` everywhere, not only at the start: "# Title ##" loses its closing sequence of hashes in a heading.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!{}#])")
# Constructs that only mean something at the start of a line: headings, quotes, list items,
# thematic breaks, setext underlines, ordered-list numbers.
_LINE_START = re.compile(r"^(\s*)([>+\-=])")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control(text: str) -> str:
    """Characters that XML (and so Word) cannot hold are dropped rather than corrupting the file."""
    return _CONTROL.sub("", text)


def escape_inline(value: Any) -> str:
    """One line of literal text: safe in a paragraph, a heading, a list item or a table cell."""
    if hasattr(value, "__html__"):
        return str(value)
    text = strip_control(str(value))
    text = " ".join(text.split())  # newlines would end a table row or start a new block
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


def escape_paragraphs(value: Any) -> Markdown:
    """Long text: a blank line starts a new paragraph; single line breaks are folded to spaces."""
    text = strip_control(str(value)).replace("\r\n", "\n")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markdown("\n\n".join(escape_inline(p) for p in paragraphs))
