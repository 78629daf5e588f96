"""Keep the message catalogues in step with the code, with Babel (a development and test dependency only).

    python scripts/catalogues.py update [DOMAIN]    # extract the messages; add new ones to each .po, drop gone ones
    python scripts/catalogues.py compile [DOMAIN]   # write the .mo files the package ships
    python scripts/catalogues.py check [DOMAIN]     # what the test checks: nothing stale, nothing missing

A translator edits `src/problembrief/locale/<language>/LC_MESSAGES/<domain>.po` and runs `compile`.
English is the source language: its catalogues exist so that a third language starts from a copy, and
their entries stay empty (the English text is the message id).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "problembrief"
TEMPLATES = ROOT / "templates"
sys.path.insert(0, str(ROOT / "src"))

from problembrief.i18n import DOMAINS, LANGUAGES, LOCALE_DIR  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "translate_in": (2,)}
JINJA_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
# No line numbers or file names in the catalogues: an edit elsewhere in a file must not make them stale.
_WRITE = {"omit_header": False, "no_location": True, "sort_output": True, "width": 120}


def sources(domain: str) -> Iterator[Path]:
    for pattern in DOMAINS[domain]:
        if pattern.startswith("templates:"):
            yield from sorted(TEMPLATES.glob(pattern.removeprefix("templates:")))
        else:
            yield from sorted(PACKAGE.glob(pattern))


def extract(domain: str) -> Catalog:
    """Every message the domain's source files mark, as a template catalogue."""
    template = Catalog(project="problembrief", domain=domain, fuzzy=False)
    for path in sources(domain):
        if path.suffix == ".j2":
            method, options, keywords = "jinja2.ext:babel_extract", {"extensions": "jinja2.ext.i18n",
                                                                      "trim_blocks": "true",
                                                                      "lstrip_blocks": "true"}, JINJA_KEYWORDS
        else:
            method, options, keywords = "python", {}, KEYWORDS
        for _line, message, comments, context in extract_from_file(method, str(path), keywords=keywords,
                                                                   options=options, strip_comment_tags=True):
            template.add(message, context=context, auto_comments=comments)
    return template


def catalogue_path(language: str, domain: str, suffix: str = ".po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}{suffix}"


def read(language: str, domain: str) -> Catalog:
    path = catalogue_path(language, domain)
    if not path.is_file():
        return Catalog(locale=language, domain=domain, project="problembrief", version="1",
                       copyright_holder="the problembrief authors", msgid_bugs_address="the project's issues",
                       last_translator="the problembrief authors", language_team=f"problembrief {language}",
                       header_comment=f"# Messages of problembrief, domain {domain!r}, in {language!r}.\n"
                                      "# Edit the translations, then run: python scripts/catalogues.py compile",
                       fuzzy=False)
    with path.open("rb") as stream:
        return read_po(stream, locale=language, domain=domain)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, **_WRITE)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update(domains: list[str]) -> None:
    for domain in domains:
        template = extract(domain)
        for language in LANGUAGES:
            catalog = read(language, domain)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()  # a message the code no longer has is gone, not kept commented out
            path = catalogue_path(language, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(po_bytes(catalog))


def compile_all(domains: list[str]) -> None:
    for domain in domains:
        for language in LANGUAGES:
            catalogue_path(language, domain, ".mo").write_bytes(mo_bytes(read(language, domain)))


def problems(domains: list[str] | None = None) -> list[str]:
    """Why the catalogues are not in step with the code; empty when they are."""
    found: list[str] = []
    for domain in domains or list(DOMAINS):
        wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in extract(domain) if m.id}
        for language in LANGUAGES:
            catalog = read(language, domain)
            have = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in catalog if m.id}
            for key in sorted(wanted - have.keys(), key=str):
                found.append(f"{language}/{domain}.po lacks {key[0]!r} (run: python scripts/catalogues.py update)")
            for key in sorted(have.keys() - wanted, key=str):
                found.append(f"{language}/{domain}.po has {key[0]!r}, which the code no longer uses")
            if language != "en":
                for key, message in have.items():
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    if key in wanted and not all(strings):
                        found.append(f"{language}/{domain}.po has no translation of {key[0]!r}")
                    if message.fuzzy:
                        found.append(f"{language}/{domain}.po marks {key[0]!r} fuzzy: check and unmark it")
            compiled = catalogue_path(language, domain, ".mo")
            if not compiled.is_file() or compiled.read_bytes() != mo_bytes(catalog):
                found.append(f"{language}/{domain}.mo is stale (run: python scripts/catalogues.py compile)")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    domains = argv[2:] or list(DOMAINS)
    unknown = [d for d in domains if d not in DOMAINS]
    if unknown:
        print(f"unknown domain(s) {', '.join(unknown)}; the domains are {', '.join(DOMAINS)}")
        return 2
    if command == "update":
        update(domains)
    elif command == "compile":
        compile_all(domains)
    elif command == "check":
        listed = problems(domains)
        print("\n".join(listed) or "the catalogues are in step with the code")
        return 1 if listed else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
