"""The reference data read from its JSON twins (reference/*.json) is the YAML's, value for value and type for type;
a twin out of step with its YAML is passed over, never believed."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest

from problembrief import reference


def typed(value: Any) -> Any:
    """A value with the type of every part in it: 1, 1.0 and True are equal in Python, not here."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


@pytest.mark.parametrize("name", reference.names())
def test_every_twin_is_in_step_with_its_yaml(name: str) -> None:
    twin = reference.FOLDER / f"{name}.json"
    assert twin.is_file() and twin.read_text(encoding="utf-8") == reference.twin_text(name), (
        f"reference/{name}.json is stale: run python -m problembrief.reference")


@pytest.mark.parametrize("name", reference.names())
def test_the_twin_reads_as_the_yaml(name: str) -> None:
    from_yaml = reference.data_yaml((reference.FOLDER / f"{name}.yaml").read_text(encoding="utf-8"))
    reference.load.cache_clear()
    try:
        assert typed(reference.load(name)) == typed(from_yaml)
    finally:
        reference.load.cache_clear()


def test_dates_come_back_as_dates() -> None:
    law = reference.load("sector_law")["serviceloven_2_5"]
    assert type(law["applies_from"]) is datetime.date


def test_a_stale_or_broken_twin_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in reference.FOLDER.glob("sector_law.*"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(reference, "FOLDER", tmp_path)
    yaml_file, twin = tmp_path / "sector_law.yaml", tmp_path / "sector_law.json"
    original = reference.data_yaml(yaml_file.read_text(encoding="utf-8"))
    reference.load.cache_clear()
    try:
        twin.write_text(twin.read_text(encoding="utf-8").replace("ældreloven", "a planted value"), encoding="utf-8")
        assert typed(reference.load("sector_law")) != typed(original)  # an edited twin of the same YAML is used
        reference.load.cache_clear()
        yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert typed(reference.load("sector_law")) == typed(original)  # the YAML changed: the twin is stale
        for broken in ("not json", "[]", '{"yaml": 1}'):
            reference.load.cache_clear()
            twin.write_text(broken, encoding="utf-8")
            assert typed(reference.load("sector_law")) == typed(original)
        reference.load.cache_clear()
        twin.unlink()
        assert typed(reference.load("sector_law")) == typed(original)
    finally:
        reference.load.cache_clear()


@pytest.mark.parametrize("value", [{1: "a key that is not text"}, datetime.datetime(2026, 1, 1, 12), {"$date": "x"},
                                   ("a", "tuple")])
def test_a_value_json_would_change_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        reference._encoded({"entry": value})
