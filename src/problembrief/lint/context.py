"""What a rule sees: the validated brief, where its values stand in the file, and the reference data."""

from __future__ import annotations

import bisect
import re
from dataclasses import field
from functools import cached_property

from problembrief.findings import Finding, Severity, format_path, lean_dataclass
from problembrief.i18n import _
from problembrief.lint.config import LintConfig
from problembrief.lint.inline import Suppressions
from problembrief.lint.patterns import word_pattern
from problembrief.load import LoadedBrief
from problembrief.model import Brief
from problembrief.reference import load as load_reference

PathParts = tuple[str | int, ...]


__all__ = ["LintContext", "PathParts", "word_pattern"]  # word_pattern: the rule families import it from here


@lean_dataclass
class LintContext:
    """What a rule sees: the brief, where its values stand, the configuration, and the rule the runner runs."""

    brief: Brief
    loaded: LoadedBrief
    config: LintConfig = field(default_factory=LintConfig)
    code: str = ""  # the rule being run; set by the runner
    severity: Severity = Severity.WARNING
    hint: str | None = None
    # The running rule's hint as its message id (set by the runner): translated only when one of its findings
    # takes it, since a brief with few findings would otherwise have every rule's hint translated for nothing.
    hint_id: str | None = None
    # The brief's `# problembrief: disable=…` comments, read and applied by the runner (lint/inline.py).
    suppressions: Suppressions = field(default_factory=Suppressions)
    # texts_under's walks, by path: the rules ask for the same sections again and again.
    _texts: dict[PathParts, list[tuple[PathParts, str]]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def language(self) -> str:
        return self.brief.language.value

    def finding(self, parts: PathParts, message: str, *, hint: str | None = None,
                position: tuple[int, int] | None = None, severity: Severity | None = None,
                prefer_key: bool = False) -> Finding:
        # A mapping or list is pointed at by its key ("legal_basis:"), a single value by the value itself.
        prefer_key = prefer_key or isinstance(self.loaded.value_at(parts), (dict, list))
        where = position or self.loaded.position_of(parts, prefer_key=prefer_key)
        line, column = where if where else (None, None)
        return Finding(code=self.code, severity=severity or self.severity, message=message,
                       path=format_path(parts), line=line, column=column, hint=hint or self.rule_hint(),
                       file=str(self.loaded.path))

    def rule_hint(self) -> str | None:
        """The hint of the rule being run, in the language in force: what a finding without its own hint gets."""
        return _(self.hint_id) if self.hint_id is not None else self.hint

    def locate(self, parts: PathParts, pattern: re.Pattern[str]) -> tuple[int, int] | None:
        """Line and column of the first match of `pattern` inside the value at `parts`, as written in the file.

        As LoadedBrief.locate, but the line is found by bisecting the line starts rather than counting
        line breaks from the top of the file, so that many findings in a long text stay linear."""
        span = self.loaded.spans.get(tuple(parts))
        if span is None:
            return None
        match = pattern.search(self.loaded.text, span[0], span[1])
        if match is None:
            return None
        line = bisect.bisect_right(self._line_starts, match.start())
        return (line, match.start() - self._line_starts[line - 1] + 1)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(m.end() for m in re.finditer("\n", self.loaded.text))]

    @cached_property
    def lexicon(self) -> dict[str, list[str]]:
        return load_reference("lexicon")

    def solution_words(self) -> re.Pattern[str]:
        words = list(self.lexicon["solution_words"][self.language])
        words += list(self.config.lexicon.get(self.language, ()))
        return word_pattern(words)

    def texts(self, *sections: str) -> list[tuple[PathParts, str]]:
        """(path, text) of every text value under the given top-level sections, as validated."""
        return [found for section in sections for found in self.texts_under((section,))]

    def texts_under(self, prefix: PathParts) -> list[tuple[PathParts, str]]:
        """(path, text) of every text value under one path (`("outcomes", 2)`), in the order written."""
        walked = self._texts.get(prefix)
        if walked is None:
            walked = self._texts[prefix] = self._walk(prefix)
        return list(walked)  # a list of the caller's own

    def _walk(self, prefix: PathParts) -> list[tuple[PathParts, str]]:
        found: list[tuple[PathParts, str]] = []
        # An explicit stack, not recursion: the loader bounds the depth, but this needs no such promise.
        stack: list[tuple[object, PathParts]] = [(self.loaded.value_at(prefix), prefix)]
        while stack:
            value, parts = stack.pop()
            if isinstance(value, str):
                found.append((parts, value))
            elif isinstance(value, dict):
                stack.extend(((child, (*parts, key)) for key, child in reversed(value.items())))
            elif isinstance(value, list):
                stack.extend(((child, (*parts, index)) for index, child in reversed(list(enumerate(value)))))
        return found
