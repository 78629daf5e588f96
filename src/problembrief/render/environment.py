"""The Jinja environment: strict about undefined names, escaping every value for Markdown."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
import yaml

from problembrief import __version__
from problembrief.errors import TemplateError
from problembrief.load import data_yaml
from problembrief.render import formatting, timeline
from problembrief.render.markdown import Markdown, escape_inline, escape_paragraphs, to_markdown


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


_LINKABLE = ("http://", "https://", "mailto:")


def _link(title: Any, url: str) -> Markdown:
    """Title and address; the address is a hyperlink for web and mail addresses and stays readable on paper."""
    if not url.startswith(_LINKABLE) or any(c in url for c in "<>\\\n "):
        return Markdown(f"{escape_inline(title)}: {escape_inline(url)}")
    return Markdown(f"{escape_inline(title)}: [{escape_inline(url)}](<{url}>)")


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
    env_class = jinja2.sandbox.SandboxedEnvironment if user_folder is not None else jinja2.Environment
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
        "dash": lambda v: "–" if v is None or v == "" or v == [] else v,
    }
    env.filters.update(filters)
    env.globals.update(table=_table, facts=_facts, timeline_chart=timeline.chart)
    return env


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; a missing or broken template, or an undefined name, is named with its line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template error: {exc.message}", path=exc.filename or exc.name,
                            line=exc.lineno) from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"template refused by the sandbox: {exc}", path=name) from exc
    except jinja2.UndefinedError as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        where = frames[-1] if frames else None
        raise TemplateError(f"template uses an undefined value: {exc.message}",
                            path=where.filename if where else name,
                            line=where.lineno if where else None) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template error: {exc}", path=name) from exc
    except (ArithmeticError, ValueError, TypeError, AttributeError) as exc:
        # A template that meets a value it did not expect is the template's fault; say where, never a traceback.
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        where = frames[-1] if frames else None
        raise TemplateError(f"the template could not render a value: {type(exc).__name__}: {exc}",
                            path=where.filename if where else name, line=where.lineno if where else None) from exc
