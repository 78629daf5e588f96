"""The Jinja environment: strict about undefined names, escaping every value for Markdown."""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from problembrief import __version__, formatting
from problembrief.errors import TemplateError
from problembrief.reference import data_yaml
from problembrief.render import timeline
from problembrief.render.markdown import Markdown, escape_inline, escape_paragraphs, link_markdown, to_markdown
from problembrief.render.sandbox import MAX_OUTPUT, BoundedSandbox


def templates_dir() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent.parent / "templates"):
        if (candidate / "reference.docx").is_file():
            return candidate
    raise TemplateError(f"the templates folder is missing (looked in {here / 'templates'})")


@cache
def _labels(path: Path) -> dict[str, dict[str, str]]:
    try:
        labels = data_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TemplateError(f"cannot read the labels: {exc}", path=path) from exc
    if not isinstance(labels, dict):
        raise TemplateError("the labels file must be a mapping of kinds to labels", path=path)
    return labels


def built_in_labels(language: str) -> dict[str, dict[str, str]]:
    """The labels that ship with the tool, for words the writer adds itself (the draft mark, page numbers)."""
    return _labels(templates_dir() / language / "labels.yaml")


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
    return built_in_labels(language)["subtitle"][subtitle_key(brief, document)]


_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _year_month(value: Any, language: str) -> Any:
    """`2026-09` -> "september 2026" / "September 2026"; any other text as it is."""
    match = _YEAR_MONTH.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return value
    return f"{formatting._MONTHS[language][int(match.group(2)) - 1]} {match.group(1)}"


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


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them is most of a render); none where it cannot be
    written. Jinja keys each entry on the template's source, so an edited template is compiled again."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "problembrief" / f"jinja-{__version__}-{sys.version_info.major}.{sys.version_info.minor}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_environment(language: str, *, user_folder: Path | None = None) -> jinja2.Environment:
    """Templates from a user's folder run in Jinja's sandbox and fall back to the built-in ones."""
    built_in = templates_dir()
    folders = [built_in]
    if user_folder is not None:
        if not user_folder.is_dir():
            raise TemplateError("the templates folder does not exist", path=user_folder)
        folders.insert(0, user_folder)
    # A user's templates are code from outside: sandboxed, and bounded in time and size (render/sandbox.py).
    env_class = BoundedSandbox if user_folder is not None else jinja2.Environment
    env = env_class(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        undefined=jinja2.StrictUndefined,
        finalize=to_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # finalize escapes for Markdown and returns Markup; autoescape then only keeps what templates
        # build themselves (macros, block sets, `|safe`) from being escaped a second time.
        autoescape=True,
        bytecode_cache=_bytecode_cache(),
    )
    labels_path = next(p for f in folders if (p := f / language / "labels.yaml").is_file() or f == built_in)
    labels = _labels(labels_path)

    def label(value: Any, kind: str) -> str:
        key = getattr(value, "value", value)
        try:
            return labels[kind][key]
        except KeyError as exc:
            raise TemplateError(f"no {language} label for {kind} `{key}`", path=labels_path) from exc

    filters: dict[str, Callable[..., Any]] = {
        "number": lambda v: "–" if v is None else formatting.format_number(v, language),
        "money": lambda m: formatting.format_money(m.amount, m.currency.value, language),
        "date": lambda d: formatting.format_date(d, language),
        "period": lambda d, unit: formatting.format_period(d, unit, language),
        "join_and": lambda items: formatting.join_and(list(items), language),
        "gdpr_bases": lambda refs: formatting.format_gdpr_bases(
            [getattr(r, "value", r) for r in refs if r], language),
        "label": label,
        "paragraphs": escape_paragraphs,
        "bullets": _bullets,
        "link": _link,
        "url": lambda u: link_markdown(str(u)),
        "year_month": lambda v: _year_month(v, language),
        "dash": lambda v: "–" if v is None or v == "" or v == [] else v,
    }
    env.filters.update(filters)
    env.globals.update(table=_table, facts=_facts, timeline_chart=timeline.chart, award_criterion=award_criterion,
                       subtitle_key=subtitle_key)
    if isinstance(env, BoundedSandbox):
        env.bound_filters()
    return env


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; a missing or broken template, or an undefined name, is named with its line.

    The document is written out piece by piece and may be at most `sandbox.MAX_OUTPUT` (20,000,000)
    characters, whoever wrote the template; a user's templates have the further limits of `BoundedSandbox`."""
    if isinstance(env, BoundedSandbox):
        env.start()
    try:
        return _generate(env.get_template(name), context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template error: {exc.message}", path=exc.filename or exc.name,
                            line=exc.lineno) from exc
    except jinja2.exceptions.SecurityError as exc:
        where = _template_frame(exc)
        raise TemplateError(f"template refused by the sandbox: {exc}", path=where.filename if where else name,
                            line=where.lineno if where else None) from exc
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc)
        raise TemplateError(f"template uses an undefined value: {exc.message}",
                            path=where.filename if where else name,
                            line=where.lineno if where else None) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template error: {exc}", path=name) from exc
    except RecursionError as exc:
        # A macro that calls itself without end, or a template that includes itself.
        where = _template_frame(exc)
        raise TemplateError("the templates nest too deeply (a macro calling itself, or a template "
                            "including itself?)", path=where.filename if where else name,
                            line=where.lineno if where else None) from exc
    except MemoryError as exc:
        raise TemplateError("the template needs more memory than there is", path=name) from exc
    except (ArithmeticError, ValueError, TypeError, AttributeError) as exc:
        # A template that meets a value it did not expect is the template's fault; say where, never a traceback.
        where = _template_frame(exc)
        raise TemplateError(f"the template could not render a value: {type(exc).__name__}: {exc}",
                            path=where.filename if where else name, line=where.lineno if where else None) from exc


def _generate(template: jinja2.Template, context: dict[str, Any]) -> str:
    """The document, measured while it is written so that a runaway template stops at the limit."""
    parts: list[str] = []
    size = 0
    for part in template.generate(**context):
        size += len(part)
        if size > MAX_OUTPUT:
            raise TemplateError(f"the document is longer than the limit of {MAX_OUTPUT:,} characters",
                                path=template.filename or template.name)
        parts.append(part)
    return "".join(parts)


def _template_frame(exc: BaseException) -> traceback.FrameSummary | None:
    """The innermost line of a template in an exception's traceback (Jinja maps them to the .j2 file)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    return frames[-1] if frames else None
