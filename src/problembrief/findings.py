"""Findings: what validation and the rules say about a brief, each pointing at a place in the file."""

from __future__ import annotations

import dataclasses
import operator
import re
import reprlib
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, TypeVar, overload

_Class = TypeVar("_Class", bound=type)


@overload
def lean_dataclass(cls: _Class, /) -> _Class: ...
@overload
def lean_dataclass(*, frozen: bool = False, slots: bool = False) -> Callable[[_Class], _Class]: ...
def lean_dataclass(cls: Any = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """A dataclass, to the letter (the same fields, __init__, frozen-ness, slots, `replace` and `fields`), but
    with its __repr__, __eq__ and __hash__ made here from the list of fields rather than written as source and
    compiled for each class.

    The standard library compiles every method it adds, class by class, when the module is imported: some 0.1 ms
    a method, half a millisecond a class, and a dozen milliseconds over the classes a check imports, more than
    the check of a brief takes. Their __init__ is left to it (it is the one every instance runs); these three
    are rarely called and work the same from the field names. They give what dataclass's give: `Name(a=1, b='x')`
    with `...` for a repr that recurses, equality only with an instance of the very same class over the fields
    compared, the hash of those fields for a frozen class, and none (unhashable) for one that is not."""

    def wrap(cls: _Class) -> _Class:
        made = dataclasses.dataclass(cls, frozen=frozen, slots=slots, repr=False, eq=False)
        fields = dataclasses.fields(made)
        _share_methods(made, shown=tuple(f.name for f in fields if f.repr),
                       compared=tuple(f.name for f in fields if f.compare),
                       hashed=tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)),
                       frozen=frozen)
        return made

    return wrap if cls is None else wrap(cls)


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of these fields of an instance, as a tuple (attrgetter gives a bare value for one name)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        name = names[0]
        return lambda instance: (getattr(instance, name),)
    return lambda _instance: ()


def _share_methods(cls: type, *, shown: tuple[str, ...], compared: tuple[str, ...], hashed: tuple[str, ...],
                   frozen: bool) -> None:
    compared_values, hashed_values = _values(compared), _values(hashed)

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared_values(self) == compared_values(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed_values(self))

    for method in (__repr__, __eq__, __hash__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
    cls.__repr__ = __repr__  # type: ignore[assignment]
    cls.__eq__ = __eq__  # type: ignore[assignment]
    cls.__hash__ = __hash__ if frozen else None  # type: ignore[assignment]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@lean_dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check says about a brief, at its place in the file (or the file's failure to be checked)."""

    code: str
    severity: Severity
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    file: str | None = None
    suppressed: bool = False  # silenced by the brief's lint_ignore or an inline comment: shown, not counted
    # What silenced it: "lint_ignore", or "comment" with the comment's reason after `--` (SARIF's justification).
    suppressed_by: str | None = None
    suppression_reason: str = ""
    # The file could not be checked at all (unreadable, not valid YAML, an internal error): reports show it
    # as an error of the run (JUnit <error>, a SARIF notification), and the exit code is 2, not 1.
    fatal: bool = False

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.code)


def fails(finding: Finding, *, strict: bool = False) -> bool:
    """Whether a finding fails a check: errors always, warnings too when strict, a suppressed one never."""
    if finding.suppressed:
        return False
    return finding.severity is Severity.ERROR or (strict and finding.severity is Severity.WARNING)


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    return any(fails(f, strict=strict) for f in findings)


@lean_dataclass(frozen=True)
class RuleInfo:
    """What a report says about a code it uses (SARIF's rule descriptors): from the catalogue, handed down."""

    code: str
    name: str
    severity: Severity
    summary: str
    documentation: str = ""
    hint: str = ""
    source: str = ""
    bad: str = ""  # the rule's bad and good examples, as `rules CODE` shows them (SARIF's help text)
    good: str = ""


@lean_dataclass(frozen=True)
class FileReport:
    """What one run says about one file: its findings and the configuration that judged it."""

    file: str
    findings: tuple[Finding, ...] = ()
    config: str | None = None  # the configuration file used, or None for the built-in defaults
    # The language its messages are in (i18n code); a report's own words about the file (severity, "hint")
    # follow it, so one line never mixes two languages. None: the language in force when it is rendered.
    language: str | None = None

    @property
    def fatal(self) -> Finding | None:
        return next((f for f in self.findings if f.fatal), None)


def format_path(parts: tuple[str | int, ...]) -> str:
    """Dotted path with list indices: ('outcomes', 1, 'target', 'value') -> outcomes[1].target.value."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class LazyPattern:
    """A regular expression compiled when it is first used, and then used as the compiled `re.Pattern` is
    (`search`, `finditer`, `sub`, …). Most runs never make the message or take the branch that needs a given
    pattern, and compiling them all when their module is imported cost a command more than its own check."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # never the pattern's: a half-made copy must not recurse through `compiled`
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r}, {self._flags!r})"


# Characters a terminal, a log viewer or an editor acts on instead of showing: the C0 controls (ESC starts a
# terminal escape sequence, CR overwrites a line, a line break forges a new finding line), DEL and the C1
# controls (U+0085 is a line break to some readers), the Unicode line and paragraph separators, the bidi
# controls that make a line read differently from what it is (Trojan Source), lone surrogates (an
# undecodable file name) and U+FFFE/U+FFFF (not allowed in XML).
INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_UNSAFE = LazyPattern(f"[\x00-\x1f{INVISIBLE}]")
_UNSAFE_BUT_LINE_FEED = LazyPattern(f"[\x00-\x09\x0b-\x1f{INVISIBLE}]")


def printable(text: str, *, keep_line_feeds: bool = False) -> str:
    """User text with every unsafe character written as a Python-style escape: ESC as `\\x1b`, a line break
    as `\\n`, a right-to-left override as `\\u202e`. A backslash stays as it is (Windows paths), so text
    that went through once comes back the same. `keep_line_feeds` for text of several lines of our own."""
    pattern = _UNSAFE_BUT_LINE_FEED if keep_line_feeds else _UNSAFE
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
