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
from problembrief.report import ReportFormat

if TYPE_CHECKING:
    from problembrief.lint.config import LintConfig


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at error level (or warnings with --strict)
    FAILURE = 2  # the tool could not do its job: unreadable input, bad options, unwritable output


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
    report_format: Annotated[ReportFormat, typer.Option(
        "--format", help="Report format; auto is github inside GitHub Actions, text elsewhere.")] = ReportFormat.AUTO,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    debug: DebugOption = False,
) -> None:
    """Check briefs: schema and rules. Exit 0: no errors; 1: errors (or warnings with --strict); 2: a file
    could not be read."""
    from problembrief.findings import has_errors
    from problembrief.pipeline import check
    from problembrief.report import render_report, summary_line

    findings = []
    failed = 0
    for path in files:
        try:
            findings.extend(check(path, config=_config(path, select, ignore)).findings)
        except ProblemBriefError as exc:
            if debug:
                raise
            _err(f"error: {exc}")
            failed += 1
    typer.echo(render_report(findings, [str(p) for p in files], report_format, strict=strict), nl=False)
    _err(summary_line(findings, len(files), failed))
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
    force: Annotated[bool, typer.Option(help="Build even when the rules report errors.")] = False,
    watch: Annotated[bool, typer.Option(help="Rebuild each time the brief is saved (Ctrl+C stops).")] = False,
    jobs: Annotated[int, typer.Option(min=1, help="Worker processes for many briefs.")] = 1,
    max_size: Annotated[int | None, typer.Option(help="Largest brief accepted, in bytes.")] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    debug: DebugOption = False,
) -> None:
    """Build the tender brief and/or the market dialogue material as Word (or Markdown with --format md).

    A brief with errors is not built; --force builds it anyway when the errors are the rules' (a brief that
    does not match the format can never be built). Exit 0: all built; 1: a brief had errors; 2: a file could
    not be read or written."""
    from problembrief.build import BuildOptions
    from problembrief.load import Limits

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
    options = BuildOptions(
        document=document.value, output=output, markdown=output_format is OutputFormat.MD,
        reference_docx=reference_docx, templates=templates, force=force,
        select=tuple(select or ()), ignore=tuple(ignore or ()),
        limits=Limits(max_bytes=max_size) if max_size else Limits(),
    )
    if watch:
        _watch(files[0], options)
        return
    status, written = _build_many(files, options, jobs)
    if pdf and written:
        from problembrief.pdf import convert

        pairs = [(path, path.with_suffix(".pdf")) for path in written if path.suffix == ".docx"]
        try:
            for warning in convert(pairs):
                _err(f"warning: {warning}")
        except ProblemBriefError as exc:
            raise _fail(exc, debug) from None
        for _, target in pairs:
            _err(f"wrote {target}")
    raise typer.Exit(status)


def _report_build(result) -> None:  # type: ignore[no-untyped-def]
    from problembrief.findings import Severity
    from problembrief.report import render_report

    shown = [f for f in result.findings if f.severity is Severity.ERROR or not f.suppressed]
    if shown:
        _err(render_report(shown, [str(result.source)], ReportFormat.TEXT).rstrip())
    for message in result.messages:
        _err(message)
    for path in result.written:
        _err(f"wrote {path}")


def _build_many(files: list[Path], options, jobs: int) -> tuple[int, list[Path]]:  # type: ignore[no-untyped-def]
    """Build every brief (in worker processes with --jobs), reporting each as it finishes."""
    from problembrief.build import build_one

    results = []
    with _progress(len(files)) as advance:
        if jobs > 1 and len(files) > 1:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
                for future in as_completed([pool.submit(build_one, path, options) for path in files]):
                    results.append(future.result())
                    _report_build(results[-1])
                    advance()
        else:
            for path in files:
                results.append(build_one(path, options))
                _report_build(results[-1])
                advance()
    return max(r.status for r in results), [p for r in results for p in r.written]


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


def _watch(path: Path, options) -> None:  # type: ignore[no-untyped-def]
    """Rebuild when the brief changes on disk. Polls its size and time stamp: no extra dependency, and it
    works on network drives where file-system events do not arrive."""
    import time

    from problembrief.build import build_one

    def stamp() -> tuple[int, int] | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    _err(f"watching {path}; Ctrl+C stops")
    seen = None
    try:
        while True:
            current = stamp()
            if current is not None and current != seen:
                seen = current
                started = time.perf_counter()
                result = build_one(path, options)
                elapsed = (time.perf_counter() - started) * 1000
                _report_build(result)
                _err(f"rebuilt in {elapsed:.0f} ms" if result.written else "not rebuilt")
            time.sleep(0.1)
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
