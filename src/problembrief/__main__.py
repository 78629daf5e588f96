"""`python -m problembrief` and the `problembrief` command: start as fast as a command can.

`validate` runs in pre-commit hooks on every commit and `build` in CI on every brief, so what happens before a
command's own work counts:

- Python's cyclic garbage collector is switched off first. A command of one brief is short and makes little
  cyclic garbage, and the collector's passes over everything the imports made cost some 15 % of a build. The
  command line switches it back on for what runs long or handles many briefs (a batch, `--watch`, `lsp`,
  `serve`), where memory would otherwise grow, and freezes what is left at exit, so the interpreter's last
  collection does not walk every object either. Output and exit codes are the same either way.
- `--help` is answered from the help text typer wrote for each command and language (`locale/help.json`,
  written by `python scripts/help_texts.py`; a test compares it with typer's own), without importing typer: the
  help costs what Python's start does. Any other command line, a terminal narrower than the text, or a stored
  text that does not belong to this version of the command line (its key) goes to typer as before.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

HELP_FILE = Path(__file__).resolve().parent / "locale" / "help.json"
HELP_COLUMNS = 80  # Click wraps help at the terminal's width, at most 80 columns
PROGRAMS = ("problembrief", "python -m problembrief")  # the names Click gives the program in the usage line


def main() -> None:
    gc.disable()
    argv = sys.argv[1:]
    text = stored_help(argv)
    if text is not None and _writable(text):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from problembrief import quick

    if quick.main(argv):
        return
    from problembrief.cli import main as run

    run()


def stored_help(argv: Sequence[str], environ: os._Environ[str] | dict[str, str] | None = None,
                program: str | None = None, columns: int | None = None) -> str | None:
    """The help a command line asks for, as stored, or None when typer must answer it: `--help` with at most a
    command before it and `--lang da|en` anywhere, nothing else."""
    from problembrief.commands import PSEUDO_LOCALE_VARIABLE

    env = os.environ if environ is None else environ
    if env.get(PSEUDO_LOCALE_VARIABLE) == "1":
        return None
    command, language, asked = "", None, False
    tokens = list(argv)
    while tokens:
        token = tokens.pop(0)
        if token == "--help" and not asked:
            asked = True
        elif token.startswith("--lang") and language is None:
            value = token.removeprefix("--lang=") if token.startswith("--lang=") else (
                tokens.pop(0) if token == "--lang" and tokens else None)
            if value not in ("da", "en"):
                return None
            language = value
        elif not token.startswith("-") and not command and not asked:
            command = token
        else:
            return None
    if not asked:
        return None
    if (columns if columns is not None else _columns()) < HELP_COLUMNS:
        return None
    try:
        import json

        from problembrief import quick

        stored = json.loads(HELP_FILE.read_text(encoding="utf-8"))
        if stored.get("key") != quick.help_key():
            return None
        if language is None:
            from problembrief.i18n import from_environment

            language = from_environment(dict(env))
        text = stored["texts"][program or _program()][language][command]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return text if isinstance(text, str) else None


def _writable(text: str) -> bool:
    """Whether stdout takes the text as it is (a terminal that is not UTF-8 goes to Click, which knows what to do)."""
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (AttributeError, LookupError, UnicodeEncodeError):
        return False
    return True


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def _program() -> str:
    """The program's name as Click says it in the usage line (click.utils._detect_program_name)."""
    main_module = sys.modules.get("__main__")
    package = getattr(main_module, "__package__", None)
    if not package:
        return os.path.basename(sys.argv[0])
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    return f"python -m {package if name == '__main__' else f'{package}.{name}'}"


def help_texts() -> dict[str, object]:
    """Typer's help for every command, in every language, for each name of the program, at HELP_COLUMNS columns:
    what `--help` prints (the contents of HELP_FILE)."""
    import contextlib
    import io

    import typer.main

    from problembrief import i18n, quick
    from problembrief.cli import app
    from problembrief.commands import PSEUDO_LOCALE_VARIABLE

    commands = ["", *sorted(typer.main.get_command(app).commands)]  # type: ignore[attr-defined]
    texts: dict[str, dict[str, dict[str, str]]] = {}
    saved = {name: os.environ.get(name) for name in ("COLUMNS", PSEUDO_LOCALE_VARIABLE)}
    os.environ["COLUMNS"] = str(HELP_COLUMNS)
    os.environ.pop(PSEUDO_LOCALE_VARIABLE, None)
    try:
        for program in PROGRAMS:
            for language in i18n.LANGUAGES:
                for command in commands:
                    shown = io.StringIO()
                    with contextlib.redirect_stdout(shown):  # a fresh command tree: each run translates its own
                        status = typer.main.get_command(app).main(
                            ["--lang", language, *([command] if command else []), "--help"], prog_name=program,
                            standalone_mode=False)
                    if status != 0:
                        raise RuntimeError(f"{program} {command} --help: exit {status}")
                    texts.setdefault(program, {}).setdefault(language, {})[command] = shown.getvalue()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return {"key": quick.help_key(), "columns": HELP_COLUMNS, "texts": texts}


if __name__ == "__main__":
    main()
