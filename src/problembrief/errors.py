"""The one exception family of the library, and the one set of exit codes the shells map results to."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from problembrief.i18n import N_


class ExitCode(IntEnum):
    """What a run tells the shell that started it (CI reads these)."""

    OK = 0
    FINDINGS = 1  # findings at error level (or warnings with --strict)
    FAILURE = 2  # the tool could not do its job: unreadable input, bad options, unwritable output


# The codes a file is reported under when it could not be checked at all: (readable name, what it means).
# They are results of the run, not findings about a brief, so they can never be selected or ignored. The
# meaning is marked for the catalogues (N_) and translated where it is shown (`_(summary)`); the name is a key.
RUN_FAILURES: dict[str, tuple[str, str]] = {
    "PB000": ("run.internal-error", N_("The tool failed on this file: a bug in problembrief, please report it.")),
    "PB001": ("run.unreadable", N_("The file could not be read: missing, not a file, not UTF-8 text or too large.")),
    "PB002": ("run.invalid-yaml", N_("The file is not valid YAML or not shaped as a brief; nothing else was checked.")),
    "PB004": ("run.usage", N_("Options or configuration that cannot be honoured: an unknown rule code, a broken "
                              "configuration file.")),
    "PB005": ("run.template", N_("A template is missing or broken.")),
    "PB006": ("run.output", N_("The output could not be written.")),
}


class ProblemBriefError(Exception):
    """Base class: the tool could not do its job (exit code 2)."""

    code = "PB001"  # the finding code a failure is reported under when it concerns one brief

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.field = field

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message


class LoadError(ProblemBriefError):
    """The input could not be read (PB001) or is not valid YAML, or not a brief's shape (PB002)."""

    def __init__(self, message: str, *, code: str = "PB002", **where: object) -> None:
        super().__init__(message, **where)  # type: ignore[arg-type]
        self.code = code


class UsageError(ProblemBriefError):
    """Options or configuration that cannot be honoured: an unknown rule code, a broken config file."""

    code = "PB004"


class TemplateError(ProblemBriefError):
    """A template is missing or broken."""

    code = "PB005"


class OutputError(ProblemBriefError):
    """The output could not be written."""

    code = "PB006"
