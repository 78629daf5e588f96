"""What `validate` and `build` do once their command line is parsed, and the words every command prints.

Typer parses the command line in `cli.py`; a plain command line of `validate` or `build` is parsed without
it, from the parameters Typer stored (`quick.py`), because these two run on every commit and in every CI job,
and importing Typer and building its command tree cost some 40 ms of a 200 ms run. Both hand the same values
to the functions here, so what a command does, prints and exits with is written once. Nothing here imports
Typer. Like cli.py this module prints and exits; the library under it does neither.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from problembrief import i18n
from problembrief.errors import ExitCode, ProblemBriefError
from problembrief.i18n import N_, _

if TYPE_CHECKING:
    from problembrief.findings import FileReport
    from problembrief.pipeline import BuildOptions, BuildResult, CheckResult

# A test aid, not an option for users: with PROBLEMBRIEF_PSEUDO_LOCALE=1 every message that goes through the
# catalogues is wrapped in ⟦…⟧ (i18n.pseudo), so a test can see any word of the output that escaped them.
PSEUDO_LOCALE_VARIABLE = "PROBLEMBRIEF_PSEUDO_LOCALE"


class OutputFormat(StrEnum):
    DOCX = "docx"
    MD = "md"


class LanguageChoice(StrEnum):
    DA = "da"
    EN = "en"


class DocumentChoice(StrEnum):
    TENDER = "tender"
    DIALOGUE = "dialogue"
    QA = "qa"
    ALL = "all"


# --- Speaking and exiting ------------------------------------------------------------------------------------


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Text on stdout (or stderr), flushed: what Click's echo does with text on a UTF-8 stream. Anything else
    (a stream of another encoding, an escape sequence Click strips when the output is not a terminal, Windows'
    console) goes to Click's own echo, so the bytes are the same whichever parser ran the command."""
    stream = sys.stderr if err else sys.stdout
    text = f"{message}\n" if nl else message
    if stream is None:
        return
    if "\x1b" in text or os.name == "nt" or not _utf8(stream):
        from typer._click.utils import echo as click_echo

        click_echo(message, err=err, nl=nl)
        return
    if text:
        stream.write(text)
    stream.flush()


def _utf8(stream: Any) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def err(message: str) -> None:
    """A line on stderr, its control characters made visible (findings.printable)."""
    from problembrief.findings import printable

    echo(printable(message, keep_line_feeds=True), err=True)


def error(message: str) -> None:
    """An error of the run, on stderr: "error: …" in the language in force."""
    err(_("error: {message}").format(message=message))


def stop(exc: ProblemBriefError) -> NoReturn:
    """A usage error or a failure outside any one brief: say so and exit 2."""
    fail(str(exc))


def fail(message: str) -> NoReturn:
    error(message)
    raise SystemExit(ExitCode.FAILURE)


def requested_language(argv: Sequence[str]) -> str | None:
    """The language asked for with --lang anywhere on the command line (before `--`), if we speak it:
    decided before the command line is parsed, so that its help and its errors are in that language too."""
    for index, token in enumerate(argv):
        if token == "--":
            break
        if token == "--lang" and index + 1 < len(argv):
            return i18n.normalise(argv[index + 1])
        if token.startswith("--lang="):
            return i18n.normalise(token.removeprefix("--lang="))
    return None


@contextmanager
def speaking(argv: Sequence[str]) -> Iterator[None]:
    """The language of a whole command line: --lang, else the locale's (and the pseudo-locale in tests)."""
    pseudo = i18n.pseudo() if os.environ.get(PSEUDO_LOCALE_VARIABLE) == "1" else nullcontext()
    with pseudo, i18n.language(requested_language(argv) or i18n.from_environment()):
        yield


def collect_garbage() -> None:
    """Switch the cyclic garbage collector back on (see __main__.py): for a batch, --watch, lsp and serve, where
    memory would otherwise grow with every brief. What the imports made is frozen first: it lives as long as
    the process, so the collector need never walk it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def check_jobs(value: str) -> str:
    """--jobs: a whole number from 1, or auto (ValueError with the message otherwise)."""
    if value == "auto":
        return value
    if not (value.isascii() and value.isdigit()):
        raise ValueError(_("Write a whole number."))
    if int(value) < 1:
        raise ValueError(_("The number must be {limit} or more.").format(limit=1))
    return value


def worker_count(jobs: str, briefs: int) -> int:
    """The worker processes for `briefs` briefs: --jobs as given, or for auto one per processor this process may
    run on (its affinity, else the machine's count), at most one per brief, and one for a single brief (no pool,
    whose start would cost more than it gives)."""
    if jobs != "auto":
        return int(jobs)
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        processors = os.cpu_count() or 1
    # Windows' process pools take at most 61 workers.
    return max(1, min(processors, briefs, 61 if os.name == "nt" else briefs))


# --- What a command says about its briefs ---------------------------------------------------------------------


def check_selection(select: Sequence[str] | None, ignore: Sequence[str] | None) -> None:
    from problembrief.pipeline import check_selection as check

    try:
        check(select or [], ignore or [])
    except ProblemBriefError as exc:
        stop(exc)


def discover(arguments: Sequence[Path]) -> list[Path]:
    """The briefs the arguments name (pipeline.discover); a folder or pattern that names none is exit 2."""
    from problembrief.pipeline import discover as find

    try:
        return find(arguments)
    except ProblemBriefError as exc:
        stop(exc)


def speaking_of(result: CheckResult) -> Any:
    """Inside: the language of a brief's messages, so what is said about it matches its findings."""
    return i18n.language(result.language) if result.language else nullcontext()


def run_language(reports: Sequence[FileReport], lang: str | None) -> str:
    """The language of what is said about a whole run (the summary): --lang, else the briefs' language when
    they share one, else the language in force (the locale's)."""
    languages = {r.language for r in reports if r.language}
    return lang or (languages.pop() if len(languages) == 1 else i18n.current_language())


def show_configuration(results: Sequence[CheckResult], seen: set[str] | None = None) -> None:
    """Which configuration judged the briefs, on stderr beside the summary (the report's lines stay findings);
    each file and each passed-over file once per run."""
    seen = set() if seen is None else seen
    lines: list[str] = []
    for r in results:
        with speaking_of(r):
            if r.config:
                lines.append(_("configuration: {file}").format(file=r.config))
            lines += [_("warning: {message}").format(message=note) for note in r.config_ignored]
    for line in dict.fromkeys(lines):
        if line not in seen:
            seen.add(line)
            err(line)


def show_trace(trace: str | None, debug: bool) -> None:
    if debug and trace:
        echo(trace, err=True)


def write_report(target: Path, text: str, inputs: Sequence[Path]) -> None:
    """The report into a file, whole or not at all, never onto a brief of the run (exit 2 when it cannot)."""
    from problembrief.output import write_outputs

    try:
        write_outputs([(target, text.encode("utf-8"))], protected=inputs)
    except ProblemBriefError as exc:
        stop(exc)


# --- validate -------------------------------------------------------------------------------------------------


def validate(files: Sequence[Path], report_format: str = "auto", output_file: Path | None = None,
             strict: bool = False, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
             no_inline_ignore: bool = False, debug: bool = False, lang: str | None = None) -> ExitCode:
    """Check briefs and report; the exit code of the run. The values are the command line's (cli.validate)."""
    from problembrief.pipeline import CheckOptions, check_file, describe_codes, exit_code
    from problembrief.report import ReportFormat, render_report, summary_line

    chosen = ReportFormat(report_format)
    check_selection(select, ignore)
    files = discover(files)
    if len(files) > 1:
        collect_garbage()
    options = CheckOptions(select=tuple(select or ()), ignore=tuple(ignore or ()), lang=lang,
                           inline_ignore=not no_inline_ignore)
    results = [check_file(path, options) for path in files]
    reports = [r.report for r in results]
    described = describe_codes() if chosen.resolve() is ReportFormat.SARIF else ()
    report = render_report(reports, chosen, strict=strict, rules=described)
    if output_file is None:
        echo(report, nl=False)
    else:
        write_report(output_file, report, files)
        if chosen.resolve() is not ReportFormat.TEXT:
            # The log of a CI job stays readable: the findings as text (annotations inside GitHub Actions).
            listing = render_report(reports, ReportFormat.AUTO, strict=strict).rstrip("\n")
            if listing:
                echo(listing, err=True)  # escaped by the reporter already
    for result in results:
        show_trace(result.trace, debug)
    show_configuration(results)
    with i18n.language(run_language(reports, options.lang)):
        err(summary_line(reports))
        if output_file is not None:
            err(_("wrote {file}").format(file=output_file))
    return exit_code(results, strict=strict)


# --- build ----------------------------------------------------------------------------------------------------


def build(files: Sequence[Path], output: Path | None = None, document: str = "tender", output_format: str = "docx",
          pdf: bool = False, reference_docx: Path | None = None, templates: Path | None = None, force: bool = False,
          watch: bool = False, jobs: str = "auto", max_size: int | None = None, select: Sequence[str] | None = None,
          ignore: Sequence[str] | None = None, no_inline_ignore: bool = False, debug: bool = False,
          lang: str | None = None) -> ExitCode:
    """Build the documents of briefs; the exit code of the run. The values are the command line's (cli.build)."""
    from problembrief.load import Limits
    from problembrief.pipeline import BuildOptions, build_files, build_status

    chosen, markdown = DocumentChoice(document), OutputFormat(output_format) is OutputFormat.MD
    files = discover(files)
    if watch or len(files) > 1:
        collect_garbage()
    several = len(files) > 1 or chosen is DocumentChoice.ALL
    if output is not None and several and not output.is_dir():
        fail(_("with several briefs or --document all, --output must be an existing folder"))
    if pdf and markdown:
        fail(_("--pdf goes with Word output, not --format md"))
    if watch and len(files) != 1:
        fail(_("--watch follows one brief"))
    check_selection(select, ignore)
    options = BuildOptions(
        document=chosen.value, output=output, markdown=markdown,
        reference_docx=reference_docx, templates=templates, force=force,
        select=tuple(select or ()), ignore=tuple(ignore or ()),
        limits=Limits(max_bytes=max_size) if max_size else Limits(), lang=lang,
        inline_ignore=not no_inline_ignore,
    )
    if watch:
        _watch(files[0], options, debug)
        return ExitCode.OK
    seen: set[str] = set()
    with _progress(len(files)) as advance:
        def shown(result: BuildResult) -> None:
            report_build(result, debug, seen)
            advance()

        results = build_files(files, options, jobs=worker_count(jobs, len(files)), on_result=shown)
    status = build_status(results)
    written = [path for result in results for path in result.written]
    if pdf and written:
        from problembrief.pipeline import export_pdfs

        with i18n.language(run_language([r.check.report for r in results], options.lang)):
            try:
                pdfs, warnings = export_pdfs(written, protected=files)
            except ProblemBriefError as exc:
                stop(exc)
            for warning in warnings:
                err(_("warning: {message}").format(message=warning))
            for target in pdfs:
                err(_("wrote {file}").format(file=target))
    return status


_NOTE_LEVELS = {"error": N_("error: {message}"), "warning": N_("warning: {message}"), "note": N_("note: {message}")}


def report_build(result: BuildResult, debug: bool, seen: set[str]) -> None:
    from problembrief.findings import FileReport, Severity
    from problembrief.report import ReportFormat, render_report

    show_configuration([result.check], seen)
    shown = tuple(f for f in result.findings if f.severity is Severity.ERROR or not f.suppressed)
    if shown:
        report = FileReport(file=str(result.source), findings=shown, language=result.check.language)
        err(render_report([report], ReportFormat.TEXT).rstrip())
    show_trace(result.check.trace, debug)
    with speaking_of(result.check):
        for note in result.notes:
            err(_(_NOTE_LEVELS.get(note.level, _NOTE_LEVELS["note"])).format(message=note.text))
        for path in result.written:
            err(_("wrote {file}").format(file=path))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A rich progress bar on a terminal for a batch; nothing for one brief or when output is redirected."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(_("building briefs"), total=total)
        yield lambda: progress.advance(task)


def _watch(path: Path, options: BuildOptions, debug: bool) -> None:
    from problembrief.pipeline import watch

    err(_("watching {file}; Ctrl+C stops").format(file=path))
    try:
        for count, event in enumerate(watch(path, options)):
            if count == 1:
                # The first build imported the renderer and loaded the templates, after the collector was switched
                # on (collect_garbage): they live as long as the watch, so it need not walk them on every rebuild.
                gc.freeze()
            report_build(event.result, debug, set())
            with speaking_of(event.result.check):
                if event.result.written:
                    err(_("rebuilt in {milliseconds} ms").format(milliseconds=f"{event.milliseconds:.0f}"))
                else:
                    err(_("not rebuilt"))
    except KeyboardInterrupt:
        err(_("stopped watching"))


def guarded(run: Callable[[], object], argv: Sequence[str]) -> None:
    """Run a command line to its end: an interruption or a failure outside any brief that the command did not
    catch is said in the run's language and is exit 2, never a traceback."""
    try:
        run()
    except KeyboardInterrupt:
        with speaking(argv):
            err(_("interrupted"))
        sys.exit(ExitCode.FAILURE)
    except ProblemBriefError as exc:
        with speaking(argv):
            error(str(exc))
        sys.exit(ExitCode.FAILURE)
    finally:
        # Everything is written and the process ends: the interpreter's last collection need not walk what the
        # run made (some 15 % of a build). Files are closed and streams flushed as usual; nothing is skipped.
        gc.freeze()
