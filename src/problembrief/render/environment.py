"""The Jinja environment: strict about undefined names, escaping every value for Markdown."""

from __future__ import annotations

import functools
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from problembrief import __version__, formatting, i18n
from problembrief.errors import TemplateError
from problembrief.i18n import _, pgettext
from problembrief.load import private_to_user
from problembrief.render import labels, timeline
from problembrief.render.markdown import Markdown, escape_inline, escape_paragraphs, link_markdown, to_markdown
from problembrief.render.sandbox import MAX_OUTPUT, BoundedSandbox


def templates_dir() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent.parent / "templates"):
        if (candidate / "reference.docx").is_file():
            return candidate
    raise TemplateError(_("the templates folder is missing (looked in {folder})").format(folder=here / "templates"))


# The one award criterion of udbudsloven § 162, stk. 1 (pris, omkostninger or bedste forhold mellem pris og
# kvalitet), derived from the kinds of the weighted sub-criteria: any quality (or other non-price) sub-criterion
# makes it the best price-quality ratio (§ 162, stk. 3); price alone is price; price and cost together are cost
# (§ 162, stk. 2: cost may include the price). A criterion without a kind leaves it undecided: None.
def award_criterion(procurement: Any) -> str | None:
    kinds = [getattr(c.kind, "value", c.kind) for c in procurement.award_criteria]
    if not kinds:
        return None
    if any(k in ("quality", "other") for k in kinds):
        return "best_price_quality"
    if None in kinds:
        return None
    return "price" if set(kinds) == {"price"} else "cost"


def subtitle_key(brief: Any, document: str) -> str:
    """The key of a document's subtitle in the labels' `subtitle` kind: by document, and for the tender brief
    by procedure (a behovsbeskrivelse in an innovation partnership; no tender when there is only a dialogue)."""
    if document != "tender":
        return document
    procedure = getattr(brief.procurement.procedure, "value", brief.procurement.procedure)
    if procedure in ("innovation_partnership", "market_dialogue_only"):
        return f"tender_{procedure}"
    return "tender"


def document_subtitle(brief: Any, document: str, language: str) -> str:
    """The subtitle of a document, as on its cover: for the core properties (pipeline's `subject`)."""
    with i18n.language(language):
        return labels.label("subtitle", subtitle_key(brief, document))


_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _year_month(value: Any, language: str) -> Any:
    """`2026-09` -> "september 2026" / "September 2026"; any other text as it is."""
    match = _YEAR_MONTH.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return value
    with i18n.language(language):
        # Translators: a month of a year ("september 2026")
        pattern = pgettext("month of a year", "{month} {year}")
    return pattern.format(month=formatting.month_name(int(match.group(2)), language), year=match.group(1))


def _table(headers: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Markdown:
    """A Markdown table; every cell is escaped, an empty cell shows a dash."""

    def cell(value: Any) -> str:
        if value is None or value == "" or value == []:
            return "–"
        return escape_inline(value)

    head = [cell(h) if h != "" else " " for h in headers]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return Markdown("\n".join(lines))


def _facts(pairs: Iterable[tuple[Any, Any]]) -> Markdown:
    """A two-column table of label and value, without a header row; pairs with no value are left out."""
    kept = [(k, v) for k, v in pairs if v not in (None, "", [])]
    return _table(["", ""], kept) if kept else Markdown("")


def _bullets(items: Iterable[Any], numbered: bool = False) -> Markdown:
    marker = "1." if numbered else "-"
    return Markdown("\n".join(f"{marker} {escape_inline(item)}" for item in items))


def _link(title: Any, url: Any) -> Markdown:
    """Title and address. The address never passes through Markdown (see `link_markdown`): the Word writer
    makes it a hyperlink whose text and target are the address as typed, or plain text where it cannot be
    a link (not a web or mail address, or with spaces or control characters in it)."""
    return Markdown(f"{escape_inline(title)}: {link_markdown(str(url))}")


class _PrivateBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, loading an entry only from a file no one else may write."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self._get_cache_filename(bucket), "rb") as stream:
                if private_to_user(os.fstat(stream.fileno())):
                    bucket.load_bytecode(stream)
        except OSError:
            return


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them is most of a render); none where it cannot be
    written. Jinja keys each entry on the template's source, so an edited template is compiled again."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "problembrief" / f"jinja-{__version__}-{sys.version_info.major}.{sys.version_info.minor}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Compiled templates are code: a folder someone else owns or may write is not used.
        if not all(private_to_user(os.stat(f)) for f in (folder, folder.parent)):
            return None
    except OSError:
        return None
    return _PrivateBytecodeCache(str(folder))


class _Loader(jinja2.BaseLoader):
    """One template per document for every language: `tender.md.j2`, `dialogue.md.j2`, `macros.md.j2`.

    A user's folder is searched first, in the language of the document and then at its top (`DIR/da/tender.md.j2`
    for a Danish brief, then `DIR/tender.md.j2`), then the built-in templates. A name with a language folder in
    front, as the templates had one per language before (`da/macros.md.j2`), is the same template: a user's
    template that imports it keeps working."""

    def __init__(self, built_in: Path, user_folder: Path | None, language: str | None) -> None:
        self._built_in, self._user, self._language = built_in, user_folder, language

    def _folders(self, language: str) -> list[str]:
        user = [self._user / language, self._user] if self._user is not None else []
        return [str(f) for f in [*user, self._built_in]]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        language = self._language or i18n.current_language()
        first, _, rest = template.partition("/")
        name = rest if rest and first in i18n.LANGUAGES else template
        source, filename, uptodate = jinja2.FileSystemLoader(self._folders(language)).get_source(environment, name)
        if self._user is None or self._language is not None:
            return source, filename, uptodate
        # The language decides which of a user's templates is found: a template cached for one language is
        # not the template of another.
        return source, filename, lambda: bool(uptodate()) and i18n.current_language() == language


def _fill(message: str, variables: dict[str, Any]) -> Markdown:
    """A translated message as Markdown (the template's own words), its placeholders filled with values
    escaped as any `{{ value }}` is. Jinja's own newstyle gettext escapes them for HTML, not for Markdown."""
    if not variables and "%" not in message:
        return Markdown(message)  # what `%` would give: most of the words of a document have no placeholder
    return Markdown(message) % {key: to_markdown(value) for key, value in variables.items()}


@jinja2.pass_context
def _gettext(_context: Any, message: str, /, **variables: Any) -> Markdown:
    return _fill(i18n._(message), variables)


@jinja2.pass_context
def _ngettext(_context: Any, singular: str, plural: str, count: int, /, **variables: Any) -> Markdown:
    variables.setdefault("num", count)
    return _fill(i18n.ngettext(singular, plural, count), variables)


@jinja2.pass_context
def _pgettext(_context: Any, where: str, message: str, /, **variables: Any) -> Markdown:
    return _fill(i18n.pgettext(where, message), variables)


def make_environment(language: str | None = None, *, user_folder: Path | None = None) -> jinja2.Environment:
    """Templates from a user's folder run in Jinja's sandbox and fall back to the built-in ones.

    The words come from the catalogues in the language in force when a template is rendered (`render_template`
    speaks the brief's language); `language`, when given, fixes which of a user's language folders is searched."""
    built_in = templates_dir()
    if user_folder is not None and not user_folder.is_dir():
        raise TemplateError(_("the templates folder does not exist"), path=user_folder)
    # A user's templates are code from outside: sandboxed, and bounded in time and size (render/sandbox.py).
    env_class = BoundedSandbox if user_folder is not None else jinja2.Environment
    env = env_class(
        loader=_Loader(built_in, user_folder, i18n.normalise(language)),
        undefined=jinja2.StrictUndefined,
        finalize=to_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # finalize escapes for Markdown and returns Markup; autoescape then only keeps what templates
        # build themselves (macros, block sets, `|safe`) from being escaped a second time.
        autoescape=True,
        bytecode_cache=_bytecode_cache(),
        extensions=["jinja2.ext.i18n"],
    )
    # `_`, `gettext`, `ngettext` and `pgettext` (and `{% trans %}`) look up the catalogues (problembrief.i18n)
    # in the language in force; they are installed as Jinja's "newstyle" callables, which format their own
    # placeholders, here with Markdown escaping (`_fill`).
    env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)
    env.globals.update(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext)
    if user_folder is None:
        # Jinja's `_` looks `gettext` up in the template's context on every call; the built-in templates never
        # rebind it, so theirs is ours directly (a user's template may rebind it: it keeps Jinja's lookup).
        env.globals["_"] = _gettext

    def label(value: Any, kind: str) -> str:
        key = getattr(value, "value", value)
        try:
            return labels.label(kind, key)
        except (KeyError, TypeError) as exc:
            raise TemplateError(labels.unknown_label(kind, key)) from exc

    def speaking() -> str:
        return i18n.current_language()

    filters: dict[str, Callable[..., Any]] = {
        "number": lambda v: "–" if v is None else formatting.format_number(v, speaking()),
        "money": lambda m: formatting.format_money(m.amount, m.currency.value, speaking()),
        "date": lambda d: formatting.format_date(d, speaking()),
        "period": lambda d, unit: formatting.format_period(d, unit, speaking()),
        "join_and": lambda items: formatting.join_and(list(items), speaking()),
        "gdpr_bases": lambda refs: formatting.format_gdpr_bases(
            [getattr(r, "value", r) for r in refs if r], speaking()),
        "label": label,
        "paragraphs": escape_paragraphs,
        "bullets": _bullets,
        "link": _link,
        "url": lambda u: link_markdown(str(u)),
        "year_month": lambda v: _year_month(v, speaking()),
        "dash": lambda v: "–" if v is None or v == "" or v == [] else v,
    }
    env.filters.update(filters)
    env.globals.update(table=_table, facts=_facts, timeline_chart=timeline.chart, award_criterion=award_criterion,
                       subtitle_key=subtitle_key)
    if isinstance(env, BoundedSandbox):
        env.bound_filters()
    return env


def render_document(brief: Any, document: str = "tender", templates: Path | None = None) -> str:
    """A document of a brief as Markdown, in the brief's language: `tender.md.j2` or `dialogue.md.j2`, from a
    user's folder of templates first when there is one (see `_Loader`)."""
    env = make_environment(user_folder=templates) if templates is not None else _built_in_environment()
    return render_template(env, f"{document}.md.j2", brief=brief)


@functools.cache
def _built_in_environment() -> jinja2.Environment:
    """The built-in templates' environment, made once per process: a batch or `--watch` renders brief after brief
    with the templates it has loaded (Jinja still reloads a template whose file changed)."""
    return make_environment()


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; a missing or broken template, or an undefined name, is named with its line.

    A `brief` in the context is written in its own language (`brief.language`), whatever language the tool
    speaks: an error is said in the tool's language, the document is in the brief's.

    The document is written out piece by piece and may be at most `sandbox.MAX_OUTPUT` (20,000,000)
    characters, whoever wrote the template; a user's templates have the further limits of `BoundedSandbox`."""
    brief = context.get("brief")
    document_language = getattr(getattr(brief, "language", None), "value", None) or i18n.current_language()
    if isinstance(env, BoundedSandbox):
        env.start()
    try:
        with i18n.language(document_language):
            return _generate(env.get_template(name), context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(_("template not found: {name}").format(name=exc.name)) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(_("template error: {message}").format(message=exc.message),
                            path=exc.filename or exc.name, line=exc.lineno) from exc
    except jinja2.exceptions.SecurityError as exc:
        where = _template_frame(exc)
        raise TemplateError(_("template refused by the sandbox: {reason}").format(reason=exc),
                            path=where.filename if where else name, line=where.lineno if where else None) from exc
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc)
        raise TemplateError(_("template uses an undefined value: {message}").format(message=exc.message),
                            path=where.filename if where else name,
                            line=where.lineno if where else None) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(_("template error: {message}").format(message=exc), path=name) from exc
    except RecursionError as exc:
        # A macro that calls itself without end, or a template that includes itself.
        where = _template_frame(exc)
        raise TemplateError(_("the templates nest too deeply (a macro calling itself, or a template "
                              "including itself?)"), path=where.filename if where else name,
                            line=where.lineno if where else None) from exc
    except MemoryError as exc:
        raise TemplateError(_("the template needs more memory than there is"), path=name) from exc
    except (ArithmeticError, ValueError, TypeError, AttributeError) as exc:
        # A template that meets a value it did not expect is the template's fault; say where, never a traceback.
        where = _template_frame(exc)
        raise TemplateError(_("the template could not render a value: {error}").format(
                                error=f"{type(exc).__name__}: {exc}"),
                            path=where.filename if where else name, line=where.lineno if where else None) from exc


def _generate(template: jinja2.Template, context: dict[str, Any]) -> str:
    """The document, measured while it is written so that a runaway template stops at the limit."""
    parts: list[str] = []
    size = 0
    for part in template.generate(**context):
        size += len(part)
        if size > MAX_OUTPUT:
            raise TemplateError(_("the document is longer than the limit of {limit:,} characters").format(
                limit=MAX_OUTPUT), path=template.filename or template.name)
        parts.append(part)
    return "".join(parts)


def _template_frame(exc: BaseException) -> traceback.FrameSummary | None:
    """The innermost line of a template in an exception's traceback (Jinja maps them to the .j2 file)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    return frames[-1] if frames else None
