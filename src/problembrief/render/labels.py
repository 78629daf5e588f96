"""The words for the values of the brief format (`procedure: open` -> "Offentligt udbud"), in the catalogues.

Each kind of value is a gettext context, and the English label is the message id: `pgettext("milestone",
"Award decision")` is "Tildelingsbeslutning" in Danish. The machine keys (the format's values) never change;
the words are translated in `locale/<language>/LC_MESSAGES/documents.po`. Each kind is a function, so that only
the labels of one kind are looked up, in the language in force when the label is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from problembrief.i18n import _, pgettext

LABELS: dict[str, Callable[[], dict[Hashable, str]]] = {
    "status": lambda: {
        "draft": pgettext("status", "Draft"),
        "consultation": pgettext("status", "In consultation"),
        "final": pgettext("status", "Final"),
    },
    "role": lambda: {
        "lead": pgettext("role", "Lead contracting authority"),
        "participant": pgettext("role", "Participating contracting authority"),
    },
    "direction": lambda: {
        "increase": pgettext("direction", "Increase"),
        "decrease": pgettext("direction", "Decrease"),
    },
    "level": lambda: {
        "low": pgettext("level", "Low"),
        "medium": pgettext("level", "Medium"),
        "high": pgettext("level", "High"),
    },
    "constraint_category": lambda: {
        "legal": pgettext("constraint_category", "Legal"),
        "budget": pgettext("constraint_category", "Budget"),
        "time": pgettext("constraint_category", "Time"),
        "technical": pgettext("constraint_category", "Technical"),
        "organisational": pgettext("constraint_category", "Organisational"),
        "ethical": pgettext("constraint_category", "Ethical"),
        "security": pgettext("constraint_category", "Security"),
        "accessibility": pgettext("constraint_category", "Accessibility"),
        "environmental": pgettext("constraint_category", "Environmental"),
        "other": pgettext("constraint_category", "Other"),
    },
    "data_category": lambda: {
        "ordinary": pgettext("data_category", "ordinary personal data"),
        "special": pgettext("data_category", "special categories of personal data (Art. 9)"),
        "cpr": pgettext("data_category", "CPR numbers (Danish personal identification numbers)"),
        "criminal": pgettext("data_category", "data on criminal offences (Art. 10)"),
        "children": pgettext("data_category", "data on children"),
    },
    "location": lambda: {
        "eu_eea": pgettext("location", "Within the EU/EEA"),
        "third_country": pgettext("location", "Outside the EU/EEA (third country)"),
    },
    "dpia": lambda: {
        "not_needed": pgettext("dpia", "Assessed as not needed"),
        "planned": pgettext("dpia", "Planned"),
        "done": pgettext("dpia", "Completed"),
    },
    "route": lambda: {
        "option_in_contract": pgettext("route", "Option in the contract"),
        "new_tender": pgettext("route", "New tender"),
        "framework_agreement": pgettext("route", "Framework agreement"),
        "dynamic_purchasing_system": pgettext("route", "Dynamic purchasing system"),
        "innovation_partnership": pgettext("route", "Innovation partnership"),
    },
    "procedure": lambda: {
        "market_dialogue_only": pgettext("procedure", "Not yet decided"),
        "open": pgettext("procedure", "Open procedure"),
        "restricted": pgettext("procedure", "Restricted procedure"),
        "competitive_procedure_with_negotiation": pgettext("procedure", "Competitive procedure with negotiation"),
        "competitive_dialogue": pgettext("procedure", "Competitive dialogue"),
        "innovation_partnership": pgettext("procedure", "Innovation partnership"),
        "pre_commercial_procurement": pgettext("procedure", "Pre-commercial procurement (PCP)"),
        "framework_call_off": pgettext("procedure", "Call-off under a framework agreement"),
        "dynamic_purchasing_system": pgettext("procedure", "Dynamic purchasing system"),
    },
    "contract_type": lambda: {
        "supplies": pgettext("contract_type", "Supply contract"),
        "services": pgettext("contract_type", "Service contract"),
        "works": pgettext("contract_type", "Works contract"),
        "social_services": pgettext("contract_type", "Service contract for social and other specific services"),
    },
    "payment_model": lambda: {
        "fixed": pgettext("payment_model", "Fixed price"),
        "outcome_based": pgettext("payment_model", "Outcome-based payment"),
        "hybrid": pgettext("payment_model", "Fixed price with an outcome-based part"),
    },
    "criterion_kind": lambda: {
        "price": pgettext("criterion_kind", "Price"),
        "quality": pgettext("criterion_kind", "Quality"),
        "cost": pgettext("criterion_kind", "Cost"),
        "other": pgettext("criterion_kind", "Other"),
    },
    "milestone": lambda: {
        "market_dialogue": pgettext("milestone", "Market dialogue"),
        "prior_information_notice": pgettext("milestone", "Prior information notice"),
        "notice_sent": pgettext("milestone", "Contract notice sent"),
        "publication": pgettext("milestone", "Contract notice published"),
        "participation_deadline": pgettext("milestone", "Deadline for requests to participate"),
        "questions_deadline": pgettext("milestone", "Deadline for questions"),
        "tender_deadline": pgettext("milestone", "Tender deadline"),
        "initial_tenders": pgettext("milestone", "Deadline for initial tenders"),
        "final_tenders": pgettext("milestone", "Deadline for final tenders"),
        "award": pgettext("milestone", "Award decision"),
        "standstill_end": pgettext("milestone", "Standstill period ends"),
        "contract_signature": pgettext("milestone", "Contract signature"),
        "contract_start": pgettext("milestone", "Contract start"),
        "poc_start": pgettext("milestone", "Proof of concept starts"),
        "poc_end": pgettext("milestone", "Proof of concept ends"),
        "scale_up_decision": pgettext("milestone", "Decision on scale-up"),
        "other": pgettext("milestone", "Other milestone"),
    },
    "dialogue_format": lambda: {
        "information_meeting": pgettext("dialogue_format", "Information meeting"),
        "one_to_one": pgettext("dialogue_format", "One-to-one meetings"),
        "written_rfi": pgettext("dialogue_format", "Written request for information (RFI)"),
        "workshop": pgettext("dialogue_format", "Workshop"),
        "site_visit": pgettext("dialogue_format", "Site visit"),
    },
    "language": lambda: {
        "da": pgettext("language", "Danish"),
        "en": pgettext("language", "English"),
    },
    "currency": lambda: {
        "DKK": pgettext("currency name", "Danish kroner (DKK)"),
        "EUR": pgettext("currency name", "Euro (EUR)"),
    },
    "contract_signing": lambda: {
        "each_authority": pgettext("contract_signing", "Each contracting authority signs its own contract"),
        "lead_on_behalf_of_all": pgettext("contract_signing",
                                          "The lead contracting authority signs on behalf of all"),
    },
    "gdpr_art6": lambda: {
        "6(1)(a)": pgettext("gdpr_art6", "Art. 6(1)(a): consent"),
        "6(1)(b)": pgettext("gdpr_art6", "Art. 6(1)(b): performance of a contract"),
        "6(1)(c)": pgettext("gdpr_art6", "Art. 6(1)(c): legal obligation"),
        "6(1)(d)": pgettext("gdpr_art6", "Art. 6(1)(d): vital interests"),
        "6(1)(e)": pgettext("gdpr_art6", "Art. 6(1)(e): task in the public interest or official authority"),
        "6(1)(f)": pgettext("gdpr_art6", "Art. 6(1)(f): legitimate interests"),
    },
    "gdpr_art9": lambda: {
        "9(2)(a)": pgettext("gdpr_art9", "Art. 9(2)(a): explicit consent"),
        "9(2)(b)": pgettext("gdpr_art9", "Art. 9(2)(b): employment, social security and social protection law"),
        "9(2)(c)": pgettext("gdpr_art9", "Art. 9(2)(c): vital interests, where consent cannot be given"),
        "9(2)(d)": pgettext("gdpr_art9", "Art. 9(2)(d): foundation, association or other not-for-profit body"),
        "9(2)(e)": pgettext("gdpr_art9", "Art. 9(2)(e): made public by the data subject"),
        "9(2)(f)": pgettext("gdpr_art9", "Art. 9(2)(f): legal claims"),
        "9(2)(g)": pgettext("gdpr_art9", "Art. 9(2)(g): substantial public interest"),
        "9(2)(h)": pgettext("gdpr_art9", "Art. 9(2)(h): preventive medicine, diagnosis, health or social care"),
        "9(2)(i)": pgettext("gdpr_art9", "Art. 9(2)(i): public health"),
        "9(2)(j)": pgettext("gdpr_art9", "Art. 9(2)(j): archiving, research or statistics"),
    },
    "yes_no": lambda: {
        True: pgettext("yes_no", "Yes"),
        False: pgettext("yes_no", "No"),
    },
    "award_criterion": lambda: {
        "price": pgettext("award_criterion", "price"),
        "cost": pgettext("award_criterion", "cost"),
        "best_price_quality": pgettext("award_criterion", "best price-quality ratio"),
    },
    "award_criterion_section": lambda: {
        "price": pgettext("award_criterion_section", "no. 1"),
        "cost": pgettext("award_criterion_section", "no. 2"),
        "best_price_quality": pgettext("award_criterion_section", "no. 3"),
    },
    "subtitle": lambda: {
        "tender": pgettext("subtitle", "Problem statement – annex to the procurement documents"),
        "tender_innovation_partnership": pgettext("subtitle",
                                                  "Statement of needs – annex to the procurement documents"),
        "tender_market_dialogue_only": pgettext("subtitle", "Problem statement for market dialogue"),
        "dialogue": pgettext("subtitle", "Invitation to market dialogue"),
    },
}


def label(kind: str, key: Hashable) -> str:
    """The label of a value in the language in force; KeyError for an unknown kind or value."""
    return LABELS[kind]()[key]


def unknown_label(kind: str, key: object) -> str:
    """The message for a value without a label (a user's template asking for a kind that does not exist)."""
    return _("no label for {kind} `{key}`").format(kind=kind, key=key)
