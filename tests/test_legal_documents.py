"""The documents' own legal statements: printed only when the brief supports them, in the words lawyers use, in
both languages; every field of the format for issue 9 reaches the documents; the glossary matches the templates."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest
import yaml

from helpers import MINIMAL, all_text
from problembrief.i18n import LOCALE_DIR
from problembrief.model import Brief, Language
from problembrief.pipeline import render_docx, render_markdown
from problembrief.render.environment import award_criterion, document_subtitle, templates_dir

LEGAL = """\
schema_version: 1
language: da
brief:
  title: Færre fald om natten
  reference: 2026-014
authorities:
  - {name: Vejle Kommune, role: lead, cvr: "29189838"}
  - {name: Fredericia Kommune}
  - {name: Kolding Kommune}
contact: {name: Mette Kjær, email: mette@vejle.dk}
problem:
  summary: Beboere falder om natten og ligger længe, før de bliver fundet af personalet.
target_group:
  description: Beboere på plejecentre i faldrisiko.
  size: {count: 7000, unit: plejeboliger (skøn), source: KL 2025}
  involvement:
    - {who: Ældrerådene, how: Høring, when: "2026-11"}
outcomes:
  - id: O1
    name: Færre fald
    indicator: Fald pr. 100 beboere pr. år
    direction: decrease
    baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}
    target: {value: 18, by: 2028-06-30}
  - id: O2
    name: Tryghed
    indicator: Andel trygge pårørende
    unit: "%"
    direction: increase
    target: {value: 80, by: 2028-06-30}
constraints:
  - {id: C1, description: Alarmer skal kunne modtages på nattevagternes telefoner., category: technical}
  - {id: C2, description: Løsningen bør kunne bruges af vikarer., mandatory: false,
     sub_criterion: Kvalitet i løsningsforslaget}
  - {id: C3, description: Løsningen bør være let at montere., mandatory: false}
data:
  - id: D1
    name: Faldhændelser
    personal_data: true
    categories: [special]
    data_subjects: Beboere
    shared_with_supplier: true
    supplier_own_use: false
    processor_agreement: true
    location: eu_eea
    legal_basis: {gdpr_art6: 6(1)(e), gdpr_art9: 9(2)(h), national: [ældreloven § 10]}
    legal_basis_operation: {gdpr_art6: 6(1)(e), gdpr_art9: 9(2)(h), national: [ældreloven § 10], note: Drift}
    dpia: {status: planned, date: 2027-08-15}
  - id: D2
    name: Journaldata
    personal_data: true
    legal_basis: {gdpr_art6: 6(1)(e)}
    dpia: {status: done, date: 2026-08-20, note: Efter rådgivning fra databeskyttelsesrådgiveren}
poc:
  start: 2027-09-01
  end: 2028-02-29
scale_up:
  decision: {date: 2028-04-15, body: Sundheds- og ældreudvalgene, criteria: Succeskriterierne er nået}
  other_authorities: [Billund Kommune]
  procurement_route: innovation_partnership
  max_cost: {amount: 9500000}
procurement:
  procedure: innovation_partnership
  contract_type: supplies
  notice_number: "2027/S 041-123456"
  estimated_value: {amount: 12700000}
  contract_signing: each_authority
  evaluation_method: Pointmodel 0-10; pris omregnes lineært.
  options:
    - description: Billund Kommunes brug af løsningen
      beneficiaries: [Billund Kommune]
      max_value: {amount: 2000000}
      max_quantity: 200 plejeboliger
      included_in_estimated_value: true
  innovation_partnership:
    partners: 2
    phases:
      - {name: Udvikling, milestone: Prototype afprøvet på én afdeling, end: 2027-08-31, remuneration: {amount: 300000}}
      - {name: Afprøvning, milestone: O1 nedbragt med 20 %, end: 2028-02-29}
    termination_after_phase: true
    remuneration: Rater pr. fase
    award_on_initial_tenders: false
    minimum_requirements: [Data behandles i EU/EØS]
  award_criteria:
    - {name: Kvalitet i løsningsforslaget, weight: 70, kind: quality, sub_criteria: [Effekt, Privatliv]}
    - {name: Pris, weight: 30, kind: price}
  timeline:
    - {milestone: notice_sent, date: 2027-02-26}
    - {milestone: participation_deadline, date: 2027-04-06}
    - {milestone: initial_tenders, date: 2027-05-28}
    - {milestone: final_tenders, date: 2027-06-20}
    - {milestone: award, date: 2027-07-01}
    - {milestone: standstill_end, date: 2027-07-11}
    - {milestone: contract_signature, date: 2027-07-15}
market_dialogue:
  purpose: At afdække, hvad markedet kan.
  formats: [information_meeting, one_to_one]
  registration: Tilmelding på mail til mette@vejle.dk
  registration_deadline: 2026-11-30
  publication: Vejle Kommunes udbudsside
  events:
    - {format: information_meeting, date: 2026-12-03, time: "10.00-12.00", place: Vejle Rådhus, link: "https://vejle.dk/md"}
    - {format: one_to_one, date: 2026-12-10, note: Møder á 45 minutter}
"""


def _data(text: str = LEGAL, **changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(text)
    for path, value in changes.items():
        node = data
        *parents, last = path.split("__")
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[last] = value
    return data


def _text(data: dict[str, Any], document: str = "tender", language: str = "da") -> str:
    brief = Brief.model_validate(data).model_copy(update={"language": Language(language)})
    package, warnings = render_docx(brief, render_markdown(brief, document), document)
    assert warnings == []
    return all_text(docx.Document(io.BytesIO(package)))


@pytest.fixture(scope="module")
def tender_da() -> str:
    return _text(_data())


@pytest.fixture(scope="module")
def tender_en() -> str:
    return _text(_data(), language="en")


@pytest.fixture(scope="module")
def dialogue_da() -> str:
    return _text(_data(), "dialogue")


@pytest.fixture(scope="module")
def dialogue_en() -> str:
    return _text(_data(), "dialogue", "en")


def test_joint_procurement_wording_and_who_signs(tender_da: str, tender_en: str) -> None:
    assert ("Vejle Kommune er udbudsansvarlig og gennemfører udbuddet i eget navn og på vegne af de øvrige "
            "deltagende ordregivere. Ordregiverne er i fællesskab ansvarlige for, at udbudsreglerne overholdes. "
            "Hver ordregiver indgår sin egen kontrakt med leverandøren.") in tender_da
    assert "på vegne af alle" not in tender_da and "ansvarlig ordregiver og" not in tender_da
    assert "Udbudsansvarlig ordregiver" in tender_da
    assert "jointly responsible for compliance" in tender_en and "Each contracting authority signs" in tender_en
    lead_signs = _text(_data(procurement__contract_signing="lead_on_behalf_of_all"))
    assert "Vejle Kommune indgår kontrakten i eget navn og på vegne af de øvrige deltagende ordregivere." in lead_signs
    assert "Ordregiverne beskriver de resultater" in tender_da
    assert "Ordregiveren beskriver de resultater" in _text(yaml.safe_load(MINIMAL))


def test_minimum_requirements_and_wishes_with_their_sub_criterion(tender_da: str, tender_en: str) -> None:
    assert "et tilbud, der ikke opfylder et mindstekrav, kan ikke tildeles kontrakten." in tender_da
    assert "de indgår i evalueringen under det underkriterium, der er angivet ved dem" in tender_da
    assert "Ønsker uden angivet underkriterium indgår ikke i evalueringen." in tender_da
    assert "Skal" not in tender_da.split() and "»Bør«" not in tender_da
    assert "C2\nLøsningen bør kunne bruges af vikarer.\n–\nØnske\nKvalitet i løsningsforslaget" in tender_da
    assert "cannot be awarded the contract" in tender_en and "Minimum requirement" in tender_en
    only_linked = _text(_data(constraints=_data()["constraints"][:2]))
    assert "indgår ikke i evalueringen" not in only_linked


def test_award_criterion_sub_criteria_and_method(tender_da: str, tender_en: str) -> None:
    assert ("Kontrakten tildeles på grundlag af tildelingskriteriet bedste forhold mellem pris og kvalitet, "
            "jf. udbudslovens § 162, stk. 1, nr. 3, med følgende underkriterier og vægtning.") in tender_da
    assert "Underkriterium\nVægt\nDelkriterier (bedømmelsesaspekter)" in tender_da
    assert "Evalueringsmetode\nPointmodel 0-10; pris omregnes lineært." in tender_da
    assert "best price-quality ratio, see section 162(1), no. 3," in tender_en and "Evaluation method" in tender_en
    without_method = _text(_data(procurement__evaluation_method=None))
    assert "Evalueringsmetode" not in without_method


@pytest.mark.parametrize(("kinds", "expected"), [
    (["price"], "price"), (["price", "cost"], "cost"), (["cost"], "cost"), (["quality", "price"], "best_price_quality"),
    (["other", "price"], "best_price_quality"), ([None], None), ([None, "price"], None), ([], None),
])
def test_the_award_criterion_follows_from_the_kinds(kinds: list[str | None], expected: str | None) -> None:
    data = _data()
    data["procurement"]["award_criteria"] = [{"name": f"K{i}", "weight": 1, "kind": k} for i, k in enumerate(kinds)]
    assert award_criterion(Brief.model_validate(data).procurement) == expected


def test_price_only_names_the_criterion_without_sub_criteria() -> None:
    data = _data()
    data["procurement"]["award_criteria"] = [{"name": "Pris", "weight": 100, "kind": "price"}]
    text = _text(data)
    assert "tildelingskriteriet pris, jf. udbudslovens § 162, stk. 1, nr. 1." in text
    assert "med følgende underkriterier" not in text


def test_estimated_value_contract_type_notice_number_and_options(tender_da: str, tender_en: str) -> None:
    assert "Anslået værdi (ekskl. moms)\n12.700.000 kr." in tender_da
    assert "Kontrakttype\nVareindkøbskontrakt" in tender_da and "Contract type\nSupply contract" in tender_en
    assert "Udbudsbekendtgørelsens nummer i EU-Tidende (TED)\n2027/S 041-123456" in tender_da
    assert "Sagsnummer\n2026-014" in tender_da
    assert ("Billund Kommunes brug af løsningen\nBillund Kommune\n2.000.000 kr.\n200 plejeboliger\nJa"
            in tender_da)
    assert "Maksimale omkostninger ved indkøb efter udviklingsfasen\n9.500.000 kr." in tender_da
    assert "Maximum costs of the purchase after the development phase" in tender_en
    assert "Øvrige ordregivere kan kun bruge kontrakten, hvis de er tydeligt angivet" in tender_da


@pytest.mark.parametrize(("kind", "da", "en"), [
    ("services", "Tjenesteydelseskontrakt", "Service contract"),
    ("works", "Bygge- og anlægskontrakt", "Works contract"),
    ("social_services", "Tjenesteydelseskontrakt om sociale og andre specifikke tjenesteydelser",
     "Service contract for social and other specific services"),
])
def test_statutory_contract_types(kind: str, da: str, en: str) -> None:
    data = _data(procurement__contract_type=kind)
    assert f"Kontrakttype\n{da}" in _text(data) and f"Contract type\n{en}" in _text(data, language="en")


def test_legal_basis_is_said_to_be_assessed_separately_only_where_it_is(tender_da: str, tender_en: str) -> None:
    assert ("Behandlingsgrundlaget er vurderet særskilt for udvikling og afprøvning og for den efterfølgende drift "
            "for D1. For D2 er behandlingsgrundlaget i drift ikke vurderet særskilt.") in tender_da
    assert "Ikke vurderet særskilt" in tender_da and "Not assessed separately" in tender_en
    data = _data()
    data["data"] = data["data"][1:]
    assert "Behandlingsgrundlaget for personoplysninger i drift er ikke vurderet særskilt." in _text(data)
    assert "vurderet særskilt for udvikling" not in _text(data)
    data["data"] = [{"id": "D9", "name": "Vejrdata", "personal_data": False}]
    assert "særskilt" not in _text(data)


def test_data_terms_and_the_dpia_with_its_date(tender_da: str, tender_en: str) -> None:
    for label in ("Personoplysninger", "Kategorier af personoplysninger", "Kategorier af registrerede",
                  "Overlades til leverandøren som databehandler", "Behandlingssted (EU/EØS eller tredjeland)",
                  "Behandlingsgrundlag og hjemmel, udvikling og afprøvning"):
        assert f"\n{label}\n" in tender_da, label
    assert "Leverandøren må bruge oplysningerne til egne formål\nNej" in tender_da
    assert "The supplier may use the data for its own purposes\nNo" in tender_en
    assert "Planlagt; færdig senest 15. august 2027" in tender_da
    assert "Gennemført 20. august 2026" in tender_da and "Completed 20 August 2026" in tender_en
    data = _data()
    data["data"][0]["dpia"] = {"status": "planned"}
    assert "Planlagt; frist ikke fastsat" in _text(data)
    assert "Persondata" not in tender_da and "Deles med leverandøren" not in tender_da


def test_innovation_partnership_content(tender_da: str, tender_en: str) -> None:
    assert ("forudsat at de aftalte ydelsesniveauer og maksimale omkostninger er overholdt." in tender_da)
    assert "Antal partnere\n2" in tender_da and "Vederlag i udviklingsfaserne\nRater pr. fase" in tender_da
    assert ("kan efter hver fase på grundlag af delmålene beslutte at afslutte innovationspartnerskabet eller at "
            "reducere antallet af partnere") in tender_da
    assert "forhandler med tilbudsgiverne om de indledende og de efterfølgende tilbud" in tender_da
    assert "Data behandles i EU/EØS" in tender_da
    assert "Der forhandles ikke om mindstekravene og tildelingskriterierne." in tender_da
    assert "Udvikling\nPrototype afprøvet på én afdeling\n31. august 2027\n300.000 kr." in tender_da
    assert "The minimum requirements and the award criteria are not subject to negotiation." in tender_en
    one = _data(procurement__innovation_partnership__partners=1,
                procurement__innovation_partnership__award_on_initial_tenders=True)
    text = _text(one)
    assert "reducere antallet" not in text
    assert "forbeholder sig ret til at tildele kontrakten på grundlag af de indledende tilbud" in text


def test_timeline_labels_for_participation_standstill_and_signature(tender_da: str, tender_en: str) -> None:
    for label in ("Frist for anmodning om deltagelse (prækvalifikation)", "Frist for indledende tilbud",
                  "Frist for endelige tilbud", "Tildelingsbeslutning", "Standstill-perioden udløber",
                  "Kontraktindgåelse"):
        assert label in tender_da, label
    for label in ("Deadline for requests to participate", "Award decision", "Standstill period ends",
                  "Contract signature"):
        assert label in tender_en, label
    assert "1. kvt. 2027" in tender_da and "K1 2027" not in tender_da


def test_scale_up_states_the_procedure_not_the_decision(tender_da: str) -> None:
    assert ("Det er fastlagt på forhånd, hvem der træffer beslutning om opskalering, og efter hvilke kriterier. "
            "Opskalering forudsætter denne beslutning.") in tender_da
    assert "Det er besluttet på forhånd" not in tender_da


def test_language_corrections(tender_da: str, tender_en: str) -> None:
    assert "Højst 18 senest 30. juni 2028" in tender_da and "Mindst 80 % senest" in tender_da
    assert "At most 18 by" in tender_en and "At least 80% by" in tender_en
    assert "Op til" not in tender_da and "Ned til" not in tender_da
    assert "Målgruppen omfatter 7.000 plejeboliger (skøn; kilde: KL 2025)." in tender_da
    assert "Ældrerådene\nHøring\nnovember 2026" in tender_da and "November 2026" in tender_en
    assert "Succeskriterium" in _text(_data(poc={"success_criteria": [{"outcome": "O1", "threshold": "Færre"}]}))
    assert "Resultat af markedsdialogen" in _text(_data(market_dialogue__findings="Syv deltog."))


def test_market_dialogue_only_is_not_framed_as_a_tender() -> None:
    data = _data(procurement__procedure="market_dialogue_only")
    data["procurement"].pop("innovation_partnership")
    tender, dialogue = _text(data), _text(data, "dialogue")
    assert "Problembeskrivelse til markedsdialog" in tender and "Udbudsform\nEndnu ikke fastlagt" in tender
    assert "Tilbudsgiverne" not in tender and "Udbuddet gennemføres" not in tender
    assert "Markedsdialogen gennemføres i fællesskab" in tender
    assert "Udbudsform\nEndnu ikke fastlagt" in dialogue and "Forventet udbudsform" not in dialogue
    english = _text(data, language="en")
    assert "Problem statement for market dialogue" in english and "Procedure\nNot yet decided" in english
    assert "Tenderers" not in english


def test_subtitles_by_document_and_procedure() -> None:
    brief = Brief.model_validate(_data())
    assert document_subtitle(brief, "tender", "da") == "Behovsbeskrivelse – bilag til udbudsmaterialet"
    assert document_subtitle(brief, "dialogue", "da") == "Invitation til markedsdialog"
    assert document_subtitle(brief, "dialogue", "en") == "Invitation to market dialogue"
    open_brief = Brief.model_validate(_data(procurement__procedure="open"))
    assert document_subtitle(open_brief, "tender", "da") == "Problembeskrivelse – bilag til udbudsmaterialet"
    assert document_subtitle(open_brief, "tender", "en") == "Problem statement – annex to the procurement documents"


def test_dialogue_reservations_and_practical_facts(dialogue_da: str, dialogue_en: str) -> None:
    for sentence in (
        "er ikke en betingelse for at kunne afgive tilbud i et eventuelt senere udbud.",
        "Markedsdialogen forpligter ikke ordregiverne til at gennemføre et udbud.",
        "Leverandørerne afholder selv deres omkostninger ved at deltage.",
        "Referatet af et individuelt møde sendes til den pågældende leverandør.",
        "også dem, der ikke har deltaget i dialogen: Vejle Kommunes udbudsside.",
        "jf. offentlighedslovens § 30, nr. 2.",
        "Ordregiverne giver alle interesserede leverandører de samme oplysninger.",
        "Formålet med dialogen er at afdække, hvad markedet kan.",
        "Invitation til markedsdialog",
    ):
        assert sentence in dialogue_da, sentence
    assert "Informationsmøde\n3. december 2026\n10.00-12.00\nVejle Rådhus, https://vejle.dk/md\n–" in dialogue_da
    assert "Individuelle dialogmøder\n10. december 2026\n–\n–\nMøder á 45 minutter" in dialogue_da
    assert "Tilmelding\nTilmelding på mail til mette@vejle.dk" in dialogue_da
    assert "Tilmeldingsfrist\n30. november 2026" in dialogue_da
    assert "Alarmer skal kunne modtages på nattevagternes telefoner (teknik)." in dialogue_da
    assert "på vegne af de deltagende ordregivere" in dialogue_da
    for sentence in ("is not a condition for tendering in any later procedure",
                     "does not oblige the contracting authorities to launch a procurement procedure",
                     "Suppliers bear their own costs", "section 30(2) of that Act"):
        assert sentence in dialogue_en, sentence


def test_written_dialogue_only_promises_no_minutes() -> None:
    data = _data(market_dialogue__formats=["written_rfi"], market_dialogue__events=[])
    assert "referat af møderne" not in _text(data, "dialogue")


def test_no_constraints_sentence_without_constraints() -> None:
    data = _data(constraints=[])
    text = _text(data, "dialogue")
    assert "inden for rammerne nedenfor" not in text and "arbejdsgange." in text


def test_every_new_field_reaches_both_languages(tender_da: str, tender_en: str, dialogue_da: str,
                                                dialogue_en: str) -> None:
    typed = ["2027/S 041-123456", "Billund Kommunes brug af løsningen", "200 plejeboliger",
             "Prototype afprøvet på én afdeling", "Rater pr. fase", "Data behandles i EU/EØS",
             "Pointmodel 0-10; pris omregnes lineært.", "Kvalitet i løsningsforslaget",
             "Tilmelding på mail til mette@vejle.dk", "Vejle Kommunes udbudsside", "Møder á 45 minutter",
             "10.00-12.00", "Vejle Rådhus", "https://vejle.dk/md"]
    for value in typed:
        assert value in tender_da and value in tender_en, value
    for value in ("Tilmelding på mail til mette@vejle.dk", "Vejle Kommunes udbudsside", "Møder á 45 minutter",
                  "Billund Kommunes brug af løsningen"):
        assert value in dialogue_da and value in dialogue_en, value


def _glossary(language: str) -> list[dict[str, str]]:
    """The glossary is reference data for the municipality's lawyer, one file per language (it is never printed
    in a document, so it is not a catalogue of messages)."""
    return yaml.safe_load((templates_dir() / "glossary" / f"{language}.yaml").read_text(encoding="utf-8"))


def _document_words(language: str) -> list[str]:
    """Every message the documents print, in a language: the English message ids, or their Danish translations."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / "da" / "LC_MESSAGES" / "documents.po").open("rb") as stream:
        catalogue = read_po(stream)
    words: list[str] = []
    for message in catalogue:
        if message.id:
            texts = message.string if language == "da" else message.id
            words += list(texts) if isinstance(texts, tuple) else [texts]
    return words


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_glossary_term_is_used_and_has_a_source(language: str) -> None:
    used = " ".join(_document_words(language)).lower()
    entries = _glossary(language)
    assert len(entries) >= 25
    for entry in entries:
        assert set(entry) == {"term", "meaning", "source"}, entry
        assert entry["term"].lower() in used, entry["term"]
        assert entry["meaning"].strip() and entry["source"].strip(), entry["term"]
        assert re.search(r"§|arts?\.|artikel|Article|C-\d+/\d+|KFST|chapter|kapitel|afsnit|Annex|bilag",
                         entry["source"]), entry


def test_the_two_glossaries_cover_the_same_number_of_terms() -> None:
    assert len(_glossary("da")) == len(_glossary("en")) + 1  # "i fællesskab ansvarlige" and "udbudsansvarlig"


def test_no_template_prints_the_outdated_wording() -> None:
    outdated_wording = ("Varekøb:", "ansvarlig ordregiver og", "Tærskel for succes", "Maksimal pris",
                        "ansøgning om prækvalifikation", "Det viste markedsdialogen", "Vurderet ikke nødvendig",
                        "er ingen betingelse", "no condition for tendering", "Tender published")
    for language in ("da", "en"):
        for text in _document_words(language):
            for outdated in outdated_wording:
                assert outdated not in text, (language, outdated)
