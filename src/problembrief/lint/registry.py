"""The rule registry: rules join by declaring themselves with `@rule(...)`; codes are unique.

This module is a leaf: it imports no rule family, so the families can import it without a cycle. The
complete catalogue (every family imported, plus the schema codes) is `problembrief.lint.catalogue`.

A rule is a small function over a `LintContext` that yields findings. Its docstring is the user
documentation shown by `problembrief rules CODE` (as in yamllint); the decorator carries the stable
code, the readable name, the default severity, the source and a bad and a good example.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable, Iterable
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


def registered_rules() -> list[Rule]:
    """The rules registered so far, by code. Use `catalogue.all_rules()`, which first imports every family."""
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]
