"""The rule registry: rules join by declaring themselves with `@rule(...)`; codes are unique.

This module is a leaf: it imports no rule family, so the families can import it without a cycle. The
complete catalogue (every family imported, plus the schema codes) is `problembrief.lint.catalogue`.

A rule is a small function over a `LintContext` that yields findings. The decorator carries the stable
code, the readable name, the default severity, the summary, the hint, the source, the user documentation
shown by `problembrief rules CODE` (as in yamllint) and a bad and a good example.

Every text a user reads is in the message catalogue (domain "rules"): the summary, hint, source and
documentation are written `N_("…")` in the decorator (marked, in English, the message id) and the Rule's
properties translate them into the language in force when they are read. The documentation is the `doc`
argument and not the function's docstring, because Babel does not extract docstrings; it is written as
paragraphs joined by a blank line, without hard line breaks, so a translator sees whole sentences.

The bad and good examples are YAML fragments of a brief, translated like the prose: the keys and the
values that are codes, enum values, dates or numbers are the format's and the same in every language; the
free text is what a municipality would write in that language (Danish in the Danish catalogue). Each is a
triple-quoted string marked `N_(…)`, whose message id is the English fragment exactly as written in the
decorator, indentation included; the Rule's `bad` and `good` look it up in the language in force and then
remove the common indentation, so a translation may be indented as the translator likes. They carry no
comments (a test checks that), and each language's example is tested in a brief of that language.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from problembrief.findings import Finding, Severity, lean_dataclass
from problembrief.i18n import _, _looked_up, _wrap, current_language

if TYPE_CHECKING:
    from problembrief.lint.context import LintContext

Check = Callable[["LintContext"], Iterable[Finding]]

_CODE = re.compile(r"^PB\d{3}$")


@lean_dataclass(frozen=True)
class Rule:
    """A rule. The `*_id` fields hold the English texts as written in the code (the catalogue's message ids);
    the properties of the same name without `_id` give them in the language in force."""

    code: str
    name: str
    severity: Severity
    summary_id: str
    hint_id: str
    source_id: str
    doc_id: str
    bad_id: str
    good_id: str
    check: Check

    @property
    def summary(self) -> str:
        return _(self.summary_id)

    @property
    def hint(self) -> str:
        return _(self.hint_id)

    @property
    def source(self) -> str:
        return _(self.source_id)

    @property
    def documentation(self) -> str:
        return _(self.doc_id) if self.doc_id else self.summary

    @property
    def bad(self) -> str:
        """The bad example in the language in force, as YAML at the top level."""
        return _example(self.bad_id)

    @property
    def good(self) -> str:
        """The good example in the language in force, as YAML at the top level."""
        return _example(self.good_id)

    @property
    def family(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]


class DuplicateRuleError(RuntimeError):
    """Two rules declared the same code: a programming error, caught when the rules are imported."""


_REGISTRY: dict[str, Rule] = {}


def rule(*, code: str, name: str, severity: Severity, summary: str, hint: str, source: str, bad: str,
         good: str, doc: str = "") -> Callable[[Check], Check]:
    """Register a rule. `summary`, `hint`, `source` and `doc` are marked `N_("…")` (English; translated when
    read); so are `bad` and `good`, YAML fragments added to a valid minimal brief (English; translated and
    dedented when read)."""
    if not _CODE.match(code):
        raise ValueError(f"rule code {code!r} is not of the form PB123")

    def register(check: Check) -> Check:
        if code in _REGISTRY:
            raise DuplicateRuleError(f"{code} is declared by both {_REGISTRY[code].check.__qualname__} "
                                     f"and {check.__qualname__}")
        _REGISTRY[code] = Rule(code=code, name=name, severity=severity, summary_id=summary, hint_id=hint,
                               source_id=source, doc_id=doc.strip(), bad_id=bad, good_id=good, check=check)
        return check

    return register


def _fragment(text: str) -> str:
    """An example as YAML at the top level: common indentation and surrounding blank lines removed."""
    return textwrap.dedent(text).strip("\n") + "\n"


def _example(message: str) -> str:
    """An example in the language in force, dedented before it is marked for the pseudo-locale (the mark
    would otherwise stand before the indentation that dedenting removes)."""
    translated = _looked_up(current_language(), None, message) if message else message
    return _wrap(_fragment(translated))


def registered_rules() -> list[Rule]:
    """The rules registered so far, by code. Use `catalogue.all_rules()`, which first imports every family."""
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]
