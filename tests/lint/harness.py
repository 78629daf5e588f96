"""Build test briefs from the clean base brief by replacing whole top-level sections with a fragment."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text(encoding="utf-8")
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


def compose(fragment: str) -> tuple[str, int]:
    """The base with the fragment's top-level sections replaced by it, and the line the fragment starts on."""
    replaced = set((yaml.safe_load(fragment) or {}).keys())
    kept: list[str] = []
    dropping = False
    for line in BASE.splitlines():
        match = _TOP_KEY.match(line)
        if match:
            dropping = match.group(1) in replaced
        if not dropping:
            kept.append(line)
    return "\n".join(kept) + "\n" + fragment, len(kept) + 1
