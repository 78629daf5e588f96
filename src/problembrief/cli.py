"""The command line: a thin shell that parses options, calls the library and maps outcomes to exit codes.

It is the only place that prints, exits, or catches ProblemBriefError. Heavy modules are imported inside
the commands, so `--help` and `validate` do not pay for Jinja, Markdown or python-docx.
"""

from __future__ import annotations

import sys
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from problembrief import __version__
from problembrief.errors import ProblemBriefError

if TYPE_CHECKING:
    from problembrief.lint.config import LintConfig


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at error level (or warnings with --strict)
    FAILURE = 2  # the tool could not do its job: unreadable input, bad options, unwritable output


class OutputFormat(StrEnum):
    DOCX = "docx"
    MD = "md"


class ReportChoice(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"


class LanguageChoice(StrEnum):
    DA = "da"
    EN = "en"


app = typer.Typer(
    name="problembrief",
    help="Problem-based tender briefs for Danish municipalities: check a YAML brief, build Word documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SelectOption = Annotated[list[str] | None, typer.Option(
    "--select", help="Only these rules (codes or prefixes, e.g. PB4 or PB101,PB102).")]
IgnoreOption = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules (codes or prefixes).")]
DebugOption = Annotated[bool, typer.Option(help="Show a traceback for internal errors.")]


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


def _config(path: Path, select: list[str] | None, ignore: list[str] | None) -> LintConfig:
    from problembrief.lint.config import find_config

    return find_config(path).with_options(select, ignore)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Brief files (YAML).", show_default=False)],
    report_format: Annotated[ReportChoice, typer.Option(
        "--format", help="Report format; auto is github inside GitHub Actions, text elsewhere.")] = ReportChoice.AUTO,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    debug: DebugOption = False,
) -> None:
    """Check briefs: schema and rules. Exit 0: no errors; 1: errors (or warnings with --strict); 2: a file
    could not be read."""
    from problembrief.findings import has_errors
    from problembrief.pipeline import check
    from problembrief.report import ReportFormat, render_report, summary_line

    findings = []
    failed = False
    for path in files:
        try:
            findings.extend(check(path, config=_config(path, select, ignore)).findings)
        except ProblemBriefError as exc:
            if debug:
                raise
            _err(f"error: {exc}")
            failed = True
    typer.echo(render_report(findings, [str(p) for p in files], ReportFormat(report_format.value), strict=strict),
               nl=False)
    _err(summary_line(findings, len(files)))
    if failed:
        raise typer.Exit(ExitCode.FAILURE)
    if has_errors(findings, strict=strict):
        raise typer.Exit(ExitCode.FINDINGS)


class DocumentChoice(StrEnum):
    TENDER = "tender"
    DIALOGUE = "dialogue"
    ALL = "all"


@app.command()
def build(
    file: Annotated[Path, typer.Argument(help="The brief (YAML).", show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file; with --document all, a folder. Default: next to the brief.")] = None,
    document: Annotated[DocumentChoice, typer.Option(
        help="tender: the tender brief; dialogue: the market dialogue material; all: both.")] = DocumentChoice.TENDER,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="docx, or md for review.")] = (
        OutputFormat.DOCX),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF of each document (needs LibreOffice).")] = False,
    reference_docx: Annotated[Path | None, typer.Option(
        help="Your own Word template: its styles, header, footer and logo are kept.")] = None,
    templates: Annotated[Path | None, typer.Option(
        help="A folder of your own Jinja templates (run in Jinja's sandbox; the built-in ones fill the gaps).")] = None,
    force: Annotated[bool, typer.Option(help="Build even when the rules report errors.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    debug: DebugOption = False,
) -> None:
    """Build the tender brief and/or the market dialogue material as Word (or Markdown with --format md).

    A brief with errors is not built; --force builds it anyway when the errors are the rules' (a brief that
    does not match the format can never be built)."""
    from problembrief.findings import Severity, has_errors
    from problembrief.pipeline import (
        check,
        documents_for,
        output_name,
        render_docx,
        render_markdown,
        write_output,
    )
    from problembrief.report import ReportFormat, render_report

    written: list[Path] = []
    try:
        if pdf and output_format is OutputFormat.MD:
            raise ProblemBriefError("--pdf goes with Word output, not --format md")
        checked = check(file, config=_config(file, select, ignore))
        shown = [f for f in checked.findings if f.severity is Severity.ERROR or not f.suppressed]
        if shown:
            _err(render_report(shown, [str(file)], ReportFormat.TEXT).rstrip())
        if checked.brief is None:
            _err(f"error: {file}: not built: the brief does not match the format (see above)")
            raise typer.Exit(ExitCode.FINDINGS)
        if has_errors(checked.findings) and not force:
            _err(f"error: {file}: not built, because the brief has errors (see above); "
                 "fix them, or build anyway with --force")
            raise typer.Exit(ExitCode.FINDINGS)
        brief = checked.brief
        kinds = documents_for(brief, document.value)
        extension = ".md" if output_format is OutputFormat.MD else ".docx"
        if document is DocumentChoice.ALL and output is not None and not output.is_dir():
            raise ProblemBriefError("with --document all, --output must be an existing folder", path=output)
        if document is DocumentChoice.ALL and "dialogue" not in kinds:
            _err(f"note: {file} has no `market_dialogue`; only the tender brief is built")
        for kind in kinds:
            default = output_name(file, brief, kind, extension)
            target = (output / default.name if output is not None and output.is_dir() else output) or default
            markdown_text = render_markdown(brief, kind, templates)
            if output_format is OutputFormat.MD:
                data = markdown_text.encode("utf-8")
            else:
                data, warnings = render_docx(brief, markdown_text, kind, reference_docx)
                for warning in warnings:
                    _err(f"warning: {warning}")
            write_output(target, data, inputs=[file])
            written.append(target)
            _err(f"wrote {target}")
        if pdf:
            from problembrief.pdf import convert

            pairs = [(path, path.with_suffix(".pdf")) for path in written]
            for warning in convert(pairs):
                _err(f"warning: {warning}")
            for _, target in pairs:
                _err(f"wrote {target}")
    except ProblemBriefError as exc:
        raise _fail(exc, debug) from None


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code, e.g. PB404, to explain it.")] = None,
    report_format: Annotated[ReportChoice, typer.Option("--format", help="text or json.")] = ReportChoice.TEXT,
) -> None:
    """List the rule catalogue, or explain one rule with its source and a bad and a good example."""
    import json

    from problembrief.lint import all_rules, get_rule
    from problembrief.validate import SCHEMA_CODES

    if code is None:
        if report_format is ReportChoice.JSON:
            typer.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value,
                                    "summary": r.summary, "source": r.source} for r in all_rules()],
                                  ensure_ascii=False, indent=2))
            return
        for schema_code, (name, summary) in sorted(SCHEMA_CODES.items()):
            typer.echo(f"{schema_code}  {'error':<7}  {name:<46}  {summary}")
        for r in all_rules():
            typer.echo(f"{r.code}  {r.severity.value:<7}  {r.name:<46}  {r.summary}")
        return
    found = get_rule(code)
    if found is None:
        upper = code.upper()
        if upper in SCHEMA_CODES:
            name, summary = SCHEMA_CODES[upper]
            typer.echo(f"{upper} {name} [error]\n\n{summary}")
            return
        _err(f"error: no rule {code!r}; `problembrief rules` lists them")
        raise typer.Exit(ExitCode.FAILURE)
    typer.echo(f"{found.code} {found.name} [{found.severity.value}]\n")
    typer.echo(found.summary + "\n")
    typer.echo(found.documentation + "\n")
    typer.echo(f"Fix: {found.hint}\n")
    typer.echo(f"Source: {found.source}\n")
    typer.echo("Bad:\n" + _indent(found.bad))
    typer.echo("Good:\n" + _indent(found.good))


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of the brief format, for editors that complete and check YAML."""
    from problembrief.pipeline import write_output
    from problembrief.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_output(output, text.encode("utf-8"), inputs=[])
    except ProblemBriefError as exc:
        raise _fail(exc, False) from None
    _err(f"wrote {output}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="The brief to create.")] = Path("brief.yaml"),
    language: Annotated[LanguageChoice, typer.Option(help="Language of the brief and its documents.")] = (
        LanguageChoice.DA),
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write a commented starter brief, and the JSON Schema beside it for the editor."""
    from problembrief.pipeline import write_output
    from problembrief.render.environment import templates_dir
    from problembrief.schema import SCHEMA_FILE_NAME, json_schema_text

    try:
        if path.exists() and not overwrite:
            _err(f"error: {path} exists; choose another name or pass --overwrite")
            raise typer.Exit(ExitCode.FAILURE)
        starter = (templates_dir() / "init" / f"{language.value}.yaml").read_bytes()
        write_output(path, starter, inputs=[])
        write_output(path.parent / SCHEMA_FILE_NAME, json_schema_text().encode("utf-8"), inputs=[])
    except OSError as exc:
        _err(f"error: cannot write the starter brief: {exc}")
        raise typer.Exit(ExitCode.FAILURE) from None
    except ProblemBriefError as exc:
        raise _fail(exc, False) from None
    _err(f"wrote {path} and {path.parent / SCHEMA_FILE_NAME}; next: problembrief validate {path}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(ExitCode.FAILURE)


if __name__ == "__main__":
    main()
