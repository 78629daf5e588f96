"""The rule catalogue: every rule family imported, and the codes a user may select, ignore or re-grade.

The registry (`registry.py`) is a leaf that the families import; this module is the one that imports the
families, so that asking for "all rules" never depends on which module happened to be imported first.
"""

from __future__ import annotations

from collections.abc import Iterable

from problembrief.errors import RUN_FAILURES, UsageError
from problembrief.findings import RuleInfo, Severity
from problembrief.i18n import N_, _
from problembrief.lint import rules as _families  # noqa: F401  (importing the families registers them)
from problembrief.lint.registry import _REGISTRY, Rule, registered_rules

# Codes once released and then withdrawn: never reused (rules.md), and named when someone still uses them.
RETIRED: dict[str, str] = {
    "PB021": N_("a code in `lint_ignore` that is not a rule is now a usage error instead of a warning"),
}


def all_rules() -> list[Rule]:
    """Every rule, by code."""
    return registered_rules()


def get_rule(code: str) -> Rule | None:
    return _REGISTRY.get(code.strip().upper())


def rule_codes() -> frozenset[str]:
    """The codes of the rules (stage 3)."""
    return frozenset(_REGISTRY)


def schema_codes() -> frozenset[str]:
    """The codes of the schema findings (stage 2), as validate.py declares them."""
    # Imported here, not at the top: validate is maintained separately and adds codes over time (the
    # list is read on every call), and the rule families must stay importable without the schema.
    from problembrief.validate import SCHEMA_CODES

    return frozenset(SCHEMA_CODES)


# Codes of checks outside the brief's rule catalogue that select and ignore apply to as well: the questions
# file's rules (PB8xx) register here when their package is imported (it sits above lint and imports it).
_REGISTERED: set[str] = set()


def register_codes(codes: Iterable[str]) -> None:
    _REGISTERED.update(codes)


def known_codes() -> tuple[str, ...]:
    """Every code a user may name in select, ignore, severity or lint_ignore: the rules, the schema and the
    registered checks of the consultation round."""
    return tuple(sorted(rule_codes() | schema_codes() | _REGISTERED))


def normalise_codes(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Codes as written on a command line or in a list: split on commas, stripped, upper case, each once."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        for code in str(value).split(","):
            if code.strip():
                seen[code.strip().upper()] = None
    return tuple(seen)


def code_problem(code: str, *, prefix: bool = True) -> str | None:
    """Why `code` (already normalised) names no rule, in plain words (the language in force); None when it is fine.

    With `prefix`, a code may also be the start of known codes (`PB6`, `PB10`), as select and ignore
    allow; without it, it must be a whole rule code (severity)."""
    known = known_codes()
    if code in RUN_FAILURES:
        name = RUN_FAILURES[code][0]
        return _("{code} ({name}) reports a failure of the run, not a finding: it cannot be selected, ignored or "
                 "re-graded").format(code=code, name=name)
    if code in RETIRED:
        return _("{code} is no longer a rule ({reason})").format(code=code, reason=_(RETIRED[code]))
    if code in known or (prefix and any(k.startswith(code) for k in known)):
        return None
    close = suggest(code, known)
    if prefix:
        message = (_("{code} is not a rule code or the start of one; did you mean {close}? (codes look like PB101; "
                     "`problembrief rules` lists them)") if close else
                   _("{code} is not a rule code or the start of one (codes look like PB101; `problembrief rules` "
                     "lists them)"))
    else:
        message = (_("{code} is not a rule code; did you mean {close}? (codes look like PB101; `problembrief rules` "
                     "lists them)") if close else
                   _("{code} is not a rule code (codes look like PB101; `problembrief rules` lists them)"))
    return message.format(code=code, close=close)


_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def suggest(code: str, known: Iterable[str]) -> str | None:
    """The known code `code` was most likely meant to be: letters typed for look-alike digits first
    (PB1O1 is PB101), then the closest spelling, preferring the one with more characters in place."""
    known = list(known)
    fixed = code[:2] + code[2:].translate(_LOOKALIKES)
    if fixed in known:
        return fixed
    import difflib  # only a code that names no rule needs it

    def closeness(candidate: str) -> tuple[float, int]:
        in_place = sum(a == b for a, b in zip(code, candidate, strict=False))
        return difflib.SequenceMatcher(None, code, candidate).ratio(), in_place

    close = [(closeness(k), k) for k in known]
    best = max((c for c in close if c[0][0] >= 0.6), default=None, key=lambda c: c[0])
    return best[1] if best else None


def describe_codes() -> list[RuleInfo]:
    """Every code a report can use, described for its readers: run failures, schema findings, then rules."""
    from problembrief.validate import SCHEMA_CODES

    described = [RuleInfo(code, name, Severity.ERROR, summary)
                 for code, (name, summary) in sorted((RUN_FAILURES | SCHEMA_CODES).items())]
    described += [RuleInfo(r.code, r.name, r.severity, r.summary, r.documentation, r.hint, r.source, r.bad, r.good)
                  for r in all_rules()]
    return described


def check_codes(values: Iterable[str] | str | None, *, source: str) -> tuple[str, ...]:
    """Normalise codes (see normalise_codes) and raise UsageError unless each names at least one known code.

    `source` says where they were written, e.g. "--select"; it starts the message and is the error's
    `field`. A selection that names nothing must not pass silently: `--select PB1O1` (letter O) would
    otherwise select no rule, and every brief would pass."""
    codes = normalise_codes(values)
    for code in codes:
        problem = code_problem(code)
        if problem:
            raise UsageError(f"{source}: {problem}", field=source)
    return codes


__all__ = ["RETIRED", "RUN_FAILURES", "Rule", "all_rules", "check_codes", "code_problem", "describe_codes", "get_rule",
           "known_codes", "normalise_codes", "rule_codes", "schema_codes", "suggest"]
