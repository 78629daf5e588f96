"""The brief as the text the user wrote, edited one value at a time: the form and a text editor share one file.

Design: splice, not dump. ruamel.yaml's round trip keeps comments and key order, but dumping it again is not
byte-identical for any of the examples (it re-indents every list, for one), so the text is never re-dumped.
The document holds the text itself (without its byte-order mark, with its own line ends), and each edit
replaces the exact characters of what changes:

- where things are comes from the parser's events (PyYAML's C parser, as `problembrief.load` uses): for every
  value its span, its style, the key or dash that introduces it, and for `[ ]` and `{ }` their brackets;
- a changed value replaces only its own span (a block text `|`/`>` its header and lines; a comment after a
  value that becomes block text moves onto its header line); a new key or list item is a few lines inserted
  after the last entry of its mapping or list, in that mapping's or list's own indentation (where there is
  none yet, the file's: the steps its mappings and lists use most, else 2); a removal deletes the entry's own
  lines (a same-line comment with it); a move swaps the lines of items, each with the comment lines just
  above it; new lines get the file's line end (CR LF when most of its lines have one);
- flow stays flow: inside `[ ]` and `{ }` the same is done with the items' spans and the separator the
  collection already uses. An emptied list or mapping is left as `[]` or `{}` (not null, so nothing else
  reads differently), and stays flow as it fills again, but for two cases that would put a whole block of
  mappings on one line: a mapping added to an empty `[]`, and `- {}`, the empty item the form adds to a list
  of mappings, become block style (unless the other items of that list are `{ }` on their lines too);
- a scalar is written by our own small writer, not ruamel's emitter, because the style rules are ours: plain
  when YAML's syntax allows (problembrief's loader keeps every scalar as the text written, so `1.10`, `yes` and
  `2027-03-01` need no quotes as text, but `null` and `~` do); else the quotes the project's hints use; a value
  with line breaks as `|` with the chomping (`|-`, `|`, `|+`) that keeps its trailing line breaks exactly; the
  old value's style kept (quoted, `|`, `>`) when it can hold the new value exactly. A `>` text is folded again
  at its old width, reusing its old lines wherever the text still has them, so a one-word change is a one- or
  two-line diff. Nothing else is folded for width (a long value stays one long line). Characters a reader
  cannot see or YAML cannot hold as typed (controls, bidi controls, NEL, LS, PS, U+FEFF) are written as
  escapes in double quotes.

Every edit is checked before it is kept: problembrief's own loader (`load_text`) reads the new text, and it
must give the old data with exactly this one change, nothing else. Each single-line scalar is also read back
by ruamel.yaml's parser (the two differ on a few edge cases, such as a tab inside plain text). When a check
fails, the edit is tried again with every new scalar double-quoted (escapes can hold any text); when that
fails too, DocumentError, and the text stays as it was: never a silent change. A value that an alias (`*a`)
repeats elsewhere is not changed (the alias would change with it), and an edit that would make the file
larger than the loader's limit is refused.

`BriefDocument.parse` refuses a text that problembrief's loader refuses (edits are checked against its reading)
or that ruamel.yaml's round trip cannot load (duplicate keys, among others), so a file saved by the form opens
in it again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NoReturn

import yaml
from ruamel.yaml import YAML

from problembrief.errors import LoadError, ProblemBriefError
from problembrief.findings import format_path
from problembrief.i18n import _
from problembrief.load import DUPLICATE_KEY, MISSING, Limits, child, load_text, number
from problembrief.output import write_outputs

try:  # the C parser, as the loader uses; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]
KINDS = frozenset({"text", "textarea", "number", "integer", "date", "choice", "bool", "url", "email"})
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NULL_TAG = "tag:yaml.org,2002:null"

# Characters written only as an escape in double quotes: those YAML cannot hold as typed (C0 controls but tab
# and line feed, DEL, the C1 controls, surrogates, U+FEFF, U+FFFE/U+FFFF), the line breaks editors do not
# show (NEL, LS, PS: problembrief's loader refuses them as typed), and the invisible ones the loader reports
# (bidi controls, tag characters, noncharacters), so that they are visible in the file. A line feed too: it
# is written as a line of block text or as `\n`.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_NEEDS_ESCAPE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
    f"\ufdd0-\ufdef\ufeff\ufff9-\ufffb\U000e0000-\U000e007f{_NONCHARACTERS}]"
)
_ESCAPES = {"\x00": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f",
            "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
# A plain scalar may not start with these (`-`, `?`, `:` may, followed by a non-blank, in block context).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_KEEPS_BREAK = re.compile(r"[ ][|>][1-9]?\+?$")  # a block text's header whose text ends with a line break


class DocumentError(ProblemBriefError):
    """The form cannot make this edit (or open this text); the text is left as it was."""


def _where(path: Path_) -> str:
    return format_path(path) or _("the top level")


# --- writing one scalar ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rendered:
    """A scalar as written: `inline` goes where the value starts (a flow scalar, or a block header such as
    `|-`); a block text has its `lines` below, at column `indent` (an empty string is an empty line)."""

    inline: str
    lines: tuple[str, ...] = ()
    indent: int = 0

    @property
    def block(self) -> bool:
        return self.inline[:1] in ("|", ">")

    def text(self, newline: str, comment: str = "") -> str:
        head = f"{self.inline} {comment}" if comment else self.inline
        body = "".join(newline + (" " * self.indent + line if line else "") for line in self.lines)
        return head + body


@dataclass(frozen=True)
class _Leaf:
    """The one value an edit sets, with the kind of its field."""

    text: str
    kind: str


def _plain_ok(value: str, flow: bool) -> bool:
    """Whether `value` can be written without quotes and read back as exactly this text (conservatively)."""
    if not value or value in _NULLS or value != value.strip(" ") or "\t" in value or _NEEDS_ESCAPE.search(value):
        return False
    first = value[0]
    if first in _INDICATORS and not (first == "-" and len(value) > 1 and value[1] != " "):
        return False
    if value.startswith(("---", "...")) or ": " in value or " #" in value or value.endswith(":"):
        return False
    return not (flow and any(c in value for c in ",[]{}"))


def _single_ok(value: str) -> bool:
    return not _NEEDS_ESCAPE.search(value)


def _double(value: str) -> str:
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _NEEDS_ESCAPE.match(char):
            code = ord(char)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _quoted(value: str) -> str:
    """Quotes as the project's hints write them: double, unless the text holds `"` or `\\` (then single), and
    double with escapes where nothing else can hold it."""
    if not _NEEDS_ESCAPE.search(value) and '"' not in value and "\\" not in value:
        return f'"{value}"'
    if _single_ok(value):
        return "'" + value.replace("'", "''") + "'"
    return _double(value)


def _chomping(value: str) -> tuple[str, str, int]:
    """The text without its trailing line breaks, the chomping indicator that gives them back, and how many."""
    core = value.rstrip("\n")
    trailing = len(value) - len(core)
    return core, "-" if trailing == 0 else "" if trailing == 1 else "+", trailing


def _indicator(lines: list[str], indent: int, parent_column: int) -> str | None:
    """The indentation indicator a block text needs when its first line starts with a space ("" when none is
    needed, None when it cannot be given)."""
    needed = False
    for line in lines:
        if line.strip(" "):
            needed = line[0] == " "
            break
        if line:
            needed = True  # a line of spaces before the first text
            break
    if not needed:
        return ""
    step = indent - parent_column
    return str(step) if 1 <= step <= 9 else None


def _literal(value: str, indent: int, parent_column: int) -> _Rendered | None:
    if _NEEDS_ESCAPE.search(value.replace("\n", "")):
        return None
    core, chomp, trailing = _chomping(value)
    if not core.strip("\n"):
        return None
    lines = core.split("\n")
    indicator = _indicator(lines, indent, parent_column)
    if indicator is None:
        return None
    lines += [""] * max(trailing - 1, 0)
    return _Rendered("|" + indicator + chomp, tuple(lines), indent)


def _folded(value: str, indent: int, old_lines: list[str], width: int) -> _Rendered | None:
    """`>` text: paragraphs wrapped at single spaces, k line breaks written as k empty lines."""
    if _NEEDS_ESCAPE.search(value.replace("\n", "")):
        return None
    core, chomp, trailing = _chomping(value)
    if not core.strip("\n"):
        return None
    parts = core.split("\n")
    if any(part[:1] in (" ", "\t") for part in parts):
        return None  # a more-indented line is not folded: `>` cannot hold it as it is
    reuse = {line for line in old_lines if line}
    lines: list[str] = []
    breaks = 0
    for number_, part in enumerate(parts):
        if number_:
            breaks += 1
        if part:
            lines += [""] * breaks
            lines += _wrap(part, width, reuse)
            breaks = 0
    lines += [""] * max(trailing - 1, 0)
    return _Rendered(">" + chomp, tuple(lines), indent)


def _wrap(text: str, width: int, reuse: set[str]) -> list[str]:
    """One paragraph of `>` text as lines, broken at single spaces: an old line wherever the text still
    continues with it, else as long as fits in `width`, preferring a break after which an old line resumes."""
    size = len(text)
    cuts = [b for b in range(1, size - 1) if text[b] == " " and text[b - 1] not in " \t" and text[b + 1] not in " \t"]
    cut_set = set(cuts)
    by_word: dict[str, list[str]] = {}
    for line in reuse:
        by_word.setdefault(line.split(" ", 1)[0], []).append(line)

    def old_line_at(i: int) -> int:
        """Where an old line that the text continues with at `i` ends (at a break or the end), or -1."""
        space = text.find(" ", i)
        best = -1
        for line in by_word.get(text[i:space if space >= 0 else size], ()):
            j = i + len(line)
            if j > best and text.startswith(line, i) and (j == size or j in cut_set):
                best = j
        return best

    out: list[str] = []
    i = 0
    while i < size:
        j = old_line_at(i)
        if j < 0:
            first = bisect_right(cuts, i)
            if size - i <= width or first == len(cuts):
                j = size
            else:
                fitting = cuts[first:bisect_right(cuts, i + width)]
                resync = [b for b in fitting if old_line_at(b + 1) >= 0]
                j = resync[-1] if resync else fitting[-1] if fitting else cuts[first]
        out.append(text[i:j])
        i = j + 1
    return out


@lru_cache(maxsize=4096)
def _ruamel_reads(snippet: str) -> tuple[str, ...] | None:
    """The scalars ruamel.yaml's parser reads in a small snippet, or None if it cannot parse it."""
    try:
        return tuple(e.value for e in YAML(typ="rt").parse(snippet) if type(e).__name__ == "ScalarEvent")
    except Exception:  # any failure of the parser means: not this way
        return None


def _ruamel_agrees(rendered: _Rendered, value: str, flow: bool) -> bool:
    if rendered.block:
        return True  # block text: the same in both parsers (and checked by the loader)
    snippet = f"[{rendered.inline}]\n" if flow else f"k: {rendered.inline}\n"
    want = (value,) if flow else ("k", value)
    return _ruamel_reads(snippet) == want


@dataclass(frozen=True)
class _Context:
    """Where a scalar is written: inside `[ ]`/`{ }` or not; its old style and lines; where block text goes."""

    flow: bool
    old_style: str | None = None
    indent: int = 2
    parent_column: int = 0
    old_lines: tuple[str, ...] = ()
    quote_all: bool = False


def _render(leaf: _Leaf, where: _Context) -> _Rendered:
    """A scalar written by the rules of its kind and the old style (see the module's docstring)."""
    value, kind = leaf.text, leaf.kind
    if where.quote_all:
        return _Rendered(_double(value))
    pattern = {"number": _NUMBER, "integer": _NUMBER, "date": _DATE}.get(kind)
    if pattern is not None or kind == "bool":
        plain = pattern.fullmatch(value) if pattern is not None else value in ("true", "false")
        return _checked(_Rendered(value) if plain else _Rendered(_quoted(value)), value, where.flow)
    if kind == "choice":
        return _checked(_Rendered(value if _plain_ok(value, where.flow) else _quoted(value)), value, where.flow)
    style = where.old_style
    if style == '"':
        return _Rendered(_double(value))
    if style == "'" and _single_ok(value):
        return _checked(_Rendered("'" + value.replace("'", "''") + "'"), value, where.flow)
    if not where.flow:
        width = max([80, *(len(line) for line in where.old_lines)])
        if style == ">":
            folded = _folded(value, where.indent, list(where.old_lines), width)
            if folded is not None:
                return folded
        if style in ("|", ">") or "\n" in value:
            literal = _literal(value, where.indent, where.parent_column)
            if literal is not None:
                return literal
    if style in ("", None) and _plain_ok(value, where.flow):
        return _checked(_Rendered(value), value, where.flow)
    return _checked(_Rendered(_quoted(value)), value, where.flow)


def _checked(rendered: _Rendered, value: str, flow: bool) -> _Rendered:
    return rendered if _ruamel_agrees(rendered, value, flow) else _Rendered(_double(value))


def _key_text(key: str, flow: bool) -> str:
    return key if _plain_ok(key, flow) and key != "<<" else _double(key)


# --- where everything is -----------------------------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    kind: str  # "map", "seq", "scalar" or "alias"
    path: Path_
    start: int  # first character (an anchor or tag included)
    parent: _Node | None = None
    end: int = -1  # just after the last character (block collections: after their last entry's content)
    stop: int = -1  # just after the content: a block text's last line without the empty lines after it
    flow: bool = False  # a collection written with [ ] or { }
    in_flow: bool = False  # inside a flow collection
    style: str = ""  # of a scalar: "", "'", '"', "|", ">"
    null: bool = False
    anchor: str | None = None
    head: int = -1  # where its entry starts: its key, or the dash of a block list's item
    indicator: int = -1  # just after the ':' or '-' that introduces it; -1 when there is none
    open: int = -1  # flow collections: the opening and closing bracket
    close: int = -1
    children: list[_Node] = field(default_factory=list)


class _Text:
    """Positions in the text: lines, columns, and the index of every value."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.nodes: dict[Path_, _Node] = {}
        self.aliased: set[str] = set()  # the anchors that an alias repeats
        self._build()

    # lines ------------------------------------------------------------------------------------------------
    def line_start(self, index: int) -> int:
        return self.raw.rfind("\n", 0, index) + 1

    def column(self, index: int) -> int:
        return index - self.line_start(index)

    def line_stop(self, index: int) -> int:
        """The end of the line holding `index`, before its line break (CR LF or LF)."""
        end = self.raw.find("\n", index)
        if end < 0:
            return len(self.raw)
        return end - 1 if end > index and self.raw[end - 1] == "\r" else end

    def after_line(self, stop: int) -> int:
        """The start of the line after the one where a content ending at `stop` ends."""
        if stop > 0 and self.raw[stop - 1] == "\n":
            return stop
        end = self.raw.find("\n", stop)
        return len(self.raw) if end < 0 else end + 1

    def first_on_line(self, index: int) -> bool:
        return not self.raw[self.line_start(index):index].strip(" ")

    def rest_of_line(self, index: int) -> str:
        return self.raw[index:self.line_stop(index)]

    # the index ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        raw = self.raw
        stack: list[_Node] = []
        pending: list[tuple[str, int, int] | None] = []  # per open mapping: the key read, waiting for its value
        for event in yaml.parse(raw, Loader=_Loader):
            if isinstance(event, yaml.ScalarEvent) and stack and stack[-1].kind == "map" and pending[-1] is None:
                pending[-1] = (event.value, event.start_mark.index, event.end_mark.index)
                continue
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                  yaml.SequenceStartEvent)):
                if stack and stack[-1].kind == "map" and pending[-1] is None:
                    raise DocumentError(_("a key must be a plain word, not a list, a mapping or nothing"))
                node = self._node(event, stack[-1] if stack else None, pending[-1] if stack else None)
                if stack and stack[-1].kind == "map":
                    pending[-1] = None
                self.nodes.setdefault(node.path, node)
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    stack.append(node)
                    pending.append(None)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node = stack.pop()
                pending.pop()
                if node.flow:
                    node.close, node.end = event.start_mark.index, event.end_mark.index
                else:
                    node.end = node.children[-1].stop if node.children else node.start
                node.stop = node.end

    def _node(self, event: Any, parent: _Node | None, key: tuple[str, int, int] | None) -> _Node:
        raw = self.raw
        kind = ("scalar" if isinstance(event, yaml.ScalarEvent) else "alias" if isinstance(event, yaml.AliasEvent)
                else "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
        start = event.start_mark.index
        if parent is None:
            path: Path_ = ()
        elif parent.kind == "map":
            assert key is not None
            path = (*parent.path, key[0])
        else:
            path = (*parent.path, len(parent.children))
        node = _Node(kind=kind, path=path, start=start, parent=parent,
                     anchor=None if kind == "alias" else event.anchor,
                     in_flow=parent is not None and (parent.flow or parent.in_flow))
        if kind == "alias":
            self.aliased.add(event.anchor)
        if parent is not None:
            parent.children.append(node)
            if parent.kind == "map":
                assert key is not None
                node.head = key[1]
                colon = key[2]
                while colon < len(raw) and raw[colon] in " \t":
                    colon += 1
                node.indicator = colon + 1 if raw[colon:colon + 1] == ":" else -1
            elif parent.flow:
                node.head = start
            else:
                node.head = self._dash(start)
                node.indicator = node.head + 1 if node.head >= 0 else -1
        if kind in ("scalar", "alias"):
            node.end = node.stop = event.end_mark.index
        if kind == "scalar":
            node.style = event.style or ""
            node.null = not node.style and ((event.implicit[0] and event.tag is None and event.value in _NULLS)
                                            or event.tag == _NULL_TAG)
            if node.style in ("|", ">"):
                node.stop = self._block_stop(node)
        elif kind in ("map", "seq"):
            node.flow = bool(event.flow_style)
            if node.flow:
                node.open = event.end_mark.index - 1
        return node

    def _dash(self, start: int) -> int:
        """The `-` of a block list's item that starts at `start` (over blanks, line breaks and comments)."""
        raw = self.raw
        i = start - 1
        while i >= 0:
            char = raw[i]
            if char == "-":
                return i
            if char in " \t\r\n":
                i -= 1
                continue
            begin = self.line_start(i)
            line = raw[begin:i + 1]
            hash_ = next((k for k, c in enumerate(line) if c == "#" and (k == 0 or line[k - 1] in " \t")), -1)
            if hash_ < 0:
                return -1
            i = begin + hash_ - 1
        return -1

    def _block_stop(self, node: _Node) -> int:
        """The end of a block text's last line, or with keep chomping (`|+`) all of it."""
        header = self.raw[node.start:self.line_stop(node.start)]
        if "+" in header.split("#")[0]:
            return node.end
        k = node.end
        while k > node.start and self.raw[k - 1] in " \t\r\n":
            k -= 1
        return self.line_stop(k)

    # the file's indentation -------------------------------------------------------------------------------------
    @cached_property
    def layout(self) -> tuple[int, int, int]:
        """The steps the file indents by: a mapping under its key, a list's dash under its key, and an item's
        keys after its dash; the most used of each (2, 2 and 2 where the file has none)."""
        steps: tuple[Counter[int], Counter[int], Counter[int]] = (Counter(), Counter(), Counter())
        for node in self.nodes.values():
            parent = node.parent
            if parent is None or node.in_flow or node.flow or node.kind not in ("map", "seq") or not node.children:
                continue
            first = self.column(node.children[0].head)
            if parent.kind == "map":
                steps[0 if node.kind == "map" else 1][first - self.column(node.head)] += 1
            elif node.kind == "map" and node.head >= 0:
                steps[2][first - self.column(node.head)] += 1
        found = []
        for counts, lowest in zip(steps, (1, 0, 2), strict=True):
            usable = [step for step, _count in counts.most_common() if lowest <= step <= 16]
            found.append(usable[0] if usable else 2)
        return found[0], found[1], found[2]


# --- the document ---------------------------------------------------------------------------------------------

Edit = tuple[int, int, str]


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _lookup(data: Any, path: Path_) -> Any:
    node = data
    for part in path:
        node = child(node, part)
        if node is MISSING:
            return MISSING
    return node


def _expected(value: Any) -> Any:
    """What the loader reads for a value the form writes."""
    if isinstance(value, _Leaf):
        return value.text
    if isinstance(value, dict):
        return {k: _expected(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_expected(v) for v in value]
    return value


def _leaf_of(value: Any) -> Any:
    """An item's value as the writer takes it: text as text, numbers and booleans as their YAML words."""
    if value is None or isinstance(value, _Leaf):
        return value
    if isinstance(value, bool):
        return _Leaf("true" if value else "false", "bool")
    if isinstance(value, (int, float)):
        return _Leaf(repr(value), "number")
    if isinstance(value, str):
        return _Leaf(value, "text")
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not key:
                raise DocumentError(_("a key must be a plain word, not a list, a mapping or nothing"))
        return {k: _leaf_of(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_leaf_of(v) for v in value]
    raise DocumentError(_("the form cannot write a value of the type {type}").format(type=type(value).__name__))


def _unopened(reason: str, line: int | None, column: int | None) -> DocumentError:
    message = (_("the form cannot edit this file: line {line}: {reason}").format(line=line, reason=reason)
               if line else _("the form cannot edit this file: {reason}").format(reason=reason))
    return DocumentError(message, line=line, column=column)


class _Refused(Exception):
    """One way of writing an edit did not read back as wanted (the reason, for the message)."""


@dataclass
class BriefDocument:
    """A brief's text with the edits made so far. Build one with `parse`."""

    _raw: str
    _bom: str = ""
    _newline: str = "\n"
    _data: dict[str, Any] = field(default_factory=dict)
    _index: _Text | None = None
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def parse(cls, text: str, limits: Limits | None = None) -> BriefDocument:
        """The document of a brief's text (a byte-order mark and CR LF line ends are kept); DocumentError when
        the form cannot edit it: not YAML, not a mapping, or YAML that ruamel.yaml's round trip cannot load."""
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        raw = text[len(bom):]
        limits = limits or Limits()
        try:
            loaded = load_text(raw, limits=limits)
        except LoadError as exc:
            raise _unopened(exc.message, exc.line, exc.column) from exc
        duplicate = next((f for f in loaded.findings if f.code == DUPLICATE_KEY), None)
        if duplicate is not None:
            raise _unopened(duplicate.message, duplicate.line, duplicate.column)
        try:
            data = YAML(typ="rt").load(raw)
        except Exception as exc:  # whatever ruamel.yaml cannot load, the form cannot keep
            problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
            mark = getattr(exc, "problem_mark", None)
            raise _unopened(problem, mark.line + 1 if mark else None, mark.column + 1 if mark else None) from exc
        if not isinstance(data, dict):
            raise _unopened(_("the top level is not a mapping of keys"), None, None)
        crlf, lf = raw.count("\r\n"), raw.count("\n")
        newline = "\r\n" if crlf and crlf * 2 >= lf else "\n"
        return cls(raw, bom, newline, loaded.data, limits=limits)

    @property
    def text(self) -> str:
        return self._bom + self._raw

    # --- the edits ------------------------------------------------------------------------------------------
    def set_value(self, path: Path_, value: str | bool | None, kind: str) -> bool:
        path = tuple(path)
        if kind not in KINDS:
            self._fail("change", path, _("unknown kind of field: {kind}").format(kind=kind))
        text = ("true" if value else "false") if isinstance(value, bool) else value
        if text is not None and not isinstance(text, str):
            text = str(text)
        if not text:
            return self._remove_path(path)
        if not path:
            self._fail("change", path, _("the top level is not a mapping of keys"))
        if _lookup(self._data, path) == text:
            return False
        leaf = _Leaf(text, kind)
        expected = self._expected_set(path, text)
        self._unshared("change", path)
        node = self._nodes().get(path)
        if node is not None and node.kind in ("map", "seq"):
            self._fail("change", path, _("it is a list or a mapping, not a single value"))
        if node is not None:
            return self._apply("change", path, expected, lambda quote_all: self._replace_scalar(node, leaf, quote_all))
        return self._apply("change", path, expected, lambda quote_all: self._create(path, leaf, quote_all))

    def append_item(self, path: Path_, item: str | dict | None = None) -> int:
        path = tuple(path)
        value = _leaf_of(item)
        current = _lookup(self._data, path)
        if current is not MISSING and current is not None and not isinstance(current, list):
            self._fail("add", path, _("`{where}` is not a list").format(where=_where(path)))
        index = len(current) if isinstance(current, list) else 0
        expected = self._expected_set((*path, index), _expected(value))
        self._unshared("add", path)
        node = self._nodes().get(path)

        def edits(quote_all: bool) -> list[Edit]:
            if node is None:
                return self._create(path, [value], quote_all)
            if node.kind == "seq":
                return self._add_item(node, value, quote_all)
            if node.kind == "scalar" and node.null:
                return self._place(node, [value], quote_all)
            if node.kind == "alias":
                raise _Refused(self._alias_reason(node))
            raise _Refused(_("`{where}` is not a list").format(where=_where(path)))

        self._apply("add", path, expected, edits)
        return index

    def remove_item(self, path: Path_, index: int) -> None:
        path = tuple(path)
        node = self._list(path, "remove", index)
        expected = _copy(self._data)
        _lookup(expected, path).pop(index)
        self._apply("remove", (*path, index), expected, lambda _quote_all: self._removal(node.children[index]))

    def move_item(self, path: Path_, index: int, to: int) -> None:
        path = tuple(path)
        node = self._list(path, "move", index)
        if not 0 <= to < len(node.children):
            self._fail("move", (*path, index), _("there is no item {index} in `{where}`").format(
                index=to, where=_where(path)))
        if index == to:
            return
        expected = _copy(self._data)
        items = _lookup(expected, path)
        items.insert(to, items.pop(index))
        self._apply("move", (*path, index), expected, lambda _quote_all: self._moving(node, index, to))

    # --- checking and keeping an edit ---------------------------------------------------------------------------
    def _nodes(self) -> dict[Path_, _Node]:
        if self._index is None:
            self._index = _Text(self._raw)
        return self._index.nodes

    @property
    def _t(self) -> _Text:
        self._nodes()
        assert self._index is not None
        return self._index

    def _fail(self, action: str, path: Path_, reason: str) -> NoReturn:
        messages = {"change": _("cannot change {path}: {reason}"), "add": _("cannot add an item to {path}: {reason}"),
                    "remove": _("cannot remove {path}: {reason}"), "move": _("cannot move {path}: {reason}")}
        raise DocumentError(messages[action].format(path=_where(path), reason=reason), field=format_path(path))

    def _unshared(self, action: str, path: Path_) -> None:
        """Refuse to change a value that an alias repeats elsewhere: it would change there too."""
        nodes = self._nodes()
        aliased = self._t.aliased
        for depth in range(len(path) + 1):
            node = nodes.get(path[:depth])
            if node is not None and node.anchor in aliased:
                self._fail(action, path, _("`{where}` is repeated elsewhere by the alias *{anchor}, which would change "
                                           "too; change it in a text editor").format(where=_where(node.path),
                                                                                     anchor=node.anchor))

    def _list(self, path: Path_, action: str, index: int) -> _Node:
        self._unshared(action, path)
        node = self._nodes().get(path)
        current = _lookup(self._data, path)
        if node is None or node.kind != "seq" or not isinstance(current, list):
            if current is MISSING or isinstance(current, list):
                self._fail(action, (*path, index), _("there is no item {index} in `{where}`").format(
                    index=index, where=_where(path)))
            self._fail(action, path, _("`{where}` is not a list").format(where=_where(path)))
        if not 0 <= index < len(node.children):
            self._fail(action, (*path, index), _("there is no item {index} in `{where}`").format(
                index=index, where=_where(path)))
        return node

    def _expected_set(self, path: Path_, value: Any) -> dict[str, Any]:
        data = _copy(self._data)
        node: Any = data
        for number_, part in enumerate(path[:-1]):
            following = path[number_ + 1]
            found = child(node, part)
            if found is MISSING or found is None:
                found = [] if isinstance(following, int) else {}
                if isinstance(node, dict):
                    node[part] = found
                elif isinstance(node, list) and part == len(node):
                    node.append(found)
                elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                    node[part] = found
                else:
                    return data  # the edit itself refuses this path, with its reason
            node = found
        last = path[-1]
        if isinstance(node, dict):
            node[last] = value
        elif isinstance(node, list) and isinstance(last, int) and last == len(node):
            node.append(value)
        elif isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
            node[last] = value
        return data

    def _apply(self, action: str, path: Path_, expected: Any, edits: Callable[[bool], list[Edit]]) -> bool:
        """Try the edit, then with every new scalar double-quoted; keep the first that reads back as expected."""
        reason = _("the value cannot be written so that the file reads it back exactly")
        for quote_all in (False, True):
            try:
                raw = self._splice(edits(quote_all))
            except _Refused as exc:
                self._fail(action, path, str(exc))
            if raw == self._raw:
                return False
            size = len((self._bom + raw).encode("utf-8", "surrogatepass"))
            if size > self.limits.max_bytes:
                self._fail(action, path, _("the file would be larger than the limit of {limit} bytes").format(
                    limit=number(self.limits.max_bytes)))
            try:
                loaded = load_text(raw, limits=self.limits)
            except LoadError as exc:
                reason = exc.message
                continue
            if loaded.data == expected and not any(f.code == DUPLICATE_KEY for f in loaded.findings):
                self._raw, self._data, self._index = raw, loaded.data, None
                return True
        self._fail(action, path, reason)

    def _splice(self, edits: list[Edit]) -> str:
        raw = self._raw
        pieces: list[str] = []
        position = len(raw)
        for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            if end > position:
                raise _Refused(_("the value cannot be written so that the file reads it back exactly"))
            pieces.append(raw[end:position])
            pieces.append(replacement)
            position = start
        pieces.append(raw[:position])
        return "".join(reversed(pieces))

    # --- the edits as spans of text -----------------------------------------------------------------------------
    def _block_context(self, node: _Node) -> tuple[int, int]:
        """Where block text for this value goes: its lines' column, and the column of its key or dash."""
        t = self._t
        map_step, _seq_step, item_step = t.layout
        parent = node.parent
        if parent is None or node.head < 0:
            return 2, 0
        column = t.column(node.head)
        if parent.kind == "map":
            return column + map_step, column
        return column + self._item_step(parent, item_step), column

    def _item_step(self, seq: _Node, default: int) -> int:
        t = self._t
        for item in seq.children:
            if item.kind == "map" and not item.flow and item.children and item.head >= 0:
                return t.column(item.children[0].head) - t.column(item.head)
        return default

    def _replace_scalar(self, node: _Node, leaf: _Leaf, quote_all: bool) -> list[Edit]:
        t = self._t
        raw = t.raw
        indent, parent_column = self._block_context(node)
        old_style = node.style if node.kind == "scalar" and not node.null else None
        old_lines: tuple[str, ...] = ()
        old_block = old_style in ("|", ">")
        if old_block:
            body = raw[t.after_line(node.start):node.stop]
            lines = [line.rstrip("\r") for line in body.split("\n")]
            texts = [line for line in lines if line.strip(" ")]
            if texts:
                indent = len(texts[0]) - len(texts[0].lstrip(" "))
            old_lines = tuple(line[indent:] for line in lines)
        where = _Context(flow=node.in_flow, old_style=old_style, indent=indent, parent_column=parent_column,
                         old_lines=old_lines, quote_all=quote_all)
        rendered = _render(leaf, where)
        prefix = f"&{node.anchor} " if node.anchor else ""
        empty = node.start == node.end  # `key:` or `-` with nothing after it
        end, comment, trail = node.end, "", ""
        if old_block:
            # the header line's comment is kept; the empty lines after the text stay where they are, unless
            # they are part of the value (`|+`), before or after
            header = t.rest_of_line(node.start)
            hash_ = header.find(" #")
            comment = header[hash_ + 1:].strip() if hash_ >= 0 else ""
            if "+" in header[:hash_ if hash_ >= 0 else len(header)] or rendered.inline.endswith("+"):
                trail = self._newline if raw[node.end - 1:node.end] == "\n" else ""
            else:
                end = node.stop
        else:
            rest = t.rest_of_line(node.end).strip()
            if rendered.block and rest and not rest.startswith("#"):
                rendered = _Rendered(_double(leaf.text))  # never so in block context; but not block text there
            if rendered.block and rest:
                comment = rest  # `key: value  # note` becomes `key: |-  # note`: the note stays on the key's line
            if not rest or rendered.block:
                end = t.line_stop(node.end)  # no blanks left at the end of the line
        if rendered.block:
            text = rendered.text(self._newline, comment)
            if not rendered.inline.endswith("-") and end == len(raw) and not raw.endswith("\n"):
                trail = self._newline  # `|` at the end of a file: the text's own line break ends the file
        else:
            text = rendered.inline + (" " + comment if comment and old_block else "")
        return [(node.start, end, (" " if empty else "") + prefix + text + trail)]

    def _create(self, path: Path_, value: Any, quote_all: bool) -> list[Edit]:
        """Write `value` at a path that does not exist yet, with the mappings and lists above it that are missing."""
        nodes = self._nodes()
        depth = len(path) - 1
        while path[:depth] not in nodes:
            depth -= 1
        for k in range(len(path) - 1, depth, -1):
            part = path[k]
            if isinstance(part, int):
                if part != 0:
                    raise _Refused(_("there is no item {index} in `{where}`").format(index=part,
                                                                                   where=_where(path[:k])))
                value = [value]
            else:
                value = {part: value}
        return self._grow(nodes[path[:depth]], path[depth], value, quote_all)

    def _grow(self, anchor: _Node, part: str | int, value: Any, quote_all: bool) -> list[Edit]:
        """Add `part: value` (or the item `value`) to the existing node `anchor`."""
        where = _where(anchor.path)
        if anchor.kind == "map":
            if not isinstance(part, str):
                raise _Refused(_("`{where}` is a mapping, not a list").format(where=where))
            return self._add_entry(anchor, part, value, quote_all)
        if anchor.kind == "seq":
            if not isinstance(part, int):
                raise _Refused(_("`{where}` is a list, not a mapping").format(where=where))
            if part != len(anchor.children):
                raise _Refused(_("there is no item {index} in `{where}`").format(index=part, where=where))
            return self._add_item(anchor, value, quote_all)
        if anchor.kind == "scalar" and anchor.null:
            if isinstance(part, int):
                if part != 0:
                    raise _Refused(_("there is no item {index} in `{where}`").format(index=part, where=where))
                return self._place(anchor, [value], quote_all)
            return self._place(anchor, {part: value}, quote_all)
        if anchor.kind == "alias":
            raise _Refused(self._alias_reason(anchor))
        raise _Refused(_("`{where}` is a single value, not a list or a mapping").format(where=where))

    def _alias_reason(self, node: _Node) -> str:
        return _("`{where}` is an alias ({alias}) of a value written elsewhere; change it there").format(
            where=_where(node.path), alias=self._t.raw[node.start:node.end])

    def _flow_text(self, value: Any, quote_all: bool) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{_key_text(k, True)}: {self._flow_text(v, quote_all)}"
                                   for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self._flow_text(v, quote_all) for v in value) + "]"
        if value is None:
            return "~"
        return _render(value, _Context(flow=True, quote_all=quote_all)).inline

    def _entry_lines(self, key: str, value: Any, column: int, quote_all: bool) -> list[str]:
        map_step, seq_step, item_step = self._t.layout
        head = " " * column + _key_text(key, False) + ":"
        if isinstance(value, dict) and value:
            lines = [head]
            for k, v in value.items():
                lines += self._entry_lines(k, v, column + map_step, quote_all)
            return lines
        if isinstance(value, list) and value:
            lines = [head]
            for item in value:
                lines += self._item_lines(item, column + seq_step, item_step, quote_all)
            return lines
        return self._with_scalar(head, value, column + map_step, column, quote_all)

    def _item_lines(self, value: Any, column: int, step: int, quote_all: bool) -> list[str]:
        dash = " " * column + "-"
        if isinstance(value, dict) and value:
            lines: list[str] = []
            for k, v in value.items():
                lines += self._entry_lines(k, v, column + step, quote_all)
            lines[0] = dash + " " * (step - 1) + lines[0][column + step:]
            return lines
        if isinstance(value, list) and value:
            lines = []
            for item in value:
                lines += self._item_lines(item, column + 2, 2, quote_all)
            lines[0] = dash + " " + lines[0][column + 2:]
            return lines
        return self._with_scalar(dash, value, column + step, column, quote_all)

    def _with_scalar(self, head: str, value: Any, indent: int, parent_column: int, quote_all: bool) -> list[str]:
        if isinstance(value, dict):
            return [head + " {}"]
        if isinstance(value, list):
            return [head + " []"]
        if value is None:
            return [head]
        rendered = _render(value, _Context(flow=False, indent=indent, parent_column=parent_column,
                                           quote_all=quote_all))
        return (head + " " + rendered.text("\n")).split("\n")

    def _insert_lines(self, position: int, lines: list[str]) -> Edit:
        raw = self._t.raw
        block = self._newline.join(lines)
        if position == len(raw) and raw and not raw.endswith("\n"):
            # at the end of a file without a final line break, none is added, unless block text ends there
            # and keeps its own (`|`, `|+`)
            ending = self._newline if any(_KEEPS_BREAK.search(line) for line in lines) else ""
            return (position, position, self._newline + block + ending)
        return (position, position, block + self._newline)

    def _add_entry(self, mapping: _Node, key: str, value: Any, quote_all: bool) -> list[Edit]:
        t = self._t
        parent = mapping.parent
        if mapping.flow and not mapping.children and not mapping.in_flow and parent is not None \
                and parent.kind == "seq" and not self._flow_items(parent, "map", but=mapping):
            # `- {}`, the item the form adds to a list of mappings: filled in, it is written as the others are
            return self._place(mapping, {key: value}, quote_all)
        if mapping.flow:  # `{a: 1}` stays flow, and `target: {}` becomes `target: {value: 18}`
            return self._flow_insert(mapping, f"{_key_text(key, True)}: {self._flow_text(value, quote_all)}")
        column = t.column(mapping.children[0].head)
        return [self._insert_lines(t.after_line(mapping.stop), self._entry_lines(key, value, column, quote_all))]

    def _add_item(self, seq: _Node, value: Any, quote_all: bool) -> list[Edit]:
        t = self._t
        if seq.flow and not seq.children and not seq.in_flow and isinstance(value, (dict, list)):
            return self._place(seq, [value], quote_all)  # `outcomes: []`: a list of mappings is not written in [ ]
        if seq.flow:  # `[a, b]` stays flow, and `lint_ignore: []` becomes `lint_ignore: [PB506]`
            return self._flow_insert(seq, self._flow_text(value, quote_all))
        first = seq.children[0]
        if first.head < 0:
            raise _Refused(_("the list is written in a way the form cannot change; change it in a text editor"))
        column = t.column(first.head)
        if isinstance(value, (dict, list)) and value and self._flow_items(seq, "map" if isinstance(value, dict)
                                                                           else "seq"):
            lines = [" " * column + "- " + self._flow_text(value, quote_all)]  # `- {milestone: award, date: …}`
        else:
            lines = self._item_lines(value, column, self._item_step(seq, t.layout[2]), quote_all)
        return [self._insert_lines(t.after_line(seq.stop), lines)]

    @staticmethod
    def _flow_items(seq: _Node, kind: str, but: _Node | None = None) -> bool:
        """Whether the items of a block list are written as `{ }` (or `[ ]`) on their lines: a new one is too."""
        others = [item for item in seq.children if item is not but and item.kind in ("map", "seq")]
        return bool(others) and all(item.flow and item.kind == kind for item in others)

    def _flow_insert(self, collection: _Node, entry: str) -> list[Edit]:
        raw = self._t.raw
        items = collection.children
        if not items:
            return [(collection.open + 1, collection.close, entry)]
        separator = ", "
        if len(items) >= 2:
            between = raw[items[0].stop:items[1].head]
            if "#" not in between and between.count(",") == 1:
                separator = between
        return [(items[-1].stop, items[-1].stop, separator + entry)]

    def _place(self, node: _Node, value: Any, quote_all: bool) -> list[Edit]:
        """Write a new block mapping or list (`value`) where `node` is: nothing (`key:`, `~`) or empty `{}`/`[]`."""
        t = self._t
        parent = node.parent
        map_step, seq_step, item_step = t.layout
        if parent is None:
            lines: list[str] = []
            for k, v in value.items():
                lines += self._entry_lines(k, v, 0, quote_all)
            return [(node.start, node.end, self._newline.join(lines))]
        if node.in_flow or node.head < 0:
            return [(node.start, node.end, self._flow_text(value, quote_all))]
        if parent.kind == "map":
            column = t.column(node.head)
            lines = []
            if isinstance(value, dict):
                for k, v in value.items():
                    lines += self._entry_lines(k, v, column + map_step, quote_all)
            else:
                for item in value:
                    lines += self._item_lines(item, column + seq_step, item_step, quote_all)
            cut = [] if node.indicator < 0 or node.indicator >= node.end else [(node.indicator, node.end, "")]
            if node.start == node.end and not t.rest_of_line(node.end).strip():
                cut = [(node.end, t.line_stop(node.end), "")]
            return [*cut, self._insert_lines(t.after_line(node.end), lines)]
        step = self._item_step(parent, item_step)
        lines = self._item_lines(value, t.column(node.head), step, quote_all)
        first = lines[0][t.column(node.head) + 1:]
        edits = [(node.head + 1, node.end, first)]
        if len(lines) > 1:
            edits.append(self._insert_lines(t.after_line(node.end), lines[1:]))
        return edits

    def _remove_path(self, path: Path_) -> bool:
        if not path:
            self._fail("remove", path, _("the top level is not a mapping of keys"))
        current = _lookup(self._data, path)
        if current is MISSING:
            return False
        if isinstance(path[-1], int):
            self.remove_item(path[:-1], path[-1])
            return True
        node = self._nodes().get(path)
        if node is None:
            self._fail("remove", path, _("`{where}` is inside an alias of a value written elsewhere; change it "
                                         "there").format(where=_where(path)))
        self._unshared("remove", path)
        expected = _copy(self._data)
        del _lookup(expected, path[:-1])[path[-1]]
        return self._apply("remove", path, expected, lambda _quote_all: self._removal(node))

    def _removal(self, node: _Node) -> list[Edit]:
        t = self._t
        raw = t.raw
        parent = node.parent
        assert parent is not None
        siblings = parent.children
        i = siblings.index(node)
        if len(siblings) == 1:
            return self._emptied(parent)
        if parent.flow:
            if i + 1 < len(siblings):
                return [(node.head, siblings[i + 1].head, "")]
            return [(siblings[i - 1].stop, node.stop, "")]
        if node.head < 0:
            raise _Refused(_("the list is written in a way the form cannot change; change it in a text editor"))
        if t.first_on_line(node.head):
            start, end = t.line_start(node.head), t.after_line(node.stop)
            if end == len(raw) and not raw.endswith("\n") and start > 0:
                start -= 2 if raw[start - 2:start] == "\r\n" else 1
            return [(start, end, "")]
        # the first entry shares its line with the parent's dash: `- name: x` followed by `  cvr: 1`
        following = siblings[i + 1]
        between = raw[t.after_line(node.stop):t.line_start(following.head)]
        if "#" not in between:
            return [(node.head, following.head, "")]
        start = node.head
        while start > 0 and raw[start - 1] == " ":
            start -= 1
        return [(start, t.line_stop(node.stop), "")]

    def _emptied(self, collection: _Node) -> list[Edit]:
        """Edits that leave `collection` empty: `{}` or `[]` in its place."""
        t = self._t
        empty = "{}" if collection.kind == "map" else "[]"
        if collection.flow:
            return [(collection.open + 1, collection.close, "")]
        first = collection.children[0].head
        if first < 0:
            raise _Refused(_("the list is written in a way the form cannot change; change it in a text editor"))
        if collection.parent is None:
            return [(t.line_start(first), t.after_line(collection.stop), empty + self._newline)]
        if not t.first_on_line(first):
            return [(first, collection.stop, empty)]
        if collection.indicator < 0:
            raise _Refused(_("the list is written in a way the form cannot change; change it in a text editor"))
        start, end = t.line_start(first), t.after_line(collection.stop)
        if end == len(t.raw) and not t.raw.endswith("\n"):
            start = t.line_stop(collection.indicator)
        return [(collection.indicator, collection.indicator, " " + empty), (start, end, "")]

    def _moving(self, seq: _Node, index: int, to: int) -> list[Edit]:
        t = self._t
        raw = t.raw
        items = seq.children
        order = list(range(len(items)))
        order.insert(to, order.pop(index))
        if seq.flow:
            texts = [raw[item.start:item.stop] for item in items]
            return [(items[p].start, items[p].stop, texts[order[p]]) for p in range(len(items)) if order[p] != p]
        if any(item.head < 0 or not t.first_on_line(item.head) for item in items):
            raise _Refused(_("the list is written in a way the form cannot change; change it in a text editor"))
        starts, ends = [], []
        for number_, item in enumerate(items):
            start = t.line_start(item.head)
            if number_:
                floor = ends[-1]
                while start > floor:
                    above = t.line_start(start - 1)
                    if not raw[above:start].strip().startswith("#"):
                        break
                    start = above
            starts.append(start)
            ends.append(t.after_line(item.stop))
        chunks = [raw[s:e] for s, e in zip(starts, ends, strict=True)]
        ending = chunks[-1].endswith("\n")
        chunks = [c if c.endswith("\n") else c + self._newline for c in chunks]
        gaps = [raw[ends[k]:starts[k + 1]] for k in range(len(items) - 1)]
        text = "".join(chunks[order[p]] + (gaps[p] if p < len(gaps) else "") for p in range(len(items)))
        if not ending:
            text = text[:-len(self._newline)]
        return [(starts[0], ends[-1], text)]


def save(path: Path, text: str) -> None:
    """Write the brief whole or not at all, keeping the file's mode; a link or a device there is refused."""
    write_outputs([(Path(path), text.encode("utf-8"))])


__all__ = ["KINDS", "BriefDocument", "DocumentError", "Path_", "save"]

