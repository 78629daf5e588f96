"""The one exception family of the library. The CLI is the only place that catches it."""

from __future__ import annotations

from pathlib import Path


class ProblemBriefError(Exception):
    """Base class: the tool could not do its job (exit code 2)."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message


class LoadError(ProblemBriefError):
    """The input could not be read or parsed as YAML."""


class TemplateError(ProblemBriefError):
    """A template is missing or broken."""


class OutputError(ProblemBriefError):
    """The output could not be written."""
