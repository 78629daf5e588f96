"""The catalogues looked up lazily (i18n._catalogues: a domain parsed only when it may hold the message) give
exactly what gettext's chain of every domain (_chain) gives: for every message of every catalogue, with and
without context, singular and plural, and for messages no catalogue has."""

from __future__ import annotations

import functools
import gettext
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from problembrief import i18n


def _entries(language: str) -> Iterator[str | tuple[str, str]]:
    """The keys of every catalogue of a language, as gettext reads them (a plural entry as its singular)."""
    folder = i18n.LOCALE_DIR / language / "LC_MESSAGES"
    for domain in i18n.DOMAINS:
        with (folder / f"{domain}.mo").open("rb") as stream:
            catalogue = gettext.GNUTranslations(stream)
        for key in catalogue._catalog:  # the parsed entries: what there is to look up
            yield key[0] if isinstance(key, tuple) else key


@functools.cache
def _chain(language: str) -> gettext.NullTranslations:
    """Every domain of a language as one gettext chain, the last of DOMAINS asked first: what a lookup must give."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    folder = i18n.LOCALE_DIR / language / "LC_MESSAGES"
    for domain in i18n.DOMAINS:
        compiled = folder / f"{domain}.mo"
        if compiled.is_file():
            with compiled.open("rb") as stream:
                catalogue = gettext.GNUTranslations(stream)
            catalogue.add_fallback(chain)
            chain = catalogue
    return chain


def _fresh() -> None:
    i18n._catalogues.cache_clear()
    i18n._looked_up.cache_clear()


@pytest.mark.parametrize("searches", [0, 10**9], ids=["ids read into sets", "bytes searched"])
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_translates_as_the_chain_translates_it(language: str, searches: int,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_SEARCHES", searches)
    chain = _chain(language)
    keys = sorted(set(_entries(language)))
    assert keys
    for order in (keys, list(reversed(keys))):  # which domains are parsed first must not matter
        _fresh()
        with i18n.language(language):
            for key in order:
                if not key:
                    continue
                context, separator, message = key.partition("\x04")
                if separator:
                    assert i18n.pgettext(context, message) == chain.pgettext(context, message), key
                else:
                    assert i18n._(key) == chain.gettext(key), key
                    for count in (0, 1, 2, 5):
                        assert i18n.ngettext(key, key + " (plural)", count) == chain.ngettext(
                            key, key + " (plural)", count), key


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_message_no_catalogue_has_comes_back_as_it_is(language: str) -> None:
    _fresh()
    chain = _chain(language)
    with i18n.language(language):
        for message in ("a message no catalogue has", "x\ud800y", "tender"):
            assert i18n._(message) == chain.gettext(message)
            assert i18n.pgettext("no such context", message) == chain.pgettext("no such context", message)
            assert i18n.ngettext(message, message + "s", 2) == chain.ngettext(message, message + "s", 2)
            assert i18n.ngettext(message, message + "s", 1) == chain.ngettext(message, message + "s", 1)


def test_a_run_without_findings_parses_no_catalogue_it_does_not_need() -> None:
    _fresh()
    with i18n.language("da"):
        i18n._("a message no catalogue has")
    parsed = [c.path.stem for c in i18n._catalogues("da") if c._parsed is not None]
    assert parsed == []


def _mo(entries: dict[bytes, bytes]) -> bytes:
    """A compiled catalogue of these entries (ids sorted, no hash table), as msgfmt writes one."""
    keys = sorted(entries)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(entries[key])))
        ids += key + b"\0"
        strs += entries[key] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    table = [n for o1, l1, _o2, _l2 in offsets for n in (l1, o1 + start)]
    table += [n for _o1, _l1, o2, l2 in offsets for n in (l2, o2 + start + len(ids))]
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"<{len(table)}I", *table) + ids + strs


@pytest.mark.parametrize("charset", ["UTF-8", "latin-1"])
def test_a_catalogue_in_another_charset_is_left_to_gettext(charset: str, tmp_path: Path) -> None:
    header = f"Content-Type: text/plain; charset={charset}\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    entries = {b"": header.encode("ascii"), "før".encode(charset): "efter".encode(charset),
               b"one\0many": b"en\0mange", b"where\x04here": b"her"}
    path = tmp_path / "some.mo"
    path.write_bytes(_mo(entries))
    catalogue = i18n._Catalogue(path)
    assert (catalogue._table is None) == (charset != "UTF-8")
    assert catalogue.may_hold("før") and catalogue.may_hold("one") and catalogue.may_hold("where\x04here")
    assert catalogue.parsed().gettext("før") == "efter"
    assert catalogue.parsed().ngettext("one", "many", 2) == "mange"
    assert catalogue.parsed().gettext("one") == "en"  # gettext's own fallback to the plural's singular
    assert catalogue.parsed().pgettext("where", "here") == "her"
    assert catalogue.parsed().gettext("absent") is i18n._MISSING
    if catalogue._table is not None:
        assert not catalogue.may_hold("absent")
        for _ in range(i18n._SEARCHES + 1):  # from the bytes, then from the set of ids
            assert catalogue.may_hold("før") and catalogue.may_hold("one") and not catalogue.may_hold("absent")


def test_a_corrupt_catalogue_fails_as_gettext_fails(tmp_path: Path) -> None:
    path = tmp_path / "broken.mo"
    path.write_bytes(_mo({b"": b"Content-Type: text/plain; charset=UTF-8\n", b"a": b"b"})[:-6])
    with pytest.raises(OSError):
        i18n._Catalogue(path)
