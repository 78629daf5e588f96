"""The command line: Typer's definition of every command, a thin shell over the pipeline.

Typer parses the options, and the command's work is in `commands.py` (validate, build) or below: the pipeline
runs every brief's journey, the exit codes are `errors.ExitCode`. The parameters declared here are the one
definition of the command line: `quick.py` parses a plain `validate` or `build` from what Typer stored of them
(`scripts/help_texts.py`), so those two need not import Typer on every commit. Heavy modules are imported
inside the commands, so `validate` does not pay for Jinja, Markdown or python-docx; Typer's help and errors are
its plain ones (no rich, markdown-it or pygments), and Typer's coercion of the options through pydantic is kept
for what the quick conversion below does not know. How the program starts (the garbage collector, `--help` from
the stored text, the quick command line) is in `__main__.py`.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._coercion import RuntimeParam, build_runtime_param
from typer.core import TyperCommand, TyperGroup

from problembrief import __version__, commands, i18n
from problembrief.commands import (
    DocumentChoice,
    LanguageChoice,
    OutputFormat,
    collect_garbage,
    fail,
    speaking,
    stop,
)
from problembrief.commands import err as _err
from problembrief.errors import ExitCode, ProblemBriefError
from problembrief.i18n import N_, _
from problembrief.report import ReportFormat

if TYPE_CHECKING:
    from collections.abc import Sequence


# --- Click's and Typer's own words -----------------------------------------------------------------------
#
# Typer (0.29) carries its own copy of Click (`typer._click`), whose words are English text written in the
# code, not gettext calls; Typer's own help words go through `gettext.gettext`, imported as `_` in
# `typer.core`, with no catalogue of ours behind it. So the usual trick of installing a gettext domain for
# Click reaches none of them. Instead, before a command line is parsed (`_Group.main`) the language is chosen
# from argv's --lang or the locale, and then:
# - the help texts of our commands and options (marked N_ below) are translated on the command tree Typer
#   has just built for this run, with the metavars ("[OPTIONS]", "FILES") and the help option's text;
# - the usage line's "Usage:" comes through a wrapper of the formatter's `write_usage`;
# - Typer's headings and labels of the help ("Options", "default: …") through `typer.core._`, which is ours;
# - a usage error's "Try '… --help' for help." and "Error: …" through wrappers of the exceptions' `show`;
# - an error's message (Click's "No such option: --x", pydantic's "Input should be a valid integer") is
#   matched against the English patterns below and rewritten from our catalogue; one that matches none is
#   shown as it is (in English), never lost.
# The help is Typer's plain one (rich_markup_mode=None): rich's panels cost rich, markdown-it and pygments,
# some 80 ms on every --help, and the plain help says the same in the same words.
_TYPER_WORDS = frozenset({
    N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"), N_("required"),
    N_("env var: {var}"), N_("(dynamic)"), N_("Aborted!"),
})
_USAGE = N_("Usage:")
_TRY_HELP = N_("Try '{command} {option}' for help.")
_ERROR = N_("Error: {message}")
_OPTIONS_METAVAR = N_("[OPTIONS]")
_SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
_HELP_OPTION = N_("Show this message and exit.")

# (English pattern, message): a group `message` or `rest` holds a message of its own, translated in turn.
_CLICK_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern, re.DOTALL), message) for
                                                                 pattern, message in (
    (r"No such option: (?P<option>\S+) \(Possible options: (?P<options>.+)\)",
     N_("No such option: {option} (possible options: {options})")),
    (r"No such option: (?P<option>.+)", N_("No such option: {option}")),
    (r"Missing argument (?P<name>\S+)\.(?: (?P<rest>.+))?", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>\S+)\.(?: (?P<rest>.+))?", N_("Missing option {name}.")),
    (r"Missing parameter: (?P<name>.+)", N_("Missing parameter: {name}")),
    (r"Choose from:\n\t(?P<choices>.+)", N_("Choose from:\n\t{choices}")),
    (r"Invalid value for (?P<name>'[^']*'(?: / '[^']*')*): (?P<message>.+)", N_("Invalid value for {name}: {message}")),
    (r"Invalid value: (?P<message>.+)", N_("Invalid value: {message}")),
    (r"Value error, (?P<message>.+)", "{message}"),  # pydantic's prefix: no word of ours
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}.")),
    (r"Input should be a valid integer.*", N_("Write a whole number.")),
    (r"Input should be greater than or equal to (?P<limit>\S+)", N_("The number must be {limit} or more.")),
    (r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)",
     N_("Got unexpected extra argument(s) ({arguments})")),
    (r"Option (?P<name>\S+) requires an argument\.", N_("Option {name} requires a value.")),
    (r"Option (?P<name>\S+) requires (?P<count>\d+) arguments\.", N_("Option {name} requires {count} values.")),
    (r"Option (?P<name>\S+) does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"No such command (?P<name>.+)\.", N_("No such command {name}.")),
))


def translate_click_message(text: str) -> str:
    """A message of Click, Typer or pydantic about the command line, in the language in force."""
    for pattern, message in _CLICK_MESSAGES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = {k: v or "" for k, v in match.groupdict().items()}
        rest = groups.pop("rest", "")
        if groups.get("message"):
            groups["message"] = translate_click_message(groups["message"])
        translated = (_(message) if message != "{message}" else message).format(**groups)
        return f"{translated} {translate_click_message(rest)}" if rest else translated
    return text


def _wrapped(original: Callable[..., Any], wrapper: Callable[..., Any]) -> Callable[..., Any]:
    wrapper.__wrapped__ = original  # type: ignore[attr-defined]
    wrapper._problembrief = True  # type: ignore[attr-defined]
    return wrapper


def _typer_word(text: str) -> str:
    """Typer's `gettext` (typer.core._): its words of the help in the language in force, anything else as it is."""
    return _(text) if text in _TYPER_WORDS else text


def _install_click_words() -> None:
    """Route the words of Typer and its Click through the catalogue (once per process; in English they read as
    before): they are looked up in the language in force each time they are shown."""
    import typer.core
    from typer._click import exceptions, formatting
    from typer._click.utils import echo
    from typer.exceptions import TyperException

    typer.core._ = _typer_word  # type: ignore[attr-defined]
    usage = formatting.HelpFormatter.write_usage
    if not getattr(usage, "_problembrief", False):
        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            usage(self, prog, args, f"{_(_USAGE)} " if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = _wrapped(usage, write_usage)  # type: ignore[method-assign]
    for cls in (TyperException, exceptions.BadParameter, exceptions.MissingParameter, exceptions.NoSuchOption,
                exceptions.FileError):
        method = cls.__dict__.get("format_message")
        if method is not None and not getattr(method, "_problembrief", False):
            def format_message(self: Any, _method: Callable[[Any], str] = method) -> str:
                return translate_click_message(_method(self))

            cls.format_message = _wrapped(method, format_message)  # type: ignore[method-assign]

    # Click's ClickException.show and UsageError.show, with their words from the catalogue.
    def show_error(self: Any, file: Any = None) -> None:
        echo(_(_ERROR).format(message=self.format_message()), file=file, err=file is None, color=self.show_color)

    def show_usage_error(self: Any, file: Any = None) -> None:
        color = None
        if self.ctx is not None:
            color = self.ctx.color
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = _(_TRY_HELP).format(command=self.ctx.command_path, option=self.ctx.help_option_names[0]) + "\n"
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=file is None, color=color)
        echo(_(_ERROR).format(message=self.format_message()), file=file, err=file is None, color=color)

    def show_help(self: Any, file: Any = None) -> None:  # `problembrief` alone: the help, on stdout as ever
        echo(self.format_message(), file=file, color=self.ctx.color)

    for cls, show in ((exceptions.ClickException, show_error), (exceptions.UsageError, show_usage_error),
                      (exceptions.NoArgsIsHelpError, show_help)):
        method = cls.__dict__["show"]
        if not getattr(method, "_problembrief", False):
            cls.show = _wrapped(method, show)  # type: ignore[method-assign]


def _localise_command(command: Any) -> None:
    """Translate, on the command tree built for this run, what our code wrote for the help (marked N_)."""
    if command.help:
        command.help = _(command.help)
    if command.short_help:
        command.short_help = _(command.short_help)
    if getattr(command, "options_metavar", None) == _OPTIONS_METAVAR:
        command.options_metavar = _(_OPTIONS_METAVAR)
    if getattr(command, "subcommand_metavar", None) == _SUBCOMMAND_METAVAR:
        command.subcommand_metavar = _(_SUBCOMMAND_METAVAR)
    for param in command.params:
        _localise_param(param)
    for sub in getattr(command, "commands", {}).values():
        _localise_command(sub)


def _localise_param(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None:  # a Typer parameter whose coercion is not built yet
        param._runtime_param = _QuickParam(parameter_info=param.type_descriptor.parameter_info,
                                           annotation=param.type_descriptor.annotation,
                                           descriptor=param.type_descriptor)
    if getattr(param, "help", None):
        param.help = _(param.help)
    if getattr(param, "is_bool_flag", False):
        param.metavar = ""  # not "<bool>": a flag's name says it all
    elif param.metavar:
        param.metavar = _(param.metavar)
    if param.param_type_name == "argument":
        param.display_type_rich = lambda ctx: None  # not "<list[Path]>": the metavar (FILES) says it in words


# --- Values of the options, without pydantic -----------------------------------------------------------
#
# Typer 0.29 converts every value through a pydantic TypeAdapter built for each parameter on each run (some
# 20 ms, and pydantic's import for `--version` or `rules`). The values of this command line are text, whole
# numbers, paths, choices and lists of them, so the quick conversion below takes a value that is plainly
# valid (digits within the bounds, one of the choices) exactly as Typer would, by Typer's own functions, and
# hands anything else (an error, a date, a custom parser) to Typer's conversion, which says what is wrong
# in its own words.
_SLOW = object()


@dataclass(frozen=True)
class _QuickParam(RuntimeParam):
    descriptor: Any

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        quick = quick_value(self.annotation, self.parameter_info, value, param, ctx)
        if quick is not _SLOW:
            return quick
        return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def quick_value(annotation: Any, info: Any, value: Any, param: Any = None, ctx: Any = None) -> Any:
    """The value Typer's conversion would give for a plainly valid one, or _SLOW to let Typer convert it."""
    import typing
    from enum import Enum

    from typer._param_types import coerce_cli_choice, coerce_cli_path

    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return _SLOW
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        values = [quick_value(item, info, v, param, ctx) for v in (value if isinstance(value, list | tuple)
                                                                   else [value])]
        return _SLOW if any(v is _SLOW for v in values) else values
    if annotation is str:
        return value if isinstance(value, str) else _SLOW
    if annotation is int and not info.clamp:
        number = value if type(value) is int else (
            int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None)
        if number is None or (info.min is not None and number < info.min) or (
                info.max is not None and number > info.max):
            return _SLOW
        return number
    if isinstance(annotation, type) and issubclass(annotation, Enum) and isinstance(value, str | Enum):
        try:
            return coerce_cli_choice(value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return _SLOW
    if annotation is Path and info.path_type is None and isinstance(value, str | Path):
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    return _SLOW


class _Localised:
    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.help == _HELP_OPTION:
            _localise_param(option)
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        text: str = super().get_short_help_str(limit)  # type: ignore[misc]
        # The list of commands shows the help's first sentence. In the pseudo-locale (a test aid) the help is one
        # bracketed message, whose closing bracket the cut drops: it is put back, so the words show as translated.
        if text.startswith(i18n.PSEUDO_OPEN) and i18n.PSEUDO_CLOSE not in text:
            text += i18n.PSEUDO_CLOSE
        return text


class _Command(_Localised, TyperCommand):
    """A command whose help option speaks the run's language."""


class _Group(_Localised, TyperGroup):
    """The root of the command line: chooses the language before anything is parsed or shown."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        with speaking(list(sys.argv[1:] if args is None else args)):
            _install_click_words()
            _localise_command(self)
            return super().main(args, *rest, **options)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if name in _LONG_RUNNING:
            collect_garbage()
        return name, command, rest


# Commands that serve for as long as the user works: the garbage collector runs as usual in them.
_LONG_RUNNING = frozenset({"lsp", "serve"})


app = typer.Typer(
    name="problembrief",
    cls=_Group,
    help=N_("Problem-based tender briefs for Danish municipalities: check a YAML brief, build Word documents."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

SelectOption = Annotated[list[str] | None, typer.Option(
    "--select", metavar=N_("CODES"), help=N_("Only these rules (codes or prefixes, e.g. PB4 or PB101,PB102)."))]
IgnoreOption = Annotated[list[str] | None, typer.Option(
    "--ignore", metavar=N_("CODES"), help=N_("Skip these rules (codes or prefixes)."))]
DebugOption = Annotated[bool, typer.Option(help=N_("Show a traceback for internal errors."))]
NoInlineIgnoreOption = Annotated[bool, typer.Option(
    "--no-inline-ignore", help=N_(
        "Refuse `# problembrief: disable=…` comments in the briefs: the findings they would silence are reported "
        "as usual, and each comment is reported as information (PB024), so a brief cannot silence a rule past a "
        "gatekeeper."))]
LangOption = Annotated[LanguageChoice | None, typer.Option(
    "--lang", help=N_("Language of the messages: da or en. Default: each brief's language; without a brief, "
                      "your locale (LC_ALL, LC_MESSAGES, LANG), else English."), show_default=False)]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"problembrief {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback(help=N_("Describe the problem and the outcome wanted, not the solution."))
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=N_("Show the version and exit."))] = False,
    lang: LangOption = None,  # read from argv before parsing (_Group.main); here for --help and validation
) -> None:
    pass


FilesArgument = Annotated[list[Path], typer.Argument(metavar=N_("FILES"), help=N_(
    "Briefs (YAML): files, folders (searched for *.yaml and *.yml, configuration files passed over) or patterns "
    "such as 'briefs/**/*.yaml', expanded by the tool in any shell."), show_default=False)]


@app.command(cls=_Command, help=N_(
    "Check briefs: schema and rules. Exit 0: no errors; 1: errors (or warnings with --strict); 2: a file could "
    "not be read, or an option is wrong."))
def validate(
    files: FilesArgument,
    report_format: Annotated[ReportFormat, typer.Option(
        "--format", help=N_("Report format; auto is github inside GitHub Actions, text elsewhere. gitlab: "
                            "GitLab's Code Quality report."))] = ReportFormat.AUTO,
    output_file: Annotated[Path | None, typer.Option(
        "--output-file", metavar=N_("FILE"), help=N_(
            "Write the report to this file; the findings, readable, and the summary go to the terminal "
            "(stderr)."))] = None,
    strict: Annotated[bool, typer.Option(help=N_("Warnings fail the check too."))] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    no_inline_ignore: NoInlineIgnoreOption = False,
    debug: DebugOption = False,
    lang: LangOption = None,
) -> None:
    raise typer.Exit(commands.validate(
        files, report_format=report_format.value, output_file=output_file, strict=strict, select=select,
        ignore=ignore, no_inline_ignore=no_inline_ignore, debug=debug, lang=_lang(lang)))


def _lang(lang: LanguageChoice | None) -> str | None:
    """--lang of a command, or of the root (`problembrief --lang da validate …`)."""
    if lang is not None:
        return lang.value
    root = click_context().find_root()
    value = root.params.get("lang")
    return value.value if isinstance(value, LanguageChoice) else None


def click_context() -> Any:
    from typer._click.globals import get_current_context

    return get_current_context()


def _check_jobs(value: str) -> str:
    """--jobs: a whole number from 1, or auto (commands.check_jobs), in Typer's words for a wrong value."""
    try:
        return commands.check_jobs(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


class DiffFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"
    DOCX = "docx"


@app.command(cls=_Command, short_help=N_(
    "Build the tender brief and/or the market dialogue material as Word (or Markdown with --format md)."), help=N_(
    "Build the tender brief and/or the market dialogue material as Word (or Markdown with --format md).\n\n"
    "A brief with errors is not built; --force builds it anyway, marked as a draft with errors, when the errors "
    "are the rules' (a brief that does not match the format can never be built). Exit 0: all built; 1: a brief "
    "had errors (built or not); 2: a file could not be read or written, or an option is wrong."))
def build(
    files: FilesArgument,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar=N_("PATH"), help=N_(
            "Output file for one document of one brief; otherwise an existing folder. Default: next to each "
            "brief."))] = None,
    document: Annotated[DocumentChoice, typer.Option(help=N_(
        "tender: the tender brief; dialogue: the market dialogue material; all: both."))] = DocumentChoice.TENDER,
    output_format: Annotated[OutputFormat, typer.Option("--format", help=N_("docx, or md for review."))] = (
        OutputFormat.DOCX),
    pdf: Annotated[bool, typer.Option("--pdf", help=N_(
        "Also write a PDF of each document (needs LibreOffice)."))] = False,
    reference_docx: Annotated[Path | None, typer.Option(metavar=N_("FILE"), help=N_(
        "Your own Word template: its styles, header, footer and logo are kept."))] = None,
    templates: Annotated[Path | None, typer.Option(metavar=N_("FOLDER"), help=N_(
        "A folder of your own Jinja templates (run in Jinja's sandbox; the built-in ones fill the gaps)."))] = None,
    force: Annotated[bool, typer.Option(help=N_(
        "Build even when the rules report errors; the documents are marked as a draft with errors."))] = False,
    watch: Annotated[bool, typer.Option(help=N_("Rebuild each time the brief is saved (Ctrl+C stops)."))] = False,
    jobs: Annotated[str, typer.Option(metavar=N_("NUMBER"), callback=_check_jobs, help=N_(
        "Worker processes for many briefs: a number, or auto (one per processor the tool may use, at most one "
        "per brief)."))] = "auto",
    max_size: Annotated[int | None, typer.Option(min=1, metavar=N_("BYTES"), help=N_(
        "Largest brief accepted, in bytes."))] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    no_inline_ignore: NoInlineIgnoreOption = False,
    debug: DebugOption = False,
    lang: LangOption = None,
) -> None:
    raise typer.Exit(commands.build(
        files, output=output, document=document.value, output_format=output_format.value, pdf=pdf,
        reference_docx=reference_docx, templates=templates, force=force, watch=watch, jobs=jobs, max_size=max_size,
        select=select, ignore=ignore, no_inline_ignore=no_inline_ignore, debug=debug, lang=_lang(lang)))


@app.command(cls=_Command, help=N_(
    "List the rule catalogue, or explain one rule with its source and a bad and a good example."))
def rules(
    code: Annotated[str | None, typer.Argument(metavar=N_("CODE"), help=N_(
        "A rule code, e.g. PB404, to explain it."))] = None,
    report_format: Annotated[ReportFormat, typer.Option("--format", help=N_("text or json."))] = ReportFormat.TEXT,
    lang: LangOption = None,
) -> None:
    import json

    from problembrief.findings import RuleInfo, Severity
    from problembrief.lint import all_rules, get_rule
    from problembrief.questions import describe_rules as questions_rules
    from problembrief.report.base import explanation, severity_word
    from problembrief.validate import SCHEMA_CODES

    # The questions file's rules (PB8xx) are described untranslated: put them in the words of the run.
    round_rules = [RuleInfo(r.code, r.name, r.severity, _(r.summary), _(r.documentation) if r.documentation else "",
                            _(r.hint) if r.hint else "", _(r.source) if r.source else "") for r in questions_rules()]

    if report_format not in (ReportFormat.TEXT, ReportFormat.JSON):
        fail(_("`rules --format` is text or json"))
    if code is None:
        if report_format is ReportFormat.JSON:
            typer.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value,
                                    "summary": r.summary, "source": r.source}
                                   for r in [*all_rules(), *round_rules]],
                                  ensure_ascii=False, indent=2))
            return
        for schema_code, (name, summary) in sorted(SCHEMA_CODES.items()):
            typer.echo(f"{schema_code}  {severity_word('error'):<9}  {name:<46}  {_(summary)}")
        for r in [*all_rules(), *round_rules]:
            typer.echo(f"{r.code}  {severity_word(r.severity):<9}  {r.name:<46}  {r.summary}")
        return
    found = get_rule(code)
    if found is None:
        upper = code.upper()
        described = next((r for r in round_rules if r.code == upper), None)
        if described is not None:
            typer.echo(explanation(described), nl=False)
            return
        if upper in SCHEMA_CODES:
            name, summary = SCHEMA_CODES[upper]
            typer.echo(explanation(RuleInfo(upper, name, Severity.ERROR, _(summary))), nl=False)
            return
        fail(_("no rule {code}; `problembrief rules` lists them").format(code=repr(code)))
    # The same text as SARIF's help for the rule (report.base.explanation).
    typer.echo(explanation(RuleInfo(found.code, found.name, found.severity, found.summary, found.documentation,
                                    found.hint, found.source, found.bad, found.good)), nl=False)


@app.command(cls=_Command, help=N_(
    "Compare two versions of a brief field by field, for a correction sheet: the changes with their lines, "
    "each marked when it touches what the law treats as essential after the notice. Exit 0: no change; 1: "
    "changes; 2: a brief could not be read."))
def diff(
    old: Annotated[Path, typer.Argument(metavar=N_("OLD"), help=N_("The earlier version."), show_default=False)],
    new: Annotated[Path, typer.Argument(metavar=N_("NEW"), help=N_("The later version."), show_default=False)],
    report_format: Annotated[DiffFormat, typer.Option("--format", help=N_(
        "text, json, md (for a pull request) or docx (the corrigendum, \"Rettelsesblad nr. N\")."))] = DiffFormat.TEXT,
    number: Annotated[int, typer.Option(min=1, help=N_("The corrigendum's number."))] = 1,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar=N_("FILE"), help=N_(
        "Write to a file instead of stdout (needed for docx)."))] = None,
    reference_docx: Annotated[Path | None, typer.Option(metavar=N_("FILE"), help=N_(
        "Your own Word template: its styles, header, footer and logo are kept."))] = None,
    lang: LangOption = None,
) -> None:
    from problembrief.pipeline import CheckOptions, compare_files, write_file

    if report_format is DiffFormat.DOCX and output is None:
        fail(_("--format docx writes a Word file: give it a name with --output"))
    try:
        result = compare_files(old, new, report_format.value, number=number, options=CheckOptions(lang=_lang(lang)),
                               reference=reference_docx)
        data = result.document if report_format is DiffFormat.DOCX else result.text.encode("utf-8")
        if output is None:
            typer.echo(result.text, nl=False)
        else:
            write_file(output, data)
            _err(_("wrote {file}").format(file=output))
    except ProblemBriefError as exc:
        stop(exc)
    raise typer.Exit(result.status)


@app.command(cls=_Command, help=N_(
    "Propose the brief's timeline from the legal minimum periods, counted as the law counts (weekends and "
    "Danish public holidays included), as YAML to paste into procurement.timeline."))
def plan(
    brief: Annotated[Path, typer.Argument(metavar=N_("FILE"), help=N_("The brief."), show_default=False)],
    notice_sent: Annotated[datetime.datetime | None, typer.Option(
        formats=["%Y-%m-%d"], metavar=N_("DATE"), help=N_(
            "The day the contract notice is sent (YYYY-MM-DD); default: the brief's `notice_sent` milestone."))
    ] = None,
    lang: LangOption = None,
) -> None:
    from problembrief.pipeline import CheckOptions, propose_timeline

    try:
        text = propose_timeline(brief, notice_sent.date() if notice_sent else None, CheckOptions(lang=_lang(lang)))
    except ProblemBriefError as exc:
        stop(exc)
    typer.echo(text, nl=False)


@app.command(cls=_Command, help=N_(
    "Run the language server (LSP over stdio): findings in your editor as you type, with explanations on hover "
    "and quick fixes."))
def lsp(lang: LangOption = None) -> None:
    from problembrief.lsp.server import main as serve

    serve(lang=_lang(lang))


@app.command(cls=_Command, help=N_(
    "Open the guided form in the web browser: write the brief without YAML, with the findings beside each "
    "field. The YAML file stays the source: every change is saved to it."))
def serve(
    path: Annotated[Path, typer.Argument(metavar=N_("FILE"), help=N_(
        "The brief to edit; written from the Danish starter when it does not exist."))] = Path("brief.yaml"),
    port: Annotated[int, typer.Option(min=0, max=65535, help=N_(
        "Port on 127.0.0.1; 0 lets the system pick a free one."))] = 0,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help=N_(
        "Open the form in the web browser."))] = True,
    lang: LangOption = None,
) -> None:
    from problembrief.serve.app import run

    try:
        run(path, port=port, open_browser=browser, lang=_lang(lang), announce=typer.echo, inform=_err)
    except ProblemBriefError as exc:
        stop(exc)


@app.command(cls=_Command, help=N_(
    "Print the JSON Schema of the brief format, for editors that complete and check YAML."))
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar=N_("FILE"), help=N_(
        "Write to a file instead of stdout."))] = None,
    lang: LangOption = None,
) -> None:
    from problembrief.pipeline import write_file
    from problembrief.schema import json_schema_text

    # The descriptions an editor shows on hover, in the language the command speaks (--lang, then the locale).
    text = json_schema_text(i18n.current_language())
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_file(output, text.encode("utf-8"))
    except ProblemBriefError as exc:
        stop(exc)
    _err(_("wrote {file}").format(file=output))


@app.command(cls=_Command, help=N_(
    "Write a commented starter brief, and the JSON Schema beside it for the editor."))
def init(
    path: Annotated[Path, typer.Argument(metavar=N_("FILE"), help=N_("The brief to create."))] = Path("brief.yaml"),
    language: Annotated[LanguageChoice, typer.Option(help=N_("Language of the brief and its documents."))] = (
        LanguageChoice.DA),
    overwrite: Annotated[bool, typer.Option(help=N_("Replace an existing file."))] = False,
    lang: LangOption = None,
) -> None:
    from problembrief.output import write_outputs
    from problembrief.render.environment import templates_dir
    from problembrief.schema import SCHEMA_FILE_NAME, json_schema_text

    if (path.exists() or path.is_symlink()) and not overwrite:
        fail(_("{file} exists; choose another name or pass --overwrite").format(file=path))
    try:
        starter = (templates_dir() / "init" / f"{language.value}.yaml").read_bytes()
        # Both files or neither: a starter without its schema (or the reverse) is half an init.
        # The schema beside the starter speaks the starter's language: its descriptions are the editor's help.
        schema_text = json_schema_text(language.value)
        write_outputs([(path, starter), (path.parent / SCHEMA_FILE_NAME, schema_text.encode("utf-8"))])
    except OSError as exc:
        fail(_("cannot write the starter brief: {reason}").format(reason=exc.strerror or exc))
    except ProblemBriefError as exc:
        stop(exc)
    _err(_("wrote {file} and {schema}; next: problembrief validate {file}").format(
        file=path, schema=path.parent / SCHEMA_FILE_NAME))


def main() -> None:
    commands.guarded(app, sys.argv[1:])


if __name__ == "__main__":
    main()
