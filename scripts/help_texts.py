"""Write the help that `problembrief --help` prints without importing typer (src/problembrief/locale/help.json):
typer's own help for every command, in every language, for both names of the program. Run it after changing
the command line or its catalogue; a test fails while the stored help differs from typer's.

    python scripts/help_texts.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from problembrief.__main__ import HELP_FILE, help_texts

if __name__ == "__main__":
    HELP_FILE.write_text(json.dumps(help_texts(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                         encoding="utf-8")
    print(f"wrote {HELP_FILE}")
