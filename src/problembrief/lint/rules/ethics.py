"""PB7xx: risks, ethics and AI."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.lint.context import LintContext, word_pattern
from problembrief.lint.registry import rule
from problembrief.reference import load as load_reference

_AI_PROBLEM = """
    problem:
      summary: >
        Sagsbehandlerne bruger lang tid på at vurdere ansøgninger om hjælpemidler, og borgerne venter i
        op til otte uger. Vi vil undersøge, om en algoritme kan prioritere sagerne, så borgerne får svar
        hurtigere uden at kvaliteten falder.
"""
_AI_SECTIONS = ("problem", "constraints", "data")


def _ai_mentions(ctx: LintContext) -> list[tuple[tuple[str | int, ...], str]]:
    pattern = word_pattern(ctx.lexicon["ai_words"])
    return [(parts, m.group(0)) for parts, text in ctx.texts(*_AI_SECTIONS) for m in pattern.finditer(text)]


@rule(
    code="PB701", name="ethics.ai-without-ethics", severity=Severity.WARNING,
    summary="The problem, constraints or data mention AI, algorithms, profiling or automated decisions, but "
            "`ethics` is empty.",
    hint="describe the dilemmas (bias, transparency, human oversight) and how they are handled",
    source="The AI Act (Regulation (EU) 2024/1689) and Danish public-sector guidance on responsible use of AI: "
           "dilemmas are named and handled before procurement.",
    bad=_AI_PROBLEM,
    good=_AI_PROBLEM + "    ethics:\n"
    "      - {dilemma: Skævhed i data, handling: En sagsbehandler træffer altid afgørelsen}\n",
)
def ai_without_ethics(ctx: LintContext) -> Iterator[Finding]:
    """Algorithms that help decide about citizens raise questions of bias, transparency and human
    oversight that must be answered before suppliers are asked for a solution."""
    mentions = _ai_mentions(ctx)
    if mentions and not ctx.brief.ethics:
        parts, word = mentions[0]
        # The word as found, escaped: it is text from the brief, not a pattern.
        exact = word_pattern([" ".join(map(re.escape, word.split()))])
        yield ctx.finding(parts, f"the brief mentions \"{word}\" but `ethics` is empty",
                          position=ctx.locate(parts, exact))


@rule(
    code="PB702", name="ethics.ai-act-high-risk", severity=Severity.INFO,
    summary="AI on eligibility for public benefits or services, education or employment may be high-risk under "
            "the AI Act; public deployers must do a fundamental rights impact assessment.",
    hint="assess whether the system falls under Annex III and plan the fundamental rights impact assessment "
         "(art. 27)",
    source="Regulation (EU) 2024/1689, Annex III points 3, 4 and 5(a); art. 27; application date in "
           "reference/ai_act.yaml (art. 113).",
    bad=_AI_PROBLEM.replace("hjælpemidler", "hjælpemidler og andre ydelser"),
    good=_AI_PROBLEM.replace("algoritme", "ny arbejdsgang"),
)
def ai_act_high_risk(ctx: LintContext) -> Iterator[Finding]:
    """The AI Act lists as high-risk the AI systems used to evaluate eligibility for public assistance
    benefits and services, in education and vocational training, and in employment. The message names
    the area found and the date from which the obligations apply, compared with the brief's dates."""
    mentions = _ai_mentions(ctx)
    if not mentions:
        return
    texts = " ".join(text for _, text in ctx.texts(*_AI_SECTIONS, "target_group"))
    areas = [a["area"] for a in ctx.lexicon["ai_high_risk_areas"] if word_pattern([a["pattern"]]).search(texts)]
    if not areas:
        return
    act = load_reference("ai_act")
    applies: datetime.date = act["high_risk_annex_iii_applies_from"]
    dates = [d for d in (ctx.brief.poc.start if ctx.brief.poc else None, ctx.brief.brief.date) if d]
    when = (f"the obligations for high-risk systems apply from {applies}, already at the brief's dates"
            if dates and min(dates) >= applies
            else f"the obligations for high-risk systems apply from {applies}; plan for them")
    parts, _ = mentions[0]
    yield ctx.finding(parts, f"AI in {' and '.join(areas)} may be high-risk under the AI Act; {when}")


@rule(
    code="PB703", name="ethics.no-risks", severity=Severity.INFO,
    summary="No `risks`.",
    hint="list the main risks with likelihood, impact, mitigation and owner",
    source="Project practice: a brief that names its risks lets suppliers propose how to handle them.",
    bad="risks: []",
    good="risks:\n  - {description: Personalet bruger ikke løsningen, likelihood: medium, impact: high}\n",
)
def no_risks(ctx: LintContext) -> Iterator[Finding]:
    """Every innovation project has risks; naming them is the first step in handling them."""
    if not ctx.brief.risks:
        yield ctx.finding(("risks",) if "risks" in ctx.loaded.data else (), "no `risks`", prefer_key=True)
