"""Word-list patterns (reference/lexicon.yaml and `lexicon` in the configuration), checked so that no text
can make them slow.

The rules search text that anyone may have written (a brief sent in for review, a pull request) with
patterns that come from configuration. Python's `re` backtracks, so a pattern such as `(a+)+$` or
`\\w*\\w*x` takes exponential or polynomial time on a crafted text, and `re` has no time limit. Lexicon
entries are therefore regular expressions in a small subset whose matching time is provably linear in
the length of the text (times a constant that depends only on the pattern):

- an entry is matched case-insensitively as whole words; a space matches any run of white space;
- a repetition (`*`, `+`, `?`, `{m,n}`) applies to one character or character class, never to a group,
  except that a group may be optional: `robot(?:ten|ter)?` is fine, `(?:ab)+` is not;
- an unbounded repetition (`*`, `+`, `{m,}`) must be over word characters only (letters, digits, `\\w`,
  `\\d`, or a class of these), and each way through the entry has at most one: `velfærdsteknologi\\w*`
  and `kamera\\w*|video\\w*` are fine, `.*`, `\\S+` and `\\w*\\w*` are not;
- a bounded repetition may repeat at most 10 times, and an entry may have at most 1,000 ways through
  it (alternatives × optional parts × bounded repetitions);
- back-references, look-ahead and look-behind, conditionals, and entries longer than 200 characters are
  refused.

Why this is enough: every match starts at a word boundary and each entry can scan at most one run of
word characters (or one run of white space between two of its words) without a fixed bound, so the work
per starting point is bounded by the pattern times the length of the word it is in, and each word is
reached from a bounded number of starting points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The parser `re` itself uses (named `sre_parse` before Python 3.11, deprecated there): the only way to
# see a pattern's structure as `re` will run it, so that the check cannot disagree with the matcher.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]

from problembrief.i18n import _

MAX_LENGTH = 200
MAX_BOUNDED_REPEAT = 10
MAX_WAYS = 1000

_WORD_CHAR = re.compile(r"\w")
_SPACES = re.compile(r" +")


class UnsafePattern(ValueError):
    """A lexicon entry that is not a regular expression, or one that could make matching slow."""


def check_pattern(pattern: str) -> None:
    """Raise UnsafePattern, with a reason in plain words (in the language in force), unless `pattern` is in the
    safe subset."""
    if not pattern.strip():
        raise UnsafePattern(_("an entry must not be empty"))
    if len(pattern) > MAX_LENGTH:
        raise UnsafePattern(_("an entry may be at most {count} characters long").format(count=MAX_LENGTH))
    try:
        parsed = sre_parser.parse(pattern)
    except re.error as exc:
        raise UnsafePattern(_("it is not a valid regular expression ({error})").format(error=exc)) from None
    ways, unbounded = _measure(parsed)
    if unbounded > 1:
        raise UnsafePattern(_("it has more than one unbounded repetition (`*`, `+`) in a row; one such as "
                              "`\\w*` at the end of a word is enough"))
    if ways > MAX_WAYS:
        raise UnsafePattern(_("it has more than {count} ways to match; split it into several entries").format(
            count=MAX_WAYS))
    try:
        # As the rules will run it: among the other entries, between word boundaries, so that a global
        # flag such as `(?i)` in the middle of the combined pattern is caught here and not in a rule.
        word_pattern([pattern])
    except re.error as exc:
        raise UnsafePattern(_("it cannot be combined with the other entries ({error})").format(error=exc.msg)) from None


def _measure(items: Iterable[tuple[object, object]]) -> tuple[int, int]:
    """(ways through a sequence, the most unbounded repetitions on one way through it)."""
    ways, unbounded = 1, 0
    for op, av in items:
        item_ways, item_unbounded = _measure_item(op, av)
        ways = min(ways * item_ways, MAX_WAYS + 1)  # capped: only "too many" matters, not how many
        unbounded += item_unbounded
    return ways, unbounded


def _measure_item(op: object, av: object) -> tuple[int, int]:
    if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN, sre.AT):
        return 1, 0
    if op is sre.BRANCH:
        _negated, branches = av  # type: ignore[misc]
        measured = [_measure(branch) for branch in branches]
        return sum(w for w, _ in measured), max(u for _, u in measured)
    if op is sre.SUBPATTERN:
        *_flags, content = av  # type: ignore[misc]
        return _measure(content)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, content = av  # type: ignore[misc]
        single = _single_character(content)
        if single is None:
            if high > 1:
                raise UnsafePattern(_("a group may only be optional (`(…)?`); repeat single characters instead, "
                                      "e.g. `\\w*`"))
            ways, unbounded = _measure(content)
            return ways + 1, unbounded
        if high is sre.MAXREPEAT:
            if not _word_only(single):
                raise UnsafePattern(_("`*`, `+` and `{{n,}}` may only repeat word characters (letters, digits, "
                                      "`\\w`, `\\d`); `.*` or `\\S+` can run across the whole text; write a plain "
                                      "space for white space").format())
            return 1, 1
        if high > MAX_BOUNDED_REPEAT:
            raise UnsafePattern(_("a repetition `{{m,n}}` may repeat at most {count} times").format(
                count=MAX_BOUNDED_REPEAT))
        return high - low + 1, 0
    if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
        raise UnsafePattern(_("back-references (`\\1`, `(?P=name)`, `(?(1)…)`) are not allowed"))
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        raise UnsafePattern(_("look-ahead and look-behind (`(?=…)`, `(?<!…)`) are not allowed; entries are "
                              "matched as whole words already"))
    raise UnsafePattern(_("it uses a construct lexicon entries do not allow ({construct})").format(
        construct=str(op).lower()))


def _single_character(content: list[tuple[object, object]]) -> tuple[object, object] | None:
    """The one character item a repetition applies to, or None when it applies to a group."""
    items = list(content)
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN:  # `(?:\w)*` is `\w*`
        items = list(items[0][1][-1])  # type: ignore[index]
    if len(items) == 1 and items[0][0] in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
        return items[0]
    return None


def _word_only(item: tuple[object, object]) -> bool:
    """Whether a character item matches word characters only (so a run of it stays inside one word)."""
    op, av = item
    if op is sre.LITERAL:
        return bool(_WORD_CHAR.match(chr(av)))  # type: ignore[arg-type]
    if op is not sre.IN:
        return False  # `.` and `[^x]`-like single negations match spaces and punctuation too
    for member_op, member in av:  # type: ignore[attr-defined]
        if member_op is sre.NEGATE:
            return False
        if member_op is sre.LITERAL and not _WORD_CHAR.match(chr(member)):
            return False
        if member_op is sre.RANGE:
            low, high = member
            if high - low > 5000 or not all(_WORD_CHAR.match(chr(c)) for c in range(low, high + 1)):
                return False
        if member_op is sre.CATEGORY and member not in (sre.CATEGORY_WORD, sre.CATEGORY_DIGIT):
            return False
    return True


def word_pattern(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any entry as whole words; a space matches any white space.

    The white space is matched possessively (`\\s++`): it never overlaps a word character, so giving
    characters back could never help a match, and two spaces around an optional part cannot backtrack
    against each other."""
    alternatives = [_SPACES.sub(r"\\s++", p.strip()) for p in patterns]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
