"""Reference data the rules judge by, kept as data files: each entry with its source and validity.

Updating a threshold or a lexicon is a change to a YAML file here, not to code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

try:  # The C parser is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def data_yaml(text: str) -> Any:
    """The project's own data files (labels, reference data), read safely with the fast parser. Briefs are
    read by `load.load_text`, which also keeps positions and enforces limits."""
    return yaml.load(text, Loader=_Loader)


@cache
def load(name: str) -> Any:
    """One reference file by its stem: `thresholds`, `gdpr`, `lexicon`, `ai_act`."""
    # A plain path beside this module (the package is installed as files): importlib.resources costs more
    # to import than the whole read.
    return data_yaml((Path(__file__).parent / f"{name}.yaml").read_text(encoding="utf-8"))
