"""The command line: a thin shell that parses options, calls the library and maps outcomes to exit codes.

It is the only place that prints, exits, or catches ProblemBriefError.
"""

from __future__ import annotations

import sys
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated

import typer

from problembrief import __version__
from problembrief.errors import ProblemBriefError


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at error level (or warnings with --strict)
    FAILURE = 2  # the tool could not do its job: unreadable input, bad options, unwritable output


class OutputFormat(StrEnum):
    DOCX = "docx"
    MD = "md"


app = typer.Typer(
    name="problembrief",
    help="Problem-based tender briefs for Danish municipalities: check a YAML brief, build Word documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"problembrief {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Describe the problem and the outcome wanted, not the solution."""


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _fail(exc: ProblemBriefError, debug: bool) -> typer.Exit:
    if debug:
        raise exc
    _err(f"error: {exc}")
    return typer.Exit(ExitCode.FAILURE)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Brief files (YAML).", show_default=False)],
    output_format: Annotated[str, typer.Option("--format", help="Report format: text or json.")] = "text",
    debug: Annotated[bool, typer.Option(help="Show a traceback for internal errors.")] = False,
) -> None:
    """Check briefs and print findings. Exit 0: no errors; 1: errors found; 2: a file could not be read."""
    from problembrief.pipeline import check
    from problembrief.report import ReportFormat, render_report, summary_line

    try:
        fmt = ReportFormat(output_format)
    except ValueError:
        _err(f"error: unknown --format {output_format!r}; choose one of: "
             + ", ".join(f.value for f in ReportFormat))
        raise typer.Exit(ExitCode.FAILURE) from None
    findings = []
    failed = False
    for path in files:
        try:
            findings.extend(check(path).findings)
        except ProblemBriefError as exc:
            if debug:
                raise
            _err(f"error: {exc}")
            failed = True
    typer.echo(render_report(findings, [str(p) for p in files], fmt), nl=False)
    _err(summary_line(findings, len(files)))
    if failed:
        raise typer.Exit(ExitCode.FAILURE)
    if any(f.severity.value == "error" for f in findings):
        raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def build(
    file: Annotated[Path, typer.Argument(help="The brief (YAML).", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Output file; default: next to the brief.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="docx, or md for review.")] = (
        OutputFormat.DOCX),
    templates: Annotated[Path | None, typer.Option(help="A folder of your own Jinja templates.")] = None,
    debug: Annotated[bool, typer.Option(help="Show a traceback for internal errors.")] = False,
) -> None:
    """Build the tender brief as a Word document (or Markdown with --format md)."""
    from problembrief.findings import has_errors
    from problembrief.pipeline import check, render_docx, render_markdown, write_output
    from problembrief.report import ReportFormat, render_report

    try:
        checked = check(file)
        if checked.findings:
            _err(render_report(checked.findings, [str(file)], ReportFormat.TEXT).rstrip())
        if checked.brief is None or has_errors(checked.findings):
            _err(f"error: {file}: not built, because the brief has errors (see above)")
            raise typer.Exit(ExitCode.FINDINGS)
        brief = checked.brief
        markdown_text = render_markdown(brief, "tender", templates)
        suffix = ".md" if output_format is OutputFormat.MD else ".docx"
        target = output or file.with_name(f"{file.stem}-udbud{suffix}" if brief.language.value == "da"
                                          else f"{file.stem}-tender{suffix}")
        if output_format is OutputFormat.MD:
            data = markdown_text.encode("utf-8")
        else:
            data, warnings = render_docx(brief, markdown_text)
            for warning in warnings:
                _err(f"warning: {warning}")
        write_output(target, data, inputs=[file])
    except ProblemBriefError as exc:
        raise _fail(exc, debug) from None
    _err(f"wrote {target}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(ExitCode.FAILURE)


if __name__ == "__main__":
    main()
