"""Which rules run, at which severity: `[tool.problembrief]` in pyproject.toml or a `.problembrief.toml`.

The nearest file upward from the brief wins; options given on the command line are applied on top.

    [tool.problembrief]            # in .problembrief.toml: the same keys at the top level
    select = ["PB1", "PB301"]      # codes or prefixes; default: every rule
    ignore = ["PB105"]
    severity = { PB506 = "warning" }
    lexicon = { da = ["velfærdsteknologi\\w*"], en = [] }   # extra solution words for PB101
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from problembrief.errors import ProblemBriefError
from problembrief.findings import Severity


class ConfigError(ProblemBriefError):
    """The configuration file is unreadable or has a value of the wrong kind."""


@dataclass(frozen=True)
class LintConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    lexicon: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: Path | None = None

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)

    def with_options(self, select: list[str] | None, ignore: list[str] | None) -> LintConfig:
        """Command-line --select replaces the file's selection; --ignore adds to its ignore list."""
        return replace(
            self,
            select=tuple(_codes(select)) if select else self.select,
            ignore=self.ignore + tuple(_codes(ignore or [])),
        )


def _codes(values: list[str]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def find_config(start: Path) -> LintConfig:
    """The configuration that applies to a brief at `start` (a file or a folder)."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        dedicated = candidate / ".problembrief.toml"
        if dedicated.is_file():
            return _parse(_read(dedicated), dedicated)
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get("problembrief")
            if table is not None:
                return _parse(table, pyproject)
    return LintConfig()


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read the configuration: {exc}", path=path) from exc


def _parse(table: dict[str, Any], path: Path) -> LintConfig:
    known = {"select", "ignore", "severity", "lexicon"}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(f"unknown option(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}",
                          path=path)

    def code_list(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"`{key}` must be a list of rule codes, e.g. [\"PB105\"]", path=path)
        return tuple(_codes(value))

    severities: dict[str, Severity] = {}
    for code, level in dict(table.get("severity", {})).items():
        try:
            severities[code.upper()] = Severity(level)
        except ValueError:
            raise ConfigError(f"severity of {code} must be error, warning or info, not {level!r}",
                              path=path) from None
    lexicon = {lang: tuple(words) for lang, words in dict(table.get("lexicon", {})).items()}
    return LintConfig(select=code_list("select"), ignore=code_list("ignore"), severity=severities,
                      lexicon=lexicon, source=path)
