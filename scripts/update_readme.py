"""Write the generated sections (format reference, rule catalogue) between their markers: into README.md in
English and into the Danish guide, docs/da/vejledning.md, in Danish. Both come from the same descriptions."""

from __future__ import annotations

from pathlib import Path

from problembrief.format_reference import format_reference, rules_reference

ROOT = Path(__file__).resolve().parent.parent
# Each generated document and the language its sections are written in.
DOCUMENTS = {ROOT / "README.md": "en", ROOT / "docs" / "da" / "vejledning.md": "da"}
SECTIONS = {"format-reference": format_reference, "rules": rules_reference}


def replace_section(text: str, name: str, content: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{content}{end}{tail}"


def updated(text: str, language: str = "en") -> str:
    for name, generate in SECTIONS.items():
        text = replace_section(text, name, generate(language))
    return text


if __name__ == "__main__":
    for path, language in DOCUMENTS.items():
        path.write_text(updated(path.read_text(encoding="utf-8"), language), encoding="utf-8")
