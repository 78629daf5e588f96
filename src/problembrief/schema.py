"""The JSON Schema of the brief format, from the pydantic models, for editors that complete and check YAML.

The schema describes a file as an editor's YAML parser reads it (yaml-language-server: YAML 1.2 core
schema), which is not how problembrief reads it. problembrief keeps every scalar as the text written and
lets the model convert it; an editor turns `1.10` into a number and `true` into a boolean, and keeps an
unquoted `2027-03-01` as a string (the 1.2 core schema has no dates). So:

- a number field is a JSON number only (`figure: 22,5` and `amount: "4,8 mio"` are strings, and wrong),
  with the models' bounds; pydantic's validation schema for Decimal also allows a numeric string;
- a date is a string in `format: date` with a YYYY-MM-DD pattern over the years the models allow;
- free text also accepts a number or a boolean, since `version: 1.10` or `unit: 2026` are text to
  problembrief but a number to the editor; as text it must not be blank;
- text with a pattern (ids, e-mail and web addresses) stays a string, except digits-only text (a CVR
  number), which may also be written as a bare whole number of the same number of digits; a leading zero
  is lost that way, so the editor asks for quotes there, as `validate`'s own hint does;
- every object forbids unknown keys, as the models do;
- every description (the models' field descriptions and their own) is in the language asked for, from the
  message catalogues, so that an editor's hover help is Danish with `schema --lang da`.

The schema sees the number the editor parsed, not the text written, so `validate` alone catches a number
spelt in a form problembrief refuses but YAML reads as a number (`1e3`, `0x1F`, `.nan`, `1.240` as a
thousands separator in a Danish brief) and more than 15 significant digits after the point. The other way
round, the editor flags `yes`/`no` for true/false, which problembrief accepts.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from problembrief import i18n
from problembrief.model import Brief, common

SCHEMA_FILE_NAME = "problembrief.schema.json"

# Free text may be read by the editor's YAML parser as any of these.
TEXT_TYPES = ["string", "number", "boolean"]
# Text with at least one character that is neither a space nor zero-width (common._not_blank).
NON_BLANK = r"[^\s\u200b\u200c\u200d\u2060\ufeff\u00ad]"
# What common._url accepts: http(s) with a host, or mailto with an address; no spaces, quotes or brackets.
URL = (r'^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s<>"\\]|[Mm][Aa][Ii][Ll][Tt][Oo]:[^?#\s<>"\\]*@)'
       r'[^\s<>"\\]*$')
_NUMBER_LIKE = ("1.10", "2026")  # text a pattern must accept to be free text rather than a token
_DIGITS_ONLY = re.compile(r"\^\\d\{(\d+)\}\$")
_MONTH_DAY = r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
# pydantic writes numeric bounds it cannot push into a validator (`ge` after a BeforeValidator) under
# their Python names; JSON Schema calls them so.
_NUMERIC_BOUNDS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum",
                   "multiple_of": "multipleOf"}

def _json_number(value: Any) -> int | float:
    """A bound as JSON writes it: 0, not 0.0."""
    number = float(value)
    return int(value) if number.is_integer() else number


def _date_pattern(low: datetime.date | None, high: datetime.date | None) -> str:
    """YYYY-MM-DD, over whole centuries where the models bound dates by them (1900-2199: `(19|20|21)\\d{2}`)."""
    years = r"\d{4}"
    if low is not None and high is not None and low.year % 100 == 0 and high.year % 100 == 99:
        years = "(" + "|".join(str(c) for c in range(low.year // 100, high.year // 100 + 1)) + r")\d{2}"
    return f"^{years}{_MONTH_DAY}"


def _bounded_number(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    magnitude = getattr(common, "MAX_MAGNITUDE", None)
    if magnitude is not None:
        json_schema.setdefault("exclusiveMaximum", magnitude)
        json_schema.setdefault("exclusiveMinimum", -magnitude)
    return json_schema


def _bounded_date(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    json_schema["pattern"] = _date_pattern(getattr(common, "DATE_MIN", None), getattr(common, "DATE_MAX", None))
    return json_schema


def _non_blank(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    json_schema.setdefault("pattern", NON_BLANK)
    return json_schema


def _url(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    return {**json_schema, "type": "string", "pattern": URL}


# The validators of model/common.py that JSON Schema can express, and how.
_VALIDATORS: dict[Any, Callable[[JsonSchemaValue], JsonSchemaValue]] = {
    getattr(common, name): adjust for name, adjust in [
        ("_number_from_text", _bounded_number), ("_date_from_text", _bounded_date),
        ("_not_blank", _non_blank), ("_url", _url),
    ] if hasattr(common, name)
}


class EditorJsonSchema(GenerateJsonSchema):
    """pydantic's JSON Schema, with scalars typed as an editor's YAML parser reads them."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        """A number, never a numeric string (pydantic's validation schema allows both)."""
        given: dict[str, Any] = dict(schema)
        json_schema: dict[str, Any] = {"type": "number"}
        for key, keyword in _NUMERIC_BOUNDS.items():
            if given.get(key) is not None:
                json_schema[keyword] = _json_number(given[key])
        return json_schema

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {"type": "string", "format": "date", "pattern": _date_pattern(schema.get("ge"), schema.get("le"))}

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        pattern = json_schema.get("pattern")
        if pattern is None or all(re.search(pattern, sample) for sample in _NUMBER_LIKE):
            json_schema["type"] = TEXT_TYPES
            return json_schema
        digits = _DIGITS_ONLY.fullmatch(pattern)
        if digits:
            width = int(digits.group(1))
            return {"anyOf": [json_schema, {"type": "integer", "minimum": 10 ** (width - 1),
                                            "maximum": 10**width - 1}]}
        return json_schema

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        return self._with_validator(schema, super().function_before_schema(schema))

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        return self._with_validator(schema, super().function_after_schema(schema))

    @staticmethod
    def _with_validator(schema: Any, json_schema: JsonSchemaValue) -> JsonSchemaValue:
        adjust = _VALIDATORS.get(schema["function"]["function"])
        return adjust(dict(json_schema)) if adjust else json_schema


def _finish(node: Any) -> None:
    """Name numeric bounds as JSON Schema does, forbid unknown keys in every object and put every description
    in the language in force."""
    if isinstance(node, dict):
        if node.get("type") in ("number", "integer"):
            for key, keyword in _NUMERIC_BOUNDS.items():
                if key in node:
                    node[keyword] = _json_number(node.pop(key))
            if node.get("minimum", float("-inf")) >= node.get("exclusiveMinimum", float("inf")):
                del node["exclusiveMinimum"]  # `minimum: 0` says it all
        if node.get("type") == "object" or "properties" in node:
            node["additionalProperties"] = False
        described = node.get("description")
        if isinstance(described, str):
            node["description"] = i18n._(described)
        for key, value in node.items():
            if key == "properties":  # a mapping of names, not a schema: a key may be called `description`
                for prop in value.values():
                    # pydantic's titles restate the key in English ("Schema Version"); an editor shows them
                    # on hover beside the description, which says it in the user's language.
                    prop.pop("title", None)
                    _finish(prop)
            elif key == "$defs":
                for definition in value.values():
                    definition.pop("title", None)  # the model's class name, English
                    _finish(definition)
            elif key != "description":
                _finish(value)
    elif isinstance(node, list):
        for value in node:
            _finish(value)


def json_schema(language: str = "en") -> dict[str, Any]:
    """The JSON Schema, with every description in `language` (`da` or `en`)."""
    schema = Brief.model_json_schema(mode="validation", schema_generator=EditorJsonSchema)
    with i18n.language(language):
        _finish(schema)
        title = i18n._("problembrief brief, format version 1")
    # The model's own title ("Brief") gives way to the format's name, in the language asked for.
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}


def json_schema_text(language: str = "en") -> str:
    return json.dumps(json_schema(language), ensure_ascii=False, indent=2) + "\n"
