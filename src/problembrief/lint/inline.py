"""Suppression at the line: `# problembrief: disable=PB101` in a brief silences a rule's finding there only.

    outcomes: []  # problembrief: disable=PB301                the findings of PB301 on this line
    # problembrief: disable=PB101, PB102 -- the name of the act
    summary: Vi vil indkøbe velfærdsteknologi                  ... on the next line that is not a comment
    risks: []  # problembrief: disable-line=PB7                 disable-line: on its own line only

A comment silences the findings of the codes it names (whole codes or prefixes, as `--ignore` takes them)
on one line: its own line when it ends a line of content, and the next line that is neither blank nor a
comment when it stands alone on its line (`disable-line` only ever its own line). When that line starts a
value that runs over several lines (block text after `|` or `>`, or quoted text broken over lines), the
value's lines count as its lines too, since no comment can be written inside block text. After the codes,
`--` starts a reason, which is kept for the reader. Silenced findings are reported as suppressed, as
those of `lint_ignore` are, and never fail a check.

Only the rules' findings can be silenced: a schema finding means the brief cannot be read as a brief,
and must be fixed. A comment that names a code that is not a rule (a typo, a retired code, a schema check),
or is not written as a suppression at all, is PB023 at the comment; a code that silences nothing at its
line is PB024 (information), and so is every suppression comment when the run refuses them
(`LintConfig.inline_ignore` False, the `--no-inline-ignore` of a gatekeeper in CI): then the findings
they name are reported as usual. Neither of those two can itself be silenced by a comment.

Comments are found by the loader (`LoadedBrief.comments`), outside every scalar: `key: "a # b"` and a line
of block text that starts with `# problembrief:` are text, not comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field, replace

from problembrief.findings import Finding, LazyPattern, lean_dataclass
from problembrief.i18n import _
from problembrief.load import Comment, LoadedBrief

INVALID_SUPPRESSION = "PB023"
UNUSED_SUPPRESSION = "PB024"
# The findings about the comments themselves: they are made after the comments are applied, and no comment
# silences them (a configuration's `ignore` or `lint_ignore` can).
OWN_CODES = frozenset({INVALID_SUPPRESSION, UNUSED_SUPPRESSION})
KINDS = ("disable", "disable-line")

_MARKER = LazyPattern(r"#[ \t]*problembrief[ \t]*:[ \t]*", re.IGNORECASE)
_KIND = LazyPattern(r"([A-Za-z][A-Za-z_-]*)[ \t]*(=?)[ \t]*")
_TOKEN = LazyPattern(r"[^\s,]+")


@lean_dataclass
class Code:
    """One code or prefix of a comment, normalised, where it is written and whether it silenced anything."""

    code: str
    column: int
    used: bool = False


@lean_dataclass
class Directive:
    """A suppression comment that can be applied: its valid codes and the lines it covers."""

    comment: Comment
    kind: str
    codes: list[Code]
    target: int | None  # the line it is about; None when nothing follows a comment alone on its line
    reason: str = ""


@lean_dataclass(frozen=True)
class Problem:
    """Why a comment cannot do what it says, at the place in it that says so."""

    line: int
    column: int
    message: str
    hint: str


@lean_dataclass
class Suppressions:
    """The suppression comments of one brief, read once; `apply` marks which codes silenced something."""

    directives: list[Directive] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # line -> the target lines whose directives cover it (the target itself, and the lines of a value that
    # starts there); target line -> its directives. Apart, so stacked comments cost no more than the lines.
    _covering: dict[int, list[int]] = field(default_factory=dict)
    _by_target: dict[int, list[Directive]] = field(default_factory=dict)

    def apply(self, findings: Iterable[Finding], *, enabled: bool = True) -> list[Finding]:
        """The findings, those a comment covers marked suppressed (unless not `enabled`: then none is, but
        each comment still learns what it would have silenced)."""
        out: list[Finding] = []
        for finding in findings:
            quiet, reason = False, ""
            if finding.line is not None and finding.code not in OWN_CODES:
                for target in self._covering.get(finding.line, ()):
                    for directive in self._by_target[target]:
                        for code in directive.codes:
                            if finding.code.startswith(code.code):
                                code.used = quiet = True
                                reason = reason or directive.reason
            out.append(replace(finding, suppressed=True, suppressed_by="comment", suppression_reason=reason)
                       if quiet and enabled else finding)
        return out


def read_suppressions(loaded: LoadedBrief) -> Suppressions:
    """Every `# problembrief:` comment of a brief, parsed: the directives to apply and the problems to report.
    Linear in the size of the brief (with the comments the loader found)."""
    found = Suppressions()
    comments = [c for c in loaded.comments if _MARKER.match(c.text)]
    if not comments:
        return found
    from problembrief.lint.catalogue import rule_codes, schema_codes  # not at the top: the families import this

    text = loaded.text
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    comment_lines = {c.line for c in loaded.comments if c.own_line}
    next_content = _next_content_lines(text, starts, comment_lines)
    rules, schema = rule_codes(), schema_codes()
    for comment in comments:
        directive = _parse(comment, found.problems, rules, schema)
        if directive is None:
            continue
        if directive.kind == "disable-line" and comment.own_line:
            found.problems.append(Problem(comment.line, comment.column, _(
                "`disable-line` silences findings on its own line, and this comment stands alone on its line"),
                _("put it at the end of the line it is meant for, or write `# problembrief: disable=…` alone on "
                  "the line above")))
            continue
        if comment.own_line:
            directive.target = next_content[comment.line] if comment.line < len(next_content) else None
        else:
            directive.target = comment.line
        found.directives.append(directive)
    _cover(found, loaded)
    return found


def _parse(comment: Comment, problems: list[Problem], rules: frozenset[str],
           schema: frozenset[str]) -> Directive | None:
    marker = _MARKER.match(comment.text)
    assert marker is not None
    line, base = comment.line, comment.column
    kind_match = _KIND.match(comment.text, marker.end())
    kind = kind_match.group(1).lower() if kind_match else ""
    if kind not in KINDS or not kind_match or not kind_match.group(2):
        import difflib  # only a comment that is not a suppression needs it

        close = difflib.get_close_matches(kind, KINDS, n=1) if kind and kind not in KINDS else []
        written = comment.text[marker.end():].split("=")[0].strip() or comment.text.strip()
        message = (_("`{written}` is not a suppression; did you mean `{close}`?").format(
                       written=written, close=close[0]) if close else
                   _("`{written}` is not a suppression: a comment that starts `# problembrief:` must say "
                     "`disable=` or `disable-line=` and the codes").format(written=written))
        problems.append(Problem(line, base + marker.end(), message, _example_hint()))
        return None
    rest = comment.text[kind_match.end():]
    codes_text, _separator, reason = rest.partition("--")
    offset = kind_match.end()
    codes: list[Code] = []
    for token in _TOKEN.finditer(codes_text):
        code = token.group().upper()
        column = base + offset + token.start()
        problem = _code_problem(code, rules, schema)
        if problem:
            problems.append(Problem(line, column, problem, _example_hint()))
        elif all(c.code != code for c in codes):
            codes.append(Code(code, column))
    if not codes:
        if not _TOKEN.search(codes_text):
            problems.append(Problem(line, base + offset, _("the suppression names no code"), _example_hint()))
        return None
    return Directive(comment=comment, kind=kind, codes=codes, target=None, reason=reason.strip())


def _code_problem(code: str, rules: frozenset[str], schema: frozenset[str]) -> str | None:
    """Why a code in a comment silences nothing it could: None for a rule code or the start of one."""
    if code in OWN_CODES:
        return _("{code} is about the suppression comments themselves, and no comment can silence it").format(
            code=code)
    if any(r.startswith(code) and r not in OWN_CODES for r in rules):
        return None
    if code in schema or (len(code) > 2 and any(s.startswith(code) for s in schema)):
        return _("{code} is a schema check, which a comment cannot silence: a brief that fails it is not read as "
                 "a brief; fix the value instead").format(code=code)
    from problembrief.lint.catalogue import code_problem

    return code_problem(code) or _("{code} is not a rule code").format(code=code)


def _example_hint() -> str:
    return _("write `# problembrief: disable=PB101` (several codes with commas, or a prefix such as PB1) at the end "
             "of the line, or alone on the line above; `problembrief rules` lists the codes")


def _next_content_lines(text: str, starts: list[int], comment_lines: set[int]) -> list[int | None]:
    """For each line number (1-based; index 0 unused), the first later line that is neither blank nor only a
    comment, or None: one pass from the end, so stacked comments cost no more than the lines."""
    count = len(starts)
    following: list[int | None] = [None] * (count + 1)
    upcoming: int | None = None
    for line in range(count, 0, -1):
        following[line] = upcoming
        end = starts[line] - 1 if line < count else len(text)
        if line not in comment_lines and text[starts[line - 1]:end].strip():
            upcoming = line
    return following


def _cover(found: Suppressions, loaded: LoadedBrief) -> None:
    """Which lines each directive covers: its target, and the lines of a value that starts on the target and
    runs over several lines (no comment can be written inside block text)."""
    for directive in found.directives:
        if directive.target is not None:
            found._by_target.setdefault(directive.target, []).append(directive)
    targets = found._by_target
    last_line: dict[int, int] = {}
    if targets:
        for start, end in loaded.spans.values():
            first = loaded.position_at(start)[0]
            if first in targets:
                last = loaded.position_at(max(start, end - 1))[0]
                if last > last_line.get(first, first):
                    last_line[first] = last
    for target in targets:
        for line in range(target, last_line.get(target, target) + 1):
            found._covering.setdefault(line, []).append(target)


__all__ = ["INVALID_SUPPRESSION", "OWN_CODES", "UNUSED_SUPPRESSION", "Code", "Directive", "Problem", "Suppressions",
           "read_suppressions"]
