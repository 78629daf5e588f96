"""PB7xx: risks, ethics and AI."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.formatting import format_date
from problembrief.i18n import N_, _, current_language
from problembrief.lint.context import LintContext, word_pattern
from problembrief.lint.reference_texts import shown
from problembrief.lint.registry import rule
from problembrief.model.constraints import ConstraintCategory
from problembrief.reference import load as load_reference

_AI_SECTIONS = ("problem", "constraints", "data")


def _ai_mentions(ctx: LintContext) -> list[tuple[tuple[str | int, ...], str]]:
    pattern = word_pattern(ctx.lexicon["ai_words"])
    return [(parts, m.group(0)) for parts, text in ctx.texts(*_AI_SECTIONS) for m in pattern.finditer(text)]


@rule(
    code="PB701", name="ethics.ai-without-ethics", severity=Severity.WARNING,
    summary=N_("The problem, constraints or data mention AI, algorithms, profiling or automated decisions, but "
               "`ethics` is empty."),
    hint=N_("describe the dilemmas (bias, transparency, human oversight) and how they are handled"),
    source=N_("The AI Act (Regulation (EU) 2024/1689) and Danish public-sector guidance on responsible use of "
              "AI: dilemmas are named and handled before procurement."),
    bad=N_("""
        problem:
          summary: >
            The caseworkers spend a long time assessing applications for assistive devices, and citizens wait
            up to eight weeks. We want to find out whether machine learning can prioritise the cases, so that
            citizens get an answer sooner without the quality falling.
        """),
    good=N_("""
        problem:
          summary: >
            The caseworkers spend a long time assessing applications for assistive devices, and citizens wait
            up to eight weeks. We want to find out whether machine learning can prioritise the cases, so that
            citizens get an answer sooner without the quality falling.
        ethics:
          - {dilemma: Bias in the data, handling: A caseworker always makes the decision}
        """),
    doc=N_("Algorithms that help decide about citizens raise questions of bias, transparency and human "
           "oversight that must be answered before suppliers are asked for a solution."),
)
def ai_without_ethics(ctx: LintContext) -> Iterator[Finding]:
    mentions = _ai_mentions(ctx)
    if mentions and not ctx.brief.ethics:
        parts, word = mentions[0]
        # The word as found, escaped: it is text from the brief, not a pattern.
        exact = word_pattern([" ".join(map(re.escape, word.split()))])
        yield ctx.finding(parts, _("the brief mentions \"{word}\" but `ethics` is empty").format(word=word),
                          position=ctx.locate(parts, exact))


def _act_date(obligation: dict, act: dict, when: datetime.date | None) -> tuple[datetime.date, str]:  # type: ignore[type-arg]
    """The date an obligation applies from, as the law stood at `when` (the brief's date), and how it stands."""
    amendment = act["amendments"].get(obligation.get("amended_by", ""), {})
    if amendment and (when is None or when >= amendment["adopted"]):
        journal = f", {amendment['official_journal']}" if amendment.get("official_journal") else ""
        return obligation["amended"], _("as amended by the {name} ({status})").format(
            name=shown(amendment["name"]), status=shown(amendment["status"]) + journal)
    if amendment and when >= amendment["proposed"]:
        return obligation["original"], _("under art. 113; the {name} ({proposal}) would move it to {date}").format(
            name=shown(amendment["name"]), proposal=amendment["proposal"],
            date=format_date(obligation["amended"], current_language()))
    return obligation["original"], _("under art. 113")


@rule(
    code="PB702", name="ethics.ai-act-high-risk", severity=Severity.INFO,
    summary=N_("AI in an area of AI Act Annex III that concerns municipalities (biometrics, critical "
               "infrastructure, education, the municipality as employer, public benefits and services, emergency "
               "calls) may be high-risk, or a prohibited practice (art. 5)."),
    hint=N_("assess whether the system falls under Annex III (and art. 6(3): a system that profiles people is "
            "always high-risk), plan the fundamental rights impact assessment (art. 27), and drop any "
            "practice art. 5 prohibits"),
    source=N_("Regulation (EU) 2024/1689, art. 5(1)(c) and (f), art. 6(2)-(3), art. 27, art. 113 and Annex III "
              "points 1, 2, 3, 4, 5(a) and 5(d); Digital Omnibus on AI (proposal COM(2025) 836; adopted by "
              "Parliament 16 June and Council 29 June 2026): Annex III from 2 December 2027, Annex I from 2 "
              "August 2028. Dates, status and sources in reference/ai_act.yaml."),
    bad=N_("""
        problem:
          summary: >
            The caseworkers spend a long time assessing applications for assistive devices and other benefits,
            and citizens wait up to eight weeks. We want to find out whether machine learning can prioritise the
            cases, so that citizens get an answer sooner without the quality falling.
        """),
    good=N_("""
        problem:
          summary: >
            The caseworkers spend a long time assessing applications for assistive devices, and citizens wait
            up to eight weeks. We want to find out whether a new way of working can prioritise the cases, so
            that citizens get an answer sooner without the quality falling.
        """),
    doc=N_("The AI Act lists as high-risk (Annex III) the AI systems used in biometrics (point 1), as safety "
           "components of critical infrastructure such as road traffic, water, heating and electricity "
           "(point 2), in education (point 3), by the municipality as an employer for recruitment, task "
           "allocation and monitoring or evaluating workers (point 4), to evaluate eligibility for public "
           "assistance benefits and services, jobcentre services to citizens included (point 5(a)), and to "
           "evaluate emergency calls and dispatch (point 5(d)). An Annex III system that profiles natural "
           "persons is always high-risk (art. 6(3)). Emotion recognition in the workplace and in education "
           "institutions and social scoring are prohibited (art. 5(1)(f) and (c), since 2 February 2025).\n\n"
           "The message names the areas found and the date the high-risk obligations apply from as the law "
           "stood at the brief's date: the original date in art. 113 (2 August 2026) for a brief dated "
           "before the Digital Omnibus on AI was adopted, with a note of the proposal; the amended date (2 "
           "December 2027) from then on. A brief dated before the date is told when the obligations will "
           "apply."),
)
def ai_act_high_risk(ctx: LintContext) -> Iterator[Finding]:
    mentions = _ai_mentions(ctx)
    if not mentions:
        return
    texts = [text for _, text in ctx.texts(*_AI_SECTIONS, "target_group")]
    areas = list(dict.fromkeys(a["area"] for a in ctx.lexicon["ai_high_risk_areas"]
                               if any(word_pattern([a["pattern"]]).search(text) for text in texts)))
    prohibited = [p["practice"] for p in ctx.lexicon["ai_prohibited_practices"]
                  if any(word_pattern([p["pattern"]]).search(text) for text in texts)]
    if not areas and not prohibited:
        return
    act = load_reference("ai_act")
    when = ctx.brief.brief.date or (ctx.brief.poc.start if ctx.brief.poc else None)
    parts_of_message = []
    if areas:
        applies, how = _act_date(act["obligations"]["annex_iii"], act, when)
        dates = [d for d in (ctx.brief.poc.start if ctx.brief.poc else None, ctx.brief.brief.date) if d]
        timing = (_("they apply already at the brief's dates") if dates and min(dates) >= applies
                  else _("that is after the brief's dates: plan for them now") if dates else _("plan for them"))
        parts_of_message.append(
            _("AI in {areas} may be high-risk under the AI Act; the obligations for high-risk systems apply from "
              "{date}, {how}; {timing}").format(areas=_(" and ").join(shown(a) for a in areas),
                                                 date=format_date(applies, current_language()), how=how, timing=timing))
        if word_pattern(["profilering\\w*", "profiling"]).search(" ".join(texts)):
            parts_of_message.append(_("the system profiles people, so art. 6(3) cannot take it out of Annex III"))
    if prohibited:
        since = act["obligations"]["prohibitions"]["original"]
        parts_of_message.append(_("since {date} the AI Act prohibits {practices}").format(
            date=format_date(since, current_language()), practices=_(" and ").join(shown(p) for p in prohibited)))
    parts, _word = mentions[0]
    yield ctx.finding(parts, "; ".join(parts_of_message))


@rule(
    code="PB703", name="ethics.no-risks", severity=Severity.INFO,
    summary=N_("No `risks`."),
    hint=N_("list the main risks with likelihood, impact, mitigation and owner"),
    source=N_("Project practice: a brief that names its risks lets suppliers propose how to handle them."),
    bad=N_("""
        risks: []
        """),
    good=N_("""
        risks:
          - {description: Staff do not use the solution, likelihood: medium, impact: high}
        """),
    doc=N_("Every innovation project has risks; naming them is the first step in handling them."),
)
def no_risks(ctx: LintContext) -> Iterator[Finding]:
    if not ctx.brief.risks:
        yield ctx.finding(("risks",) if "risks" in ctx.loaded.data else (), _("no `risks`"), prefer_key=True)


@rule(
    code="PB704", name="ethics.no-accessibility", severity=Severity.INFO,
    summary=N_("Citizens or relatives will use the solution, or it has an app or web interface, but no "
               "constraint has `category: accessibility`."),
    hint=N_("add a constraint with `category: accessibility`, e.g. WCAG 2.1 AA (EN 301 549) for apps and web "
            "interfaces"),
    source=N_("Lov nr. 692 af 8. juni 2018 om tilgængelighed af offentlige organers websteder og "
              "mobilapplikationer (webtilgængelighedsloven; digst.dk): WCAG 2.1 levels A and AA through EN 301 "
              "549; Directive 2014/24/EU, rules on technical specifications (arts. 42-44, udbudsloven §§ "
              "40-48): procurement for use by natural persons takes accessibility criteria into account."),
    bad=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
          users:
            - {role: Relatives, count: 300}
        """),
    good=N_("""
        target_group:
          description: Residents of nursing homes at risk of falling.
          users:
            - {role: Relatives, count: 300}
        constraints:
          - {description: The solution's user interfaces meet WCAG 2.1 AA., category: accessibility}
        """),
    doc=N_("The municipality's websites and apps, those offered to relatives included, must be accessible "
           "(webtilgængelighedsloven), and technical specifications for things people will use take "
           "accessibility for persons with disabilities into account. The rule asks for an accessibility "
           "constraint when the users include citizens, residents or relatives, or the problem or "
           "constraints speak of an app or a web interface. It points at the user role or the word found."),
)
def no_accessibility(ctx: LintContext) -> Iterator[Finding]:
    if any(c.category is ConstraintCategory.ACCESSIBILITY for c in ctx.brief.constraints):
        return
    citizens = word_pattern(ctx.lexicon["citizen_users"])
    for index, user in enumerate(ctx.brief.target_group.users):
        match = citizens.search(user.role)
        if match:
            yield ctx.finding(("target_group", "users", index, "role"),
                              _("the users include \"{role}\" but no constraint has `category: accessibility`").format(
                                  role=user.role))
            return
    interface = word_pattern(ctx.lexicon["digital_interface"])
    for parts, text in ctx.texts("problem", "constraints", "target_group"):
        match = interface.search(text)
        if match:
            word = match.group(0)
            yield ctx.finding(parts, _("the brief mentions \"{word}\" but no constraint has `category: "
                                       "accessibility`").format(word=word),
                              position=ctx.locate(parts, word_pattern([" ".join(map(re.escape, word.split()))])))
            return
