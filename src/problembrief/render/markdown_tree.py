"""The Markdown of a document as the syntax tree the Word writer walks.

markdown-it-py is the reference parser (CommonMark with GFM tables, HTML on for the writer's directives), but
in Python it is slow: parsing a large brief took longer than writing its Word file, and half of that was the
table rule, tried on every line. The Markdown our templates write is a small, regular part of the language:
one-line paragraphs, `#` headings, pipe tables, one-line `-` and `1.` list items, directives as HTML comments,
and inline text whose only syntax is backslash escapes, character references for white space and the
`<pb-link>` tags (user text is escaped, see `markdown.py`). `parse_markdown` reads that part itself, line by
line, and builds the tree markdown-it-py would build, node for node. The first line it is not certain about
(indented code, a block quote, a list item of two lines, a paragraph that runs on to the next line, white space
other than spaces and tabs at the edge of a line or cell, …) hands the whole document to markdown-it-py, as
before; inline text with any other syntax (emphasis, code, links, other references) is read by markdown-it-py's
inline parser alone, as it would be inside the document. A user's own templates may write any Markdown: what
they write beyond that part is read by markdown-it-py.

Reading the common part here also spares a build importing markdown-it-py at all. The rules followed are
markdown-it-py's (versions 3 and 4 agree on this part); tests/test_render_speed_markdown.py holds the two
readings against each other on the examples' documents and on generated Markdown made to sit on the edges of
what is read here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # html is on only for the writer's directives: user text cannot contain a raw `<`.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass(slots=True)
class Node:
    """One node of the Markdown syntax tree. markdown-it-py's SyntaxTreeNode does the same job but builds
    slowly (a fifth of a render); this keeps only what the writer reads."""

    type: str
    children: list[Node] = field(default_factory=list)
    content: str = ""
    tag: str = ""
    attrs: dict = field(default_factory=dict)  # type: ignore[type-arg]
    map: list[int] | None = None


def parse_markdown(text: str) -> Node:
    """The document's tree: read here when every line is of the kinds described above, else by markdown-it-py."""
    children = read_blocks(text)
    if children is None:
        children = _nest(_parser().parse(text))
    return Node("root", children)


def parse_with_markdown_it(text: str) -> Node:
    """The document's tree as markdown-it-py reads it (what `parse_markdown` gives, always)."""
    return Node("root", _nest(_parser().parse(text)))


def _nest(tokens: Sequence[Token]) -> list[Node]:
    """markdown-it-py's flat token stream as a tree."""
    root: list[Node] = []
    stack = [root]
    for token in tokens:
        if token.nesting == 1:
            node = Node(token.type[: -len("_open")], tag=token.tag, attrs=dict(token.attrs), map=token.map)
            stack[-1].append(node)
            stack.append(node.children)
        elif token.nesting == -1:
            stack.pop()
        else:
            children = _nest(token.children) if token.children else []
            stack[-1].append(Node(token.type, children, token.content, token.tag, dict(token.attrs), token.map))
    return root


class _Unsure(Exception):
    """A line or a piece of inline text this reader does not take on: markdown-it-py reads it."""


# -- blocks -------------------------------------------------------------------------------------------------

# First characters of a line that can start something other than a paragraph (code, block quote, list, rule,
# setext underline, fence, reference definition, HTML, table, heading): such a line is left to markdown-it-py,
# unless it is one of the forms read below.
_UNSURE_START = frozenset(" \t>+-*=_`~[<|#")
# An ordered list item as the templates write it: a number, a dot, one space, then the text.
_ORDERED_ITEM = re.compile(r"([0-9]{1,9})\. (?=[^ \t])")
# Anything else that could be an ordered list marker (CommonMark's digits are ASCII, whatever `\d` says).
_ORDERED_MARKER = re.compile(r"[0-9]+[.)]")
_DELIMITER_CHARACTERS = frozenset("|-: \t")
_DELIMITER_CELL = re.compile(r"^:?-+:?$")
# A pipe that separates cells: one without a backslash before it (GFM tables; `\|` is a pipe in a cell).
_CELL_PIPE = re.compile(r"(?<!\\)\|")


def read_blocks(text: str) -> list[Node] | None:
    """The tree of a document made only of the forms this reader knows, or None to leave it to markdown-it-py."""
    if "\r" in text or "\0" in text:  # markdown-it-py rewrites these first; rare enough to leave to it
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line break ends the last line; it does not start another
    try:
        return _Blocks(lines, ends_with_break=text.endswith("\n")).read()
    except _Unsure:
        return None


def _trim(text: str) -> str:
    """Text without the spaces and tabs at its ends, as markdown-it-py trims a paragraph, a heading or a cell.
    Other white space at an end is trimmed differently by its versions (CommonMark's set, or Python's): unsure."""
    trimmed = text.strip(" \t")
    if trimmed[:1].isspace() or trimmed[-1:].isspace():
        raise _Unsure
    return trimmed


class _Blocks:
    """One pass over the lines: each block is read from its first line, as markdown-it-py's block rules would."""

    def __init__(self, lines: list[str], *, ends_with_break: bool) -> None:
        self.lines = lines
        self.count = len(lines)
        self.ends_with_break = ends_with_break

    def read(self) -> list[Node]:
        nodes: list[Node] = []
        lines, count = self.lines, self.count
        index = 0
        while index < count:
            line = lines[index]
            if not line:
                index += 1
                continue
            # The table rule is tried first on every line: whatever a line looks like, it heads a table when the
            # next line is a delimiter row. Only a line starting with `|` is taken as a table's head here.
            first = line[0]
            if first == "|":
                index = self._table(index, nodes)
                continue
            if index + 1 < count and _delimiter_aligns(lines[index + 1]) is not None:
                raise _Unsure
            if first == "#":
                nodes.append(self._heading(index))
                index += 1
            elif first == "<":
                nodes.append(self._directive(index))
                index += 1
            elif first == "-":
                index = self._list(index, nodes, ordered=False)
            elif "0" <= first <= "9" and _ORDERED_MARKER.match(line):
                index = self._list(index, nodes, ordered=True)
            elif first == "*" and _starred_paragraph(line):
                index = self._paragraph(index, nodes)
            elif first in _UNSURE_START:
                raise _Unsure
            else:
                index = self._paragraph(index, nodes)
        return nodes

    def _paragraph(self, index: int, nodes: list[Node]) -> int:
        """A paragraph of one line: the next line is blank, or the head of a table (which may interrupt one)."""
        after = index + 1
        if after < self.count and self.lines[after] and not (
                self.lines[after][0] == "|" and self._table_head(after) is not None):
            raise _Unsure  # a paragraph that runs on, a setext heading, a list or a block interrupting it
        nodes.append(_paragraph_node(_trim(self.lines[index]), index))
        return after

    def _heading(self, index: int) -> Node:
        """An ATX heading; its closing sequence of `#` cut off as markdown-it-py's heading rule does."""
        line = self.lines[index]
        level = len(line) - len(line.lstrip("#"))
        if level > 6 or (level < len(line) and line[level] not in " \t"):
            raise _Unsure  # "#######" or "#hashtag": a paragraph
        end = len(line)
        while end > level and line[end - 1] in " \t":
            end -= 1
        closing = end
        while closing > level and line[closing - 1] == "#":
            closing -= 1
        if closing > level and line[closing - 1] in " \t":
            end = closing
        where = [index, index + 1]
        return Node("heading", [_inline(_trim(line[level:end]), where)], "", f"h{level}", {}, where)

    def _directive(self, index: int) -> Node:
        """An HTML comment on a line of its own (the templates' directives): an HTML block of that one line."""
        line = self.lines[index]
        if not line.startswith("<!--") or "-->" not in line:
            raise _Unsure  # another kind of HTML block, or a comment over several lines
        last = index + 1 == self.count and not self.ends_with_break
        return Node("html_block", [], line if last else line + "\n", "", {}, [index, index + 1])

    def _list(self, index: int, nodes: list[Node], *, ordered: bool) -> int:
        """A list whose items are one line each (a marker, one space, text that starts a paragraph). A blank line
        between items does not end the list; a line of anything else right after an item would continue it."""
        lines, count = self.lines, self.count
        items: list[Node] = []
        first_line = index
        start_number = None
        while True:
            line = lines[index]
            if ordered:
                match = _ORDERED_ITEM.match(line)
                if match is None:
                    raise _Unsure  # `1)`, `1.text`, ten digits, several spaces …
                if start_number is None:
                    start_number = int(match.group(1))
                text = line[match.end():]
            else:
                if not line.startswith("- ") or len(line) < 3 or line[2] in " \t":
                    raise _Unsure  # a rule, an empty item, an indented item, "-text" …
                text = line[2:]
            if not _plain_start(text):
                raise _Unsure  # the item holds a heading, a quote, a nested list, HTML …
            following = index + 1
            while following < count and not lines[following]:
                following += 1
            if following < count and following == index + 1 and not _same_kind(lines[following], ordered):
                raise _Unsure  # a lazy continuation line, or a block right under the item
            items.append(Node("list_item", [_paragraph_node(_trim(text), index)], "", "li", {}, [index, following]))
            index = following
            if index >= count or not _same_kind(lines[index], ordered):
                break
        where = [first_line, index]
        if ordered:
            attrs = {"start": start_number} if start_number != 1 else {}
            nodes.append(Node("ordered_list", items, "", "ol", attrs, where))
        else:
            nodes.append(Node("bullet_list", items, "", "ul", {}, where))
        return index

    def _table_head(self, index: int) -> tuple[list[str], list[str]] | None:
        """The cells of a table's head row and the alignments of its delimiter row, when the two make a table."""
        if index + 1 >= self.count:
            return None
        aligns = _delimiter_aligns(self.lines[index + 1])
        if aligns is None:
            return None
        head = _trim(self.lines[index])
        if "|" not in head:
            return None
        cells = _cells(head)
        if not cells or len(cells) != len(aligns):
            return None
        return cells, aligns

    def _table(self, index: int, nodes: list[Node]) -> int:
        found = self._table_head(index)
        if found is None:
            raise _Unsure  # a line with pipes that heads no table: a paragraph
        head, aligns = found
        columns = len(head)
        lines, count = self.lines, self.count
        parts = [Node("thead", [_row("th", head, aligns, index)], "", "thead", {}, [index, index + 1])]
        rows: list[Node] = []
        row_index = index + 2
        while row_index < count:
            line = lines[row_index]
            if not line:
                break
            if line[0] != "|":
                raise _Unsure  # a row without a leading pipe, or a block that ends the table
            cells = _cells(_trim(line))
            if len(cells) < columns:
                raise _Unsure  # markdown-it-py fills short rows, up to a limit of its own
            rows.append(_row("td", cells, aligns, row_index))
            row_index += 1
        if rows:
            parts.append(Node("tbody", rows, "", "tbody", {}, [index + 2, row_index]))
        nodes.append(Node("table", parts, "", "table", {}, [index, row_index]))
        return row_index


def _same_kind(line: str, ordered: bool) -> bool:
    """A line that may be another item of the list: the same kind of marker (a number and a dot, or `-`)."""
    if ordered:
        marker = _ORDERED_MARKER.match(line)
        return marker is not None and marker.group().endswith(".")
    return line[:1] == "-"


def _plain_start(text: str) -> bool:
    """Text that can only start a paragraph (in a list item, after the marker and its space)."""
    first = text[:1]
    return bool(first) and first not in _UNSURE_START and not ("0" <= first <= "9" and _ORDERED_MARKER.match(text))


def _starred_paragraph(line: str) -> bool:
    """A line that starts with `*` and is neither a list item nor a thematic break (`**Answer**`)."""
    return len(line) > 1 and line[1] not in " \t" and not set(line) <= {"*", " ", "\t"}


def _delimiter_aligns(line: str) -> list[str] | None:
    """The alignments of a GFM delimiter row (`|---|:--:|`), or None when the line is not one."""
    if len(line) < 2 or line[0] not in "|-:" or not set(line) <= _DELIMITER_CHARACTERS:
        return None
    if line[0] == "-" and line[1] in " \t":
        return None  # a list item
    columns = line.split("|")
    aligns: list[str] = []
    for position, column in enumerate(columns):
        trimmed = column.strip(" \t")
        if not trimmed:
            if position in (0, len(columns) - 1):
                continue  # the pipes at the ends
            return None
        if not _DELIMITER_CELL.search(trimmed):
            return None
        if trimmed[-1] == ":":
            aligns.append("center" if trimmed[0] == ":" else "right")
        else:
            aligns.append("left" if trimmed[0] == ":" else "")
    return aligns


def _cells(row: str) -> list[str]:
    """A table row split at its unescaped pipes, an escaped pipe kept as a pipe, without the outer empty cells."""
    cells = [cell.replace("\\|", "|") for cell in _CELL_PIPE.split(row)] if "\\" in row else row.split("|")
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _row(kind: str, cells: list[str], aligns: list[str], line: int) -> Node:
    """A table row of `th` or `td` cells, one for each column of the head (a longer row's extra cells dropped).
    The cells are most of a document's nodes: what `_trim` does is written out here for them."""
    where = [line, line + 1]
    made = []
    for cell, align in zip(cells, aligns, strict=False):
        content = cell.strip(" \t")
        if content[:1].isspace() or content[-1:].isspace():
            raise _Unsure
        # Every argument given (here and in the other nodes): a dataclass's defaults cost more than the rest of
        # making a node.
        made.append(Node(kind, [_inline(content, where)], "", kind,
                         {"style": "text-align:" + align} if align else {}, None))
    return Node("tr", made, "", "tr", {}, where)


def _paragraph_node(content: str, line: int) -> Node:
    where = [line, line + 1]
    return Node("paragraph", [_inline(content, where)], "", "p", {}, where)


# -- inline text ----------------------------------------------------------------------------------------------

# Characters that may start inline syntax: escapes, character references, HTML and autolinks, code spans,
# emphasis, links (and images: `!` and `]` mean something only with a `[`), line breaks. Text without any of
# them is one text node.
_INLINE_MARK = re.compile(r"[\\&<`*_\[\n]")
# What the inline text of the templates holds besides plain characters; each kind starts with its own character.
_INLINE_PIECE = re.compile(
    r"\\(.)"  # a backslash escape (the backslash stays when the character is not ASCII punctuation)
    r"|&#((?:x[a-f0-9]{1,6}|[0-9]{1,7}));"  # a numeric character reference
    r"|(&[a-z][a-z0-9]{1,31};)"  # a named one: left to markdown-it-py and its table of names
    r'|(<pb-link href="[A-Za-z0-9%\-._~:/?#@!$\'()+,;=]*">|</pb-link>)'  # the writer's link tags (link_markdown)
    r"|([<`*_\[\n])",  # any other tag or syntax
    re.IGNORECASE,
)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _plain_reference(code: int) -> bool:
    """A character reference to a character every version of markdown-it-py puts in as it is: a tab, or a
    printable character of the Basic Multilingual Plane outside the C1 controls, the surrogates and the
    noncharacters (the white space `escape_inline` writes as references is such). Any other is left to it."""
    return code == 0x09 or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFDCF


def _inline(content: str, where: list[int]) -> Node:
    if not content:
        children = []
    elif _INLINE_MARK.search(content) is None:
        children = [Node("text", [], content, "", {}, None)]
    else:
        children = _inline_children(content)
    return Node("inline", children, content, "", {}, where)


def _inline_children(content: str) -> list[Node]:
    try:
        return _read_inline(content)
    except _Unsure:
        tokens: list[Any] = _parser().parseInline(content)
        return _nest(tokens[0].children or [])


def _read_inline(content: str) -> list[Node]:
    """Text with escapes, character references and `<pb-link>` tags, as markdown-it-py reads it: runs of text
    (escapes and references resolved, joined as its `text_join` joins them) between the HTML tags."""
    nodes: list[Node] = []
    text: list[str] = []
    position = 0
    for match in _INLINE_PIECE.finditer(content):
        text.append(content[position:match.start()])
        position = match.end()
        escaped, number, named, tag, other = match.groups()
        if escaped is not None:
            text.append(escaped if escaped in _ASCII_PUNCTUATION else match.group())
        elif number is not None:
            code = int(number[1:], 16) if number[0] in "xX" else int(number, 10)
            if not _plain_reference(code):
                raise _Unsure
            text.append(chr(code))
        elif tag is not None:
            joined = "".join(text)
            if joined:
                nodes.append(Node("text", [], joined, "", {}, None))
            text = []
            nodes.append(Node("html_inline", [], tag, "", {}, None))
        elif named is not None or other is not None:
            raise _Unsure
    text.append(content[position:])
    joined = "".join(text)
    if joined:
        nodes.append(Node("text", [], joined, "", {}, None))
    return nodes
