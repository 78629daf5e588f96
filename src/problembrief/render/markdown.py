"""User text is data, never structure: escape it for where it lands in the Markdown.

Jinja's `finalize` escapes every `{{ value }}` as inline text (the strictest place that is still
readable), much as an HTML template engine escapes HTML. Filters that build Markdown on purpose
return `Markdown`, a str subclass that is passed through untouched.

What the escaping keeps and changes (the promise is "what you wrote is what the document says"):
- every character arrives as typed, spaces of every kind included (no-break U+00A0, thin U+2009,
  narrow no-break U+202F, several in a row, leading and trailing ones, tabs), as do soft hyphens
  and zero-width joiners;
- a line break (LF, CR, CRLF, VT, FF, NEL U+0085, LS U+2028, PS U+2029, and the spaces and tabs
  around it) in one-line text becomes one space: a table cell, a heading or a list item is one line;
- characters that XML 1.0 cannot hold (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF) and
  DEL are dropped so the file stays readable; the loader is expected to refuse them first.

Links never go through Markdown: `link_markdown` writes an inline HTML tag that user text cannot
produce (every `<` in a value is escaped), carrying the address percent-encoded, and the Word writer
turns it into a hyperlink whose text and target are both the address as typed.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import quote, unquote

from markupsafe import Markup

# Markup is Jinja's "already safe" marker; here it means "already Markdown". With autoescape on,
# macro output and block sets are Markup too, so what a template builds is never escaped twice.
Markdown = Markup


def to_markdown(value: Any) -> Markup:
    """Jinja's finalize: escape a value as inline text unless it is Markdown already."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return _as_markdown(escape_inline(value))


# Markup(text) for a str, without Markup.__new__'s checks for what only other values need (it runs for every
# value of a document).
_as_markdown = functools.partial(str.__new__, Markup)


# Characters with a meaning somewhere in CommonMark inline syntax or in GFM tables. CommonMark
# allows a backslash before any ASCII punctuation, so escaping them is always safe.
# `#` everywhere, not only at the start: "# Title ##" loses its closing sequence of hashes in a heading.
# The templates' directives to the writers, as HTML comments on a line of their own: `<!-- pagebreak -->`,
# `<!-- toc: Indhold -->`, `<!-- gantt -->`. The Word writer and the form's preview read them with this.
DIRECTIVE = re.compile(r"^<!--\s*([a-z]+)\s*(?::\s*(.*?))?\s*-->$")
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]<>&|~!{}#]")
# Constructs that only mean something at the start of a line: headings, quotes, list items,
# thematic breaks, setext underlines, ordered-list numbers.
_LINE_START = re.compile(r"^(\s*)([>+\-=])")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Every character Python's str.splitlines() breaks at (CommonMark itself only knows LF and CR, but a
# VT, FF, NEL or LS in a table cell would still end the line in some reader), with the spaces around it.
LINE_BREAK = "\r\n\x0b\x0c\x85\u2028\u2029"
_LINE_BREAKS = re.compile(rf"(?:[ \t]*[{LINE_BREAK}])+[ \t]*")
_HAS_LINE_BREAK = re.compile(rf"[{LINE_BREAK}]")
# Leading and trailing white space of a value: CommonMark trims it from paragraphs, headings and cells
# (and two trailing spaces before a line end make a hard break), a numeric character reference keeps it.
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


def strip_control(text: str) -> str:
    """Characters that XML (and so Word) cannot hold are dropped rather than corrupting the file."""
    return _CONTROL.sub("", text)


def fold_line_breaks(text: str) -> str:
    """One line: each run of line breaks, with the spaces and tabs around it, becomes one space."""
    return _LINE_BREAKS.sub(" ", text)


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match.group()


def _character_references(match: re.Match[str]) -> str:
    return "".join(f"&#x{ord(c):X};" for c in match.group())


def escape_inline(value: Any) -> str:
    """One line of literal text: safe in a paragraph, a heading, a list item or a table cell."""
    if hasattr(value, "__html__"):
        return str(value)
    text = str(value)
    # Fold before stripping controls: VT and FF are line breaks to a reader, not characters to drop. (Each step
    # is skipped where it would change nothing: this runs for every value of every document.)
    if _HAS_LINE_BREAK.search(text):
        text = fold_line_breaks(text)
    # A function, not the template r"\\\g<0>": re handles a template in Python, on every call and every match.
    text = _INLINE_SPECIAL.sub(_backslashed, strip_control(text))
    # Both patterns are anchored at the start, so each matches once at most.
    if start := _LINE_START.match(text):
        text = f"{start[1]}\\{start[2]}{text[start.end():]}"
    if number := _ORDERED.match(text):
        text = f"{number[1]}\\{number[2]}{text[number.end():]}"
    # `\s` is str.isspace(): the edges need references only when one of them is white space.
    if text[:1].isspace() or text[-1:].isspace():
        text = _EDGE_SPACE.sub(_character_references, text)
    return text


# A paragraph separator (U+2029) or a blank line ends a paragraph; every other line break is a line break.
_LINE_END = r"(?:\r\n|\r(?!\n)|[\n\x0b\x0c\x85\u2028])"  # CRLF is one line break, not two
_PARAGRAPH_BREAK = re.compile(rf"\u2029|{_LINE_END}[ \t]*{_LINE_END}")


def escape_paragraphs(value: Any) -> Markdown:
    """Long text: a blank line (or U+2029) starts a new paragraph; single line breaks are folded to spaces."""
    paragraphs = [_trim_breaks(p) for p in _PARAGRAPH_BREAK.split(str(value))]
    return Markdown("\n\n".join(escape_inline(p) for p in paragraphs if strip_control(p).strip(" \t")))


_OUTER_BREAKS = re.compile(rf"^(?:[ \t]*[{LINE_BREAK}])+|(?:[{LINE_BREAK}][ \t]*)+$")


def _trim_breaks(paragraph: str) -> str:
    """A paragraph without the line breaks (and their indentation) that separated it from its neighbours."""
    return _OUTER_BREAKS.sub("", paragraph)


# Characters an address may keep as they are in the Markdown: none of them means anything in an HTML
# attribute, a table row or CommonMark inline syntax; everything else is percent-encoded (and decoded
# again, exactly, by `link_target`).
_ADDRESS_SAFE = "-._~:/?#@!$'()+,;="
_LINK_TAG = re.compile(r'^<pb-link href="([^"]*)">$')
LINK_END = "</pb-link>"


def link_markdown(url: str) -> Markdown:
    """An address as an unforgeable inline tag; the text inside is only for readers of the Markdown."""
    return Markdown(f'<pb-link href="{quote(url, safe=_ADDRESS_SAFE)}">{escape_inline(url)}{LINK_END}')


def link_target(html: str) -> str | None:
    """The address in a tag written by `link_markdown`, exactly as typed; None for any other HTML."""
    match = _LINK_TAG.match(html)
    if match is None:
        return None
    try:
        return unquote(match.group(1), errors="strict")
    except UnicodeDecodeError:  # only a hand-written tag in a user's template can get here
        return None
