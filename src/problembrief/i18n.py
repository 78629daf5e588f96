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

import gettext as _gettext
import os
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
    "cli": ("cli.py", "pipeline.py", "output.py", "errors.py", "pdf/*.py", "report/*.py", "findings.py", "lsp/*.py"),
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


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """Every domain of a language, chained; English (and an unknown language) translate nothing."""
    chain: _gettext.NullTranslations = _gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    for domain in DOMAINS:
        compiled = folder / f"{domain}.mo"
        if compiled.is_file():
            with compiled.open("rb") as stream:
                catalogue = _gettext.GNUTranslations(stream)
            catalogue.add_fallback(chain)
            chain = catalogue
    return chain


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
    catalogue = translations(language)
    return catalogue.gettext(message) if context is None else catalogue.pgettext(context, message)


def _(message: str) -> str:
    """The message in the language in force. (The empty message is gettext's key of the catalogue's header,
    so it is returned as it is.)"""
    return _wrap(_looked_up(_language.get(), None, message)) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, in the language in force (Danish and English have two forms)."""
    return _wrap(translations(_language.get()).ngettext(singular, plural, count))


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
