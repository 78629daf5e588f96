"""PB4xx: every piece of personal data has a legal basis a public authority may use, in development
and in operation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.lint.context import LintContext, word_pattern
from problembrief.lint.registry import rule
from problembrief.model import DataAsset, DataCategory, LegalBasis, Location
from problembrief.model.data import DpiaStatus
from problembrief.reference import load as load_reference

_ASSET = """
    data:
      - id: D1
        name: Faldregistreringer
        personal_data: true
        categories: [ordinary]
"""
_BASIS = """        legal_basis:
          gdpr_art6: 6(1)(e)
          national: [Serviceloven § 83]
"""


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


def _personal(ctx: LintContext) -> Iterator[tuple[int, DataAsset]]:
    for index, asset in enumerate(ctx.brief.data):
        if asset.personal_data or (asset.categories and asset.categories != [DataCategory.ORDINARY]):
            yield index, asset


@rule(
    code="PB401", name="data.no-article-6-basis", severity=Severity.ERROR,
    summary="Personal data without `legal_basis.gdpr_art6`.",
    hint="name the basis in GDPR art. 6(1) and the national provision it rests on",
    source="GDPR art. 6(1): processing is lawful only on one of its bases.",
    bad=_ASSET,
    good=_ASSET + _BASIS,
)
def no_article_6(ctx: LintContext) -> Iterator[Finding]:
    """Every processing of personal data needs a basis in art. 6(1). For a municipality it is almost
    always 6(1)(c) or 6(1)(e) with the sector law (serviceloven, sundhedsloven, folkeskoleloven …)."""
    for index, asset in _personal(ctx):
        if asset.legal_basis is None or asset.legal_basis.gdpr_art6 is None:
            yield ctx.finding(("data", index), f"data asset {asset.id} holds personal data but has no "
                              "`legal_basis.gdpr_art6`")


@rule(
    code="PB402", name="data.no-article-9-basis", severity=Severity.ERROR,
    summary="Special-category data without `gdpr_art9`.",
    hint="name the exception in GDPR art. 9(2), e.g. 9(2)(h) for health and social care",
    source="GDPR art. 9(1)-(2): special categories may be processed only under an exception in art. 9(2).",
    bad=_ASSET.replace("[ordinary]", "[special]") + _BASIS,
    good=_ASSET.replace("[ordinary]", "[special]") + _BASIS + "          gdpr_art9: 9(2)(h)\n",
)
def no_article_9(ctx: LintContext) -> Iterator[Finding]:
    """Health, ethnicity, religion, biometrics and the other special categories of art. 9 are forbidden
    unless one of the exceptions in art. 9(2) applies; each phase's basis must name it."""
    for index, asset in enumerate(ctx.brief.data):
        if DataCategory.SPECIAL not in asset.categories:
            continue
        bases = list(_bases(asset)) or [("legal_basis", None)]
        for key, basis in bases:
            if basis is None or basis.gdpr_art9 is None:
                yield ctx.finding(("data", index, key) if basis else ("data", index),
                                  f"data asset {asset.id} holds special-category data but `{key}` has no "
                                  "`gdpr_art9`")


@rule(
    code="PB403", name="data.consent-by-public-authority", severity=Severity.WARNING,
    summary="Consent (`6(1)(a)` or `9(2)(a)`) as basis: rarely valid where the controller is a public authority.",
    hint="use the basis of the task (6(1)(e) or 6(1)(c) with the sector law); consent may still be asked for "
         "ethical reasons",
    source="GDPR recital 43: consent is unlikely to be freely given where there is a clear imbalance, in "
           "particular where the controller is a public authority.",
    bad=_ASSET + "        legal_basis: {gdpr_art6: 6(1)(a)}\n",
    good=_ASSET + _BASIS,
)
def consent(ctx: LintContext) -> Iterator[Finding]:
    """A citizen who depends on the municipality's services is rarely free to say no, so consent is a
    weak basis; the task itself, laid down in law, is the usual one."""
    for index, asset, key, _, field, article, entry in _citations(ctx):
        if entry["public_authority"] == "doubtful":
            yield ctx.finding(("data", index, key, field),
                              f"data asset {asset.id} rests on consent ({article}): {entry['note']}")


@rule(
    code="PB404", name="data.legitimate-interests", severity=Severity.ERROR,
    summary="`6(1)(f)` legitimate interests: public authorities cannot use it in the performance of their tasks.",
    hint="use 6(1)(e) (public task) or 6(1)(c) (legal obligation) with the national provision",
    source="GDPR art. 6(1), last subparagraph.",
    bad=_ASSET + "        legal_basis: {gdpr_art6: 6(1)(f)}\n",
    good=_ASSET + _BASIS,
)
def legitimate_interests(ctx: LintContext) -> Iterator[Finding]:
    """Art. 6(1)(f) "shall not apply to processing carried out by public authorities in the performance
    of their tasks". A municipality's brief is always such processing."""
    for index, asset, key, _, field, article, entry in _citations(ctx):
        if field == "gdpr_art6" and entry["public_authority"] is False:
            yield ctx.finding(("data", index, key, field),
                              f"data asset {asset.id}: a public authority cannot rely on {article}")


@rule(
    code="PB405", name="data.basis-without-national-law", severity=Severity.WARNING,
    summary="`6(1)(c)`, `6(1)(e)` or `9(2)(g)` without a `national` provision.",
    hint="name the provision, e.g. `Serviceloven § 83` or `Databeskyttelsesloven § 7, stk. 4`",
    source="GDPR art. 6(3) and art. 9(2)(g): these bases must be laid down in Union or Member State law.",
    bad=_ASSET + "        legal_basis: {gdpr_art6: 6(1)(e)}\n",
    good=_ASSET + _BASIS,
)
def basis_without_national_law(ctx: LintContext) -> Iterator[Finding]:
    """A legal obligation, a public task and a substantial public interest exist only where a law says
    so; the brief must name it."""
    for index, asset, key, basis, field, article, entry in _citations(ctx):
        if not basis.national and entry.get("needs_national_law"):
            yield ctx.finding(("data", index, key, field),
                              f"data asset {asset.id}: {article} needs a `national` provision")


# "Databeskyttelsesloven § 11", "databeskyttelseslovens § 11, stk. 1", "Data Protection Act
# (Databeskyttelsesloven) § 11" — but not § 110.
# Matches start only at the beginning of a word: otherwise a run such as "databeskyttelseslovdatabe…"
# is tried from every repetition, each scanning `\w*` to the end of the run (quadratic time).
_SECTION_11 = re.compile(r"(?<!\w)(?:databeskyttelseslov\w*|data protection act)[^§]{0,40}§\s*11(?!\d)",
                         re.IGNORECASE)


@rule(
    code="PB406", name="data.cpr-without-section-11", severity=Severity.WARNING,
    summary="CPR numbers without a reference to Databeskyttelsesloven § 11.",
    hint="add `Databeskyttelsesloven § 11, stk. 1` (public authorities) to `national`",
    source="Databeskyttelsesloven § 11, stk. 1: public authorities may process CPR numbers for unique "
           "identification or as a file number.",
    bad=_ASSET.replace("[ordinary]", "[ordinary, cpr]") + _BASIS,
    good=_ASSET.replace("[ordinary]", "[ordinary, cpr]") + _BASIS.replace(
        "[Serviceloven § 83]", '[Serviceloven § 83, "Databeskyttelsesloven § 11, stk. 1"]'),
)
def cpr_without_section_11(ctx: LintContext) -> Iterator[Finding]:
    """The Danish Data Protection Act regulates CPR numbers on their own: a public authority may process
    them under § 11, stk. 1."""
    for index, asset in enumerate(ctx.brief.data):
        if DataCategory.CPR not in asset.categories:
            continue
        provisions = [p for _, basis in _bases(asset) for p in basis.national]
        if not any(_SECTION_11.search(p) for p in provisions):
            yield ctx.finding(("data", index, "categories"),
                              f"data asset {asset.id} holds CPR numbers but cites no Databeskyttelsesloven § 11")


_MENTIONS_SHOWN = 5


@rule(
    code="PB407", name="data.dpia-likely-required", severity=Severity.WARNING,
    summary="A DPIA is likely required, but `dpia.status` is missing or `not_needed`.",
    hint="plan a data protection impact assessment (`dpia: {status: planned}`) or explain why none is needed",
    source="GDPR art. 35(3) and Datatilsynet's list of processing that requires a DPIA (special categories, "
           "criminal data, children, systematic monitoring, location, biometrics, automated decisions).",
    bad=_ASSET.replace("[ordinary]", "[special]") + _BASIS + "          gdpr_art9: 9(2)(h)\n",
    good=_ASSET.replace("[ordinary]", "[special]") + _BASIS + "          gdpr_art9: 9(2)(h)\n"
    + "        dpia: {status: planned}\n",
)
def dpia_likely_required(ctx: LintContext) -> Iterator[Finding]:
    """Special-category or criminal data, data about children, or a problem, constraint or data text that
    speaks of monitoring, cameras, location, biometrics or automated decisions all point to a high risk
    for the people concerned. The finding names what triggered it."""
    triggers = word_pattern(ctx.lexicon["dpia_triggers"])
    mentioned = sorted({m.group(0).lower() for _, text in ctx.texts("problem", "constraints", "data")
                        for m in triggers.finditer(text)})
    risky = {DataCategory.SPECIAL, DataCategory.CRIMINAL, DataCategory.CHILDREN}
    for index, asset in _personal(ctx):
        reasons = [c.value for c in asset.categories if c in risky]
        if mentioned:
            # At most a few words: `\w*` entries can match thousands of different words, and the list is
            # repeated in the finding of every data asset.
            words = ", ".join(f'"{m}"' for m in mentioned[:_MENTIONS_SHOWN])
            more = f" and {len(mentioned) - _MENTIONS_SHOWN} more" if len(mentioned) > _MENTIONS_SHOWN else ""
            reasons.append(f"the brief mentions {words}{more}")
        if reasons and (asset.dpia is None or asset.dpia.status is DpiaStatus.NOT_NEEDED):
            yield ctx.finding(("data", index, "dpia") if asset.dpia else ("data", index),
                              f"data asset {asset.id}: a DPIA is likely required ({'; '.join(reasons)})")


@rule(
    code="PB408", name="data.third-country-without-mechanism", severity=Severity.ERROR,
    summary="`location: third_country` without `transfer_mechanism`.",
    hint="name the transfer mechanism: an adequacy decision, standard contractual clauses, …",
    source="GDPR chapter V, arts. 45-49.",
    bad=_ASSET + _BASIS + "        location: third_country\n",
    good=_ASSET + _BASIS + "        location: third_country\n"
    "        transfer_mechanism: EU-U.S. Data Privacy Framework\n",
)
def third_country(ctx: LintContext) -> Iterator[Finding]:
    """Personal data may leave the EU/EEA only under one of the mechanisms of GDPR chapter V."""
    for index, asset in enumerate(ctx.brief.data):
        if asset.location is Location.THIRD_COUNTRY and not asset.transfer_mechanism:
            yield ctx.finding(("data", index, "location"),
                              f"data asset {asset.id} goes to a third country without a `transfer_mechanism`")


@rule(
    code="PB409", name="data.no-processor-agreement", severity=Severity.WARNING,
    summary="Data is `shared_with_supplier` but there is no `processor_agreement`.",
    hint="set `processor_agreement: true` when one is in place, or explain in `legal_basis.note` why the "
         "supplier is not a processor",
    source="GDPR art. 28(3): processing by a processor is governed by a contract.",
    bad=_ASSET + _BASIS + "        shared_with_supplier: true\n",
    good=_ASSET + _BASIS + "        shared_with_supplier: true\n        processor_agreement: true\n",
)
def no_processor_agreement(ctx: LintContext) -> Iterator[Finding]:
    """A supplier that processes personal data on the municipality's behalf is a processor and needs a
    data processing agreement (databehandleraftale)."""
    for index, asset in _personal(ctx):
        if asset.shared_with_supplier and not asset.processor_agreement:
            yield ctx.finding(("data", index, "shared_with_supplier"),
                              f"data asset {asset.id} is shared with the supplier without a processor agreement")


@rule(
    code="PB410", name="data.criminal-offences", severity=Severity.INFO,
    summary="`criminal` data: public authorities may process it only where necessary for their tasks.",
    hint="say in `legal_basis.note` why the data is necessary for the task",
    source="GDPR art. 10; Databeskyttelsesloven § 8, stk. 1.",
    bad=_ASSET.replace("[ordinary]", "[criminal]") + _BASIS + "        dpia: {status: planned}\n",
    good=_ASSET + _BASIS,
)
def criminal(ctx: LintContext) -> Iterator[Finding]:
    """Data about criminal offences may be processed by a public authority only where it is necessary
    for its tasks (Databeskyttelsesloven § 8, stk. 1). The brief should say why it is."""
    for index, asset in enumerate(ctx.brief.data):
        if DataCategory.CRIMINAL in asset.categories:
            yield ctx.finding(("data", index, "categories"),
                              f"data asset {asset.id} holds data on criminal offences: say why it is necessary")


@rule(
    code="PB411", name="data.one-basis-for-development-and-operation", severity=Severity.WARNING,
    summary="Personal data in both a POC and operation, but one legal basis for both phases and no note.",
    hint="add `legal_basis_operation`, or a `legal_basis.note` explaining why one basis covers both phases",
    source="Datatilsynet 17-11-2023 (j.nr. 2023-212-0015): developing an AI tool could rest on 6(1)(e)/9(2)(g) "
           "with the sector law, while operating it could not; the phases are judged separately.",
    bad=_ASSET + _BASIS + "    poc: {scope: Afprøvning på to plejecentre}\n    scale_up: {operations_owner: Sundhed}\n",
    good=_ASSET + _BASIS + "        legal_basis_operation:\n          gdpr_art6: 6(1)(e)\n"
    "          national: [Serviceloven § 83]\n"
    "    poc: {scope: Afprøvning på to plejecentre}\n    scale_up: {operations_owner: Sundhed}\n",
)
def one_basis_for_both_phases(ctx: LintContext) -> Iterator[Finding]:
    """Developing and testing a solution and running it for every citizen are different processing
    purposes. Datatilsynet has found that a municipality could develop an AI tool on its sector law but
    not operate it on the same basis. Give the basis for operation, or say why the same one holds."""
    if ctx.brief.poc is None:
        return
    for index, asset in _personal(ctx):
        basis = asset.legal_basis
        if basis is not None and asset.legal_basis_operation is None and not basis.note:
            yield ctx.finding(("data", index, "legal_basis"),
                              f"data asset {asset.id}: one legal basis for both the POC and operation, with no note")
