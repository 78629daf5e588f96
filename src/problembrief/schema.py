"""The JSON Schema of the brief format, from the pydantic models, for editors that complete and check YAML."""

from __future__ import annotations

import json
from typing import Any

from problembrief.model import Brief

SCHEMA_FILE_NAME = "problembrief.schema.json"


def _loosen_text(node: Any) -> None:
    """problembrief keeps every scalar as typed, so `version: 1.10` is text; an editor reads it as a number.
    Text fields therefore accept numbers and booleans in the editor's schema (patterns still apply to text)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "format" not in node and "enum" not in node and "const" not in node:
            node["type"] = ["string", "number", "boolean"]
        for value in node.values():
            _loosen_text(value)
    elif isinstance(node, list):
        for value in node:
            _loosen_text(value)


def json_schema() -> dict[str, Any]:
    schema = Brief.model_json_schema()
    _loosen_text(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "problembrief brief, format version 1"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
