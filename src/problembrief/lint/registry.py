"""The rule registry: rules join by declaring themselves with `@rule(...)`; codes are unique.

A rule is a small function over a `LintContext` that yields findings. Its docstring is the user
documentation shown by `problembrief rules CODE` (as in yamllint); the decorator carries the stable
code, the readable name, the default severity, the source and a bad and a good example.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from problembrief.findings import Finding, Severity

if TYPE_CHECKING:
    from problembrief.lint.context import LintContext

Check = Callable[["LintContext"], Iterable[Finding]]

_CODE = re.compile(r"^PB\d{3}$")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    hint: str
    source: str
    bad: str
    good: str
    check: Check

    @property
    def documentation(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.summary)

    @property
    def family(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]


class DuplicateRuleError(RuntimeError):
    """Two rules declared the same code: a programming error, caught when the rules are imported."""


_REGISTRY: dict[str, Rule] = {}


def rule(*, code: str, name: str, severity: Severity, summary: str, hint: str, source: str, bad: str,
         good: str) -> Callable[[Check], Check]:
    """Register a rule. `bad` and `good` are YAML fragments added to a valid minimal brief."""
    if not _CODE.match(code):
        raise ValueError(f"rule code {code!r} is not of the form PB123")

    def register(check: Check) -> Check:
        if code in _REGISTRY:
            raise DuplicateRuleError(f"{code} is declared by both {_REGISTRY[code].check.__qualname__} "
                                     f"and {check.__qualname__}")
        _REGISTRY[code] = Rule(code=code, name=name, severity=severity, summary=summary, hint=hint,
                               source=source, bad=_fragment(bad), good=_fragment(good),
                               check=check)
        return check

    return register


def _fragment(text: str) -> str:
    """An example as YAML at the top level: common indentation and surrounding blank lines removed."""
    return textwrap.dedent(text).strip("\n") + "\n"


def all_rules() -> list[Rule]:
    """Every rule, by code. Importing the rule families registers them."""
    from problembrief.lint import rules as _families  # noqa: F401  (import registers the rules)

    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def get_rule(code: str) -> Rule | None:
    return {r.code: r for r in all_rules()}.get(code.upper())


def iter_codes() -> Iterator[str]:
    return (r.code for r in all_rules())
