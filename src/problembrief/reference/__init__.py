"""Reference data the rules judge by, kept as data files: each entry with its source and validity.

Updating a threshold or a lexicon is a change to a YAML file here, not to code.

Each YAML file has a JSON twin beside it (`gdpr.yaml` -> `gdpr.json`), written by `python -m problembrief.reference`
and checked by the tests, as the compiled message catalogues are: PyYAML builds the data in Python, node by node,
and reading the four files a check needs cost some 2.5 ms, where the C JSON parser takes a twentieth of that. The
twin names the size and checksum of the YAML it was made from, and it is used only while it matches: a YAML file
edited without writing the twin again is read as YAML, so the data is always the YAML's.
"""

from __future__ import annotations

import datetime
import json
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml

try:  # The C parser is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FOLDER = Path(__file__).parent
_DATE = "$date"  # how a twin writes a date, which JSON has no type for: {"$date": "2025-07-01"}


def data_yaml(text: str) -> Any:
    """The project's own data files (labels, reference data), read safely with the fast parser. Briefs are
    read by `load.load_text`, which also keeps positions and enforces limits."""
    return yaml.load(text, Loader=_Loader)


@cache
def load(name: str) -> Any:
    """One reference file by its stem: `thresholds`, `gdpr`, `lexicon`, `ai_act`."""
    # A plain path beside this module (the package is installed as files): importlib.resources costs more
    # to import than the whole read.
    source = FOLDER / f"{name}.yaml"
    twin = _twin_data(FOLDER / f"{name}.json", source.read_bytes())
    if twin is not None:
        return twin[0]
    return data_yaml(source.read_text(encoding="utf-8"))


def _stamp(source: bytes) -> dict[str, Any]:
    """What a twin says of the YAML it was made from."""
    return {"size": len(source), "crc32": f"{zlib.crc32(source):08x}"}


def _twin_data(path: Path, source: bytes) -> tuple[Any] | None:
    """(the data,) of a twin made from exactly `source`; None when there is none, or it is of other YAML."""
    try:
        twin = json.loads(path.read_bytes(), object_hook=_decoded)
    except (OSError, ValueError):
        return None
    if not isinstance(twin, dict) or twin.get("yaml") != _stamp(source) or "data" not in twin:
        return None
    return (twin["data"],)


def _decoded(value: dict[str, Any]) -> Any:
    if _DATE in value and len(value) == 1:
        return datetime.date.fromisoformat(value[_DATE])
    return value


def _encoded(value: Any) -> Any:
    """The data as JSON holds it, dates tagged; anything JSON would change (a key that is not text, a time of
    day, a tag as a key) is refused, so that a twin is never written that reads back differently."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is datetime.date:
        return {_DATE: value.isoformat()}
    if type(value) is list:
        return [_encoded(item) for item in value]
    if type(value) is dict and all(type(key) is str and key != _DATE for key in value):
        return {key: _encoded(item) for key, item in value.items()}
    raise TypeError(f"reference data JSON cannot hold as it is: {value!r}")


def twin_text(name: str) -> str:
    """The JSON twin of a reference file, as `python -m problembrief.reference` writes it."""
    source = FOLDER / f"{name}.yaml"
    data = data_yaml(source.read_text(encoding="utf-8"))
    twin = {"generated_from": f"{source.name} by `python -m problembrief.reference`: edit the YAML, not this",
            "yaml": _stamp(source.read_bytes()), "data": _encoded(data)}
    return json.dumps(twin, ensure_ascii=False, indent=1) + "\n"


def names() -> list[str]:
    """Every reference file, by stem."""
    return sorted(path.stem for path in FOLDER.glob("*.yaml"))
