"""The one conductor: every brief's journey, load -> validate -> lint -> render -> write, runs here.

`check_file` and `build_file` return results and never raise for anything a brief, its configuration or
its outputs can cause: a file that cannot be read, a broken configuration, an unwritable output and even a
bug of ours become a *fatal finding* of that file, reported like any other, so one bad brief in a batch
never hides or stops the others. The shells (the command line, later an editor or a form) parse their
input, call these functions and present the results; they never run a stage themselves.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from problembrief import i18n
from problembrief.errors import RUN_FAILURES, ExitCode, LoadError, OutputError, ProblemBriefError
from problembrief.findings import (
    FileReport,
    Finding,
    LazyPattern,
    RuleInfo,
    Severity,
    fails,
    has_errors,
    lean_dataclass,
)
from problembrief.i18n import _, pgettext
from problembrief.load import READ_FAILURE, Limits, LoadedBrief, load_file, load_text
from problembrief.output import check_target, write_outputs

if TYPE_CHECKING:
    from problembrief.lint.config import LintConfig
    from problembrief.model import Brief
    from problembrief.questions.check import LoadedQuestions

INTERNAL_ERROR = "PB000"
DOCUMENTS = ("tender", "dialogue", "qa")


def _file_suffix(document: str) -> str:
    """The ending of a document's file name in the language in force (the brief's): brief.yaml ->
    brief-udbud.docx and brief-markedsdialog.docx in Danish, brief-tender.docx in English. A file name, so a
    translation is lower case, without spaces or characters a file system or an e-mail may mangle."""
    if document == "dialogue":
        return pgettext("file name", "market-dialogue")
    if document == "qa":
        return pgettext("file name", "questions-and-answers")
    return pgettext("file name", "tender")


@lean_dataclass(frozen=True)
class CheckOptions:
    """How `check_file` and `check_text` judge a brief: the rules selected, the limits, the language."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    run_rules: bool = True
    # The language of the messages (--lang): None lets each brief's `language` decide, and the language in
    # force when the brief names none it knows (or cannot be read).
    lang: str | None = None
    # `# problembrief: disable=…` comments in the brief count (False: --no-inline-ignore, for gatekeepers).
    inline_ignore: bool = True


@lean_dataclass(frozen=True)
class BuildOptions(CheckOptions):
    """How `build_file` checks a brief and which documents it writes where."""

    document: str = "tender"  # tender, dialogue or all
    output: Path | None = None  # a file for one document of one brief; otherwise a folder
    markdown: bool = False
    reference_docx: Path | None = None
    templates: Path | None = None
    force: bool = False
    # Every input of the run: no output may replace one of them (a batch's briefs, a --pdf's sources).
    protected: frozenset[Path] = frozenset()


@lean_dataclass
class CheckResult:
    """One brief checked: its findings, its data and model when it could be read, and what judged it."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    loaded: LoadedBrief | None = None
    brief: Brief | None = None
    config: Path | None = None  # the configuration file that judged the brief; None: the defaults
    # Configuration files passed over on the way (world-writable, another user's), as sentences to show.
    config_ignored: tuple[str, ...] = ()
    questions: LoadedQuestions | None = None  # the brief's questions file, checked, when it has one
    trace: str | None = None  # the traceback of an internal error, for --debug
    language: str | None = None  # the language its messages are in (--lang, the brief's, or the run's)

    @property
    def fatal(self) -> Finding | None:
        return next((f for f in self.findings if f.fatal), None)

    @property
    def report(self) -> FileReport:
        return FileReport(file=str(self.path), findings=tuple(self.findings),
                          config=str(self.config) if self.config else None, language=self.language)

    def exit_code(self, *, strict: bool = False) -> ExitCode:
        return exit_code([self], strict=strict)


@lean_dataclass
class Note:
    """Something a build has to say that is not a finding about the brief: what it wrote, what it skipped."""

    level: str  # "error", "warning" or "note"
    text: str


@lean_dataclass
class BuildResult:
    """One brief built: its check, the files written, what the build has to say, and its exit status."""

    check: CheckResult
    written: list[Path] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    status: ExitCode = ExitCode.OK

    @property
    def source(self) -> Path:
        return self.check.path

    @property
    def findings(self) -> list[Finding]:
        return self.check.findings


def exit_code(results: Sequence[CheckResult], *, strict: bool = False) -> ExitCode:
    """2 when any file could not be checked, 1 when a finding fails the check, 0 otherwise."""
    if any(r.fatal for r in results):
        return ExitCode.FAILURE
    if any(fails(f, strict=strict) for r in results for f in r.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def failure_finding(exc: ProblemBriefError, source: Path | str) -> Finding:
    """A failure of the tool on one file, as a finding at the place it names."""
    return Finding(code=exc.code, severity=Severity.ERROR, message=exc.message, path=exc.field,
                   line=exc.line, column=exc.column, file=exc.path or str(source), fatal=True)


def _internal_finding(exc: BaseException, source: Path) -> Finding:
    return Finding(code=INTERNAL_ERROR, severity=Severity.ERROR, file=str(source), fatal=True,
                   message=_("internal error ({error}); this is a bug in problembrief, not in the brief").format(
                       error=f"{type(exc).__name__}: {exc}"),
                   hint=_("run again with --debug for the traceback, and report it with the brief if you can"))


def _traceback() -> str:
    """The traceback of the exception being handled, for --debug (traceback is imported only for a bug)."""
    import traceback

    return traceback.format_exc()


def _fail(result: CheckResult, finding: Finding, trace: str | None = None) -> CheckResult:
    result.findings = sorted([*result.findings, finding], key=Finding.sort_key)
    result.trace = trace
    return result


def lint_config(source: Path, options: CheckOptions) -> LintConfig:
    """The configuration that applies to a brief: the file found for it, with the command line on top.

    Raises UsageError for a broken configuration or an unknown rule code."""
    from problembrief.lint.config import find_config

    config = find_config(source).with_options(list(options.select), list(options.ignore))
    return config if options.inline_ignore else replace(config, inline_ignore=False)


def brief_language(loaded: LoadedBrief) -> str | None:
    """The language a brief names in its `language` (normalised), or None when it names none we speak."""
    data = loaded.data
    value = data.get("language") if isinstance(data, dict) else None
    return i18n.normalise(value) if isinstance(value, str) else None


def check_file(path: Path | str, options: CheckOptions | None = None) -> CheckResult:
    """Load, validate and lint one brief. The rules judge a brief, so they run only when the schema passed.

    The messages are in `options.lang`, else in the brief's `language`; a file that cannot be read, or whose
    language cannot be told, is reported in the language in force (the command line's: --lang or the locale)."""
    options = options or CheckOptions()
    return _check(Path(path), options, lambda: load_file(path, options.limits),
                  lambda: _head(Path(path), options.limits.max_bytes))


def check_text(text: str, path: Path | str, options: CheckOptions | None = None) -> CheckResult:
    """As check_file, for text that is not (yet) on disk at `path`: an editor's unsaved buffer. The
    configuration is still the one that applies to `path`."""
    options = options or CheckOptions()
    return _check(Path(path), options, lambda: load_text(text, path, options.limits), lambda: text)


# A brief's own `language:` line, read from the text when the YAML cannot be parsed (a colon in unquoted
# text is the commonest slip): a Danish officer gets the message about her slip in Danish.
_DECLARED_LANGUAGE = LazyPattern(r"""^language:[ \t]*["']?([A-Za-z_-]+)""", re.MULTILINE)


def _head(path: Path, limit: int) -> str:
    """The start of a file as text, for `_DECLARED_LANGUAGE`; nothing when it cannot be read."""
    try:
        with path.open("rb") as stream:
            return stream.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _check(path: Path, options: CheckOptions, load: Callable[[], LoadedBrief], text: Callable[[], str]
           ) -> CheckResult:
    result = CheckResult(path=path)
    with i18n.language(options.lang or i18n.current_language()) as speaking:
        result.language = speaking
        try:
            config = lint_config(result.path, options)
            result.config, result.config_ignored = config.source, config.ignored
            result.loaded = load()
        except LoadError as exc:
            found = None if options.lang or exc.code == READ_FAILURE else _DECLARED_LANGUAGE.search(text())
            declared = i18n.normalise(found.group(1)) if found else None
            if declared is None or declared == speaking:
                return _fail(result, failure_finding(exc, result.path))
            with i18n.language(declared) as result.language:  # the same slip, worded in the brief's language
                try:
                    load()
                except ProblemBriefError as again:
                    return _fail(result, failure_finding(again, result.path))
            return _fail(result, failure_finding(exc, result.path))
        except ProblemBriefError as exc:
            return _fail(result, failure_finding(exc, result.path))
        except Exception as exc:  # a bug must cost one brief, never the batch
            return _fail(result, _internal_finding(exc, result.path), _traceback())
    chosen = options.lang or brief_language(result.loaded) or result.language
    with i18n.language(chosen) as speaking:
        result.language = speaking
        try:
            from problembrief.validate import validate

            brief, findings = validate(result.loaded)
            result.brief = brief
            if brief is not None and options.run_rules:
                from problembrief.lint import lint

                findings += lint(brief, result.loaded, config)
            if brief is not None:
                findings += _check_questions(brief, result, options, config)
            result.findings = sorted(findings, key=Finding.sort_key)
        except ProblemBriefError as exc:
            result.brief = None
            return _fail(result, failure_finding(exc, result.path))
        except Exception as exc:  # a bug must cost one brief, never the batch
            result.brief = None
            return _fail(result, _internal_finding(exc, result.path), _traceback())
    return result


def _check_questions(brief: Brief, result: CheckResult, options: CheckOptions, config: LintConfig
                     ) -> list[Finding]:
    """The findings of the brief's questions file (`brief.questions.yaml` beside it), when there is one: the
    questions are judged with the brief, in the same run and report, so CI checks the whole round. Their rules
    (PB8xx) are selected and ignored as the brief's are; a file that cannot be read is always reported."""
    from problembrief.questions import questions_path

    path = questions_path(result.path)
    if not path.is_file():
        return []
    from problembrief.questions import check_questions  # the rules: only for a brief that has such a file

    result.questions = check_questions(brief, path, options.limits)
    return [f for f in result.questions.findings
            if f.fatal or not f.code.startswith("PB8") or config.enabled(f.code)]


def output_name(source: Path, brief: Brief, document: str, extension: str) -> Path:
    """The default output next to the brief, named so that both documents of a brief sit side by side."""
    with i18n.language(brief.language.value):  # the document's language, whatever --lang says
        return source.with_name(f"{source.stem}-{_file_suffix(document)}{extension}")


def documents_for(brief: Brief, requested: str, source: Path | None = None) -> list[str]:
    """`all` is every document the brief has material for: the dialogue needs a `market_dialogue`, the
    questions and answers a questions file beside the brief (`brief.questions.yaml`)."""
    from problembrief.questions import questions_path

    has_questions = source is not None and questions_path(source).is_file()
    if requested != "all":
        if requested == "dialogue" and brief.market_dialogue is None:
            raise ProblemBriefError(_("the brief has no `market_dialogue`, so there is no dialogue material to "
                                      "build"))
        if requested == "qa" and not has_questions:
            raise ProblemBriefError(_("there is no questions file beside the brief ({file}), so there are no "
                                      "questions and answers to build").format(
                                          file=questions_path(source) if source else "*.questions.yaml"))
        return [requested]
    return [d for d in DOCUMENTS
            if (d != "dialogue" or brief.market_dialogue is not None) and (d != "qa" or has_questions)]


def render_markdown(brief: Brief, document: str = "tender", templates: Path | None = None) -> str:
    """The document as Markdown, in the brief's language. With `templates`, a user's folder is searched first
    (in Jinja's sandbox), then the built-in templates, so a user may override one template and keep the rest."""
    from problembrief.render.environment import render_document

    # The template renders in the brief's language itself; its errors are in the tool's language (--lang).
    return render_document(brief, document, templates)


def render_docx(brief: Brief, markdown_text: str, document: str = "tender",
                reference: Path | None = None, *, draft: bool = False) -> tuple[bytes, list[str]]:
    """The Word file as bytes, and the writer's warnings about Markdown it could not map. A `draft` is a
    document built with --force from a brief with errors: it says so on its cover and in its properties.

    The writer takes its own words (page numbers, the draft mark) from the document's language; its warnings
    and errors stay in the tool's language."""
    from problembrief.render.docx_writer import brief_document_info, write_docx
    from problembrief.render.environment import document_subtitle

    subject = document_subtitle(brief, document, brief.language.value)
    keywords = [a.name for a in brief.authorities] + [o.name for o in brief.outcomes]
    info = brief_document_info(brief, subject, date=brief.brief.date, keywords=keywords, draft=draft)
    return write_docx(markdown_text, info, reference)


def _target(default: Path, output: Path | None) -> Path:
    if output is None:
        return default
    return output / default.name if output.is_dir() else output


def build_file(path: Path | str, options: BuildOptions | None = None) -> BuildResult:
    """Check one brief and, when it may be built, write its documents: all of them or none. Its notes are in
    the language of its findings (CheckResult.language); its documents in the brief's language."""
    options = options or BuildOptions()
    source = Path(path)
    checked = check_file(source, options)
    with i18n.language(checked.language or i18n.current_language()):
        return _build_checked(checked, source, options)


def _build_checked(checked: CheckResult, source: Path, options: BuildOptions) -> BuildResult:
    result = BuildResult(check=checked)
    if checked.fatal:
        result.status = ExitCode.FAILURE
        return result
    if checked.brief is None:
        result.notes.append(Note("error", _("{file}: not built: the brief does not match the format").format(
            file=source)))
        result.status = ExitCode.FINDINGS
        return result
    errors = has_errors(checked.findings)
    if errors and not options.force:
        result.notes.append(Note("error", _("{file}: not built, because the brief has errors; fix them, or build a "
                                            "marked draft anyway with --force").format(file=source)))
        result.status = ExitCode.FINDINGS
        return result
    try:
        files = _render_documents(checked.brief, source, options, result, draft=errors)
        write_outputs(files, protected={*options.protected, source})
        result.written = [target for target, _data in files]
    except ProblemBriefError as exc:
        _fail(checked, failure_finding(exc, source))
        result.status = ExitCode.FAILURE
        return result
    except Exception as exc:  # a bug must cost one brief, never the batch
        _fail(checked, _internal_finding(exc, source), _traceback())
        result.status = ExitCode.FAILURE
        return result
    if errors:
        result.notes.append(Note("warning", _("{file}: built with --force although the brief has errors; the "
                                              "documents are marked as a draft with errors").format(file=source)))
    result.status = ExitCode.FINDINGS if errors else ExitCode.OK
    return result


def _render_documents(brief: Brief, source: Path, options: BuildOptions, result: BuildResult,
                      *, draft: bool) -> list[tuple[Path, bytes]]:
    kinds = documents_for(brief, options.document, source)
    if options.document == "all" and "dialogue" not in kinds:
        result.notes.append(Note("note", _("{file} has no `market_dialogue`, so no dialogue material is built")
                                 .format(file=source)))
    extension = ".md" if options.markdown else ".docx"
    files: list[tuple[Path, bytes]] = []
    for kind in kinds:
        target = _target(output_name(source, brief, kind, extension), options.output)
        check_target(target, {*options.protected, source})  # before the work of rendering
        if kind == "qa":
            from problembrief.questions import build_questions_document

            markdown_text, data, warnings = build_questions_document(
                brief, result.check.questions, draft=draft, reference=options.reference_docx,
                templates=options.templates)
            if options.markdown:
                data = markdown_text.encode("utf-8")
            result.notes += [Note("warning", f"{source}: {w}") for w in warnings]
            files.append((target, data))
            continue
        markdown_text = render_markdown(brief, kind, options.templates)
        if options.markdown:
            data = markdown_text.encode("utf-8")
        else:
            data, warnings = render_docx(brief, markdown_text, kind, options.reference_docx, draft=draft)
            result.notes += [Note("warning", f"{source}: {w}") for w in warnings]
        files.append((target, data))
    return files


def _clash(source: Path, other: Path) -> BuildResult:
    failure = OutputError(_("not built: its documents would replace those of {other}, which has the same name; "
                            "rename one of the briefs or build them into different folders").format(other=other),
                          path=source)
    checked = CheckResult(path=source, findings=[failure_finding(failure, source)],
                          language=i18n.current_language())
    return BuildResult(check=checked, status=ExitCode.FAILURE)


def build_files(paths: Sequence[Path], options: BuildOptions, *, jobs: int = 1,
                on_result: Callable[[BuildResult], None] | None = None) -> list[BuildResult]:
    """Build many briefs (in worker processes with jobs > 1); `on_result` hears of each as it finishes.

    Every brief of the batch is protected from every other's outputs, and two briefs whose documents would
    have the same name are refused, the second with a message naming the first: never one silently kept.
    In a batch of several briefs each result keeps what is reported (findings, notes, outputs, status), not
    the brief's loaded data and model (see `_lightened`)."""
    report = on_result or (lambda _result: None)
    sources = [Path(p) for p in paths]
    options = replace(options, protected=frozenset({*options.protected, *sources}))
    results: list[BuildResult] = []
    todo: list[Path] = []
    claimed: dict[tuple[Path, str], Path] = {}
    for source in sources:
        folder = options.output if options.output is not None and options.output.is_dir() else source.parent
        key = (folder.absolute(), source.stem)
        if key in claimed and claimed[key].absolute() != source.absolute():
            results.append(_clash(source, claimed[key]))
            report(results[-1])
        elif key not in claimed:
            claimed[key] = source
            todo.append(source)
    if jobs > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            futures = {pool.submit(_build_in_batch, source, options): source for source in todo}
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker that died (BrokenProcessPool) or a bug
                    source = futures[future]
                    checked = _fail(CheckResult(path=source, language=i18n.current_language()),
                                    _internal_finding(exc, source))
                    outcome = BuildResult(check=checked, status=ExitCode.FAILURE)
                results.append(outcome)
                report(outcome)
    else:
        for source in todo:
            results.append(_build_in_batch(source, options) if len(todo) > 1 else build_file(source, options))
            report(results[-1])
    return results


def _build_in_batch(source: Path, options: BuildOptions) -> BuildResult:
    return _lightened(build_file(source, options))


def _lightened(result: BuildResult) -> BuildResult:
    """A built brief of a batch as the batch keeps it: its findings, notes, outputs and status, without the
    loaded data and the model (some 100 kB a brief). A batch's memory, and the garbage collector's work over it,
    then stay flat however many briefs it has, and a worker process sends back a few kilobytes, not all that."""
    result.check.loaded = None
    result.check.brief = None
    result.check.questions = None
    return result


def build_status(results: Sequence[BuildResult]) -> ExitCode:
    return max((r.status for r in results), default=ExitCode.OK)


def export_pdfs(documents: Sequence[Path], protected: Sequence[Path] = ()) -> tuple[list[Path], list[str]]:
    """A PDF beside each Word document, through LibreOffice. Raises ProblemBriefError when it cannot."""
    from problembrief.pdf import convert

    pairs = [(path, path.with_suffix(".pdf")) for path in documents if path.suffix == ".docx"]
    for _source, target in pairs:
        check_target(target, protected)
    warnings = convert(pairs)
    return [target for _source, target in pairs], warnings


@lean_dataclass
class WatchEvent:
    """A rebuild of `watch`, and how long it took."""

    result: BuildResult
    milliseconds: float


def watch(path: Path, options: BuildOptions, *, interval: float = 0.1) -> Iterator[WatchEvent]:
    """Rebuild when the brief changes on disk, for ever: the caller stops it (Ctrl+C).

    Polls the size and time stamp: no extra dependency, and it works on network drives where file-system
    events do not arrive. A bad save is reported like any result; the last good document stays."""

    def stamp() -> tuple[int, int] | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    seen = None
    while True:
        current = stamp()
        if current is not None and current != seen:
            seen = current
            started = time.perf_counter()
            result = build_file(path, options)
            yield WatchEvent(result, (time.perf_counter() - started) * 1000)
        time.sleep(interval)


def check_selection(select: Sequence[str], ignore: Sequence[str]) -> None:
    """Raise UsageError when --select or --ignore names a rule that does not exist."""
    import problembrief.questions  # noqa: F401  (registers the questions file's codes)
    from problembrief.lint.config import LintConfig

    LintConfig().with_options(list(select), list(ignore))


def describe_codes() -> list[RuleInfo]:
    """Every code a report may use, described (for SARIF's rule descriptors), in the language in force."""
    from problembrief.lint.catalogue import describe_codes as described
    from problembrief.validate import SCHEMA_CODES

    # The run failures' and schema codes' summaries are constants marked N_(…): translated here, where shown.
    fixed = RUN_FAILURES | SCHEMA_CODES
    return [replace(info, summary=_(fixed[info.code][1])) if info.code in fixed else info for info in described()]


def write_file(target: Path, data: bytes) -> None:
    """A file the shells write themselves (the schema), by the same rules as documents."""
    write_outputs([(target, data)])


# --- Which files a command line names ---------------------------------------------------------------------

# YAML files that configure tools, never briefs: passed over when a folder is searched or a pattern expanded.
NOT_BRIEFS = frozenset({".pre-commit-config.yaml", ".pre-commit-hooks.yaml", ".gitlab-ci.yml", ".gitlab-ci.yaml",
                        "problembrief.schema.yaml", "problembrief.schema.json"})
BRIEF_SUFFIXES = (".yaml", ".yml")
QUESTIONS_SUFFIXES = (".questions.yaml", ".questions.yml")
_GLOB_CHARACTERS = frozenset("*?[")


def _is_configuration(path: Path) -> bool:
    """A tool's own file (pre-commit's, GitLab's, the schema) or a hidden file: never taken for a brief."""
    # A brief's questions file (`brief.questions.yaml`) is checked with its brief, not as a brief of its own.
    return path.name in NOT_BRIEFS or path.name.startswith(".") or path.name.endswith(QUESTIONS_SUFFIXES)


def _search(folder: Path) -> list[Path]:
    import os

    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))  # .git, .github, .venv …
        found += [Path(root) / name for name in sorted(files)
                  if name.lower().endswith(BRIEF_SUFFIXES) and not _is_configuration(Path(name))]
    return sorted(found)


def discover(arguments: Sequence[str | Path]) -> list[Path]:
    """The briefs a command line names, in its order, each once.

    - an existing file is taken as it is (whatever its name: naming it is asking for it);
    - a folder is searched recursively for `*.yaml` and `*.yml`, passing over hidden folders (`.git`,
      `.github`), hidden files and tools' configuration files (NOT_BRIEFS), in path order;
    - a glob pattern (`briefs/**/*.yaml`, `*.yml`) is expanded here, so it works where no shell expands it
      (Windows cmd, a quoted argument); `**` spans folders; the same files are passed over; a folder it
      matches is searched;
    - any other name is passed on, so the check reports it as a file that could not be read (PB001).

    Raises UsageError, naming it, for a folder or a pattern that gives no brief: a CI job pointed at an
    empty or misspelt folder must fail, not pass having checked nothing."""
    from problembrief.errors import UsageError

    found: list[Path] = []
    for argument in arguments:
        text = str(argument)
        path = Path(text)
        if path.is_dir():
            matched = _search(path)
            if not matched:
                raise UsageError(_("no briefs (*.yaml, *.yml) in the folder {folder}").format(folder=text))
        elif path.exists() or path.is_symlink() or not _GLOB_CHARACTERS & set(text):
            matched = [path]
        else:
            import glob  # only a pattern needs it

            matched = []
            # glob's wildcards, `**` too, pass over hidden names (.git, .github): as in a shell.
            for name in sorted(glob.glob(text, recursive=True)):
                match = Path(name)
                if match.is_dir():
                    matched += _search(match)
                elif not _is_configuration(match):
                    matched.append(match)
            if not matched:
                raise UsageError(_("no brief matches the pattern {pattern}").format(pattern=text))
        found += matched
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(path.absolute()), path)
    return list(unique.values())


__all__ = [
    "BuildOptions",
    "BuildResult",
    "CheckOptions",
    "CheckResult",
    "Corrections",
    "ExitCode",
    "Note",
    "WatchEvent",
    "build_file",
    "build_files",
    "build_status",
    "check_file",
    "check_selection",
    "check_text",
    "compare_files",
    "describe_codes",
    "discover",
    "documents_for",
    "exit_code",
    "export_pdfs",
    "output_name",
    "propose_timeline",
    "render_docx",
    "render_markdown",
    "watch",
    "write_file",
]


@lean_dataclass
class Corrections:
    """Two versions of a brief compared by field: the report (text) or the corrigendum (Word), and the status."""

    text: str = ""
    document: bytes = b""
    status: ExitCode = ExitCode.OK  # 1 when anything changed, as diff(1) says it


def _load_valid(path: Path, options: CheckOptions) -> tuple[LoadedBrief, Brief]:
    """A brief loaded and validated, or ProblemBriefError naming the file (a corrigendum needs two briefs)."""
    checked = check_file(path, replace(options, run_rules=False))
    if checked.fatal is not None:
        fatal = checked.fatal
        raise ProblemBriefError(fatal.message, path=fatal.file or path, line=fatal.line, column=fatal.column)
    if checked.brief is None or checked.loaded is None:
        raise ProblemBriefError(_("the brief does not match the format; run `problembrief validate` on it"),
                                path=path)
    return checked.loaded, checked.brief


def compare_files(old_path: Path, new_path: Path, fmt: str = "text", *, number: int = 1,
                  options: CheckOptions | None = None, reference: Path | None = None) -> Corrections:
    """`problembrief diff`: the changes from one version of a brief to the next, by field, as text, JSON or
    Markdown in the language in force (--lang, else the new brief's), or as a Word corrigendum ("Rettelsesblad
    nr. N") in the new brief's language. Raises ProblemBriefError for a brief that cannot be read."""
    from problembrief.corrections import compare, corrigendum_docx, exit_status, render_changes

    options = options or CheckOptions()
    old_loaded, old_brief = _load_valid(Path(old_path), options)
    new_loaded, new_brief = _load_valid(Path(new_path), options)
    changes = compare(old_loaded, new_loaded)
    status = ExitCode(exit_status(changes))
    if fmt == "docx":
        data, _warnings = corrigendum_docx(old_brief, new_brief, changes, number, old=old_loaded, new=new_loaded,
                                           reference=reference)
        return Corrections(document=data, status=status)
    with i18n.language(options.lang or new_brief.language.value):
        return Corrections(text=render_changes(changes, fmt, old=old_loaded, new=new_loaded), status=status)


def propose_timeline(path: Path, notice_sent: datetime.date | None, options: CheckOptions | None = None) -> str:
    """`problembrief plan`: every milestone the brief's procedure needs, from the legal minimum periods, as
    YAML to paste into `procurement.timeline`, explained in --lang or the brief's language."""
    from problembrief.plan import plan_yaml

    options = options or CheckOptions()
    _loaded, brief = _load_valid(Path(path), options)
    with i18n.language(options.lang or brief.language.value) as speaking:
        return plan_yaml(brief, notice_sent, speaking)
