"""`python -m problembrief.reference`: write the JSON twin of every reference file (see __init__.py)."""

from problembrief.reference import FOLDER, names, twin_text

for name in names():
    target = FOLDER / f"{name}.json"
    text = twin_text(name)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
