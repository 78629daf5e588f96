"""The message catalogues: in step with the code, every Danish message translated, and the language chosen
as the issue says (--lang, then the brief, then the locale, then English)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from problembrief import i18n

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import catalogues  # noqa: E402  (scripts/ is not a package)


def test_catalogues_are_in_step_with_the_code() -> None:
    """Fails when a message in the code has no catalogue entry, a Danish entry is empty or fuzzy, an entry is
    left over from removed code, or a compiled .mo is not the compilation of its .po."""
    assert catalogues.problems() == []


def test_every_domain_covers_files_that_exist() -> None:
    for domain in i18n.DOMAINS:
        assert list(catalogues.sources(domain)), domain


def test_every_source_file_belongs_to_exactly_one_domain() -> None:
    owners: dict[Path, list[str]] = {}
    for domain in i18n.DOMAINS:
        for path in catalogues.sources(domain):
            owners.setdefault(path, []).append(domain)
    assert {p: d for p, d in owners.items() if len(d) > 1} == {}
    python = {p for p in (ROOT / "src" / "problembrief").rglob("*.py") if p.name != "__init__.py"}
    unowned = sorted(str(p.relative_to(ROOT)) for p in python - owners.keys()
                     if p.name not in ("i18n.py", "__main__.py") and "locale" not in p.parts)
    assert unowned == [], "add these to a domain in i18n.DOMAINS"


@pytest.mark.parametrize(("value", "expected"), [
    ("da", "da"), ("da_DK.UTF-8", "da"), ("da-DK", "da"), ("DA", "da"), ("en_GB.UTF-8", "en"),
    ("de_DE.UTF-8", None), ("C", None), ("", None), (None, None), ("sr@latin", None),
])
def test_language_codes_are_normalised(value: str | None, expected: str | None) -> None:
    assert i18n.normalise(value) == expected


def test_the_locale_decides_in_posix_order() -> None:
    assert i18n.from_environment({"LANG": "da_DK.UTF-8"}) == "da"
    assert i18n.from_environment({"LC_MESSAGES": "da_DK.UTF-8", "LANG": "en_US.UTF-8"}) == "da"
    assert i18n.from_environment({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "da_DK.UTF-8"}) == "en"
    assert i18n.from_environment({"LC_ALL": "de_DE.UTF-8", "LANG": "da_DK.UTF-8"}) == "en"  # LC_ALL wins
    assert i18n.from_environment({}) == "en"


def test_language_is_scoped_and_english_by_default() -> None:
    assert i18n.current_language() == "en"
    with i18n.language("da_DK.UTF-8") as chosen:
        assert chosen == "da" and i18n.current_language() == "da"
        with i18n.language("xx"):
            assert i18n.current_language() == "en"
        assert i18n.current_language() == "da"
    assert i18n.current_language() == "en"


def test_pseudo_locale_wraps_every_translated_message() -> None:
    with i18n.pseudo():
        assert i18n._("anything") == "⟦anything⟧"
        assert i18n.ngettext("one file", "{n} files", 2) == "⟦{n} files⟧"
        assert i18n._("") == ""
    assert i18n._("anything") == "anything"


def test_an_untranslated_message_falls_back_to_english() -> None:
    with i18n.language("da"):
        assert i18n._("a message no catalogue has") == "a message no catalogue has"
