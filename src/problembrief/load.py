"""Stage 1: read a brief safely and remember where every value was written.

Every scalar is kept as the text the author typed (the idea behind StrictYAML and PyYAML's
BaseLoader): pydantic turns text into numbers, dates and booleans only where the model wants them,
so `version: 1.10`, `cvr: 01234567` and `reference: 2026-014` stay exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from problembrief.errors import LoadError
from problembrief.findings import Finding, Severity, format_path

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


def child(node: Any, part: str | int) -> Any:
    """One step down raw data: a mapping's key or a list's index; MISSING where there is none."""
    if isinstance(node, dict):
        return node.get(part, MISSING)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return MISSING


def data_yaml(text: str) -> Any:
    """The project's own data files (labels, reference data), read safely with the fast parser. Briefs are
    read by `load_text`, which also keeps positions and enforces limits."""
    return yaml.load(text, Loader=_Loader)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from exhausting memory or time."""

    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 40
    max_nodes: int = 200_000  # counted after alias expansion: stops "billion laughs"
    max_string: int = 100_000


@dataclass
class LoadedBrief:
    """Raw data of one file plus a map from each value's path to its line and column (1-based)."""

    path: Path
    data: dict[str, Any]
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def value_at(self, parts: Path_) -> Any:
        """The raw value at a path, or None where the path does not exist."""
        node: Any = self.data
        for part in parts:
            node = child(node, part)
            if node is MISSING:
                return None
        return node

    def locate(self, parts: Path_, pattern: re.Pattern[str]) -> Position | None:
        """Line and column of the first match of `pattern` inside the value at `parts`, as written in the file.

        Searching the source (not the parsed value) gives the real place in folded and literal block text."""
        span = self.spans.get(tuple(parts))
        if span is None:
            return None
        match = pattern.search(self.text, span[0], span[1])
        if match is None:
            return None
        line = self.text.count("\n", 0, match.start()) + 1
        column = match.start() - (self.text.rfind("\n", 0, match.start()) + 1) + 1
        return (line, column)

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
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8 "
            "(in Notepad: Save as, Encoding: UTF-8)",
            path=path, line=line, column=column,
        ) from exc
    return text.replace("\r\n", "\n")


def load_file(path: Path | str, limits: Limits | None = None) -> LoadedBrief:
    path = Path(path)
    limits = limits or Limits()
    try:
        if not path.is_file():
            # A folder, a device or a pipe is no brief, and reading /dev/zero would never end.
            raise LoadError("not a file" if path.exists() else "no such file", path=path)
        with path.open("rb") as stream:
            raw = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}", path=path) from exc
    if len(raw) > limits.max_bytes:
        raise LoadError(f"the file is larger than the limit of {limits.max_bytes:,} bytes "
                        "(build --max-size raises it)", path=path)
    return load_text(decode(raw, path), path, limits)


def load_text(text: str, path: Path | str = "<string>", limits: Limits | None = None) -> LoadedBrief:
    path = Path(path)
    limits = limits or Limits()
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise LoadError(f"the text is larger than the limit of {limits.max_bytes:,} bytes", path=path)
    if text.startswith("\ufeff"):
        text = text[1:]
    builder = _Builder(path, limits)
    try:
        # Parser events, not yaml.compose: the composer recurses per level of nesting and a file nested
        # some ten thousand levels deep crashes the interpreter; events are read with an explicit stack.
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        line_start = text.rfind("\n", 0, mark.index) + 1 if mark else 0
        indent = text[line_start: mark.index + 1] if mark else ""
        if "\t" in problem or "tab" in problem or (indent and "\t" in indent and not indent.strip(" \t")):
            problem += " (indent with spaces, not tabs)"
        raise LoadError(
            f"not valid YAML: {problem}", path=path,
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        ) from exc
    except yaml.reader.ReaderError as exc:
        # A character YAML (and XML) cannot hold, such as a control character pasted from another program.
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise LoadError(f"not valid YAML: the character U+{exc.character:04X} is not allowed (a control "
                        "character; delete it)", path=path, line=line, column=column) from exc
    except yaml.YAMLError as exc:
        raise LoadError(f"not valid YAML: {exc}", path=path) from exc
    if builder.root is None:
        raise LoadError("the file is empty: a brief is a YAML mapping that starts with schema_version",
                        path=path, line=1, column=1)
    if not isinstance(builder.root, dict):
        line, column = builder.root_position
        kind = "list" if isinstance(builder.root, list) else "single value"
        raise LoadError("the top level must be a mapping of keys (schema_version:, language:, brief:, …), "
                        f"not a {kind}", path=path, line=line, column=column)
    return LoadedBrief(path=path, data=builder.root, positions=builder.positions,
                       key_positions=builder.key_positions, findings=builder.findings, text=text,
                       spans=builder.spans)


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class _Frame:
    """A mapping or list being filled, with where it stands and how many values it expands to."""

    value: Any
    parts: Path_
    anchor: str | None
    size: int = 1
    key: str | None = None  # in a mapping: the key read, waiting for its value
    key_mark: Any = None
    duplicate: bool = False  # a repeated key: its value is read and dropped


class _Builder:
    """Turns parser events into plain dicts, lists and strings, recording positions and checking limits."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.positions: dict[Path_, Position] = {}
        self.key_positions: dict[Path_, Position] = {}
        self.findings: list[Finding] = []
        self.spans: dict[Path_, tuple[int, int]] = {}
        self.root: Any = None
        self.root_position: Position = (1, 1)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0

    def _fail(self, message: str, mark: Any) -> LoadError:
        line, column = _pos(mark)
        return LoadError(message, path=self.path, line=line, column=column)

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            raise self._fail(f"the tag {tag!r} is not allowed: a brief holds plain text, "
                             "numbers, dates, lists and mappings only", event.start_mark)

    def _count(self, size: int, mark: Any) -> None:
        self.nodes += size
        if self.nodes > self.limits.max_nodes:
            raise self._fail(f"the file expands to more than {self.limits.max_nodes:,} values "
                             "(too many aliases?)", mark)

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

    def _attach(self, value: Any, mark: Any, size: int, *, scalar: bool) -> None:
        if not self.stack:
            self.root, self.root_position = value, _pos(mark)
            self.positions[()] = self.root_position
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.value, list):
            self.positions.setdefault((*frame.parts, len(frame.value)), _pos(mark))
            frame.value.append(value)
            return
        if frame.key is None:  # this value is a key
            if not scalar or not isinstance(value, str):
                raise self._fail("a key must be a plain word, not a list, a mapping or nothing", mark)
            child = (*frame.parts, value)
            frame.key, frame.key_mark, frame.duplicate = value, mark, value in frame.value
            if frame.duplicate:
                first_line = self.key_positions[child][0]
                line, column = _pos(mark)
                self.findings.append(Finding(
                    code="PB003", severity=Severity.ERROR,
                    message=f"`{format_path(child)}` is given twice (first on line {first_line}); "
                            "a YAML reader would silently keep only one of them",
                    path=format_path(child), line=line, column=column, file=str(self.path),
                    hint="keep one of them",
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
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self._fail("a brief is one YAML document: remove the second `---`", event.start_mark)
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_tag(event)
            self._count(1, event.start_mark)
            if len(self.stack) >= self.limits.max_depth:
                raise self._fail(f"nesting deeper than {self.limits.max_depth} levels", event.start_mark)
            parts = self._child_parts()
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            frame_parts = parts if parts is not None else (*self.stack[-1].parts, "?")
            self._attach(container, event.start_mark, 0, scalar=False)
            self.stack.append(_Frame(container, frame_parts, event.anchor))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.value, frame.size)
            if self.stack:
                self.stack[-1].size += frame.size
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self._fail(f"the alias *{event.anchor} names no anchor before it", event.start_mark)
            value, size = self.anchors[event.anchor]
            self._count(size, event.start_mark)
            self._attach(value, event.start_mark, size, scalar=isinstance(value, str))

    def _scalar(self, event: Any) -> None:
        self._check_tag(event)
        self._count(1, event.start_mark)
        plain = not event.style
        if plain and event.value == "<<" and self.stack and isinstance(self.stack[-1].value, dict) \
                and self.stack[-1].key is None:
            raise self._fail("merge keys (<<) are not supported: write the keys out", event.start_mark)
        if len(event.value) > self.limits.max_string:
            raise self._fail(f"a value longer than {self.limits.max_string:,} characters", event.start_mark)
        # `~`, `null` or nothing, written plain (a quoted "null" is text), or an explicit `!!null`
        is_null = plain and ((event.implicit[0] and event.tag is None and event.value in _NULLS)
                             or event.tag == _NULL_TAG)
        parts = self._child_parts()
        if parts is not None and not is_null:
            self.spans.setdefault(parts, (event.start_mark.index, event.end_mark.index))
        value = None if is_null else event.value
        self._attach(value, event.start_mark, 1, scalar=True)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
