"""PB4xx: every piece of personal data has a legal basis a public authority may use, in development
and in operation."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from problembrief.findings import Finding, LazyPattern, Severity
from problembrief.formatting import format_date, format_gdpr
from problembrief.i18n import N_, _, current_language, pgettext
from problembrief.lint.context import LintContext, PathParts, word_pattern
from problembrief.lint.reference_texts import shown
from problembrief.lint.registry import rule
from problembrief.model import DataAsset, DataCategory, LegalBasis, Location
from problembrief.model.data import DpiaStatus
from problembrief.reference import load as load_reference


def _bases(asset: DataAsset) -> Iterator[tuple[str, LegalBasis]]:
    """The legal bases of an asset with the key they stand under: development, then operation."""
    if asset.legal_basis:
        yield "legal_basis", asset.legal_basis
    if asset.legal_basis_operation:
        yield "legal_basis_operation", asset.legal_basis_operation


def _citations(ctx: LintContext) -> Iterator[tuple[int, DataAsset, str, LegalBasis, str, str, dict]]:  # type: ignore[type-arg]
    """Every GDPR basis a brief cites: (asset index, asset, key, basis, field, article, its reference entry)."""
    reference = load_reference("gdpr")
    for index, asset in enumerate(ctx.brief.data):
        for key, basis in _bases(asset):
            for field, table in (("gdpr_art6", "article6"), ("gdpr_art9", "article9")):
                value = getattr(basis, field)
                if value is not None:
                    yield index, asset, key, basis, field, value.value, reference[table][value.value]


def _article(article: str) -> str:
    """A GDPR basis as the message's language cites it: `6(1)(e)` in English (as the brief writes it),
    "artikel 6, stk. 1, litra e" in Danish."""
    language = current_language()
    return article if language == "en" else format_gdpr(article, language)


def _category(category: DataCategory) -> str:
    """A data category that makes a DPIA likely, as a DPIA finding names it."""
    return {DataCategory.SPECIAL: pgettext("data category", "special"),
            DataCategory.CRIMINAL: pgettext("data category", "criminal"),
            DataCategory.CHILDREN: pgettext("data category", "children")}[category]


def _personal(ctx: LintContext) -> Iterator[tuple[int, DataAsset]]:
    for index, asset in enumerate(ctx.brief.data):
        if asset.personal_data or (asset.categories and asset.categories != [DataCategory.ORDINARY]):
            yield index, asset


@rule(
    code="PB401", name="data.no-article-6-basis", severity=Severity.ERROR,
    summary=N_("Personal data without `legal_basis.gdpr_art6`."),
    hint=N_("name the basis in GDPR art. 6(1) and the national provision it rests on"),
    source=N_("GDPR art. 6(1): processing is lawful only on one of its bases."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    doc=N_("Every processing of personal data needs a basis in art. 6(1). For a municipality it is almost "
           "always 6(1)(c) or 6(1)(e) with the sector law (serviceloven, sundhedsloven, folkeskoleloven …)."),
)
def no_article_6(ctx: LintContext) -> Iterator[Finding]:
    for index, asset in _personal(ctx):
        if asset.legal_basis is None or asset.legal_basis.gdpr_art6 is None:
            yield ctx.finding(("data", index), _("data asset {id} holds personal data but has no "
                                                 "`legal_basis.gdpr_art6`").format(id=asset.id))


@rule(
    code="PB402", name="data.no-article-9-basis", severity=Severity.ERROR,
    summary=N_("Special-category data without `gdpr_art9`."),
    hint=N_("name the exception in GDPR art. 9(2), e.g. 9(2)(h) for health and social care"),
    source=N_("GDPR art. 9(1)-(2): special categories may be processed only under an exception in art. 9(2)."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [special]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [special]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
              gdpr_art9: 9(2)(h)
        """),
    doc=N_("Health, ethnicity, religion, biometrics and the other special categories of art. 9 are forbidden "
           "unless one of the exceptions in art. 9(2) applies; each phase's basis must name it."),
)
def no_article_9(ctx: LintContext) -> Iterator[Finding]:
    for index, asset in enumerate(ctx.brief.data):
        if DataCategory.SPECIAL not in asset.categories:
            continue
        bases = list(_bases(asset)) or [("legal_basis", None)]
        for key, basis in bases:
            if basis is None or basis.gdpr_art9 is None:
                yield ctx.finding(("data", index, key) if basis else ("data", index),
                                  _("data asset {id} holds special-category data but `{key}` has no "
                                    "`gdpr_art9`").format(id=asset.id, key=key))


@rule(
    code="PB403", name="data.consent-by-public-authority", severity=Severity.WARNING,
    summary=N_("Consent (`6(1)(a)` or `9(2)(a)`) as basis: rarely valid where the controller is a public "
               "authority."),
    hint=N_("use the basis of the task (6(1)(e) or 6(1)(c) with the sector law); consent may still be asked "
            "for ethical reasons"),
    source=N_("GDPR recital 43: consent is unlikely to be freely given where there is a clear imbalance, in "
              "particular where the controller is a public authority."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis: {gdpr_art6: 6(1)(a)}
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    doc=N_("A citizen who depends on the municipality's services is rarely free to say no, so consent is a "
           "weak basis; the task itself, laid down in law, is the usual one."),
)
def consent(ctx: LintContext) -> Iterator[Finding]:
    for index, asset, key, _basis, field, article, entry in _citations(ctx):
        if entry["public_authority"] == "doubtful":
            yield ctx.finding(("data", index, key, field),
                              _("data asset {id} rests on consent ({article}): {note}").format(
                                  id=asset.id, article=_article(article), note=shown(entry["note"])))


@rule(
    code="PB404", name="data.legitimate-interests", severity=Severity.ERROR,
    summary=N_("`6(1)(f)` legitimate interests: public authorities cannot use it in the performance of their "
               "tasks."),
    hint=N_("use 6(1)(e) (public task) or 6(1)(c) (legal obligation) with the national provision"),
    source=N_("GDPR art. 6(1), last subparagraph."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis: {gdpr_art6: 6(1)(f)}
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    doc=N_('Art. 6(1)(f) "shall not apply to processing carried out by public authorities in the performance '
           "of their tasks\". A municipality's brief is always such processing."),
)
def legitimate_interests(ctx: LintContext) -> Iterator[Finding]:
    for index, asset, key, _basis, field, article, entry in _citations(ctx):
        if field == "gdpr_art6" and entry["public_authority"] is False:
            yield ctx.finding(("data", index, key, field),
                              _("data asset {id}: a public authority cannot rely on {article}").format(
                                  id=asset.id, article=_article(article)))


@rule(
    code="PB405", name="data.basis-without-national-law", severity=Severity.WARNING,
    summary=N_("A basis that must rest on national law (`6(1)(c)`, `6(1)(e)`, `9(2)(b)`, `9(2)(g)`, `9(2)(h)`, "
               "`9(2)(i)`, `9(2)(j)`) without a `national` provision."),
    hint=N_("name the provision, e.g. `ældreloven § 10` (care for people of pension age), `serviceloven § 83` "
            "(people under pension age), and for 9(2)(h) also `databeskyttelsesloven § 7, stk. 3`"),
    source=N_("GDPR art. 6(3); art. 9(2)(b), (g), (h), (i) and (j) and recital 53: these bases are laid down in "
              "Union or Member State law. Danish implementations: databeskyttelsesloven § 7, stk. 2 (9(2)(b)), "
              "stk. 3 (9(2)(h)), stk. 4 (9(2)(g)) and § 10 (9(2)(j)) (danskelove.dk, gdpr.dk). Datatilsynet "
              "17-11-2023 (j.nr. 2023-212-0015): 6(1)(e) and 9(2)(g) need a supplementary national legal basis. "
              "Data in reference/gdpr.yaml."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis: {gdpr_art6: 6(1)(e)}
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    doc=N_("A legal obligation, a public task, a substantial public interest, care, public health and "
           "research exist as bases only where a law says so; the brief must name it. For the exceptions of "
           "art. 9(2) the message names the Danish provision that implements it, with its limits: § 7, stk. "
           "3 of the Danish Data Protection Act covers 9(2)(h) only when the processing is done by "
           "health-sector staff under a statutory duty of confidentiality, and § 10 covers 9(2)(j) only for "
           "statistical or scientific studies whose data are not later used for other purposes. Since 1 July "
           "2025 care for people of pension age rests on ældreloven, not on serviceloven §§ 83-86 (see "
           "PB412)."),
)
def basis_without_national_law(ctx: LintContext) -> Iterator[Finding]:
    for index, asset, key, basis, field, article, entry in _citations(ctx):
        if not basis.national and entry.get("needs_national_law"):
            message = (_("data asset {id}: {article} needs a `national` provision (in Danish law: {danish})")
                       if entry.get("danish") else _("data asset {id}: {article} needs a `national` provision"))
            yield ctx.finding(("data", index, key, field), message.format(
                id=asset.id, article=_article(article), danish=shown(entry.get("danish") or "")))


# "Databeskyttelsesloven § 11", "databeskyttelseslovens § 11, stk. 1", "Data Protection Act
# (Databeskyttelsesloven) § 11" — but not § 110.
# Matches start only at the beginning of a word: otherwise a run such as "databeskyttelseslovdatabe…"
# is tried from every repetition, each scanning `\w*` to the end of the run (quadratic time).
_SECTION_11 = LazyPattern(r"(?<!\w)(?:databeskyttelseslov\w*|data protection act)[^§]{0,40}§\s*11(?!\d)",
                         re.IGNORECASE)


@rule(
    code="PB406", name="data.cpr-without-section-11", severity=Severity.WARNING,
    summary=N_("CPR numbers without a reference to Databeskyttelsesloven § 11."),
    hint=N_("add `Databeskyttelsesloven § 11, stk. 1` (public authorities) to `national`"),
    source=N_("Databeskyttelsesloven § 11, stk. 1: public authorities may process CPR numbers for unique "
              "identification or as a file number."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary, cpr]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary, cpr]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10, "databeskyttelsesloven § 11, stk. 1"]
        """),
    doc=N_("The Danish Data Protection Act regulates CPR numbers on their own: a public authority may "
           "process them under § 11, stk. 1."),
)
def cpr_without_section_11(ctx: LintContext) -> Iterator[Finding]:
    for index, asset in enumerate(ctx.brief.data):
        if DataCategory.CPR not in asset.categories:
            continue
        provisions = [p for _, basis in _bases(asset) for p in basis.national]
        if not any(_SECTION_11.search(p) for p in provisions):
            yield ctx.finding(("data", index, "categories"),
                              _("data asset {id} holds CPR numbers but cites no Databeskyttelsesloven § 11").format(
                                  id=asset.id))


_MENTIONS_SHOWN = 5


@rule(
    code="PB407", name="data.dpia-likely-required", severity=Severity.WARNING,
    summary=N_("A DPIA is likely required, but `dpia.status` is missing or `not_needed`."),
    hint=N_("plan a data protection impact assessment (`dpia: {status: planned}`) or explain why none is "
            "needed"),
    source=N_("GDPR art. 35(1) and (3); Datatilsynet's list of processing that requires a DPIA (special "
              "categories, criminal data, children, systematic monitoring, location, biometrics, automated "
              "decisions); the WP29/EDPB DPIA guidelines (WP 248 rev.01): vulnerable data subjects, innovative "
              "technology, systematic monitoring."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [special]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
              gdpr_art9: 9(2)(h)
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [special]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
              gdpr_art9: 9(2)(h)
            dpia: {status: planned}
        """),
    doc=N_("Special-category or criminal data, data about children, or a problem, constraint or data text "
           "that speaks of monitoring, cameras, location, biometrics, automated decisions, vulnerable people "
           "(elderly people with dementia, children), new or innovative technology or sensors in the home "
           "all point to a high risk for the people concerned. The finding names what triggered it. A DPIA "
           "must be finished before the processing starts: PB415 checks its date against the POC."),
)
def dpia_likely_required(ctx: LintContext) -> Iterator[Finding]:
    mentioned: list[str] | None = None  # read from the texts for the first asset without a DPIA, if any
    risky = {DataCategory.SPECIAL, DataCategory.CRIMINAL, DataCategory.CHILDREN}
    for index, asset in _personal(ctx):
        if asset.dpia is not None and asset.dpia.status is not DpiaStatus.NOT_NEEDED:
            continue  # a DPIA is planned or made: nothing to say, so nothing to search or word
        if mentioned is None:
            triggers = word_pattern(ctx.lexicon["dpia_triggers"])
            mentioned = sorted({m.group(0).lower() for _, text in ctx.texts("problem", "constraints", "data")
                                for m in triggers.finditer(text)})
        reasons = [_category(c) for c in asset.categories if c in risky]
        if mentioned:
            # At most a few words: `\w*` entries can match thousands of different words, and the list is
            # repeated in the finding of every data asset.
            words = ", ".join(f'"{m}"' for m in mentioned[:_MENTIONS_SHOWN])
            more = (_(" and {count} more").format(count=len(mentioned) - _MENTIONS_SHOWN)
                    if len(mentioned) > _MENTIONS_SHOWN else "")
            reasons.append(_("the brief mentions {words}").format(words=words + more))
        if reasons:
            yield ctx.finding(("data", index, "dpia") if asset.dpia else ("data", index),
                              _("data asset {id}: a DPIA is likely required ({reasons})").format(
                                  id=asset.id, reasons="; ".join(reasons)))


@rule(
    code="PB408", name="data.third-country-without-mechanism", severity=Severity.ERROR,
    summary=N_("`location: third_country` without `transfer_mechanism`."),
    hint=N_("name the transfer mechanism: an adequacy decision, standard contractual clauses, …"),
    source=N_("GDPR chapter V, arts. 45-49."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            location: third_country
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            location: third_country
            transfer_mechanism: EU-U.S. Data Privacy Framework
        """),
    doc=N_("Personal data may leave the EU/EEA only under one of the mechanisms of GDPR chapter V."),
)
def third_country(ctx: LintContext) -> Iterator[Finding]:
    for index, asset in enumerate(ctx.brief.data):
        if asset.location is Location.THIRD_COUNTRY and not asset.transfer_mechanism:
            yield ctx.finding(("data", index, "location"),
                              _("data asset {id} goes to a third country without a `transfer_mechanism`").format(
                                  id=asset.id))


@rule(
    code="PB409", name="data.no-processor-agreement", severity=Severity.WARNING,
    summary=N_("Data is `shared_with_supplier` but there is no `processor_agreement`."),
    hint=N_("set `processor_agreement: true` when one is in place, or explain in `legal_basis.note` why the "
            "supplier is not a processor"),
    source=N_("GDPR art. 28(3): processing by a processor is governed by a contract."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            shared_with_supplier: true
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            shared_with_supplier: true
            processor_agreement: true
        """),
    doc=N_("A supplier that processes personal data on the municipality's behalf is a processor and needs a "
           "data processing agreement (databehandleraftale). A supplier that may also use the data for its "
           "own purposes, such as developing its product, is a controller for that use, and a processor "
           "agreement does not cover it: that is PB418."),
)
def no_processor_agreement(ctx: LintContext) -> Iterator[Finding]:
    for index, asset in _personal(ctx):
        if asset.shared_with_supplier and not asset.processor_agreement:
            yield ctx.finding(("data", index, "shared_with_supplier"),
                              _("data asset {id} is shared with the supplier without a processor agreement").format(
                                  id=asset.id))


@rule(
    code="PB410", name="data.criminal-offences", severity=Severity.INFO,
    summary=N_("`criminal` data: public authorities may process it only where necessary for their tasks."),
    hint=N_("say in `legal_basis.note` why the data is necessary for the task"),
    source=N_("GDPR art. 10; Databeskyttelsesloven § 8, stk. 1."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [criminal]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            dpia: {status: planned}
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    doc=N_("Data about criminal offences may be processed by a public authority only where it is necessary "
           "for its tasks (Databeskyttelsesloven § 8, stk. 1). The brief should say why it is."),
)
def criminal(ctx: LintContext) -> Iterator[Finding]:
    for index, asset in enumerate(ctx.brief.data):
        if DataCategory.CRIMINAL in asset.categories:
            yield ctx.finding(("data", index, "categories"),
                              _("data asset {id} holds data on criminal offences: say why it is necessary").format(
                                  id=asset.id))


@rule(
    code="PB411", name="data.one-basis-for-development-and-operation", severity=Severity.WARNING,
    summary=N_("Personal data in both a POC and operation, but one legal basis for both phases and no note."),
    hint=N_("add `legal_basis_operation`, or a `legal_basis.note` explaining why one basis covers both phases"),
    source=N_("Datatilsynet 17-11-2023 (j.nr. 2023-212-0015): developing an AI tool could rest on "
              "6(1)(e)/9(2)(g) with the sector law, while operating it could not; the phases are judged "
              "separately."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        poc: {scope: Trial at two nursing homes}
        scale_up: {operations_owner: Health}
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            legal_basis_operation:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        poc: {scope: Trial at two nursing homes}
        scale_up: {operations_owner: Health}
        """),
    doc=N_("Developing and testing a solution and running it for every citizen are different processing "
           "purposes. Datatilsynet has found that a municipality could develop an AI tool on its sector law "
           "but not operate it on the same basis. Give the basis for operation, or say why the same one "
           "holds."),
)
def one_basis_for_both_phases(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.poc is None:
        return
    for index, asset in _personal(ctx):
        basis = asset.legal_basis
        if basis is not None and asset.legal_basis_operation is None and not basis.note:
            yield ctx.finding(("data", index, "legal_basis"),
                              _("data asset {id}: one legal basis for both the POC and operation, with no "
                                "note").format(id=asset.id))


# --- sector law, consent, DPIA timing and the roles of the parties (PB412-PB418) -------------------------

def _brief_date(ctx: LintContext) -> datetime.date | None:
    """The date a brief is judged at: its own date, else the start of the POC."""
    return ctx.brief.brief.date or (ctx.brief.poc.start if ctx.brief.poc else None)


def _first(ctx: LintContext, sections: tuple[str, ...], pattern: re.Pattern[str]) -> tuple[PathParts, str] | None:
    """The first text under `sections` that `pattern` matches, with the word matched."""
    for parts, text in ctx.texts(*sections):
        match = pattern.search(text)
        if match:
            return parts, match.group(0)
    return None


def _at_word(ctx: LintContext, parts: PathParts, word: str) -> tuple[int, int] | None:
    return ctx.locate(parts, word_pattern([" ".join(map(re.escape, word.split()))]))


# "serviceloven § 83", "Serviceloven §§ 83 og 83 a", "lov om social service § 86, stk. 1"; the sections are the
# numbers in the item after the name of the act. Matches start at the beginning of a word only (see PB406).
_SERVICELOVEN = LazyPattern(r"(?<!\w)(?:servicelov\w*|lov om social service)", re.IGNORECASE)
_SECTION_NUMBER = LazyPattern(r"(?<![\w.])(\d{1,3})(?:\s?([a-z])(?![\w]))?", re.IGNORECASE)


def _replaced_sections(provision: str, replaced: set[str]) -> list[str]:
    """The sections of serviceloven that ældreloven replaced, as cited in one `national` item."""
    start = _SERVICELOVEN.search(provision)
    if start is None:
        return []
    found = []
    for number, letter in _SECTION_NUMBER.findall(provision, start.end()):
        section = f"{number} {letter.lower()}" if letter else number
        if section in replaced and section not in found:
            found.append(section)
    return found


@rule(
    code="PB412", name="data.outdated-sector-law", severity=Severity.WARNING,
    summary=N_("A brief dated on or after 1 July 2025 cites serviceloven §§ 83, 83 a, 83 b, 84 or 86 for a "
               "target group of pension age: ældreloven applies."),
    hint=N_("cite ældreloven (e.g. `ældreloven § 10`); keep serviceloven §§ 83-86 only for people under "
            "pension age whom ældreloven does not cover"),
    source=N_("Serviceloven § 2, stk. 5, as amended by lov nr. 1703 af 30/12/2024, § 1, nr. 2 (lovguiden.dk): "
              "persons who can receive help under ældreloven §§ 10, 13, 14, 16 and 17 cannot receive help under "
              "serviceloven §§ 83, 83 a, 83 b, 84 and 86. Ældreloven (lov nr. 1651 af 30/12/2024) § 2 covers "
              "people of folkepensionsalderen and applies from 1 July 2025 (ft.dk, ÆLU alm. del spm. 70). Data "
              "in reference/sector_law.yaml."),
    bad=N_("""
        target_group:
          description: Residents of nursing homes at high risk of falling; average age 86.
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [serviceloven § 83]
        """),
    good=N_("""
        target_group:
          description: Residents of nursing homes at high risk of falling; average age 86.
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
        """),
    doc=N_("From 1 July 2025 people of pension age who need care and practical help receive it under "
           "ældreloven, and serviceloven § 2, stk. 5 excludes them from serviceloven §§ 83, 83 a, 83 b, 84 "
           "and 86. A brief dated on or after that day whose target group or data subjects are residents of "
           "nursing homes, plejeboliger or other elderly citizens and that cites those sections cites the "
           "wrong law. The brief's own date decides (`brief.date`, else `poc.start`); the finding points at "
           "the `national` item."),
)
def outdated_sector_law(ctx: LintContext) -> Iterator[Finding]:
    law = load_reference("sector_law")["serviceloven_2_5"]
    when = _brief_date(ctx)
    if when is None or when < law["applies_from"]:
        return
    replaced = set(law["replaced"])
    citing = [(index, asset, key, item, sections) for index, asset in enumerate(ctx.brief.data)
              for key, basis in _bases(asset) for item, provision in enumerate(basis.national)
              if (sections := _replaced_sections(provision, replaced))]
    if not citing:
        return  # no replaced section is cited: the target group's age does not matter (nor is it searched for)
    age = _first(ctx, ("target_group", "data"), word_pattern(ctx.lexicon["pension_age"]))
    if age is None:
        return
    for index, asset, key, item, sections in citing:
        cited = ", ".join(f"§ {s}" for s in sections)
        yield ctx.finding(("data", index, key, "national", item),
                          _("data asset {id} cites serviceloven {cited}, but the target group is of "
                            "pension age (\"{word}\"): from {date} they receive this help under "
                            "{replacement} ({provision})").format(
                              id=asset.id, cited=cited, word=age[1],
                              date=format_date(law["applies_from"], current_language()),
                              replacement=law["replacement"], provision=law["provision"]))


_SECTION_128 = LazyPattern(r"(?<![\w.])128\s?[ab](?!\w)|(?<!\w)tryghedsskabende", re.IGNORECASE)
_EXCLUDED = LazyPattern(r"(?<!\w)(?:udelukke\w*|ikke tilladt|(?:må|skal) ikke (?:bruges|anvendes|indgå)"
                       r"|(?:bruges|anvendes) ikke|excluded|not permitted|not allowed"
                       r"|(?:must|may|shall) not be used|are not used)(?!\w)",
                       re.IGNORECASE)

@rule(
    code="PB413", name="data.monitoring-without-capacity-to-consent", severity=Severity.WARNING,
    summary=N_("Sensors, alarms, cameras or location systems for people who cannot consent (dementia), without "
               "serviceloven § 128 a-b; camera-based solutions are outside bek. nr. 402/2023."),
    hint=N_("cite serviceloven §§ 128 a-128 b for residents who cannot give informed consent, and exclude "
            "image-based solutions for them (only door signals, fall and seizure alarms and location systems "
            "are permitted)"),
    source=N_("Serviceloven § 128 a-b (regelrytter.dk); bekendtgørelse nr. 402 af 20/4/2023 §§ 1-4 (elov.dk, "
              "socialjura.dk): when the conditions of serviceloven § 128 b are met, only ind- og "
              "udgangssignalgivere, fald- og anfaldsalarmer and lokaliserings- og sporingssystemer may be used. "
              "Data in reference/sector_law.yaml."),
    bad=N_("""
        target_group:
          description: Residents of nursing homes with dementia, who cannot decide on the technology themselves.

        constraints:
          - {description: Fall alarms must not wake other residents., category: ethical}
        """),
    good=N_("""
        target_group:
          description: Residents of nursing homes with dementia, who cannot decide on the technology themselves.

        constraints:
          - {description: Fall alarms must not wake other residents., category: ethical}
          - description: >
              For residents who cannot give informed consent, only solutions under serviceloven
              §§ 128 a-128 b are used; camera-based solutions are excluded for them.
            category: legal
        """),
    doc=N_("Fall alarms, door signals and location systems for residents with dementia, who cannot give "
           "informed consent, are tryghedsskabende velfærdsteknologi: they need a decision under "
           "serviceloven §§ 128 a-128 b, and the order issued under § 128 a, stk. 3 (bek. nr. 402 af "
           "20/4/2023) lists the technologies that may be used. Cameras are not on the list. The rule fires "
           "when the brief speaks of such technology and of people who cannot consent but cites neither § "
           '128 a-b nor "tryghedsskabende" anywhere; and, separately, when it speaks of cameras for them '
           "without a constraint that excludes cameras."),
)
def monitoring_without_capacity(ctx: LintContext) -> Iterator[Finding]:
    sections = ("problem", "target_group", "constraints", "data", "poc", "ethics")
    capacity = _first(ctx, sections, word_pattern(ctx.lexicon["lacks_capacity"]))
    if capacity is None:
        return
    technology = _first(ctx, sections, word_pattern(ctx.lexicon["monitoring_technology"]))
    if technology is None:
        return
    orders = load_reference("sector_law")["monitoring_technology"]
    when = _brief_date(ctx)
    order = next((v for v in orders["versions"] if v["applies_from"] and (when is None or when >= v["applies_from"])),
                 orders["versions"][-1])
    cited = any(_SECTION_128.search(text) for _, text in ctx.texts(*sections))
    if not cited:
        parts, word = technology
        yield ctx.finding(parts, _("\"{word}\" for people who cannot consent (\"{capacity}\") needs a decision under "
                                   "{provision}; the brief cites neither").format(
                                       word=word, capacity=capacity[1], provision=orders["provision"]),
                          position=_at_word(ctx, parts, word))
    camera_words = word_pattern(ctx.lexicon["cameras"])
    camera = _first(ctx, sections, camera_words)
    excluded = any(camera_words.search(text) and _EXCLUDED.search(text) for _, text in ctx.texts("constraints"))
    if camera is not None and not excluded and order.get("cameras"):
        parts, word = camera
        yield ctx.finding(parts, _("\"{word}\": camera-based solutions are not among the technologies permitted for "
                                   "people who cannot consent ({order}); exclude them for these people or have them "
                                   "assessed first").format(word=word, order=order["order"].split(" om ")[0]),
                          position=_at_word(ctx, parts, word))


# "pårørende … samtykke", "ved deres pårørende har sagt ja", "samtykke fra de pårørende", "relatives … consent":
# a bounded gap of a few words, so each match scans a few words from a word "pårørende" (linear time).
_RELATIVES_CONSENT = LazyPattern(
    r"(?<!\w)(?:pårørende\w*|relatives?|next of kin|family members?)(?:\W+\w+){0,6}?\W+"
    r"(?:samtykke\w*|(?:har |have )?sagt ja|siger ja|giver lov|consent\w*|agreed?|said yes)(?!\w)"
    r"|(?<!\w)(?:samtykke\w*|consent\w*) (?:fra|af|from|by|of) (?:\w+ ){0,3}?"
    r"(?:pårørende\w*|relatives?|next of kin)(?!\w)",
    re.IGNORECASE)
_NEGATION = LazyPattern(r"(?<!\w)(?:ikke|aldrig|kan ikke|cannot|can ?not|not|never|no)(?!\w)", re.IGNORECASE)


@rule(
    code="PB414", name="data.consent-by-relatives", severity=Severity.WARNING,
    summary=N_('Relatives give consent ("pårørende … samtykke / sagt ja") in `poc`, `ethics` or `constraints`: '
               "relatives cannot consent for an adult."),
    hint=N_("ask the person; for a person who cannot consent, use the legal route (e.g. serviceloven § 128 b) "
            "or a guardian whose værgemål covers personal matters, and say that any consent is to take part, "
            "not the legal basis"),
    source=N_("Værgemålsloven § 5, stk. 3-4 (danskelove.dk): a guardian acts for the person only in matters the "
              "guardianship covers, which may be limited to financial or to personal matters; no rule lets "
              "relatives act for an adult. GDPR recital 43: consent is rarely the basis for a public authority."),
    bad=N_("""
        poc:
          scope: Trial with residents who, or whose relatives, have said yes.
        scale_up: {operations_owner: Health and Care}
        """),
    good=N_("""
        poc:
          scope: >
            Trial with residents who have themselves said yes to taking part. Relatives are involved but cannot
            give consent on the resident's behalf.
        scale_up: {operations_owner: Health and Care}
        """),
    doc=N_("In Danish law relatives cannot consent on behalf of an adult. A guardian appointed under "
           "værgemålsloven § 5 acts for the person only in the matters the guardianship covers, so consent "
           "by a guardian requires a værgemål that covers personal matters. For residents who cannot "
           "consent, the route to monitoring technology is a decision under serviceloven § 128 b (PB413). A "
           'phrase that denies the consent ("pårørende … kan ikke give samtykke") is not reported.'),
)
def consent_by_relatives(ctx: LintContext) -> Iterator[Finding]:
    for parts, text in ctx.texts("poc", "ethics", "constraints"):
        for match in _RELATIVES_CONSENT.finditer(text):
            if _NEGATION.search(match.group(0)):
                continue
            phrase = " ".join(match.group(0).split())
            yield ctx.finding(parts, _("relatives cannot consent for an adult: \"{phrase}\"").format(phrase=phrase),
                              position=ctx.locate(parts, re.compile(re.escape(match.group(0)))))
            break


_DPO_APPROVES = LazyPattern(
    r"(?<!\w)(?:godkend\w*|approved|signed off) (?:af|by) (?:\w+ ){0,2}?(?:databeskyttelsesrådgiver\w*|DPO|data "
    r"protection officer)(?!\w)", re.IGNORECASE)

@rule(
    code="PB415", name="data.dpia-timing", severity=Severity.WARNING,
    summary=N_("A DPIA is `planned` with no `dpia.date` before the POC starts (or a date after it); or the DPIA "
               "is said to be approved by the data protection officer."),
    hint=N_("give `dpia.date` before `poc.start`; write that the DPIA was carried out by the controller after "
            "advice from the data protection officer"),
    source=N_("GDPR art. 35(1): the controller carries out the DPIA prior to the processing; art. 35(2): the "
              "controller seeks the advice of the data protection officer, whose tasks are set in art. 39 (the "
              "DPO advises and monitors, the controller decides)."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis: {gdpr_art6: 6(1)(e), national: [ældreloven § 10]}
            dpia: {status: planned}
        poc: {scope: Trial at two nursing homes, start: 2027-09-01}
        scale_up: {operations_owner: Health}
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis: {gdpr_art6: 6(1)(e), national: [ældreloven § 10]}
            dpia: {status: planned, date: 2027-06-30}
        poc: {scope: Trial at two nursing homes, start: 2027-09-01}
        scale_up: {operations_owner: Health}
        """),
    doc=N_("The DPIA must be finished before the processing starts, and the POC is processing. A planned "
           'DPIA therefore needs a date before `poc.start`. The rule also reports "godkendt af '
           'databeskyttelsesrådgiveren" (or "approved by the DPO") anywhere in the data section: the '
           "controller carries out the DPIA and takes the decision; the data protection officer gives "
           "advice."),
)
def dpia_timing(ctx: LintContext) -> Iterator[Finding]:
    start = ctx.brief.poc.start if ctx.brief.poc else None
    for index, asset in enumerate(ctx.brief.data):
        dpia = asset.dpia
        if dpia is None or start is None:
            continue
        if dpia.status is DpiaStatus.PLANNED and dpia.date is None:
            yield ctx.finding(("data", index, "dpia", "status"),
                              _("data asset {id}: the DPIA is planned but has no `dpia.date`; it must be finished "
                                "before the POC starts on {start}").format(id=asset.id, start=start))
        elif dpia.status is not DpiaStatus.NOT_NEEDED and dpia.date is not None and dpia.date >= start:
            yield ctx.finding(("data", index, "dpia", "date"),
                              _("data asset {id}: the DPIA date {date} is not before the POC starts on "
                                "{start}").format(id=asset.id, date=dpia.date, start=start))
    for parts, text in ctx.texts("data"):
        match = _DPO_APPROVES.search(text)
        if match:
            phrase = " ".join(match.group(0).split())
            yield ctx.finding(parts, _("\"{phrase}\": the data protection officer advises on the DPIA; the "
                                       "controller carries it out and decides").format(phrase=phrase),
                              position=ctx.locate(parts, re.compile(re.escape(match.group(0)))))


@rule(
    code="PB416", name="data.children-or-profiling-without-data", severity=Severity.WARNING,
    summary=N_('The target group is under 18, or the brief speaks of predicting or profiling people ("tidlige '
               'tegn", "forudsige", "profilering"), and `data` is empty.'),
    hint=N_("describe the data the solution will use in `data`, with its legal basis and a DPIA"),
    source=N_("GDPR art. 35 and the WP29/EDPB DPIA guidelines (WP 248 rev.01): evaluation or scoring, including "
              "profiling and predicting, and data about vulnerable data subjects such as children point to a "
              "high risk that must be assessed before processing."),
    bad=N_("""
        target_group:
          description: Pupils in years 7-9 who are at risk of becoming weary of school.
        """),
    good=N_("""
        target_group:
          description: Pupils in years 7-9 who are at risk of becoming weary of school.

        data:
          - id: D1
            name: Absence
            personal_data: true
            categories: [ordinary, children]
            legal_basis: {gdpr_art6: 6(1)(e), national: [folkeskoleloven]}
            dpia: {status: planned}
        """),
    doc=N_("A solution for children, or one that finds early signs, predicts or profiles, almost always "
           "processes personal data about the people concerned, and that processing carries a high risk. A "
           "brief that says nothing about data leaves suppliers to guess and skips the legal assessment. The "
           "finding points at the word that shows it."),
)
def children_or_profiling_without_data(ctx: LintContext) -> Iterator[Finding]:
    if ctx.brief.data:
        return
    child = _first(ctx, ("target_group",), word_pattern(ctx.lexicon["children"]))
    found = child or _first(ctx, ("problem", "target_group", "outcomes", "constraints"),
                            word_pattern(ctx.lexicon["prediction"]))
    if found is None:
        return
    parts, word = found
    message = (_("the brief concerns children (\"{word}\") but has no `data` section") if child
               else _("the brief predicts or profiles people (\"{word}\") but has no `data` section"))
    yield ctx.finding(parts, message.format(word=word),
                      position=_at_word(ctx, parts, word))


@rule(
    code="PB417", name="data.staff-as-data-subjects", severity=Severity.INFO,
    summary=N_("An outcome is measured from data about the staff (the solution's log, response times): the staff "
               "are data subjects too."),
    hint=N_("list the staff among the data subjects, plan to inform them (GDPR art. 13) and follow local "
            "agreements on control measures; if AI evaluates their work, see AI Act Annex III point 4(b)"),
    source=N_("GDPR art. 13 (information to the data subjects); Regulation (EU) 2024/1689, Annex III point "
              "4(b): AI for monitoring and evaluating the performance and behaviour of workers is high-risk."),
    bad=N_("""
        outcomes:
          - id: O1
            name: Faster help
            indicator: Minutes from fall to help
            direction: decrease
            baseline: {value: 40, date: 2025-12-31, source: Incident reports}
            target: {value: 10, by: 2028-06-30}
            measurement: The solution's log compared with incident reports
        """),
    good=N_("""
        outcomes:
          - id: O1
            name: Fewer falls
            indicator: Falls per 100 residents per year
            direction: decrease
            baseline: {value: 25, date: 2025-12-31, source: Care records}
            target: {value: 18, by: 2028-06-30}
            measurement: Quarterly extract from the care records
        """),
    doc=N_("Measuring an outcome from the solution's log or from staff response times processes data about "
           "the employees who act on the alarms: they must be informed, local rules on control measures "
           "apply, and an AI system that evaluates their performance is high-risk under the AI Act (Annex "
           "III, point 4(b)). One finding per outcome, at the first word that shows it."),
)
def staff_as_data_subjects(ctx: LintContext) -> Iterator[Finding]:
    pattern = word_pattern(ctx.lexicon["staff_data"])
    for index, outcome in enumerate(ctx.brief.outcomes):
        found = _first_in(ctx, ("outcomes", index), pattern)
        if found:
            parts, word = found
            yield ctx.finding(parts, _("outcome {id} is measured from data about the staff (\"{word}\"): they are "
                                       "data subjects too").format(id=outcome.id, word=word),
                              position=_at_word(ctx, parts, word))


def _first_in(ctx: LintContext, prefix: PathParts, pattern: re.Pattern[str]) -> tuple[PathParts, str] | None:
    """As _first, for the texts under one item (`("outcomes", 2)`)."""
    found = ctx.texts_under(prefix)
    for parts, text in found:
        match = pattern.search(text)
        if match:
            return parts, match.group(0)
    return None


_DISCLOSURE = LazyPattern(r"(?<!\w)(?:videregiv\w*|disclos\w*)", re.IGNORECASE)


@rule(
    code="PB418", name="data.supplier-own-use", severity=Severity.WARNING,
    summary=N_("`supplier_own_use: true`: the supplier is a controller for its own use of the data; giving it "
               "the data is a disclosure that needs its own legal basis."),
    hint=N_("give the basis for the disclosure (videregivelse) in `legal_basis.note`, or remove the "
            "supplier's own use; a processor agreement does not cover it"),
    source=N_("GDPR art. 4(7): the controller determines the purposes and means of the processing; art. 28: a "
              "processor processes on behalf of the controller only. A supplier that uses the data for its own "
              "purposes determines those purposes."),
    bad=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            shared_with_supplier: true
            processor_agreement: true
            supplier_own_use: true
        """),
    good=N_("""
        data:
          - id: D1
            name: Fall records
            personal_data: true
            categories: [ordinary]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [ældreloven § 10]
            shared_with_supplier: true
            processor_agreement: true
            supplier_own_use: false
        """),
    doc=N_("A supplier that may use the municipality's data for its own purposes, such as training or "
           "developing its product, decides the purposes of that use and is therefore a controller, not a "
           "processor. Handing it the data is a disclosure (videregivelse) from one controller to another "
           "and needs a legal basis of its own; a data processing agreement does not cover it. The rule is "
           "quiet when a `legal_basis.note` of the asset speaks of the disclosure."),
)
def supplier_own_use(ctx: LintContext) -> Iterator[Finding]:
    for index, asset in enumerate(ctx.brief.data):
        if asset.supplier_own_use is not True:
            continue
        if any(basis.note and _DISCLOSURE.search(basis.note) for _, basis in _bases(asset)):
            continue
        yield ctx.finding(("data", index, "supplier_own_use"),
                          _("data asset {id}: the supplier may use the data for its own purposes, so it is a "
                            "controller for that use and giving it the data is a disclosure that needs its own "
                            "basis").format(id=asset.id))
