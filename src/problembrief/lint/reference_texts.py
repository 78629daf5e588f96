"""The words of the reference data that the rules put in their messages, marked for the message catalogue.

The reference data (`problembrief/reference/*.yaml`) is data: written in English, with its citations of Danish
law in Danish, and shared by every language. A few of its values end up inside a finding's message: the GDPR
notes and the Danish provisions that implement art. 9(2), the areas and prohibited practices of the AI Act,
the name and status of an amendment, the kind of exchange rate. Babel reads only code, so they are repeated
here, marked `N_("…")`, and `shown(text)` gives one in the language in force. A test checks that every such
value of the reference data is listed here, so that a new entry cannot reach a Danish user in English.
"""

from __future__ import annotations

from problembrief.i18n import N_, _

TEXTS = frozenset({
    # reference/gdpr.yaml: `note` of article 6 and article 9 bases
    N_("Recital 43: consent is rarely freely given where there is a clear imbalance, in particular where the "
       "controller is a public authority."),
    N_("Art. 6(3)."),
    N_("Art. 6(1), last subparagraph: does not apply to processing by public authorities in the performance of "
       "their tasks."),
    N_("Recital 43 applies as for art. 6(1)(a)."),
    N_("Art. 9(2)(b): in so far as authorised by Union or Member State law or a collective agreement."),
    N_("Art. 9(2)(g): on the basis of Union or Member State law."),
    N_("Art. 9(2)(h) rests on Union or Member State law (recital 53)."),
    N_("Art. 9(2)(i) rests on Union or Member State law (recital 53)."),
    N_("Art. 9(2)(j) with art. 89(1): on the basis of Union or Member State law."),
    # reference/gdpr.yaml: `danish`, the Danish provision that implements an exception of art. 9(2)
    N_("databeskyttelsesloven § 7, stk. 2 (employment-law obligations and rights only)"),
    N_("databeskyttelsesloven § 7, stk. 4, together with the sector law that lays down the task"),
    N_("databeskyttelsesloven § 7, stk. 3: only where the processing is done by a person in the health sector "
       "under a statutory duty of confidentiality; cite the sector law as well"),
    N_("databeskyttelsesloven § 10: statistical or scientific studies of significant public importance; the data "
       "may not later be used for other purposes (e.g. case work)"),
    # reference/lexicon.yaml: `area` of ai_high_risk_areas and `practice` of ai_prohibited_practices
    N_("biometrics (Annex III, point 1)"),
    N_("critical infrastructure (Annex III, point 2)"),
    N_("education (Annex III, point 3)"),
    N_("employment, the municipality as employer (Annex III, point 4)"),
    N_("public assistance benefits and services (Annex III, point 5(a))"),
    N_("emergency calls and dispatch (Annex III, point 5(d))"),
    N_("emotion recognition in the workplace and in education institutions (art. 5(1)(f); elsewhere it is "
       "high-risk, Annex III, point 1(c))"),
    N_("social scoring (art. 5(1)(c))"),
    # reference/ai_act.yaml: `name` and `status` of an amendment (its `proposal` is a citation)
    N_("Digital Omnibus on AI"),
    N_("adopted by the European Parliament on 16 June 2026 and the Council on 29 June 2026; Official Journal "
       "reference not yet recorded"),
    # reference/thresholds.yaml: `conversion.kind`
    N_("ERM II central rate"),
})


def shown(text: str) -> str:
    """A text of the reference data as a message shows it, in the language in force."""
    return _(text)
