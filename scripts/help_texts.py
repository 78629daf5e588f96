"""Write what the command line answers without importing typer, from what typer makes of cli.py:

- src/problembrief/locale/help.json: typer's own help for every command, in every language, for both names of
  the program (`problembrief --help`);
- src/problembrief/commandline.json: the parameters of `validate` and `build` and of the program, as typer
  defines them, for the quick parser of a plain command line (src/problembrief/quick.py).

Run it after changing the command line or its catalogue; a test fails while either file differs from typer's.

    python scripts/help_texts.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from problembrief.__main__ import HELP_FILE, help_texts
from problembrief.quick import TABLE_FILE, stored_table

if __name__ == "__main__":
    for path, content in ((HELP_FILE, help_texts()), (TABLE_FILE, stored_table())):
        path.write_text(json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")
