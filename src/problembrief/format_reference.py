"""The format reference in the README, generated from the pydantic models so it cannot drift from them; in
English for the README, in Danish (`format_reference("da")`) from the same descriptions, through the catalogues."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from problembrief import i18n
from problembrief.i18n import N_, _
from problembrief.model import Brief

_SCALARS = {str: N_("text"), int: N_("whole number"), bool: N_("true/false")}
_SEVERITIES = (N_("error"), N_("warning"), N_("info"))  # the rule table's words for a rule's severity


def _describe(annotation: Any) -> tuple[str, list[type[BaseModel]]]:
    """A short human name of a type, and the models it refers to."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _describe(args[0])
    if origin is typing.Literal:
        return _(" or ").join(f"`{a}`" for a in args), []
    if origin in (typing.Union, types.UnionType):
        names, models = [], []
        for arg in args:
            if arg is type(None):
                continue
            name, found = _describe(arg)
            names.append(name)
            models += found
        return _(" or ").join(names), models
    if origin is list:
        name, models = _describe(args[0])
        return _("list of {kind}").format(kind=name), models
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return f"[{annotation.__name__}](#{annotation.__name__.lower()})", [annotation]
        if issubclass(annotation, Enum):
            return _("one of {values}").format(values=", ".join(f"`{m.value}`" for m in annotation)), []
        if annotation.__name__ == "Decimal":
            return _("number"), []
        if annotation.__name__ == "date":
            return _("date (YYYY-MM-DD)"), []
        return (_(_SCALARS[annotation]) if annotation in _SCALARS else annotation.__name__), []
    return str(annotation), []


def _row(name: str, field: FieldInfo) -> tuple[str, list[type[BaseModel]]]:
    kind, models = _describe(field.annotation)
    required = _("yes") if field.is_required() else ""
    description = (_(field.description) if field.description else "").replace("|", "\\|")
    # A list's default comes from a factory (`default` is then pydantic's "undefined"): an empty list says nothing.
    default = None if field.default_factory is not None else field.default
    if not field.is_required() and default not in (None, False) and not isinstance(default, list):
        shown = default.value if isinstance(default, Enum) else str(default).lower()  # an enum's value as written
        default_text = _("Default `{value}`.").format(value=shown)
        description = f"{description} {default_text}".strip()
    return f"| `{name}` | {required} | {kind} | {description} |", models


def format_reference(language: str = "en") -> str:
    """Markdown tables of every model of the format, top level first, in `language`."""
    with i18n.language(language):
        seen: list[type[BaseModel]] = []
        queue: list[type[BaseModel]] = [Brief]
        sections = []
        while queue:
            model = queue.pop(0)
            if model in seen:
                continue
            seen.append(model)
            lines = [f"#### {model.__name__}", ""]
            doc = (model.__doc__ or "").strip()
            if doc and not doc.startswith("Base of") and model is not Brief:
                lines += [_(doc).splitlines()[0], ""]
            lines += [_("| key | required | value | meaning |"), "|---|---|---|---|"]
            for name, field in model.model_fields.items():
                row, models = _row(name, field)
                lines.append(row)
                queue += [m for m in models if m not in seen]
            sections.append("\n".join(lines))
        return "\n\n".join(sections) + "\n"


def rules_reference(language: str = "en") -> str:
    """The rule catalogue as Markdown, from the registry (schema codes first), in `language`."""
    from problembrief.lint import all_rules
    from problembrief.validate import SCHEMA_CODES

    with i18n.language(language):
        lines = [_("| code | name | severity | what it reports | source |"), "|---|---|---|---|---|"]
        error, the_format = _("error"), _("the format")
        for code, (name, summary) in sorted(SCHEMA_CODES.items()):
            lines.append(f"| {code} | `{name}` | {error} | {_(summary)} | {the_format} |")
        from problembrief.questions import describe_rules as questions_rules

        # The brief's rules, then the questions file's (PB8xx, judged beside the brief).
        for rule in [*all_rules(), *questions_rules()]:
            # `_` on a rule's words translates them where they are only marked, and leaves translated words as
            # they are (a translation is no message id).
            cells = [_(rule.summary), _(rule.source)]
            cells = [c.replace("|", "\\|").replace("\n", " ") for c in cells]
            lines.append(f"| {rule.code} | `{rule.name}` | {_(rule.severity.value)} | {cells[0]} | {cells[1]} |")
        return "\n".join(lines) + "\n"
