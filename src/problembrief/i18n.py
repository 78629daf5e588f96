"""Message catalogues (gettext): every word a user reads, in Danish or English.

English is the source language: a message's id is its English text, written in the code as `_("…")` (or
`N_("…")` where the text is only marked, at import time, and translated where it is shown). Placeholders are
named and filled after translation: `_("`{where}` is required but missing").format(where=where)`, so a
translator may move them.

The catalogues are in `locale/<language>/LC_MESSAGES/<domain>.po` beside this module, edited by translators
and compiled to `.mo` files that ship in the package (`python scripts/catalogues.py compile`; a test fails when
a compiled catalogue is stale, when a message in the code has no entry, or when a Danish entry is empty).
Each domain covers its own part of the tool (DOMAINS), so work on two parts never edits the same file; a
language's domains are chained, and a message is looked up in each in turn. A third language is a folder of
catalogues, not a fork of the code.

The language in force is a context variable: the pipeline sets it to `--lang` or the brief's `language`
while it checks and builds that brief; a command without a brief sets it from `--lang`, then `LC_ALL`,
`LC_MESSAGES` and `LANG`, then English. Library code that never sets it speaks English.
"""

from __future__ import annotations

import codecs
import gettext as _gettext
import itertools
import operator
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path

LANGUAGES = ("da", "en")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# domain: the source files whose messages it holds (globs relative to the package, or to the repository's
# templates/ folder for `templates:`). Extraction and the catalogue tests read this table.
DOMAINS: dict[str, tuple[str, ...]] = {
    "cli": ("cli.py", "commands.py", "quick.py", "pipeline.py", "output.py", "errors.py", "pdf/*.py", "report/*.py",
            "findings.py", "lsp/*.py"),
    "schema": ("load.py", "validate.py", "model/*.py", "schema.py", "format_reference.py"),
    "rules": ("lint/*.py", "lint/rules/*.py"),
    "documents": ("render/*.py", "formatting.py", "templates:*.j2"),
    # The consultation round (issue 12): questions and answers, the correction sheet, the proposed timeline.
    "questions": ("questions/*.py", "templates:questions/*.j2"),
    "corrections": ("corrections/*.py", "templates:corrections/*.j2"),
    "plan": ("plan/*.py", "templates:plan/*.j2"),
    # The guided form (issue 13): the web application's own words, and the form's labels for every field.
    "serve": ("serve/app.py", "serve/guard.py", "serve/session.py", "serve/document.py", "serve/preview.py",
              "serve/templates/*.j2"),
    "form": ("serve/form.py",),
}

_language: ContextVar[str] = ContextVar("problembrief_language", default=DEFAULT)
_pseudo: ContextVar[bool] = ContextVar("problembrief_pseudo", default=False)

# Brackets that no catalogue or user text uses: the pseudo-locale test wraps every translated message in
# them, so any user-facing text outside them in an output did not pass through the catalogues.
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


# --- Looking a message up without parsing every catalogue -------------------------------------------------
#
# Parsing a .mo file decodes every one of its entries (rules.mo holds some 600), and a run that reports nothing
# asks for a handful of messages: parsing all nine domains cost more than the whole check of a brief. So a domain
# is parsed (by gettext itself, so that a translation is exactly what the chain gives) only when its file may hold
# the message asked for: for the first few messages when the message's bytes occur in the file at all (a search
# in C of a few hundred kilobytes), after that when they are one of its ids (a set, built once, of the raw ids
# in its table). Both can say "maybe" for a message the file does not hold, never "no" for one it does. The
# domains are asked in the chain's order, the last of DOMAINS first, and the first that has the message answers.

_MO_MAGIC = {0x950412DE: "<", 0xDE120495: ">"}  # the .mo magic number, as little- and big-endian files store it
_SEARCHES = 16  # messages looked for in a file's bytes before its ids are read into a set


class _Missing(_gettext.NullTranslations):
    """The end of a one-domain chain: says "not here" (MISSING) instead of giving the message back."""

    def gettext(self, message: str) -> str:
        return _MISSING  # type: ignore[return-value]

    def pgettext(self, context: str, message: str) -> str:
        return _MISSING  # type: ignore[return-value]

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return _MISSING  # type: ignore[return-value]


_MISSING: str = object()  # type: ignore[assignment]
_NOT_HERE = _Missing()


class _Catalogue:
    """One domain's compiled catalogue of one language: its bytes, read at once and checked as gettext would
    check them; its translations, parsed by gettext when first needed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._parsed: _gettext.GNUTranslations | None = None
        self._data = path.read_bytes()
        self._ids: frozenset[bytes] | None = None
        self._searches = 0
        self._table = _id_table(self._data)
        if self._table is None:  # a file this reading does not follow: gettext parses it (and says what is wrong)
            self.parsed()

    def parsed(self) -> _gettext.GNUTranslations:
        if self._parsed is None:
            with self.path.open("rb") as stream:
                catalogue = _gettext.GNUTranslations(stream)
            catalogue.add_fallback(_NOT_HERE)
            self._parsed = catalogue
        return self._parsed

    def may_hold(self, key: str) -> bool:
        """Whether the catalogue may have `key` (a message id, with its context as gettext joins them), as a
        message or as the singular of a plural message. Never False for a message it has."""
        if self._table is None:
            return True
        try:
            raw = key.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 file holds it
            return False
        if self._ids is None:
            self._searches += 1
            if self._searches <= _SEARCHES:
                return raw in self._data  # every id is stored as it is somewhere in the file
            self._ids = _message_ids(self._data, *self._table)
        return raw in self._ids


def _id_table(data: bytes) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(lengths, offsets) of a .mo file's ids, or None for a file that is not a UTF-8 catalogue of the usual
    layout (or is corrupt): such a file is left to gettext."""
    try:
        order = _MO_MAGIC.get(struct.unpack_from("<I", data)[0])
        if order is None:
            return None
        version, count, originals, translated = struct.unpack_from(f"{order}4I", data, 4)
        if version >> 16 not in (0, 1):
            return None
        # (length, offset) of every id, then of every translation; mapped in C, not looped over in Python
        table = struct.unpack_from(f"{order}{2 * count}I", data, originals)
        lengths, offsets = table[0::2], table[1::2]
        translated_table = struct.unpack_from(f"{order}{2 * count}I", data, translated)
        ends = map(operator.add, offsets, lengths)
        translated_ends = map(operator.add, translated_table[1::2], translated_table[0::2])
        if max(ends, default=0) >= len(data) or max(translated_ends, default=0) >= len(data):
            return None  # gettext calls the file corrupt
        header = lengths.index(0)
        header_length, header_offset = translated_table[2 * header], translated_table[2 * header + 1]
    except (struct.error, ValueError):  # too short, or no header (the entry with the empty id)
        return None
    if not _is_utf8(data[header_offset:header_offset + header_length]):
        return None
    return lengths, offsets


def _message_ids(data: bytes, lengths: tuple[int, ...], offsets: tuple[int, ...]) -> frozenset[bytes]:
    """The raw ids of a .mo file's entries, a plural entry's singular id too."""
    ids = list(map(data.__getitem__, map(slice, offsets, map(operator.add, offsets, lengths))))
    plurals = itertools.compress(ids, map(operator.contains, ids, itertools.repeat(b"\0")))  # `one\0many`
    return frozenset([*ids, *(key.split(b"\0", 1)[0] for key in plurals)])  # gettext finds a plural by its singular


def _is_utf8(header: bytes) -> bool:
    """Whether a catalogue's header names UTF-8 as its charset, as gettext reads the header."""
    charset = None
    for line in header.split(b"\n"):
        name, colon, value = line.partition(b":")
        if colon and name.strip().lower() == b"content-type":
            if b"charset=" not in value:
                return False  # gettext fails on it
            charset = value.strip().split(b"charset=")[1]
    if charset is None:
        return False
    try:
        return codecs.lookup(charset.decode("ascii")).name == "utf-8"
    except (LookupError, UnicodeDecodeError):
        return False


@cache
def _catalogues(language: str) -> tuple[_Catalogue, ...]:
    """A language's catalogues in the order a message is looked up in: the chain's, the last domain first."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return tuple(_Catalogue(folder / f"{domain}.mo") for domain in reversed(DOMAINS)
                 if (folder / f"{domain}.mo").is_file())


def current_language() -> str:
    return _language.get()


def normalise(language: str | None) -> str | None:
    """`da`, `da_DK.UTF-8`, `da-DK` -> `da`; a language without catalogues -> None."""
    if not language:
        return None
    code = language.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The language of the user's locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`), or English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:  # the first one set decides, as in POSIX, even when we have no catalogue for it
            return normalise(value) or DEFAULT
    return DEFAULT


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Speak `code` (normalised; English when unknown) inside the block."""
    chosen = normalise(code) or DEFAULT
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)


@contextmanager
def pseudo(enabled: bool = True) -> Iterator[None]:
    """Wrap every translated message in ⟦…⟧ inside the block (the pseudo-locale test)."""
    token = _pseudo.set(enabled)
    try:
        yield
    finally:
        _pseudo.reset(token)


def _wrap(text: str) -> str:
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if _pseudo.get() and text else text


@lru_cache(maxsize=8192)
def _looked_up(language: str, context: str | None, message: str) -> str:
    """A message's translation, looked up once: the domains are a chain of catalogues, and a render asks for
    the same words hundreds of times."""
    key = message if context is None else _gettext.GNUTranslations.CONTEXT % (context, message)
    for catalogue in _catalogues(language):
        if catalogue.may_hold(key):
            parsed = catalogue.parsed()
            found = parsed.gettext(message) if context is None else parsed.pgettext(context, message)
            if found is not _MISSING:
                return found
    return message


def _(message: str) -> str:
    """The message in the language in force. (The empty message is gettext's key of the catalogue's header,
    so it is returned as it is.)"""
    return _wrap(_looked_up(_language.get(), None, message)) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, in the language in force (Danish and English have two forms)."""
    for catalogue in _catalogues(_language.get()):
        if catalogue.may_hold(singular):
            found = catalogue.parsed().ngettext(singular, plural, count)
            if found is not _MISSING:
                return _wrap(found)
    return _wrap(singular if count == 1 else plural)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it stands (`pgettext("milestone", "award")`)."""
    return _wrap(_looked_up(_language.get(), context, message))


def N_(message: str) -> str:
    """Marks a message for the catalogues without translating it: it is translated where it is shown."""
    return message


def translate_in(code: str, message: str) -> str:
    """The message in a given language, whatever is in force (for a brief's own document language)."""
    with language(code):
        return _(message)
