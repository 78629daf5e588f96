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
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise LoadError(f"the file is {size:,} bytes; the limit is {limits.max_bytes:,}", path=path)
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}", path=path) from exc
    return load_text(decode(raw, path), path, limits)


def load_text(text: str, path: Path | str = "<string>", limits: Limits | None = None) -> LoadedBrief:
    path = Path(path)
    limits = limits or Limits()
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise LoadError(f"the text is larger than the limit of {limits.max_bytes:,} bytes", path=path)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if "\t" in problem or "tab" in problem:
            problem += " (indent with spaces, not tabs)"
        raise LoadError(
            f"not valid YAML: {problem}", path=path,
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        ) from exc
    except yaml.YAMLError as exc:
        raise LoadError(f"not valid YAML: {exc}", path=path) from exc
    if root is None:
        raise LoadError("the file is empty: a brief is a YAML mapping that starts with schema_version",
                        path=path, line=1, column=1)
    if not isinstance(root, yaml.MappingNode):
        raise LoadError("the top level must be a mapping of keys (schema_version:, language:, brief:, …), "
                        f"not a {_kind(root)}", path=path, line=root.start_mark.line + 1,
                        column=root.start_mark.column + 1)
    builder = _Builder(path, limits)
    data = builder.build(root, (), 0)
    return LoadedBrief(path=path, data=data, positions=builder.positions,
                       key_positions=builder.key_positions, findings=builder.findings, text=text,
                       spans=builder.spans)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if isinstance(node, yaml.ScalarNode):
        return "single value"
    return "mapping"


def _pos(node: yaml.Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns the composed node graph into plain dicts, lists and strings, checking as it goes."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.positions: dict[Path_, Position] = {}
        self.key_positions: dict[Path_, Position] = {}
        self.findings: list[Finding] = []
        self.spans: dict[Path_, tuple[int, int]] = {}
        self.nodes = 0

    def _fail(self, message: str, node: yaml.Node) -> LoadError:
        line, column = _pos(node)
        return LoadError(message, path=self.path, line=line, column=column)

    def _check_tag(self, node: yaml.Node) -> None:
        if node.tag not in _ALLOWED_TAGS:
            if node.tag == _CORE + "merge":
                raise self._fail("merge keys (<<) are not supported: write the keys out", node)
            raise self._fail(f"the tag {node.tag!r} is not allowed: a brief holds plain text, "
                             "numbers, dates, lists and mappings only", node)

    def build(self, node: yaml.Node, parts: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self._fail(f"the file expands to more than {self.limits.max_nodes:,} values "
                             "(too many aliases?)", node)
        if depth > self.limits.max_depth:
            raise self._fail(f"nesting deeper than {self.limits.max_depth} levels", node)
        self._check_tag(node)
        self.positions.setdefault(parts, _pos(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL_TAG and not node.style:  # plain `~`, `null` or nothing; not quoted
                return None
            if len(node.value) > self.limits.max_string:
                raise self._fail(f"a value longer than {self.limits.max_string:,} characters", node)
            self.spans.setdefault(parts, (node.start_mark.index, node.end_mark.index))
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*parts, i), depth + 1) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            self._check_tag(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail("a key must be a plain word, not a list or mapping", key_node)
            key = key_node.value
            child = (*parts, key)
            if key in result:
                first_line = self.key_positions[child][0]
                line, column = _pos(key_node)
                self.findings.append(Finding(
                    code="PB003", severity=Severity.ERROR,
                    message=f"`{format_path(child)}` is given twice (first on line {first_line}); "
                            "a YAML reader would silently keep only one of them",
                    path=format_path(child), line=line, column=column, file=str(self.path),
                    hint="keep one of them",
                ))
                continue
            self.key_positions[child] = _pos(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result
