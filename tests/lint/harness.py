"""Build test briefs from the clean base brief by replacing whole top-level sections with a fragment, in Danish
(the base as written) or in English (the same base with `language: en`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text(encoding="utf-8")
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
_LANGUAGE = re.compile(r"^language: da$")


def compose(fragment: str, language: str = "da") -> tuple[str, int]:
    """The base with the fragment's top-level sections replaced by it, and the line the fragment starts on.
    `language` replaces the base's `language: da` line (`"en"` for a brief in English)."""
    replaced = set((yaml.safe_load(fragment) or {}).keys())
    kept: list[str] = []
    dropping = False
    for line in BASE.splitlines():
        match = _TOP_KEY.match(line)
        if match:
            dropping = match.group(1) in replaced
        if not dropping:
            kept.append(f"language: {language}" if _LANGUAGE.match(line) else line)
    return "\n".join(kept) + "\n" + fragment, len(kept) + 1


_RUNNER = textwrap.dedent('''
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from harness import compose
    from problembrief.lint import LintConfig, lint
    from problembrief.load import Limits, load_text
    from problembrief.validate import validate

    fragment, codes = json.loads(sys.stdin.read())
    text, _ = compose(fragment)
    loaded = load_text(text, "brief.yaml", Limits(max_bytes=20_000_000))
    brief, findings = validate(loaded)
    assert brief is not None, [f.message for f in findings][:3]
    found = lint(brief, loaded, LintConfig(select=tuple(codes)))
    print(json.dumps([[f.code, f.line, f.message] for f in found]))
''')


def lint_apart(fragment: str, *codes: str, timeout: float = 20) -> list[list]:  # type: ignore[type-arg]
    """[code, line, message] of each finding of `codes` on the base brief with `fragment`, linted in a
    subprocess that is stopped after `timeout` seconds: a rule that turns quadratic (or hangs) fails the test
    instead of the run, and no test measures time itself."""
    result = subprocess.run([sys.executable, "-c", _RUNNER, str(Path(__file__).resolve().parent)],
                            input=json.dumps([fragment, codes]), capture_output=True, text=True, timeout=timeout,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)
