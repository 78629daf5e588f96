"""Stage 1: read a brief safely and remember where every value was written.

Every scalar is kept as the text the author typed (the idea behind StrictYAML and PyYAML's
BaseLoader): pydantic turns text into numbers, dates and booleans only where the model wants them,
so `version: 1.10`, `cvr: 01234567` and `reference: 2026-014` stay exactly as written.

Nothing is dropped or replaced without a finding: a character that cannot go into a Word document is
reported where it was written (PB022), whether typed raw or as an escape such as `\\x00`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from problembrief.errors import LoadError
from problembrief.findings import Finding, LazyPattern, Severity, format_path, lean_dataclass
from problembrief.i18n import N_, _, current_language

try:  # The C parser is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_NULL_TAG = _CORE + "null"


MISSING = object()
READ_FAILURE, NOT_A_BRIEF = "PB001", "PB002"  # finding codes of a file that cannot be read, or not parsed
DUPLICATE_KEY = "PB003"
UNSAFE_CHARACTER = "PB022"  # a character in a value that a Word document cannot hold, or that hides text

# Characters refused in any value (key or text), raw or escaped. XML 1.0 forbids the C0 controls except
# tab, line feed and carriage return, the surrogates and U+FFFE/U+FFFF; a carriage return in a value can
# only come from the escape `\r` (the loader turns line ends into line feeds) and shows as nothing. The
# rest are allowed by XML but invisible, and change what a reader sees or how the text runs: DEL and the
# C1 controls (NEL among them), the bidirectional controls that reorder text (Trojan Source), the line
# and paragraph separators, the Unicode tag characters (text hidden from the eye), the interlinear
# annotation marks and the noncharacters.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_UNSAFE = LazyPattern(  # compiled for the first value with a character str.isprintable refuses (see below)
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
    f"\ufdd0-\ufdef\ufff9-\ufffb\U000e0000-\U000e007f{_NONCHARACTERS}]"
)
# What YAML reads as a line break although an editor shows none (NEL, LS, PS): before the parser sees
# them, so that no line break appears in a value, and every line number stays the editor's.
_HIDDEN_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
# Escapes of double-quoted YAML, to find which one produced a character (`\x00`, `\u0007`, `\e`, `\N`).
_ESCAPE = LazyPattern(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_NAMED_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
                  "f": "\x0c", "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_CATEGORY_NAMES = {"Cc": N_("a control character"), "Cs": N_("half of a surrogate pair"),
                   "Cn": N_("a noncharacter"), "Co": N_("a private-use character")}
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0B: "VERTICAL TAB",
                  0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def describe_character(char: str) -> str:
    """`U+0000 (NULL)`: how a message names a character the reader may not be able to see."""
    name = _CONTROL_NAMES.get(ord(char)) or unicodedata.name(char, "") or _(_CATEGORY_NAMES.get(
        unicodedata.category(char), N_("a character without a name")))
    return f"U+{ord(char):04X} ({name})"


def number(value: int) -> str:
    """A whole number as the language in force groups it in a message: 5,242,880 or 5.242.880."""
    return f"{value:,}".replace(",", "." if current_language() == "da" else ",")


def key_value(parts: Path_, value: str) -> str:
    """What to write, in backticks: `amount: 1200000` for a key, `2027-03-01` for an item of a list."""
    key = parts[-1] if parts else ""
    return f"`{key}: {value}`" if isinstance(key, str) and key else f"`{value}`"


def child(node: Any, part: str | int) -> Any:
    """One step down raw data: a mapping's key or a list's index; MISSING where there is none."""
    if isinstance(node, dict):
        return node.get(part, MISSING)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return MISSING


@lean_dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from exhausting memory or time.

    With these, loading does work and takes memory linear in the size of the file: at most `max_bytes`
    bytes are read; nesting is at most `max_depth` levels (no recursion deeper than that anywhere); the
    data after alias expansion holds at most `max_nodes` values and at most `max_chars` characters of
    text (so an alias of a long text used a thousand times fails at once, not in the rules or the
    document); a single text or key is at most `max_string` characters. Numbers are bounded by the model
    (at most 15 digits, no exponent), before anything converts them."""

    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 40
    max_nodes: int = 200_000  # counted after alias expansion: stops "billion laughs"
    max_string: int = 100_000
    # Characters of text (keys and values) after alias expansion; None: as many as max_bytes, which a
    # file without aliases can never exceed (a character is at least one byte of UTF-8).
    max_chars: int | None = None

    @property
    def chars(self) -> int:
        return self.max_chars if self.max_chars is not None else self.max_bytes


class LineIndex:
    """Line and column of a character offset in O(log n): the offsets where lines start, searched by
    bisection (counting line feeds from the start for every finding made a brief with many findings
    quadratic). Only line feeds end lines, as in an editor; the loader has made every line end one."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def position(self, index: int) -> Position:
        line = bisect_right(self.starts, index)
        return (line, index - self.starts[line - 1] + 1)


@lean_dataclass(frozen=True)
class FlowItem:
    """A scalar written as an item of a `[ ]` list: whether it was plain (unquoted) and where it stands.

    The rules about a comma that split a text in two (PB019) read these: in `[Databeskyttelsesloven § 7,
    stk. 3]` the comma ends the first item, which only the parser's events can tell reliably."""

    plain: bool
    start: int  # offsets of the value in the text
    end: int
    tight: bool  # written right after the comma, with no space: `[22,5]`


@lean_dataclass(frozen=True)
class Comment:
    """A comment as written: `text` runs from its `#` to the end of the line. `own_line`: nothing but blanks
    stands before it on its line (it is about the next line, not its own)."""

    text: str
    start: int  # offset of the `#` in the text
    line: int
    column: int
    own_line: bool


def find_comments(text: str, scalars: list[tuple[int, int]], lines: LineIndex) -> list[Comment]:
    """Every comment of a text, in order, in time linear in its size. PyYAML's parser drops comments, so they
    are found in the text: a `#` starts a comment when it stands outside every scalar (`scalars`: the spans of
    all of them, keys, plain, quoted and block text, in the order written, as the parser gave them) and at
    the start of a line or after a blank, as YAML has it (`a#b` holds no comment). So neither
    `key: "a # b"` nor a line of block text that starts with `#` is a comment."""
    comments: list[Comment] = []
    position = 0
    for start, end in [*scalars, (len(text), len(text))]:
        while position < start:
            index = text.find("#", position, start)
            if index < 0:
                break
            if index == 0 or text[index - 1] in " \t\n":
                line_end = text.find("\n", index, start)
                stop = start if line_end < 0 else line_end
                line, column = lines.position(index)
                before = text[lines.starts[line - 1]:index]
                comments.append(Comment(text=text[index:stop], start=index, line=line, column=column,
                                        own_line=not before.strip(" \t")))
                position = stop
            else:
                position = index + 1
        position = max(position, end)
    return comments


@lean_dataclass
class LoadedBrief:
    """Raw data of one file plus a map from each value's path to its line and column (1-based)."""

    path: Path
    data: dict[str, Any]
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    flow_items: dict[Path_, FlowItem] = field(default_factory=dict)
    # The comments (outside every scalar), in order: where `# problembrief: disable=…` is found.
    comments: list[Comment] = field(default_factory=list)
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)

    def value_at(self, parts: Path_) -> Any:
        """The raw value at a path, or None where the path does not exist."""
        node: Any = self.data
        for part in parts:
            node = child(node, part)
            if node is MISSING:
                return None
        return node

    def position_at(self, index: int) -> Position:
        """Line and column of a character offset in the text, in O(log n)."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.position(index)

    def locate(self, parts: Path_, pattern: re.Pattern[str]) -> Position | None:
        """Line and column of the first match of `pattern` inside the value at `parts`, as written in the file.

        Searching the source (not the parsed value) gives the real place in folded and literal block text."""
        span = self.spans.get(tuple(parts))
        if span is None:
            return None
        match = pattern.search(self.text, span[0], span[1])
        return None if match is None else self.position_at(match.start())

    def position_of(self, parts: Path_, *, prefer_key: bool = False) -> Position | None:
        """Line and column of a path; for a path that does not exist, its nearest existing parent."""
        parts = tuple(parts)
        while True:
            if prefer_key and parts in self.key_positions:
                return self.key_positions[parts]
            if parts in self.positions:
                return self.positions[parts]
            if not parts:
                return None
            parts = parts[:-1]


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), with the line of the first bad byte otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            _("the file is not UTF-8 text (byte 0x{byte}); save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)")
            .format(byte=f"{raw[exc.start]:02x}"),
            path=path, line=line, column=column, code=READ_FAILURE,
        ) from exc
    return text  # load_text turns every line end into a line feed


def load_file(path: Path | str, limits: Limits | None = None) -> LoadedBrief:
    path = Path(path)
    limits = limits or Limits()
    try:
        if not path.is_file():
            # A folder, a device or a pipe is no brief, and reading /dev/zero would never end.
            raise LoadError(_("not a file") if path.exists() else _("no such file"), path=path, code=READ_FAILURE)
        with path.open("rb") as stream:
            raw = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        raise LoadError(_("cannot read the file: {reason}").format(reason=exc.strerror or exc), path=path,
                        code=READ_FAILURE) from exc
    if len(raw) > limits.max_bytes:
        raise LoadError(_("the file is larger than the limit of {limit} bytes (build --max-size raises it)")
                        .format(limit=number(limits.max_bytes)), path=path, code=READ_FAILURE)
    return load_text(decode(raw, path), path, limits)


def load_text(text: str, path: Path | str = "<string>", limits: Limits | None = None) -> LoadedBrief:
    path = Path(path)
    limits = limits or Limits()
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        # Half of a surrogate pair, the one character UTF-8 cannot encode: only a caller's string can hold one (a
        # file is decoded strictly). The encoder stops at the first, as a search for one would.
        line, column = LineIndex(text).position(exc.start)
        raise LoadError(_("the text holds {character} alone, which no file can store")
                        .format(character=describe_character(text[exc.start])), path=path, line=line,
                        column=column, code=READ_FAILURE) from None
    if size > limits.max_bytes:
        raise LoadError(_("the text is larger than the limit of {limit} bytes").format(
            limit=number(limits.max_bytes)), path=path, code=READ_FAILURE)
    if text.startswith("\ufeff"):
        text = text[1:]
    # Windows (CR LF) and classic Mac (CR alone) line ends become line feeds, so that every line number,
    # the parser's and ours, is the one an editor shows.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = LineIndex(text)
    hidden = _HIDDEN_LINE_BREAKS.search(text)
    if hidden:
        line, column = lines.position(hidden.start())
        raise LoadError(_("not valid YAML: the character {character} is here; YAML reads it as a line break, "
                          "but editors show none (it often comes with text pasted from Word or a web page); "
                          "replace it with an ordinary line break or a space")
                        .format(character=describe_character(hidden.group())), path=path, line=line, column=column)
    builder = _Builder(path, limits, text, lines)
    try:
        # Parser events, not yaml.compose: the composer recurses per level of nesting and a file nested
        # some ten thousand levels deep crashes the interpreter; events are read with an explicit stack.
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text, lines, path) from exc
    except yaml.reader.ReaderError as exc:
        # A character YAML (and XML) cannot hold, such as a control character pasted from another program.
        line, column = lines.position(exc.position)
        raise LoadError(_("not valid YAML: the character {character} is not allowed in a brief; delete it (most "
                          "editors do not show it)").format(character=describe_character(chr(exc.character))),
                        path=path, line=line, column=column) from exc
    except yaml.YAMLError as exc:
        raise LoadError(_("not valid YAML: {problem}").format(problem=exc), path=path) from exc
    if builder.root is None:
        raise LoadError(_("the file is empty: a brief is a YAML mapping that starts with schema_version"),
                        path=path, line=1, column=1)
    if not isinstance(builder.root, dict):
        line, column = builder.root_position
        message = (_("the top level must be a mapping of keys (schema_version:, language:, brief:, …), not a list")
                   if isinstance(builder.root, list) else
                   _("the top level must be a mapping of keys (schema_version:, language:, brief:, …), not a single "
                     "value"))
        raise LoadError(message, path=path, line=line, column=column)
    return LoadedBrief(path=path, data=builder.root, positions=builder.positions,
                       key_positions=builder.key_positions, findings=builder.findings, text=text,
                       spans=builder.spans, flow_items=builder.flow_items,
                       comments=find_comments(text, builder.scalar_spans, lines), _lines=lines)


# --- YAML syntax errors in plain words ------------------------------------------------------------------

_CURLY_QUOTES = "“”„‘’‚«»"
_OPENING_CURLY, _CLOSING_CURLY = "“„‘‚«»", "”“’‘»«"


def _quote_hint() -> str:
    return _("Word's curly quotes (“ ” ‘ ’) are not quotes to YAML: type straight quotes \" or ', or turn off "
             "AutoFormat's smart quotes")


def without_curly_quotes(value: str) -> str | None:
    """The text inside Word's curly quotes (`“Færre fald”` -> `Færre fald`), or None if it is not so wrapped."""
    if len(value) >= 2 and value[0] in _OPENING_CURLY and value[-1] in _CLOSING_CURLY:
        return value[1:-1]
    return None


def quoted(value: str) -> str:
    """The value in the quotes that keep it as written: double quotes unless it holds some. A value the author
    wrapped in Word's curly quotes gets straight ones instead."""
    inner = without_curly_quotes(value)
    if inner is not None and not any(q in inner for q in _CURLY_QUOTES):
        value = inner
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _indentation(text: str, start: int) -> str:
    """The spaces a line starting at `start` is probably meant to have: those of the line above it, two more
    when that line opens a mapping or a block (`brief:`, `summary: >`)."""
    for above in reversed(text[:start].split("\n")[:-1] if start else []):
        content = above.split(" #")[0].rstrip()
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        own = len(content) - len(content.lstrip(" "))
        if "\t" in content[:own + 1]:
            return ""
        opens = content.endswith((":", ": |", ": >", ": |-", ": >-"))
        return " " * (own + 2 if opens else own)
    return ""


def syntax_error(exc: yaml.MarkedYAMLError, text: str, lines: LineIndex, path: Path) -> LoadError:
    """A parser's complaint as a plain message with a hint, at the line of the slip itself.

    The parser notices many slips only later (an unclosed quote at the end of the file, a line without a
    colon on the line after it); its `context_mark` is then where the slip began."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    context_mark = exc.context_mark
    index = mark.index if mark else 0
    char = text[index] if index < len(text) else ""

    def line_of(i: int) -> str:
        start = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        return text[start: end if end >= 0 else len(text)]

    hint = ""
    parser_words = False  # the cause is the parser's own (English) words
    if "tab" in problem or char == "\t" or "\t" in line_of(index)[: len(line_of(index)) - len(line_of(index).lstrip())]:
        cause = _("a tab is used for indentation")
        own = line_of(index)
        content = own.lstrip(" \t")
        if "\t" in own[: len(own) - len(content)] and content:
            start = text.rfind("\n", 0, index) + 1
            hint = _("indent with spaces, not tabs: write the line as `{line}`; set your editor to insert spaces"
                     ).format(line=_indentation(text, start) + content)
        else:
            hint = _("indent with spaces, not tabs; set your editor to insert spaces")
    elif "mapping values are not allowed" in problem:
        own = line_of(index)
        before = own[: mark.column] if mark else ""
        key, _sep, value = own.partition(": ")
        cause = _("a colon followed by a space inside text that is not in quotes; YAML reads it as a new key")
        if ": " in before and value.strip() and not key.strip().startswith("- "):
            hint = _("put the whole value in quotes: `{rewritten}`").format(
                rewritten=f"{key.strip()}: {quoted(value.strip())}")
        else:  # the colon is in a line that continues a text begun on a line above
            hint = _("put the whole value in quotes, or write it as block text: `key: >` and the text on the "
                     "lines below, indented")
    elif "end of stream" in problem and "quoted scalar" in context and context_mark is not None:
        mark, quote = context_mark, text[context_mark.index]
        cause = _("the quote {quote} is never closed").format(quote=quote)
        hint = _("end the value with a matching {quote}, or remove the opening one").format(quote=quote)
    elif "nesting depth" in problem:  # libyaml's own bound (PyYAML 6.0.4 and later), met before ours
        cause = _("the lists or mappings are nested too deeply")
        hint = _("a brief needs a few levels of nesting; look for brackets opened and never closed")
    elif "flow" in context:  # inside [ ] or { }
        opener = _unclosed_bracket(text, index)
        opening = text[opener] if opener is not None else "["
        if opener is not None and mark is not None and lines.position(opener)[0] < mark.line + 1:
            line, column = lines.position(opener)
            if opening == "[":
                cause = _("the [ is never closed")
                hint = _("end the list with ] on the same line, or put a value that holds a comma, a colon or a "
                         "bracket in quotes")
            else:
                cause = _("the { is never closed")
                hint = _("end the mapping with } on the same line, or put a value that holds a comma, a colon or "
                         "a bracket in quotes")
            return LoadError(_("not valid YAML: {cause} ({hint})").format(cause=cause, hint=hint), path=path,
                             line=line, column=column)
        # the parser's complaint is about the innermost [ ] or { } still open, or any if none is found
        if opener is None:
            cause = _("something unexpected inside [ ] or { }")
        elif opening == "[":
            cause = _("something unexpected inside [ ]")
        else:
            cause = _("something unexpected inside { }")
        hint = _("put a value that holds a comma, a colon, a # or a bracket in quotes")
    elif "could not find expected ':'" in problem and context_mark is not None:
        mark = context_mark
        cause = _("this line has no `key: value` colon")
        hint = _("write `key: value`, with a space after the colon; if the line continues the text above, "
                 "indent it more than that text's key")
    elif "block sequence entries are not allowed" in problem:
        cause = _("a list item (`- `) on the same line as its key")
        hint = _("start the list on the next line, each item indented and starting with `- `")
    elif "did not find expected key" in problem or "expected '-' indicator" in problem:
        own = line_of(index)
        before = own[: mark.column] if mark else ""
        if before.strip() and char in "]}":
            cause = _("a closing {bracket} without an opening one").format(bracket=char)
            hint = _("remove it, or put the whole value in quotes")
        elif before.strip() and before.rstrip()[-1:] in "\"'":
            cause = _("text after the closing quote")
            key, _sep, value = own.partition(": ")
            value = value.strip()
            # The quoted text may have begun on a line above: then this line holds no `key: value` to quote.
            hint = (_("put the whole value in quotes: `{rewritten}`").format(
                rewritten=f"{key.strip()}: {quoted(value)}") if value else _("put the whole value in quotes"))
        elif before.strip():
            cause = _("more text after a value")
            hint = _("put the whole value in quotes")
        else:
            cause = _("this line is not indented like the lines above it")
            hint = _("keys of one mapping, and the `- ` of one list, start in the same column; indent the keys "
                     "that belong to a key more than it")
    elif "cannot start any token" in problem and char:
        cause = _("a value cannot start with {character}").format(character=char)
        own = line_of(index)
        key, _sep, value = own.partition(": ")
        if value.strip() and mark is not None and mark.column >= len(key) + 2 and not key.strip().startswith("- "):
            hint = _("put the whole value in quotes: `{rewritten}`").format(
                rewritten=f"{key.strip()}: {quoted(value.strip())}")
        else:
            hint = _("put the whole value in quotes")
    elif "escape" in problem or "hexdecimal" in problem:
        # The parser stops at the backslash or at a character of the escape after it, on the backslash's line.
        line, column = lines.position(text.rfind("\\", text.rfind("\n", 0, index) + 1, index + 1))
        return LoadError(_("not valid YAML: a backslash in double quotes starts an escape, and this one is not a "
                           "known escape (write \\\\ for a backslash, or use single quotes, in which a backslash "
                           "is just a backslash)"), path=path, line=line, column=column)
    else:
        cause = problem or str(exc)
        parser_words = True
    if mark is not None and any(q in line_of(mark.index) for q in _CURLY_QUOTES):
        hint = f"{hint}; {_quote_hint()}" if hint else _quote_hint()
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    if parser_words:
        message = (_("not valid YAML: {problem} ({hint})").format(problem=cause, hint=hint) if hint
                   else _("not valid YAML: {problem}").format(problem=cause))
    else:
        message = (_("not valid YAML: {cause} ({hint})").format(cause=cause, hint=hint) if hint
                   else _("not valid YAML: {cause}").format(cause=cause))
    return LoadError(message, path=path, line=line, column=column)


def _unclosed_bracket(text: str, end: int) -> int | None:
    """Where the innermost [ or { still open at `end` was written, skipping quoted text and comments; a
    rough reading, used only to point at the slip after the parser has failed."""
    stack: list[int] = []
    quote = ""
    index = 0
    while index < min(end, len(text)):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote or (char == "\n" and quote == "#"):
                quote = ""
        elif char in "\"'" and (index == 0 or text[index - 1] in " \t\n[{,:"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            quote = "#"
        elif char in "[{":
            stack.append(index)
        elif char in "]}" and stack:
            stack.pop()
        index += 1
    return stack[-1] if stack else None


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


_NULLS = {"", "~", "null", "Null", "NULL"}


@lean_dataclass
class _Frame:
    """A mapping or list being filled, with where it stands and how much it expands to."""

    value: Any
    parts: Path_
    anchor: str | None
    flow: bool = False  # written with [ ] or { }
    size: int = 1
    chars: int = 0
    key: str | None = None  # in a mapping: the key read, waiting for its value
    key_mark: Any = None
    duplicate: bool = False  # a repeated key: its value is read and dropped


class _Builder:
    """Turns parser events into plain dicts, lists and strings, recording positions and checking limits."""

    def __init__(self, path: Path, limits: Limits, text: str, lines: LineIndex) -> None:
        self.path = path
        self.limits = limits
        self.text = text
        self.lines = lines
        self.positions: dict[Path_, Position] = {}
        self.key_positions: dict[Path_, Position] = {}
        self.findings: list[Finding] = []
        self.spans: dict[Path_, tuple[int, int]] = {}
        self.flow_items: dict[Path_, FlowItem] = {}
        self.scalar_spans: list[tuple[int, int]] = []  # of every scalar, keys too, in order: for find_comments
        self.root: Any = None
        self.root_position: Position = (1, 1)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.nodes = 0
        self.chars = 0
        self.documents = 0

    def _fail(self, message: str, mark: Any) -> LoadError:
        line, column = _pos(mark)
        return LoadError(message, path=self.path, line=line, column=column)

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            raise self._fail(_("the tag {tag} is not allowed: a brief holds plain text, numbers, dates, lists and "
                               "mappings only").format(tag=repr(tag)), event.start_mark)

    def _count(self, size: int, chars: int, mark: Any) -> None:
        self.nodes += size
        self.chars += chars
        if self.nodes > self.limits.max_nodes:
            raise self._fail(_("the file expands to more than {limit} values (too many aliases?)").format(
                limit=number(self.limits.max_nodes)), mark)
        if self.chars > self.limits.chars:
            raise self._fail(_("the file expands to more than {limit} characters of text (too many aliases of "
                               "long text?)").format(limit=number(self.limits.chars)), mark)

    def _child_parts(self) -> Path_ | None:
        """Where the next value goes; None while a mapping waits for a key (or drops a duplicate)."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.parts, len(frame.value))
        if frame.key is None or frame.duplicate:
            return None
        return (*frame.parts, frame.key)

    def _attach(self, value: Any, mark: Any, size: int, chars: int) -> None:
        if not self.stack:
            self.root, self.root_position = value, _pos(mark)
            self.positions[()] = self.root_position
            return
        frame = self.stack[-1]
        frame.size += size
        frame.chars += chars
        if isinstance(frame.value, list):
            self.positions.setdefault((*frame.parts, len(frame.value)), _pos(mark))
            frame.value.append(value)
            return
        if frame.key is None:  # this value is a key
            if not isinstance(value, str):
                raise self._fail(_("a key must be a plain word, not a list, a mapping or nothing"), mark)
            child = (*frame.parts, value)
            frame.key, frame.key_mark, frame.duplicate = value, mark, value in frame.value
            if frame.duplicate:
                first_line = self.key_positions[child][0]
                line, column = _pos(mark)
                self.findings.append(Finding(
                    code=DUPLICATE_KEY, severity=Severity.ERROR,
                    message=_("`{where}` is given twice (first on line {line}); a YAML reader would silently "
                              "keep only one of them").format(where=format_path(child), line=first_line),
                    path=format_path(child), line=line, column=column, file=str(self.path),
                    hint=_("keep one of them"),
                ))
            else:
                self.key_positions[child] = _pos(mark)
            return
        if not frame.duplicate:
            child = (*frame.parts, frame.key)
            self.positions.setdefault(child, _pos(mark))
            frame.value[frame.key] = value
        frame.key, frame.duplicate = None, False

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.ScalarEvent):  # first: most events are scalars (the kinds are disjoint)
            self._scalar(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self._fail(_("a brief is one YAML document: remove the second `---`"), event.start_mark)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_tag(event)
            self._count(1, 0, event.start_mark)
            if len(self.stack) >= self.limits.max_depth:
                raise self._fail(_("nesting deeper than {limit} levels").format(limit=number(self.limits.max_depth)),
                                 event.start_mark)
            parts = self._child_parts()
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            frame_parts = parts if parts is not None else (*self.stack[-1].parts, "?")
            self._note_flow_item(event, plain=False)
            self._attach(container, event.start_mark, 0, 0)
            self.stack.append(_Frame(container, frame_parts, event.anchor, flow=bool(event.flow_style)))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.value, frame.size, frame.chars)
            if self.stack:
                self.stack[-1].size += frame.size
                self.stack[-1].chars += frame.chars
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self._fail(_("the alias *{anchor} names no anchor before it").format(anchor=event.anchor),
                                 event.start_mark)
            value, size, chars = self.anchors[event.anchor]
            self._count(size, chars, event.start_mark)
            self._note_flow_item(event, plain=False)
            self._attach(value, event.start_mark, size, chars)

    def _note_flow_item(self, event: Any, *, plain: bool, key: str | None = None) -> None:
        """Remember an item of a `[ ]` list, or a key of a `{ }` mapping (`key`): whether it was plain,
        and whether it came right after a comma, with no space (`[22,5]`)."""
        if not self.stack or not self.stack[-1].flow:
            return
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            parts: Path_ = (*frame.parts, len(frame.value))
        elif key is not None:
            parts = (*frame.parts, key)
        else:
            return
        start, end = event.start_mark.index, event.end_mark.index
        tight = self.text[start - 1: start] == ","  # empty at the start of the text
        self.flow_items.setdefault(parts, FlowItem(plain=plain, start=start, end=end, tight=tight))

    def _scalar(self, event: Any) -> None:
        self._check_tag(event)
        value_text: str = event.value
        self._count(1, len(value_text), event.start_mark)
        self._note_span(event)
        plain = not event.style
        if plain and value_text == "<<" and self.stack and isinstance(self.stack[-1].value, dict) \
                and self.stack[-1].key is None:
            raise self._fail(_("merge keys (<<) are not supported: write the keys out"), event.start_mark)
        if len(value_text) > self.limits.max_string:
            raise self._fail(_("a value longer than {limit} characters").format(limit=number(self.limits.max_string)),
                             event.start_mark)
        # `~`, `null` or nothing, written plain (a quoted "null" is text), or an explicit `!!null`
        is_null = plain and ((event.implicit[0] and event.tag is None and value_text in _NULLS)
                             or event.tag == _NULL_TAG)
        parts = self._child_parts()
        if parts is not None and not is_null:
            self.spans.setdefault(parts, (event.start_mark.index, event.end_mark.index))
            self._check_characters(parts, event)
        elif parts is None and self.stack and self.stack[-1].key is None:
            self._check_characters((*self.stack[-1].parts, value_text), event)  # a key's characters too
        is_key = bool(self.stack) and isinstance(self.stack[-1].value, dict) and self.stack[-1].key is None
        self._note_flow_item(event, plain=plain, key=value_text if is_key else None)
        value = None if is_null else value_text
        self._attach(value, event.start_mark, 1, len(value_text))
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, len(value_text))

    def _note_span(self, event: Any) -> None:
        """Where a scalar stands, for finding comments; block text from the line after its header
        (`text: | # a comment` may end its header line with a comment)."""
        start, end = event.start_mark.index, event.end_mark.index
        if event.style in ("|", ">"):
            header_end = self.text.find("\n", start, end)
            start = end if header_end < 0 else header_end
        self.scalar_spans.append((start, end))

    def _check_characters(self, parts: Path_, event: Any) -> None:
        """A finding for the first character of a value that a Word document cannot hold or would hide,
        and a warning for a tab, which the document shows as a space; never a silent removal."""
        value: str = event.value
        if value.isprintable() or ("\n" in value and value.replace("\n", "").isprintable()):
            return  # every character _UNSAFE names, and the tab, is one str.isprintable refuses (a test checks)
        unsafe = _UNSAFE.search(value)
        if unsafe is not None:
            self._character_finding(parts, event, unsafe.group(), Severity.ERROR)
        elif "\t" in value:
            self._character_finding(parts, event, "\t", Severity.WARNING)

    def _character_finding(self, parts: Path_, event: Any, char: str, severity: Severity) -> None:
        start, end = event.start_mark.index, event.end_mark.index
        source = self.text[start:end]
        index, escape = source.find(char), ""
        if index < 0 and event.style == '"':
            for match in _ESCAPE.finditer(source):
                code = match.group(1)
                decoded = chr(int(code[1:], 16)) if len(code) > 1 else _NAMED_ESCAPES.get(code, code)
                if decoded == char:
                    index, escape = match.start(), match.group()
                    break
        line, column = self.lines.position(start + max(index, 0))
        where = format_path(parts)
        if severity is Severity.ERROR:
            message = (_("`{where}` contains the character {character}, written as the escape `{escape}`, which a "
                         "Word document cannot show as written (a control or invisible character)") if escape else
                       _("`{where}` contains the character {character}, which a Word document cannot show as "
                         "written (a control or invisible character)"))
            message = message.format(where=where, character=describe_character(char), escape=escape)
            hint = _("delete it; to break a line in long text, use block text (`|` or `>`) and an ordinary line "
                     "break")
        else:
            message = (_("`{where}` contains a tab, written as the escape `{escape}`, which the document shows as a "
                         "space") if escape else
                       _("`{where}` contains a tab, which the document shows as a space")
                       ).format(where=where, escape=escape)
            hint = _("use a space, or a list or a table where columns are wanted")
            value: str = event.value
            # A short plain value on one line is shown rewritten (not a key's own tab: its parts end in it).
            if not event.style and "\n" not in value and len(value) <= 60 and parts and parts[-1] != value:
                rewritten = re.sub(r"[ \t]*\t[ \t]*", " ", value)
                hint = _("write {rewritten}, with a space instead of the tab; where columns are wanted, use a list "
                         "or a table").format(rewritten=key_value(parts, rewritten))
        self.findings.append(Finding(code=UNSAFE_CHARACTER, severity=severity, message=message, path=where,
                                     line=line, column=column, hint=hint, file=str(self.path)))


def private_to_user(info: Any) -> bool:
    """Whether a file or folder (its `os.stat`) is the user's own and no one else may write it: what a cache
    must be before anything in it is loaded (a compiled template or a validator is code). On systems without
    POSIX owners, the folder's ACLs decide, and it is taken as private."""
    import os
    import stat

    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
