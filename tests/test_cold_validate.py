"""validate's walk of the raw data beside the model (`_leaves`), which works out each annotation once, finds what
the plain walk over the typing objects finds (kept here as the oracle); and the kept validator, read with names
looked up once per file, is the validator the model builds."""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from helpers import EXAMPLES, MINIMAL
from problembrief import validate
from problembrief.load import load_file, load_text
from problembrief.model import Brief
from problembrief.questions.model import QuestionsFile

ROOT = Path(__file__).resolve().parent.parent


def plain_leaves(annotation: Any, value: Any, parts: tuple[str | int, ...]) -> typing.Iterator[Any]:
    """The walk as it was written before: the typing objects read afresh at every value."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        if base is str and any(getattr(m, "pattern", None) for m in metadata):
            return
        yield from plain_leaves(base, value, parts)
    elif origin in (typing.Union, types.UnionType):
        for member in [a for a in typing.get_args(annotation) if a is not type(None)]:
            base = typing.get_args(member)[0] if typing.get_origin(member) is typing.Annotated else member
            model = isinstance(base, type) and issubclass(base, BaseModel)
            if ((isinstance(value, list) and typing.get_origin(base) is list)
                    or (isinstance(value, dict) and model)
                    or (isinstance(value, str) and typing.get_origin(base) is not list and not model)):
                yield from plain_leaves(member, value, parts)
                break
    elif origin is list:
        if isinstance(value, list):
            item = typing.get_args(annotation)[0]
            for index, element in enumerate(value):
                yield from plain_leaves(item, element, (*parts, index))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(value, dict):
            for key, element in value.items():
                field = annotation.model_fields.get(key)
                if field is not None and not any(getattr(m, "pattern", None) for m in field.metadata):
                    yield from plain_leaves(field.annotation, element, (*parts, key))
    elif isinstance(value, str):
        if annotation in (Decimal, int):
            yield (parts, "number", value)
        elif annotation is str:
            yield (parts, "text", value)


ODD = [
    "estimated_value: 1.200.000\n", "estimated_value: [1, 2]\n", "estimated_value: {amount: [3]}\n",
    "estimated_value: ~\n", "estimated_value: {amount: '1.240', currency: DKK, note: [x, y]}\n",
]


@pytest.mark.parametrize("path", [*EXAMPLES, *sorted((ROOT / "examples").glob("*.questions.yaml"))],
                         ids=lambda p: p.name)
def test_the_walk_finds_what_the_plain_walk_finds(path: Path) -> None:
    loaded = load_file(path)
    root = QuestionsFile if path.name.endswith(".questions.yaml") else Brief
    assert list(validate._leaves(root, loaded.data, ())) == list(plain_leaves(root, loaded.data, ()))


@pytest.mark.parametrize("odd", ODD)
def test_the_walk_finds_what_the_plain_walk_finds_in_odd_data(odd: str) -> None:
    text = MINIMAL.replace("procurement:\n", "procurement:\n  " + odd, 1)
    loaded = load_text(text, "brief.yaml")
    assert list(validate._leaves(Brief, loaded.data, ())) == list(plain_leaves(Brief, loaded.data, ()))
    for value in (None, "text", ["a", {"b": "c"}], {"outcomes": "x", "data": [None, 1, "y"]}):
        assert list(validate._leaves(Brief, value, ())) == list(plain_leaves(Brief, value, ()))


def test_the_kept_validator_is_the_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    validate.brief_validator.cache_clear()
    try:
        built = validate.brief_validator()  # nothing kept: built from the model, and kept
        validate.brief_validator.cache_clear()
        kept = validate.brief_validator()  # read back
        assert kept is not built
        for path in EXAMPLES:
            data = load_file(path).data
            assert kept.validate_python(data) == built.validate_python(data)
    finally:
        validate.brief_validator.cache_clear()


def _kept_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    validate.brief_validator.cache_clear()
    try:
        validate.brief_validator()
    finally:
        validate.brief_validator.cache_clear()
    path = next((tmp_path / "problembrief").glob(f"{validate.CACHE_PREFIX}*.json"))
    return path, path.read_text(encoding="utf-8")


def test_the_kept_schema_is_written_once_per_repeated_object_and_reads_back_equal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    path, text = _kept_text(tmp_path, monkeypatch)
    assert '"$same"' in text and '"$share"' in text
    schema, config = Brief.__pydantic_validator__.__reduce__()[1][:2]
    kept = validate._read_kept(path, validate.validator_key())
    assert kept is not None
    plain = json.loads(json.dumps({"schema": validate._encode(schema), "config": validate._encode(config)}),
                       object_hook=validate._Decoder().decoded)
    assert comparable((kept[0], kept[1])) == comparable((plain["schema"], plain["config"]))


def comparable(value: Any) -> Any:
    """A decoded schema with each functools.partial (equal only to itself) as what it holds."""
    import functools

    if isinstance(value, functools.partial):
        return ("partial", value.func, comparable(value.args), comparable(value.keywords))
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(comparable(item) for item in value)
    return value


@pytest.mark.parametrize("tamper", ["same before share", "share out of place", "share outside shared", "bomb",
                                    "same not an index"])
def test_a_kept_file_whose_shared_objects_are_not_as_written_is_passed_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: str) -> None:
    import json

    path, text = _kept_text(tmp_path, monkeypatch)
    kept = json.loads(text)
    if tamper == "same before share":
        kept["shared"][0]["value"] = {"$same": 0}
    elif tamper == "share out of place":
        kept["shared"][0]["$share"] = 1
    elif tamper == "share outside shared":
        kept["schema"] = {"$share": len(kept["shared"]), "value": kept["schema"]}
    elif tamper == "bomb":  # each entry names the one before twice: 2**40 objects written out
        start = len(kept["shared"])
        kept["shared"] += [{"$share": start, "value": {"type": "str"}}]
        kept["shared"] += [{"$share": start + n, "value": {"type": "tuple", "items_schema": [
            {"$same": start + n - 1}, {"$same": start + n - 1}]}} for n in range(1, 41)]
    elif tamper == "same not an index":
        kept["schema"] = {"$same": "0"}
    path.write_text(json.dumps(kept), encoding="utf-8")
    assert validate._read_kept(path, validate.validator_key()) is None


def test_every_character_the_loader_refuses_is_one_str_isprintable_refuses() -> None:
    """load._check_characters passes over a value that str.isprintable accepts (line feeds aside) without searching
    it: sound only while no character _UNSAFE names, and not the tab, is printable."""
    from problembrief import load

    every = "".join(map(chr, range(0x110000)))
    unsafe = set(load._UNSAFE.findall(every))
    assert unsafe and not [c for c in unsafe if c.isprintable()]
    assert not "\t".isprintable() and "\n" not in unsafe


@pytest.mark.parametrize("value", ["tab\there", "a\nb\tc", "bell\x07", "nbsp\u00a0ok", "soft\u00adhyphen",
                                   "rlo\u202e", "tag\U000e0041", "plain æøå", "two\nlines", "cr\rhere"])
def test_a_value_is_judged_as_the_search_alone_judges_it(value: str) -> None:
    from problembrief import load

    escaped = value.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    loaded = load_text(f'schema_version: 1\nkey: "{escaped}"\n', "brief.yaml")
    assert loaded.data["key"] == value
    severities = [f.severity.value for f in loaded.findings if f.code == "PB022"]
    expected = "error" if load._UNSAFE.search(value) else "warning" if "\t" in value else None
    assert severities == ([expected] if expected else [])
