"""Loading: safe YAML, text kept as written, duplicate keys and bad bytes reported with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from problembrief.errors import LoadError
from problembrief.load import Limits, load_file, load_text


def test_scalars_are_kept_exactly_as_written() -> None:
    loaded = load_text("version: 1.10\ncvr: 01234567\nreference: 2026-014\nflag: NO\nempty:\n")
    assert loaded.data == {"version": "1.10", "cvr": "01234567", "reference": "2026-014", "flag": "NO",
                           "empty": None}


def test_positions_are_recorded_for_nested_values() -> None:
    loaded = load_text("outcomes:\n  - id: O1\n    target:\n      value: 5\n")
    assert loaded.positions[("outcomes", 0, "target", "value")] == (4, 14)
    assert loaded.key_positions[("outcomes", 0, "target")] == (3, 5)


def test_duplicate_key_is_a_finding_with_both_lines() -> None:
    loaded = load_text("a: 1\nb: 2\na: 3\n", "brief.yaml")
    assert loaded.data["a"] == "1"
    [finding] = loaded.findings
    assert (finding.code, finding.line, finding.column) == ("PB003", 3, 1)
    assert "first on line 1" in finding.message


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("schema_version: 1\ntitle: Færre fald\n".encode("latin-1"))
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert info.value.line == 2
    assert "not UTF-8" in info.value.message


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: tekst\r\n")
    assert load_file(path).data == {"a": "1", "b": "tekst"}


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['echo hacked']\n",
    "a: !custom value\n",
])
def test_language_specific_tags_are_refused(text: str) -> None:
    with pytest.raises(LoadError, match="not allowed"):
        load_text(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("", "empty"),
    ("- a\n- b\n", "top level must be a mapping"),
    ("a: [1, 2\n", "not valid YAML"),
    ("a:\n\tb: 1\n", "not valid YAML"),
])
def test_unusable_documents_are_load_errors(text: str, expected: str) -> None:
    with pytest.raises(LoadError, match=expected):
        load_text(text)


def test_alias_expansion_is_bounded() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
              for i in range(1, 9)]
    with pytest.raises(LoadError, match="more than"):
        load_text("\n".join(lines) + "\n", limits=Limits(max_nodes=10_000))


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(LoadError, match="limit"):
        load_file(path, Limits(max_bytes=1000))


def test_explicit_null_tag_is_nothing_and_quoted_null_is_text() -> None:
    loaded = load_text('a: !!null\nb: "null"\nc: null\n')
    assert loaded.data == {"a": None, "b": "null", "c": None}
