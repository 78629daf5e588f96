"""The command line: a thin shell that parses options, calls the pipeline and prints what it returns.

It is the only place that prints or exits. Every brief's journey runs in `pipeline`; the exit codes are
`errors.ExitCode`. Heavy modules are imported inside the commands, so `--help` and `validate` do not pay
for Jinja, Markdown or python-docx.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from problembrief import __version__
from problembrief.errors import ExitCode, ProblemBriefError
from problembrief.report import ReportFormat

if TYPE_CHECKING:
    from collections.abc import Sequence

    from problembrief.pipeline import BuildResult, CheckResult


class OutputFormat(StrEnum):
    DOCX = "docx"
    MD = "md"


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
    from problembrief.findings import printable

    typer.echo(printable(message, keep_line_feeds=True), err=True)


def _stop(exc: ProblemBriefError) -> NoReturn:
    """A usage error or a failure outside any one brief: say so and exit 2."""
    _err(f"error: {exc}")
    raise typer.Exit(ExitCode.FAILURE)


def _check_selection(select: list[str] | None, ignore: list[str] | None) -> None:
    from problembrief.pipeline import check_selection

    try:
        check_selection(select or [], ignore or [])
    except ProblemBriefError as exc:
        _stop(exc)


def _show_configuration(results: Sequence[CheckResult], seen: set[str] | None = None) -> None:
    """Which configuration judged the briefs, on stderr beside the summary (the report's lines stay findings);
    each file and each passed-over file once per run."""
    seen = set() if seen is None else seen
    lines = [f"configuration: {r.config}" for r in results if r.config]
    lines += [f"warning: {note}" for r in results for note in r.config_ignored]
    for line in dict.fromkeys(lines):
        if line not in seen:
            seen.add(line)
            _err(line)


def _show_trace(trace: str | None, debug: bool) -> None:
    if debug and trace:
        typer.echo(trace, err=True)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Brief files (YAML).", show_default=False)],
    report_format: Annotated[ReportFormat, typer.Option(
        "--format", help="Report format; auto is github inside GitHub Actions, text elsewhere.")] = ReportFormat.AUTO,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    debug: DebugOption = False,
) -> None:
    """Check briefs: schema and rules. Exit 0: no errors; 1: errors (or warnings with --strict); 2: a file
    could not be read, or an option is wrong."""
    from problembrief.pipeline import CheckOptions, check_file, describe_codes, exit_code
    from problembrief.report import render_report, summary_line

    _check_selection(select, ignore)
    options = CheckOptions(select=tuple(select or ()), ignore=tuple(ignore or ()))
    results = [check_file(path, options) for path in files]
    reports = [r.report for r in results]
    described = describe_codes() if report_format.resolve() is ReportFormat.SARIF else ()
    typer.echo(render_report(reports, report_format, strict=strict, rules=described), nl=False)
    for result in results:
        _show_trace(result.trace, debug)
    _show_configuration(results)
    _err(summary_line(reports))
    raise typer.Exit(exit_code(results, strict=strict))


class DocumentChoice(StrEnum):
    TENDER = "tender"
    DIALOGUE = "dialogue"
    ALL = "all"


@app.command()
def build(
    files: Annotated[list[Path], typer.Argument(help="Briefs (YAML).", show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file for one document of one brief; otherwise an existing folder. "
        "Default: next to each brief.")] = None,
    document: Annotated[DocumentChoice, typer.Option(
        help="tender: the tender brief; dialogue: the market dialogue material; all: both.")] = DocumentChoice.TENDER,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="docx, or md for review.")] = (
        OutputFormat.DOCX),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF of each document (needs LibreOffice).")] = False,
    reference_docx: Annotated[Path | None, typer.Option(
        help="Your own Word template: its styles, header, footer and logo are kept.")] = None,
    templates: Annotated[Path | None, typer.Option(
        help="A folder of your own Jinja templates (run in Jinja's sandbox; the built-in ones fill the gaps).")] = None,
    force: Annotated[bool, typer.Option(
        help="Build even when the rules report errors; the documents are marked as a draft with errors.")] = False,
    watch: Annotated[bool, typer.Option(help="Rebuild each time the brief is saved (Ctrl+C stops).")] = False,
    jobs: Annotated[int, typer.Option(min=1, help="Worker processes for many briefs.")] = 1,
    max_size: Annotated[int | None, typer.Option(min=1, help="Largest brief accepted, in bytes.")] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    debug: DebugOption = False,
) -> None:
    """Build the tender brief and/or the market dialogue material as Word (or Markdown with --format md).

    A brief with errors is not built; --force builds it anyway, marked as a draft with errors, when the errors
    are the rules' (a brief that does not match the format can never be built). Exit 0: all built; 1: a brief
    had errors (built or not); 2: a file could not be read or written, or an option is wrong."""
    from problembrief.load import Limits
    from problembrief.pipeline import BuildOptions, build_files, build_status

    several = len(files) > 1 or document is DocumentChoice.ALL
    if output is not None and several and not output.is_dir():
        _err("error: with several briefs or --document all, --output must be an existing folder")
        raise typer.Exit(ExitCode.FAILURE)
    if pdf and output_format is OutputFormat.MD:
        _err("error: --pdf goes with Word output, not --format md")
        raise typer.Exit(ExitCode.FAILURE)
    if watch and len(files) != 1:
        _err("error: --watch follows one brief")
        raise typer.Exit(ExitCode.FAILURE)
    _check_selection(select, ignore)
    options = BuildOptions(
        document=document.value, output=output, markdown=output_format is OutputFormat.MD,
        reference_docx=reference_docx, templates=templates, force=force,
        select=tuple(select or ()), ignore=tuple(ignore or ()),
        limits=Limits(max_bytes=max_size) if max_size else Limits(),
    )
    if watch:
        _watch(files[0], options, debug)
        return
    seen: set[str] = set()
    with _progress(len(files)) as advance:
        def shown(result: BuildResult) -> None:
            _report_build(result, debug, seen)
            advance()

        results = build_files(files, options, jobs=jobs, on_result=shown)
    status = build_status(results)
    written = [path for result in results for path in result.written]
    if pdf and written:
        from problembrief.pipeline import export_pdfs

        try:
            pdfs, warnings = export_pdfs(written, protected=files)
        except ProblemBriefError as exc:
            _stop(exc)
        for warning in warnings:
            _err(f"warning: {warning}")
        for target in pdfs:
            _err(f"wrote {target}")
    raise typer.Exit(status)


def _report_build(result: BuildResult, debug: bool, seen: set[str]) -> None:
    from problembrief.findings import FileReport, Severity
    from problembrief.report import render_report

    _show_configuration([result.check], seen)
    shown = tuple(f for f in result.findings if f.severity is Severity.ERROR or not f.suppressed)
    if shown:
        report = FileReport(file=str(result.source), findings=shown)
        _err(render_report([report], ReportFormat.TEXT).rstrip())
    _show_trace(result.check.trace, debug)
    for note in result.notes:
        _err(f"{note.level}: {note.text}")
    for path in result.written:
        _err(f"wrote {path}")


class _NoProgress:
    def __enter__(self):  # type: ignore[no-untyped-def]
        return lambda: None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(total: int):  # type: ignore[no-untyped-def]
    """A rich progress bar on a terminal for a batch; nothing for one brief or when output is redirected."""
    if total < 2 or not sys.stderr.isatty():
        return _NoProgress()
    from contextlib import contextmanager

    from rich.progress import Progress

    @contextmanager
    def bar():  # type: ignore[no-untyped-def]
        with Progress(transient=True) as progress:
            task = progress.add_task("building briefs", total=total)
            yield lambda: progress.advance(task)

    return bar()


def _watch(path: Path, options, debug: bool) -> None:  # type: ignore[no-untyped-def]
    from problembrief.pipeline import watch

    _err(f"watching {path}; Ctrl+C stops")
    try:
        for event in watch(path, options):
            _report_build(event.result, debug, set())
            _err(f"rebuilt in {event.milliseconds:.0f} ms" if event.result.written else "not rebuilt")
    except KeyboardInterrupt:
        _err("stopped watching")


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code, e.g. PB404, to explain it.")] = None,
    report_format: Annotated[ReportFormat, typer.Option("--format", help="text or json.")] = ReportFormat.TEXT,
) -> None:
    """List the rule catalogue, or explain one rule with its source and a bad and a good example."""
    import json

    from problembrief.lint import all_rules, get_rule
    from problembrief.validate import SCHEMA_CODES

    if report_format not in (ReportFormat.TEXT, ReportFormat.JSON):
        _err("error: `rules --format` is text or json")
        raise typer.Exit(ExitCode.FAILURE)
    if code is None:
        if report_format is ReportFormat.JSON:
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
    from problembrief.pipeline import write_file
    from problembrief.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_file(output, text.encode("utf-8"))
    except ProblemBriefError as exc:
        _stop(exc)
    _err(f"wrote {output}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="The brief to create.")] = Path("brief.yaml"),
    language: Annotated[LanguageChoice, typer.Option(help="Language of the brief and its documents.")] = (
        LanguageChoice.DA),
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write a commented starter brief, and the JSON Schema beside it for the editor."""
    from problembrief.output import write_outputs
    from problembrief.render.environment import templates_dir
    from problembrief.schema import SCHEMA_FILE_NAME, json_schema_text

    if (path.exists() or path.is_symlink()) and not overwrite:
        _err(f"error: {path} exists; choose another name or pass --overwrite")
        raise typer.Exit(ExitCode.FAILURE)
    try:
        starter = (templates_dir() / "init" / f"{language.value}.yaml").read_bytes()
        # Both files or neither: a starter without its schema (or the reverse) is half an init.
        write_outputs([(path, starter), (path.parent / SCHEMA_FILE_NAME, json_schema_text().encode("utf-8"))])
    except OSError as exc:
        _err(f"error: cannot write the starter brief: {exc.strerror or exc}")
        raise typer.Exit(ExitCode.FAILURE) from None
    except ProblemBriefError as exc:
        _stop(exc)
    _err(f"wrote {path} and {path.parent / SCHEMA_FILE_NAME}; next: problembrief validate {path}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(ExitCode.FAILURE)
    except ProblemBriefError as exc:  # a failure outside any brief that a command did not catch itself
        _err(f"error: {exc}")
        sys.exit(ExitCode.FAILURE)


if __name__ == "__main__":
    main()
