"""Write the generated format reference into README.md between its markers."""

from __future__ import annotations

from pathlib import Path

from problembrief.format_reference import format_reference

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- format-reference:start -->", "<!-- format-reference:end -->"


def updated(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{format_reference()}{END}{tail}"


if __name__ == "__main__":
    README.write_text(updated(README.read_text(encoding="utf-8")), encoding="utf-8")
