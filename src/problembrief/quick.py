"""A plain `validate` or `build` command line, parsed without importing Typer.

These two commands run in pre-commit hooks on every commit and in CI on every brief. Importing Typer and
building its command tree costs some 40 ms of a `validate` that otherwise takes under 200 ms, and no
configuration of Typer avoids it (`import typer` alone is 20-25 ms). So `python scripts/help_texts.py` stores
what Typer made of these commands' parameters (their option names, kinds, choices, bounds and defaults, read
from the command tree Typer builds from cli.py) in `commandline.json`, and a command line that is plainly valid
is parsed from that: long options with their value as the next word or after `=`, `-o`, the flags and their
`--no-` forms, and the briefs. Anything else goes to Typer as before: `--help`, `--version`, an option or value
this parser does not know or doubts (a value beginning with `-`, a choice not exactly as listed, a number out of
bounds, an unreadable file), `--`, the pseudo-locale of the tests' aid is kept. Typer then parses it and says
what is wrong in its own words; so an error message, the help and the usage line are always Typer's. A stored
table that does not belong to this cli.py and version (its key) is not used at all. A test compares the values
of many command lines, parsed both ways, and the output and exit code of whole runs.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

TABLE_FILE = Path(__file__).resolve().parent / "commandline.json"
QUICK_COMMANDS = ("validate", "build")
ROOT = ""  # the table's name for the program's own options (`problembrief --lang da validate …`)

# A parameter's callback in cli.py, and the function of commands.py it calls to check a value (raising ValueError),
# which the quick parser calls in its stead; Typer runs the callback.
_CHECKS: dict[str, str] = {"_check_jobs": "check_jobs"}


class _Declined(Exception):
    """The command line is not a plain one: Typer parses it."""


def main(argv: Sequence[str]) -> bool:
    """Run a plain `validate` or `build` command line to its end (exiting), or return False for Typer."""
    parsed = parse(argv)
    if parsed is None:
        return False
    name, values = parsed
    from problembrief import commands

    command: Callable[..., int] = getattr(commands, name)

    def run() -> None:
        try:
            with commands.speaking(argv):
                code = command(**values)
        except KeyboardInterrupt:  # as Typer ends a command that Ctrl+C interrupts
            raise SystemExit(130) from None
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            _quiet_streams()  # the reader went away (`… | head`): as Typer does, exit 1 without a word
            raise SystemExit(1) from None
        sys.exit(code)

    commands.guarded(run, argv)
    return True


def parse(argv: Sequence[str], table: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]] | None:
    """The command and the values of its parameters (as cli.py's command passes them on to `commands`), or None
    when the command line is not a plain one or the stored table does not belong to this command line."""
    from problembrief.commands import PSEUDO_LOCALE_VARIABLE

    if os.name == "nt" or os.environ.get(PSEUDO_LOCALE_VARIABLE) == "1":
        return None
    table = _table() if table is None else table
    if table is None:
        return None
    try:
        tokens = list(argv)
        root = _defaults(table[ROOT])
        while tokens and tokens[0].startswith("-"):
            _option(tokens, table[ROOT], root)
        if not tokens or tokens[0] not in QUICK_COMMANDS or not table.get(tokens[0]):
            return None
        name = tokens.pop(0)
        parameters = table[name]
        values = _defaults(parameters)
        arguments: list[str] = []
        while tokens:
            if tokens[0].startswith("-"):
                _option(tokens, parameters, values)
            else:
                arguments.append(_text(tokens.pop(0)))
        (argument,) = [p for p in parameters if p["kind"] == "argument"]
        if not arguments:
            raise _Declined("a brief is required")
        values[argument["name"]] = [_converted(argument, a) for a in arguments]
    except (_Declined, KeyError, ValueError, TypeError):
        return None
    # --lang of the command, else of the program (cli._lang)
    values["lang"] = values.get("lang") or root.get("lang")
    return name, values


def _option(tokens: list[str], parameters: Sequence[dict[str, Any]], values: dict[str, Any]) -> None:
    """Take one option (and its value) off the front of tokens into values."""
    token = tokens.pop(0)
    name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
    for parameter in parameters:
        if parameter["kind"] != "option":
            continue
        if name in parameter.get("negative", ()):
            if equals:
                raise _Declined(token)
            values[parameter["name"]] = False
            return
        if name not in parameter["opts"]:
            continue
        if parameter.get("eager"):
            raise _Declined(token)  # --version: Typer answers it
        if parameter["value"] == "bool":
            if equals:
                raise _Declined(token)
            values[parameter["name"]] = True
            return
        if not equals:
            if not tokens:
                raise _Declined(token)
            value = tokens.pop(0)
            if value.startswith("-"):
                raise _Declined(value)
        converted = _converted(parameter, _text(value))
        if parameter["multiple"]:
            values[parameter["name"]] = [*(values[parameter["name"]] or []), converted]
        else:
            values[parameter["name"]] = converted
        return
    raise _Declined(token)


def _text(value: str) -> str:
    if not value or "\x00" in value:
        raise _Declined(repr(value))
    return value


def _converted(parameter: dict[str, Any], value: str) -> Any:
    """A value as Typer converts a plainly valid one; _Declined for anything else."""
    kind = parameter["value"]
    if kind == "text":
        check = parameter.get("check")
        if check is not None:
            if check not in _CHECKS.values():
                raise _Declined(check)
            from problembrief import commands

            getattr(commands, check)(value)  # ValueError: Typer says what is wrong
        return value
    if kind == "choice":
        if value not in parameter["choices"]:
            raise _Declined(value)
        return value
    if kind == "int":
        if not (value.isascii() and value.isdigit()):
            raise _Declined(value)
        number = int(value)
        low, high = parameter.get("min"), parameter.get("max")
        if (low is not None and number < low) or (high is not None and number > high):
            raise _Declined(value)
        return number
    if kind == "path":
        # Typer's path parameters here read files: one that exists and cannot be read is Typer's error to say.
        try:
            os.stat(value)
        except (OSError, ValueError):
            return Path(value)
        if not os.access(value, os.R_OK):
            raise _Declined(value)
        return Path(value)
    raise _Declined(kind)


def _defaults(parameters: Sequence[dict[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for parameter in parameters:
        default = parameter["default"]
        values[parameter["name"]] = Path(default) if parameter["value"] == "path" and default is not None else default
    return values


def _table() -> dict[str, Any] | None:
    """The stored parameters, when they belong to this version of the command line."""
    try:
        stored = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
        if not isinstance(stored, dict) or stored.get("key") != help_key():
            return None
        commands = stored["commands"]
    except (OSError, ValueError, KeyError):
        return None
    return commands if isinstance(commands, dict) else None


def _quiet_streams() -> None:
    """Standard output and error to nothing, so that flushing them at exit raises no second broken pipe."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                os.dup2(null, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def help_key() -> str:
    """What the stored command line (this table, and the help in locale/help.json) is made from: the command
    line's code and its catalogues, and the version."""
    import zlib

    from problembrief import __version__

    package = Path(__file__).resolve().parent
    checksum = zlib.crc32(__version__.encode())
    for source in (package / "cli.py", *sorted((package / "locale").glob("*/LC_MESSAGES/cli.mo"))):
        checksum = zlib.crc32(source.read_bytes(), checksum)
    return f"{checksum:08x}"


# --- Writing the table (scripts/help_texts.py; a test compares it with Typer's command tree) ---------------


def stored_table() -> dict[str, Any]:
    """What Typer makes of the program's options and of the quick commands' parameters: the contents of
    TABLE_FILE. A parameter this parser cannot take as Typer would is a ValueError here, not a silent
    difference later."""
    import typer.main

    from problembrief.cli import app

    group = typer.main.get_command(app)
    commands: dict[str, Any] = {ROOT: [_described(p) for p in group.params]}
    for name in QUICK_COMMANDS:
        parameters = [_described(p) for p in group.commands[name].params]  # type: ignore[attr-defined]
        if [p["kind"] for p in parameters].count("argument") != 1:
            raise ValueError(f"{name}: the quick parser takes one argument (the briefs)")
        commands[name] = parameters
    return {"key": help_key(), "commands": commands}


def _described(parameter: Any) -> dict[str, Any]:
    import types
    import typing
    from enum import Enum

    info = parameter.type_descriptor.parameter_info
    annotation = parameter.type_descriptor.annotation
    name = parameter.name
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(arguments) == 1:
        annotation = arguments[0]
    multiple = typing.get_origin(annotation) is list
    if multiple:
        (annotation,) = typing.get_args(annotation)
    unusual = [attribute for attribute, plain in (
        ("parser", None), ("click_type", None), ("envvar", None), ("default_factory", None), ("resolve_path", False),
        ("exists", False), ("writable", False), ("allow_dash", False), ("clamp", False), ("path_type", None),
        ("case_sensitive", True), ("count", False), ("prompt", False), ("formats", None)) if
        getattr(info, attribute, plain) != plain]
    if unusual or not getattr(info, "file_okay", True) or not getattr(info, "dir_okay", True):
        raise ValueError(f"{name}: {', '.join(unusual) or 'file_okay/dir_okay'} is not for the quick parser")
    check = None
    if parameter.callback is not None:
        callback = getattr(parameter.callback, "__name__", "")
        if not (parameter.is_eager or callback in _CHECKS):
            raise ValueError(f"{name}: its callback {callback} is not known to the quick parser")
        check = _CHECKS.get(callback)
    if annotation is bool:
        value: str = "bool"
    elif annotation is str:
        value = "text"
    elif annotation is int:
        value = "int"
    elif annotation is Path:
        value = "path"
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        value = "choice"
    else:
        raise ValueError(f"{name}: {annotation!r} is not for the quick parser")
    default = parameter.default
    if isinstance(default, Enum):
        default = default.value
    elif isinstance(default, Path):
        default = str(default)
    elif multiple and not default:
        default = None
    described: dict[str, Any] = {
        "name": name, "kind": parameter.param_type_name, "opts": list(parameter.opts),
        "negative": list(parameter.secondary_opts), "value": value, "multiple": multiple or parameter.nargs == -1,
        "default": default, "eager": bool(parameter.is_eager), "check": check,
        "min": getattr(parameter, "min", None), "max": getattr(parameter, "max", None),
    }
    if value == "choice":
        described["choices"] = [member.value for member in annotation]
    return described
