"""Stage 2: turn raw data into a Brief, and every pydantic error into a Finding with its line.

Messages are keyed on the error's `type`, never on pydantic's English text, so they stay stable and
can speak the user's vocabulary (keys of the format, YAML, dates as the format writes them).
"""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from problembrief import load as raw
from problembrief.findings import Finding, Severity, format_path
from problembrief.load import LoadedBrief
from problembrief.model import Brief

# Schema finding codes (rules.md: PB0xx by kind).
MISSING, UNKNOWN_KEY, WRONG_TYPE, NOT_ALLOWED, BAD_DATE, BAD_NUMBER, BAD_FORMAT, EMPTY = (
    "PB010", "PB011", "PB012", "PB013", "PB014", "PB015", "PB016", "PB017",
)

# code: (readable name, what it means). Always errors; listed by `problembrief rules` and in SARIF.
SCHEMA_CODES: dict[str, tuple[str, str]] = {
    "PB003": ("schema.duplicate-key", "The same key twice in one mapping; YAML readers silently keep only one."),
    MISSING: ("schema.missing-key", "A required key is missing; reported at the mapping that should hold it."),
    UNKNOWN_KEY: ("schema.unknown-key", "A key the format does not have, with \"did you mean\" and the keys allowed."),
    WRONG_TYPE: ("schema.wrong-type", "A value of the wrong kind: text for a list, a word for true/false, …"),
    NOT_ALLOWED: ("schema.value-not-allowed", "A value that is not one of the allowed values, which are listed."),
    BAD_DATE: ("schema.invalid-date", "A date that is not a real date written YYYY-MM-DD."),
    BAD_NUMBER: ("schema.invalid-number", "A number that is not a number, or is out of range."),
    BAD_FORMAT: ("schema.invalid-format", "A value in the wrong form: a CVR number, an e-mail address, an id."),
    EMPTY: ("schema.empty", "An empty list or text where at least one item is needed."),
}

_PATTERN_MEANING = {
    "cvr": "a CVR number of 8 digits, e.g. 29189919 (quote it if it starts with 0: '01234567')",
    "email": "an e-mail address, e.g. name@kommune.dk",
    "id": "a short token that starts with a letter, e.g. O1, C3 or D2",
}


def validate(loaded: LoadedBrief) -> tuple[Brief | None, list[Finding]]:
    """The Brief, or None with the findings that say why the data is not a brief."""
    findings = list(loaded.findings)
    try:
        brief = Brief.model_validate(loaded.data)
    except ValidationError as exc:
        findings.extend(_finding(loaded, error) for error in exc.errors(include_url=False))
        return None, findings
    return brief, findings


def _data_path(data: Any, loc: tuple[str | int, ...], *, keep_last: bool) -> tuple[str | int, ...]:
    """The path in the file for a pydantic location, without the union-member names pydantic adds."""
    parts: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        found = raw.child(node, part)
        if found is not raw.MISSING:
            node = found
            parts.append(part)
        elif keep_last and index == len(loc) - 1:
            parts.append(part)
    return tuple(parts)


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside list[...], X | None, Annotated[...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found:
                return found
    return None


def _model_at(parts: tuple[str | int, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Brief
    for part in parts:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _unwrap_model(field.annotation) if field else None
    return model


def _enum_at(parts: tuple[str | int, ...]) -> list[str]:
    """Allowed values of the enum at a path (`categories[1]` looks at `categories`)."""
    names = [i for i, p in enumerate(parts) if isinstance(p, str)]
    if not names:
        return []
    parent = _model_at(parts[: names[-1]])
    field = parent.model_fields.get(str(parts[names[-1]])) if parent else None
    stack = [field.annotation] if field else []
    while stack:
        annotation = stack.pop()
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return [member.value for member in annotation]
        stack.extend(typing.get_args(annotation))
    return []


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "…")


def _finding(loaded: LoadedBrief, error: Any) -> Finding:
    kind: str = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    parts = _data_path(loaded.data, loc, keep_last=kind in ("missing", "extra_forbidden"))
    where = format_path(parts) or "the brief"
    field_name = next((p for p in reversed(parts) if isinstance(p, str)), "")
    hint: str | None = None

    if kind == "missing":
        code = MISSING
        message = f"`{where}` is required but missing"
        position = loaded.position_of(parts[:-1], prefer_key=True)
        parent = format_path(parts[:-1])
        hint = f"add `{field_name}:` under `{parent}`" if parent else f"add `{field_name}:` at the top level"
    elif kind == "extra_forbidden":
        code = UNKNOWN_KEY
        model = _model_at(parts[:-1])
        allowed = list(model.model_fields) if model else []
        message = f"unknown key `{where}`" + _suggest(field_name, allowed)
        position = loaded.position_of(parts, prefer_key=True)
        if allowed:
            hint = "allowed keys here: " + ", ".join(allowed)
        if value is None:
            # `{source: Foo, 2026}` makes "2026" a key: the commonest slip in flow mappings.
            hint = ("if this was meant as part of the value before it, put that value in quotes: "
                    "a comma inside { } or [ ] starts a new item")
    else:
        position = loaded.position_of(parts)
        code, message, hint = _describe_value_error(kind, where, parts, value, error.get("ctx") or {})

    line, column = position if position else (None, None)
    return Finding(code=code, severity=Severity.ERROR, message=message, path=format_path(parts),
                   line=line, column=column, hint=hint, file=str(loaded.path))


def _describe_value_error(kind: str, where: str, parts: tuple[str | int, ...], value: Any,
                          ctx: dict[str, Any]) -> tuple[str, str, str | None]:
    got = _show(value)
    if kind in ("enum", "literal_error"):
        allowed = _enum_at(parts) or [v.strip(" '") for v in str(ctx.get("expected", "")).replace(" or ", ",")
                                      .split(",") if v.strip()]
        return (NOT_ALLOWED, f"`{where}` is {got}, which is not allowed" + _suggest(str(value), allowed),
                "allowed values: " + ", ".join(allowed))
    if kind.startswith("date") or kind.startswith("datetime"):
        return (BAD_DATE, f"`{where}` must be a date written YYYY-MM-DD, not {got}",
                "write dates as in 2027-03-01")
    if kind.startswith(("int_", "decimal_", "float_")) or kind in ("int_from_float",):
        whole = kind.startswith("int")
        return (BAD_NUMBER, f"`{where}` must be {'a whole number' if whole else 'a number'}, not {got}",
                "write numbers without thousands separators and with . as decimal point: 1200000 or 4.1")
    if kind in ("greater_than_equal", "greater_than"):
        return (BAD_NUMBER, f"`{where}` must be at least {ctx.get('ge', ctx.get('gt'))}, not {got}", None)
    if kind == "string_pattern_mismatch":
        key = next((p for p in reversed(parts) if isinstance(p, str)), "")
        meaning = _PATTERN_MEANING.get(key, "in the expected form")
        return (BAD_FORMAT, f"`{where}` must be {meaning}, not {got}", None)
    if kind in ("too_short", "string_too_short"):
        if kind == "too_short":
            return (EMPTY, f"`{where}` needs at least one item", None)
        return (EMPTY, f"`{where}` must not be empty", None)
    if kind.startswith("bool"):
        return (WRONG_TYPE, f"`{where}` must be true or false, not {got}", None)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (WRONG_TYPE, f"`{where}` must be a mapping of keys, not {_describe_kind(value)}",
                "indent the keys that belong to it under it")
    if kind == "list_type":
        return (WRONG_TYPE, f"`{where}` must be a list, not {_describe_kind(value)}",
                "write each item on its own line starting with `- `")
    if kind == "string_type":
        return (WRONG_TYPE, f"`{where}` must be text, not {_describe_kind(value)}", None)
    return (WRONG_TYPE, f"`{where}` has a value of the wrong kind: {got}", None)


def _describe_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"the single value {_show(value)}"
