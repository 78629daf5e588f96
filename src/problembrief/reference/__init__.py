"""Reference data the rules judge by, kept as data files: each entry with its source and validity.

Updating a threshold or a lexicon is a change to a YAML file here, not to code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from problembrief.load import data_yaml


@cache
def load(name: str) -> Any:
    """One reference file by its stem: `thresholds`, `gdpr`, `lexicon`, `ai_act`."""
    # A plain path beside this module (the package is installed as files): importlib.resources costs more
    # to import than the whole read.
    return data_yaml((Path(__file__).parent / f"{name}.yaml").read_text(encoding="utf-8"))
