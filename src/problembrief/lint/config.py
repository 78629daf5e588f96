"""Which rules run, at which severity: `[tool.problembrief]` in pyproject.toml or a `.problembrief.toml`.

    [tool.problembrief]            # in .problembrief.toml: the same keys at the top level
    select = ["PB1", "PB301"]      # codes or prefixes; default: every rule
    ignore = ["PB105"]
    severity = { PB506 = "warning" }                          # a rule code = error, warning or info
    lexicon = { da = ["velfærdsteknologi\\w*"], en = [] }   # extra solution words for PB101

Every code must name a rule or a schema check (a prefix must start at least one), so that a typo cannot
silently switch rules off. Lexicon entries are regular expressions in the safe subset described in
`lint/patterns.py` (whole words, one `\\w*`-like repetition, no nested repetitions or back-references),
checked when the file is read. Anything else is a UsageError naming the file, the key and what is
allowed; a configuration is never half applied.

Where the configuration comes from: the nearest file upward from the brief, looking no further than the
repository root (a folder holding `.git`) or the user's home folder, whichever comes first; in one folder
`.problembrief.toml` wins over `pyproject.toml`. Because a configuration can silence every rule, a file
that someone else could have put there is skipped, as git's `safe.directory` does: one in a world-writable
folder without the sticky bit, one anyone may write, or one owned by another user than the current one or
root (the usual CI user). Skipped files are listed on `LintConfig.ignored` for the reports to show.
Options given on the command line are applied on top (`with_options`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from problembrief.errors import UsageError
from problembrief.findings import Severity, format_path, lean_dataclass
from problembrief.i18n import N_, _, ngettext
from problembrief.lint.patterns import UnsafePattern, check_pattern

DEDICATED = ".problembrief.toml"
PYPROJECT = "pyproject.toml"
LANGUAGES = ("da", "en")


class ConfigError(UsageError):
    """The configuration file is unreadable or has a value that cannot be used (exit code 2)."""


class ConfigFile(BaseModel):
    """The keys of the configuration table, as written in the file (codes not yet checked)."""

    # Built when a configuration file is first read, not at import: most briefs have none, and building it (with
    # pydantic's look for plugins among the installed packages) cost every `validate` some 20 ms.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    lexicon: dict[Literal["da", "en"], list[str]] = Field(default_factory=dict)


# What each key allows, for messages: said in the words of the file, not of pydantic (translated where shown).
_ALLOWED = {
    "select": N_('a list of rule codes or prefixes, e.g. select = ["PB1", "PB301"]'),
    "ignore": N_('a list of rule codes or prefixes, e.g. ignore = ["PB105"]'),
    "severity": N_('a table of rule codes and levels (error, warning or info), e.g. severity = { PB506 = "warning" }'),
    "lexicon": N_('a table of languages (da, en) and lists of patterns, e.g. lexicon = { da = ["robot\\\\w*"] }'),
}


@lean_dataclass(frozen=True)
class LintConfig:
    """The rules' configuration for a brief: selection, severities and lexicon, from a file and the command line."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    lexicon: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: Path | None = None  # the file used; None for the built-in defaults
    # Configuration files found but skipped as untrusted, each as a sentence the reports can show.
    ignored: tuple[str, ...] = ()
    # Whether `# problembrief: disable=…` comments in a brief silence findings; a gatekeeper in CI turns it off
    # (--no-inline-ignore), so that a brief cannot silence an error past review.
    inline_ignore: bool = True

    def __post_init__(self) -> None:
        # The patterns run over text anyone may have written, so the safety check holds however the
        # configuration was made, not only when it was read from a file.
        check_lexicon(self.lexicon, self.source)

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)

    def with_options(self, select: Sequence[str] | str | None,
                     ignore: Sequence[str] | str | None) -> LintConfig:
        """Command-line --select replaces the file's selection; --ignore adds to its ignore list.

        Raises UsageError when an option names no known code (see catalogue.check_codes)."""
        from problembrief.lint.catalogue import check_codes  # not at the top: the families import this module

        chosen = check_codes(select, source="--select")
        return replace(
            self,
            select=chosen or self.select,
            ignore=self.ignore + check_codes(ignore, source="--ignore"),
        )


def find_config(start: Path) -> LintConfig:
    """The configuration that applies to a brief at `start` (a file or a folder); see the module docstring."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    ignored: list[str] = []
    for candidate in _search_folders(folder):
        for name in (DEDICATED, PYPROJECT):
            path = candidate / name
            if not path.is_file():
                continue
            distrust = _distrust(path)
            if distrust is not None:
                if name == DEDICATED or _has_table(path):
                    ignored.append(_("ignored the configuration {path}: {reason}").format(path=path, reason=distrust))
                continue
            if name == DEDICATED:
                return load_config(_read(path), path, ignored=tuple(ignored))
            table = _tool_table(_read(path), path)
            if table is not None:
                return load_config(table, path, ignored=tuple(ignored))
    return LintConfig(ignored=tuple(ignored))


def _search_folders(folder: Path) -> Iterator[Path]:
    """The folder and its parents, up to and including the repository root or the home folder."""
    try:
        home: Path | None = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder known (a bare CI container)
        home = None
    for candidate in (folder, *folder.parents):
        yield candidate
        if candidate == home or (candidate / ".git").exists():
            return


def _distrust(path: Path) -> str | None:
    """Why a configuration file might have been put there by someone else, or None when it is safe to use."""
    if not hasattr(os, "getuid"):  # Windows: permissions are ACLs, and there is nothing portable to check
        return None
    try:
        folder, link, target = path.parent.stat(), path.lstat(), path.stat()
    except OSError as exc:
        return _("its permissions cannot be read ({reason})").format(reason=exc.strerror)
    if folder.st_mode & stat.S_IWOTH and not folder.st_mode & stat.S_ISVTX:
        return _("its folder {folder} can be changed by anyone").format(folder=path.parent)
    if target.st_mode & stat.S_IWOTH:
        return _("anyone can change it")
    trusted = {0, os.getuid()}  # root owns files in most CI containers
    for owner in {link.st_uid, target.st_uid}:  # a link and the file it points at must both be trusted
        if owner not in trusted:
            return _("it belongs to another user (uid {owner}), and a configuration can switch rules off").format(
                owner=owner)
    return None


def _has_table(path: Path) -> bool:
    import tomllib  # here, not at the top: only a folder with a configuration file pays for it

    try:
        tool = tomllib.loads(path.read_text(encoding="utf-8")).get("tool")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(tool, dict) and "problembrief" in tool


def _read(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(_("cannot read the configuration: {error}").format(error=exc), path=path) from exc


def _tool_table(document: dict[str, Any], path: Path) -> dict[str, Any] | None:
    tool = document.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(_("`tool` must be a table"), path=path, field="tool")
    table = tool.get("problembrief")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(_("`[tool.problembrief]` must be a table of options: select, ignore, severity, lexicon"),
                          path=path, field="tool.problembrief")
    return table


def check_lexicon(lexicon: dict[str, tuple[str, ...]], path: Path | None, prefix: str = "") -> None:
    """Raise ConfigError naming the first lexicon pattern that could make a rule slow (lint/patterns.py)."""
    for language, patterns in lexicon.items():
        for index, pattern in enumerate(patterns):
            try:
                check_pattern(pattern)
            except UnsafePattern as exc:
                raise ConfigError(_("`{where}` {pattern} cannot be used: {reason}").format(
                    where=f"{prefix}lexicon.{language}[{index}]", pattern=repr(pattern), reason=exc),
                                  path=path, field=f"lexicon.{language}") from None


def load_config(table: dict[str, Any], path: Path, *, ignored: tuple[str, ...] = ()) -> LintConfig:
    """A configuration table (already read from `path`) checked and turned into a LintConfig."""
    prefix = "[tool.problembrief] " if path.name == PYPROJECT else ""
    try:
        parsed = ConfigFile.model_validate(table)
    except ValidationError as exc:
        raise _describe(exc, table, path, prefix) from None

    from problembrief.lint.catalogue import code_problem, normalise_codes, rule_codes  # see with_options

    def codes(key: str, values: list[str]) -> tuple[str, ...]:
        normalised = normalise_codes(values)
        for code in normalised:
            problem = code_problem(code)
            if problem:
                raise ConfigError(_("`{where}`: {problem}").format(where=f"{prefix}{key}", problem=problem), path=path,
                                  field=key)
        return normalised

    severity: dict[str, Severity] = {}
    for written, level in parsed.severity.items():
        code = written.strip().upper()
        problem = code_problem(code, prefix=False)
        if problem is None and code not in rule_codes():
            problem = _("{code} is a schema check, which is always an error").format(code=code)
        if problem:
            allowed = _ALLOWED["severity"]
            raise ConfigError(_("`{where}`: {problem}; {allowed}").format(
                where=f"{prefix}severity", problem=problem, allowed=_(allowed)), path=path, field="severity")
        severity[code] = level

    lexicon = {language: tuple(patterns) for language, patterns in parsed.lexicon.items()}
    check_lexicon(lexicon, path, prefix)

    return LintConfig(select=codes("select", parsed.select), ignore=codes("ignore", parsed.ignore),
                      severity=severity, lexicon=lexicon, source=path, ignored=ignored)


def _describe(exc: ValidationError, table: dict[str, Any], path: Path, prefix: str) -> ConfigError:
    """The first problem pydantic found, in the words of the configuration file."""
    # `table` is always a table (a dict), so every error has a location starting with a key: an unknown
    # one (extra_forbidden, which only top-level keys can be), else one of the four options.
    error = exc.errors(include_url=False)[0]
    loc = [str(part) for part in error["loc"]]
    key = loc[0]
    where = f"`{prefix}{format_path(tuple(error['loc']))}`"
    kind = error["type"]
    if kind == "extra_forbidden":
        unknown = sorted(set(table) - set(ConfigFile.model_fields))
        import difflib  # only a misspelt option needs it

        close = difflib.get_close_matches(unknown[0], list(ConfigFile.model_fields), n=1)
        where_found = prefix.strip() or _("the configuration")
        suggestion = _("; did you mean {close}?").format(close=close[0]) if close else ""
        message = ngettext("unknown option(s) {options} in {where}{suggestion}; known: {known}",
                           "unknown option(s) {options} in {where}{suggestion}; known: {known}", len(unknown)).format(
            options=", ".join(unknown), where=where_found, suggestion=suggestion,
            known=", ".join(ConfigFile.model_fields))
        return ConfigError(message, path=path, field=unknown[0])
    if key == "lexicon" and kind == "literal_error":  # a language that is not allowed: loc is (lexicon, it, [key])
        message = _("`{where}` has the language {language}; languages are {languages}").format(
            where=f"{prefix}lexicon", language=repr(loc[1]), languages=_(" and ").join(LANGUAGES))
    elif key == "lexicon" and len(loc) == 2 and kind == "list_type":
        message = _('{where} must be a list of patterns, not {value}: write {language} = ["…"], one pattern per '
                    "entry").format(where=where, value=_shown(error.get("input")), language=loc[1])
    elif key == "severity" and len(loc) == 2 and kind == "enum":
        message = _("{where} must be error, warning or info, not {value}").format(
            where=where, value=_shown(error.get("input")))
    else:
        message = _("{where} cannot be {value}").format(where=where, value=_shown(error.get("input")))
    return ConfigError(_("{message}; {key} must be {allowed}").format(
        message=message, key=f"{prefix}{key}", allowed=_(_ALLOWED[key])), path=path, field=key)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
