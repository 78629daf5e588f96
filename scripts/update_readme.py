"""Write the generated sections (format reference, rule catalogue) into README.md between their markers."""

from __future__ import annotations

from pathlib import Path

from problembrief.format_reference import format_reference, rules_reference

README = Path(__file__).resolve().parent.parent / "README.md"
SECTIONS = {"format-reference": format_reference, "rules": rules_reference}


def replace_section(text: str, name: str, content: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{content}{end}{tail}"


def updated(text: str) -> str:
    for name, generate in SECTIONS.items():
        text = replace_section(text, name, generate())
    return text


if __name__ == "__main__":
    README.write_text(updated(README.read_text(encoding="utf-8")), encoding="utf-8")
