"""PB1xx: the problem, described without prescribing a solution."""

from __future__ import annotations

import re
from collections.abc import Iterator

from problembrief.findings import Finding, LazyPattern, Severity, lean_dataclass
from problembrief.i18n import N_, _, ngettext, pgettext
from problembrief.lint.context import LintContext
from problembrief.lint.registry import rule

_WORD = LazyPattern(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
# A run of marks counts once, at its end. The look-behind makes a run start only at its first mark and
# the possessive `++` never gives marks back: a long run of dots not followed by a space costs one pass,
# where `[.!?:]+(?=\s|$)` retried from every dot and took minutes on 100 KB.
_SENTENCE_END = LazyPattern(r"(?<![.!?:])[.!?:]++(?=\s|$)")
_WORDS_PER_FIELD = 25  # distinct solution words reported one by one in a field; the rest are counted
LIX_BANDS = ((24, "very easy"), (34, "easy"), (44, "medium"), (54, "hard"))


@lean_dataclass(frozen=True)
class Lix:
    """A text's LIX readability score and what it is counted from."""

    score: float
    words: int
    sentences: int
    long_words: int

    @property
    def band(self) -> str:
        return next((name for limit, name in LIX_BANDS if self.score <= limit), "very hard")


def band_words(band: str) -> str:
    """A LIX band ("very easy" … "very hard") in the language in force."""
    return {"very easy": pgettext("LIX", "very easy"), "easy": pgettext("LIX", "easy"),
            "medium": pgettext("LIX", "medium"), "hard": pgettext("LIX", "hard"),
            "very hard": pgettext("LIX", "very hard")}[band]


def lix(text: str) -> Lix:
    """LIX = words / sentences + 100 × long words / words; a long word has more than 6 letters.

    A sentence ends at `.`, `!`, `?` or `:` followed by a space or the end; text without such a mark
    counts as one sentence."""
    words = _WORD.findall(text)
    sentences = max(len(_SENTENCE_END.findall(text.strip())), 1)
    long_words = sum(1 for w in words if len(w.replace("-", "").replace("'", "")) > 6)
    if not words:
        return Lix(0.0, 0, sentences, 0)
    return Lix(len(words) / sentences + 100 * long_words / len(words), len(words), sentences, long_words)


def word_count(text: str) -> int:
    return len(text.split())


@rule(
    code="PB101", name="problem.solution-language", severity=Severity.WARNING,
    summary=N_("The problem text prescribes a solution: it names a technology or product type."),
    hint=N_("describe who has what problem and what it costs; leave the how to the suppliers"),
    source=N_("The problem-based method recommended by DI, KL, CO-PI and Welfare Tech: tender the problem, "
              "solution-neutral. Word lists in reference/lexicon.yaml, extendable in "
              "[tool.problembrief.lexicon]."),
    bad=N_("""
        problem:
          summary: >
            We want to procure sensors for the nursing homes, because residents fall at night and lie on the
            floor for a long time before the night staff find them on their next round, and it costs both
            hospital admissions and peace of mind.
        """),
    good=N_("""
        problem:
          summary: >
            Residents of the nursing homes fall at night and lie on the floor for a long time before the night
            staff find them on their next round. It costs hospital admissions, fractures and peace of mind for
            residents and their relatives.
        """),
    doc=N_("A problem-based brief describes the problem, the people who have it and the change wanted, and "
           'lets the suppliers propose how. Words such as "app", "sensor", "platform" or phrases such as "vi '
           "ønsker at indkøbe\" in the problem summary, the background or the target group's needs lock the "
           "brief to one kind of solution before the market has been heard. The finding points at the word. "
           'The bare word "system" is not reported: "det kommunale system" or "meets three systems instead '
           'of one" is about public services, not IT; "it-system", "nyt system" or "digital system" are.'),
)
def solution_language(ctx: LintContext) -> Iterator[Finding]:
    pattern = ctx.solution_words()
    fields: list[tuple[tuple[str | int, ...], str | None]] = [
        (("problem", "summary"), ctx.brief.problem.summary),
        (("problem", "background"), ctx.brief.problem.background),
    ]
    fields += [(("target_group", "needs", i), need) for i, need in enumerate(ctx.brief.target_group.needs)]
    for parts, text in fields:
        if not text:
            continue
        seen: set[str] = set()
        for match in pattern.finditer(text):
            word = " ".join(match.group(0).split())
            # A word is reported once per field: every repetition would point at the same place (its first
            # occurrence in the file), and a long text full of one word must not yield a finding per use.
            if word.lower() in seen:
                continue
            seen.add(word.lower())
            if len(seen) > _WORDS_PER_FIELD:
                continue  # counted for the summary below; locating each would cost a search of the text
            exact = re.compile(r"(?<!\w)" + r"\s++".join(map(re.escape, word.split())) + r"(?!\w)", re.IGNORECASE)
            yield ctx.finding(parts, _("`{field}` names a solution: \"{word}\"").format(
                                  field=".".join(map(str, parts)), word=word),
                              position=ctx.locate(parts, exact))
        if len(seen) > _WORDS_PER_FIELD:
            more = len(seen) - _WORDS_PER_FIELD
            yield ctx.finding(parts, ngettext("`{field}` names {count} more solution word than those shown",
                                              "`{field}` names {count} more solution words than those shown",
                                              more).format(field=".".join(map(str, parts)), count=more))


@rule(
    code="PB102", name="problem.summary-length", severity=Severity.WARNING,
    summary=N_("`problem.summary` is shorter than 25 or longer than 200 words."),
    hint=N_("say in 25-200 words who has what problem, when, and what it costs"),
    source=N_("The brief format: the summary is 25-200 words; shorter says too little, longer belongs in "
              "`background`."),
    bad=N_("""
        problem:
          summary: Residents fall at night.
        """),
    good=N_("""
        problem:
          summary: >
            Residents of the nursing homes fall at night and lie on the floor for a long time before the night
            staff find them on their next round. It costs hospital admissions, fractures and peace of mind for
            residents and their relatives.
        """),
    doc=N_("Suppliers and politicians read the summary first. Under 25 words it cannot say who has the "
           "problem, when, and what it costs; over 200 words the problem drowns in context, which belongs in "
           "`background`."),
)
def summary_length(ctx: LintContext) -> Iterator[Finding]:
    words = word_count(ctx.brief.problem.summary)
    if not 25 <= words <= 200:
        yield ctx.finding(("problem", "summary"), ngettext("`problem.summary` has {count} word; aim for 25-200",
                                                                  "`problem.summary` has {count} words; aim for 25-200",
                                                                  words).format(count=words))


@rule(
    code="PB103", name="problem.no-evidence", severity=Severity.WARNING,
    summary=N_("No evidence: `problem.consequences` is empty, or no item has both a figure and a source."),
    hint=N_("add what the problem costs, with a figure and where it comes from"),
    source=N_("Practice of outcome-based procurement: a baseline needs evidence, and suppliers price from it."),
    bad=N_("""
        problem:
          summary: >
            Residents of the nursing homes fall at night and lie on the floor for a long time before the night
            staff find them on their next round. It costs hospital admissions, fractures and peace of mind for
            residents and their relatives.
          consequences:
            - statement: Many falls at night
        """),
    good=N_("""
        problem:
          summary: >
            Residents of the nursing homes fall at night and lie on the floor for a long time before the night
            staff find them on their next round. It costs hospital admissions, fractures and peace of mind for
            residents and their relatives.
          consequences:
            - {statement: Falls at night, figure: 312, unit: falls in 2025, source: Care records}
        """),
    doc=N_("A problem without figures cannot be weighed against its cost, and outcomes without a measured "
           "starting point cannot be paid for. At least one consequence should have a figure and a source."),
)
def no_evidence(ctx: LintContext) -> Iterator[Finding]:
    consequences = ctx.brief.problem.consequences
    if not consequences:
        yield ctx.finding(("problem",), _("`problem.consequences` is empty: the problem has no evidence"),
                          prefer_key=True)
    elif not any(c.figure is not None and c.source for c in consequences):
        yield ctx.finding(("problem", "consequences"),
                          _("no item of `problem.consequences` has both a figure and a source"), prefer_key=True)


@rule(
    code="PB104", name="problem.readability", severity=Severity.INFO,
    summary=N_("Danish problem text is very hard to read: LIX of `problem.summary` + `background` is 55 or more."),
    hint=N_("shorter sentences and shorter words; the brief is read by politicians, citizens and suppliers"),
    source=N_("LIX (Björnsson 1968): words/sentences + 100 × long words/words; bands ≤24 very easy, 25-34 easy, "
              "35-44 medium, 45-54 hard, ≥55 very hard."),
    bad=N_("""
        problem:
          summary: >
            The municipal council's welfare-technological implementation strategy presupposes
            resource-optimising organisational changes concerning the night staff's supervisory obligations,
            whereby unintended fall incidents among nursing-home residents are expected to be reduced
            considerably through systematised risk assessment and interdisciplinary coordination of the efforts.
        """),
    good=N_("""
        problem:
          summary: >
            Residents of the nursing homes fall at night and lie on the floor for a long time before the night
            staff find them on their next round. It costs hospital admissions, fractures and peace of mind for
            residents and their relatives.
        """),
    doc=N_("Only for Danish briefs (LIX is calibrated on Danish and Swedish). The score is always part of "
           'the message. Abbreviations such as "pr." count as sentence ends, which lowers the score '
           "slightly."),
)
def readability(ctx: LintContext) -> Iterator[Finding]:
    if ctx.language != "da":
        return
    text = " ".join(t for t in (ctx.brief.problem.summary, ctx.brief.problem.background) if t)
    result = lix(text)
    if result.score >= 55:
        yield ctx.finding(("problem", "summary"),
                          _("LIX {score} ({band}): {words} words in {sentences} sentences, {long_words} long "
                            "words").format(score=f"{result.score:.0f}", band=band_words(result.band),
                                            words=result.words, sentences=result.sentences,
                                            long_words=result.long_words))


@rule(
    code="PB105", name="problem.no-root-causes", severity=Severity.INFO,
    summary=N_("Neither `problem.root_causes` nor `problem.tried_before` is given."),
    hint=N_("say why the problem exists and what has been tried; suppliers learn most from what failed"),
    source=N_("Problem-based method: root causes and earlier attempts keep suppliers from proposing what "
              "failed."),
    bad=N_("""
        problem:
          summary: >
            Residents of the nursing homes fall at night and lie on the floor for a long time before the night
            staff find them on their next round. It costs hospital admissions, fractures and peace of mind for
            residents and their relatives.
        """),
    good=N_("""
        problem:
          summary: >
            Residents of the nursing homes fall at night and lie on the floor for a long time before the night
            staff find them on their next round. It costs hospital admissions, fractures and peace of mind for
            residents and their relatives.
          tried_before: [Pressure mats gave many false alarms and were switched off.]
        """),
    doc=N_("Why does the problem exist, and what has been tried? Without it suppliers may propose what "
           "already failed."),
)
def no_root_causes(ctx: LintContext) -> Iterator[Finding]:
    if not ctx.brief.problem.root_causes and not ctx.brief.problem.tried_before:
        yield ctx.finding(("problem",), _("no `problem.root_causes` and no `problem.tried_before`"), prefer_key=True)
