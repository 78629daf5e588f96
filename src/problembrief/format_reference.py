"""The format reference in the README, generated from the pydantic models so it cannot drift from them."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from problembrief.model import Brief

_SCALARS = {str: "text", int: "whole number", bool: "true/false"}


def _describe(annotation: Any) -> tuple[str, list[type[BaseModel]]]:
    """A short human name of a type, and the models it refers to."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _describe(args[0])
    if origin is typing.Literal:
        return " or ".join(f"`{a}`" for a in args), []
    if origin in (typing.Union, types.UnionType):
        names, models = [], []
        for arg in args:
            if arg is type(None):
                continue
            name, found = _describe(arg)
            names.append(name)
            models += found
        return " or ".join(names), models
    if origin is list:
        name, models = _describe(args[0])
        return f"list of {name}", models
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return f"[{annotation.__name__}](#{annotation.__name__.lower()})", [annotation]
        if issubclass(annotation, Enum):
            return "one of " + ", ".join(f"`{m.value}`" for m in annotation), []
        if annotation.__name__ == "Decimal":
            return "number", []
        if annotation.__name__ == "date":
            return "date (YYYY-MM-DD)", []
        return _SCALARS.get(annotation, annotation.__name__), []
    return str(annotation), []


def _row(name: str, field: FieldInfo) -> tuple[str, list[type[BaseModel]]]:
    kind, models = _describe(field.annotation)
    required = "yes" if field.is_required() else ""
    description = (field.description or "").replace("|", "\\|")
    # A list's default comes from a factory (`default` is then pydantic's "undefined"): an empty list says nothing.
    default = None if field.default_factory is not None else field.default
    if not field.is_required() and default not in (None, False) and not isinstance(default, list):
        shown = default.value if isinstance(default, Enum) else default
        description = f"{description} Default `{str(shown).lower()}`.".strip()
    return f"| `{name}` | {required} | {kind} | {description} |", models


def format_reference() -> str:
    """Markdown tables of every model of the format, top level first."""
    seen: list[type[BaseModel]] = []
    queue: list[type[BaseModel]] = [Brief]
    sections = []
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.append(model)
        lines = [f"#### {model.__name__}", ""]
        doc = (model.__doc__ or "").strip().splitlines()
        if doc and not doc[0].startswith("Base of") and model is not Brief:
            lines += [doc[0], ""]
        lines += ["| key | required | value | meaning |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            row, models = _row(name, field)
            lines.append(row)
            queue += [m for m in models if m not in seen]
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"


def rules_reference() -> str:
    """The rule catalogue as Markdown, from the registry (schema codes first)."""
    from problembrief.lint import all_rules
    from problembrief.validate import SCHEMA_CODES

    lines = ["| code | name | severity | what it reports | source |", "|---|---|---|---|---|"]
    for code, (name, summary) in sorted(SCHEMA_CODES.items()):
        lines.append(f"| {code} | `{name}` | error | {summary} | the format |")
    for rule in all_rules():
        cells = [rule.summary, rule.source]
        cells = [c.replace("|", "\\|").replace("\n", " ") for c in cells]
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"
