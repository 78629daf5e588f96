"""The Word document: every section of the format reaches it, in the right styles, in Danish formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from helpers import EXAMPLES, all_text, headings, paragraphs, table_texts

FULL = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre.yaml")


@pytest.fixture(scope="module")
def full_document(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    from typer.testing import CliRunner

    from problembrief.cli import app

    out = tmp_path_factory.mktemp("full") / "fald.docx"
    result = CliRunner().invoke(app, ["build", str(FULL), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return docx.Document(str(out))


def _rows(document: docx.document.Document, first_cell: str) -> list[list[str]]:
    return [row for table in table_texts(document) for row in table if row[0] == first_cell]


def _row(document: docx.document.Document, first_cell: str) -> list[str]:
    """The first table row whose first cell is `first_cell`."""
    rows = _rows(document, first_cell)
    assert rows, f"no table row starts with {first_cell!r}"
    return rows[0]


def test_cover_has_title_subtitle_and_facts(full_document: docx.document.Document) -> None:
    styled = paragraphs(full_document)
    assert styled[0] == ("Title", "Færre fald om natten på plejecentre")
    assert styled[1] == ("Subtitle", "Behovsbeskrivelse – bilag til udbudsmaterialet")
    assert _row(full_document, "Ordregivere")[1] == "Vejle Kommune, Fredericia Kommune, Kolding Kommune"
    assert _row(full_document, "Sagsnummer")[1] == "2026-014"
    assert _row(full_document, "Version")[1] == "1.10"
    assert _row(full_document, "Dato")[1] == "20. januar 2027"
    assert _row(full_document, "Status")[1] == "I høring"
    assert _row(full_document, "Kontaktperson")[1].startswith("Mette Kjær Andersen, Sundhed og Omsorg")
    assert _row(full_document, "E-mail")[1] == "mette.kjaer@vejle.dk"
    assert _row(full_document, "Telefon")[1] == "+45 76 81 00 00"


def test_every_chapter_is_a_heading_1(full_document: docx.document.Document) -> None:
    chapters = [text for style, text in paragraphs(full_document) if style == "Heading1"]
    assert chapters == ["Ordregivere", "Problemet", "Målgruppen", "Ønskede resultater", "Rammer",
                        "Data og behandlingsgrundlag", "Afprøvning (proof of concept)", "Plan for opskalering", "Udbud",
                        "Markedsdialog", "Risici", "Etiske dilemmaer", "Referencer"]


def test_problem_with_evidence(full_document: docx.document.Document) -> None:
    text = all_text(full_document)
    assert "Beboere på vores plejecentre falder ofte om natten" in text
    assert _row(full_document, "Fald om natten registreret i omsorgsjournalen")[1:] == [
        "312 fald i 2025", "Omsorgsjournalen, udtræk januar 2026"]
    bullets = [t for s, t in paragraphs(full_document) if s == "ListBullet"]
    assert "Beboere med demens husker ikke at kalde på hjælp." in bullets
    assert "Fald om dagen og i eget hjem." in bullets
    # Two paragraphs of background stay two paragraphs
    assert any(t.startswith("Nattevagterne dækker i dag") for s, t in paragraphs(full_document))


def test_target_group_and_involvement(full_document: docx.document.Document) -> None:
    text = all_text(full_document)
    assert "Målgruppen omfatter 430 beboere i faldrisiko" in text
    assert _row(full_document, "Nattevagter (social- og sundhedsassistenter)") == [
        "Nattevagter (social- og sundhedsassistenter)", "95",
        "Få og præcise alarmer; Alarmer på den telefon, de allerede bærer"]
    assert _row(full_document, "Ældrerådene i de tre kommuner")[2] == "november 2026"


def test_outcomes_table_with_danish_numbers_and_dates(full_document: docx.document.Document) -> None:
    row = _row(full_document, "O1 Færre fald om natten")
    assert row[1] == "Antal registrerede fald mellem kl. 22 og kl. 7 pr. 100 beboere pr. år"
    assert row[2] == "25,2 fald pr. 100 beboere (31. december 2025; kilde: Omsorgsjournalen)"
    assert row[3] == "Højst 18 fald pr. 100 beboere senest 30. juni 2030 (indgår i betalingen)"
    assert row[4].startswith("Kvartalsvis udtræk")
    assert _row(full_document, "O3 Færre falske alarmer")[2].startswith("4,1 alarmer")
    assert "Betalingen er helt eller delvis knyttet til resultaterne O1 og O2." in all_text(full_document)


def test_data_assets_with_legal_basis_for_development_and_operation(
        full_document: docx.document.Document) -> None:
    d2 = _row(full_document, "D2")
    assert "artikel 9, stk. 2, litra h" in d2[3]
    assert "serviceloven § 128 b" in d2[3] and "ældreloven (lov nr. 1651 af 30. december 2024)" in d2[3]
    assert "Serviceloven § 83" not in all_text(full_document)  # replaced by ældreloven since 1 July 2025
    assert _row(full_document, "D1")[4] == "Ikke vurderet særskilt"
    assert "D2 Sensordata og alarmlog fra beboernes boliger" in headings(full_document)
    assert _row(full_document, "Databehandleraftale")[1] == "Ja"
    assert _row(full_document, "Konsekvensanalyse vedrørende databeskyttelse (DPIA)")[1].startswith("Gennemført")


def test_poc_and_scale_up(full_document: docx.document.Document) -> None:
    assert _row(full_document, "Periode")[1] == "1. februar 2028 – 31. juli 2028"
    assert _row(full_document, "Budget")[1] == "1.200.000 kr. (inkl. installation og oplæring)"
    assert ["O2 Hurtigere hjælp efter fald", "Mediantid til hjælp under 15 minutter"] in _rows(
        full_document, "O2 Hurtigere hjælp efter fald")
    assert _row(full_document, "Beslutning om videreførelse")[1] == (
        "Den fælles styregruppe for de tre kommuner, 15. september 2028")
    assert _row(full_document, "Fase 2") == ["Fase 2", "1. september 2029", "Alle plejeboliger", "1.240 boliger"]
    assert _row(full_document, "Indkøbsvej")[1] == "Innovationspartnerskab"
    assert _row(full_document, "Finansiering af drift")[1].startswith("2.200.000 kr. (pr. år), finansieret af")
    assert _row(full_document, "Maksimale omkostninger ved indkøb efter udviklingsfasen")[1].startswith("9.500.000 kr.")
    for label in ("Ansvarlig for drift", "Oplæring", "Integration", "Immaterielle rettigheder", "Exitstrategi",
                  "Øvrige interesserede ordregivere", "Beslutningskriterier"):
        assert _row(full_document, label)[1]


def test_procurement_dialogue_risks_ethics_references(full_document: docx.document.Document) -> None:
    assert _row(full_document, "Anslået værdi (ekskl. moms)")[1].startswith("15.300.000 kr. (i alt over 48 måneder")
    assert _row(full_document, "Kontraktperiode")[1] == "48 måneder"
    assert _row(full_document, "Pris") == ["Pris", "30 %", "–"]
    assert _row(full_document, "Frist for indledende tilbud")[1] == "28. maj 2027"
    assert _row(full_document, "Tilmeldingsfrist")[1] == "30. november 2026"
    numbered = [t for s, t in paragraphs(full_document) if s == "ListNumber"]
    assert numbered[0] == "Hvordan kan fald opdages hurtigt uden at krænke beboerens privatliv?"
    text = all_text(full_document)
    assert "Referater af informationsmødet" in text and "Syv leverandører deltog i informationsmødet" in text
    assert _row(full_document, "Beboere eller pårørende siger nej til at deltage")[1:3] == ["Middel", "Middel"]
    assert "Pårørende og værge inddrages" in text
    assert "KL, Velfærdsteknologi på ældreområdet: https://www.kl.dk" in [p.text for p in full_document.paragraphs]


def test_header_rows_repeat_and_core_properties(full_document: docx.document.Document) -> None:
    outcome_table = next(t for t in full_document.tables if t.rows[0].cells[0].text == "Resultat")
    assert outcome_table.rows[0]._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    props = full_document.core_properties
    assert (props.title, props.author, props.language) == (
        "Færre fald om natten på plejecentre", "Vejle Kommune", "da-DK")


def test_absent_optional_sections_leave_no_headings(write_brief: Callable[..., Path],
                                                    build: Callable[[Path], docx.document.Document]) -> None:
    document = build(write_brief())
    assert [t for s, t in paragraphs(document) if s == "Heading1"] == [
        "Problemet", "Målgruppen", "Ønskede resultater", "Udbud"]
    assert headings(document) == ["Problemet", "Målgruppen", "Ønskede resultater", "Udbud"]


SPECIAL = "Pris | kvalitet # 1 - <b>fed</b> & *stjerne* _kursiv_ [link](x) \\ `kode`"


def test_special_characters_reach_the_document_literally(
        write_brief: Callable[..., Path], build: Callable[[Path], docx.document.Document]) -> None:
    path = write_brief(extra=f"""\
        risks:
          - description: '{SPECIAL}'
            mitigation: '- starter med bindestreg'
        ethics:
          - dilemma: '# ikke en overskrift'
            handling: '1. ikke en liste'
        constraints:
          - description: '| hele | rækken |'
        """)
    document = build(path)
    assert _row(document, SPECIAL) == [SPECIAL, "–", "–", "- starter med bindestreg", "–"]
    assert _row(document, "# ikke en overskrift") == ["# ikke en overskrift", "1. ikke en liste"]
    assert _row(document, "–")[1] == "| hele | rækken |"
    assert "Etiske dilemmaer" in headings(document)
    assert "ikke en overskrift" not in " ".join(headings(document))


def test_title_with_markup_characters(write_brief: Callable[..., Path],
                                      build: Callable[[Path], docx.document.Document]) -> None:
    from helpers import MINIMAL

    path = write_brief(MINIMAL.replace("title: Færre fald om natten", "title: 'Fald & <uro> | *nat*'"))
    document = build(path)
    assert paragraphs(document)[0] == ("Title", "Fald & <uro> | *nat*")


def test_references_are_real_hyperlinks(full_document: docx.document.Document) -> None:
    from docx.oxml.ns import qn

    links = full_document.element.body.iter(qn("w:hyperlink"))
    targets = [full_document.part.rels[link.get(qn("r:id"))].target_ref for link in links]
    assert targets == ["https://www.kl.dk", "https://www.kfst.dk"]


def test_single_authority_has_its_cvr_on_the_cover(write_brief: Callable[..., Path],
                                                   build: Callable[[Path], docx.document.Document]) -> None:
    from helpers import MINIMAL

    document = build(write_brief(MINIMAL.replace("role: lead", "role: lead\n    cvr: '01234567'")))
    assert _row(document, "Ordregiver") == ["Ordregiver", "Vejle Kommune"]
    assert _row(document, "CVR-nummer") == ["CVR-nummer", "01234567"]
    assert "Ordregivere" not in headings(document)


def test_consequence_without_a_figure_shows_its_unit(write_brief: Callable[..., Path],
                                                     build: Callable[[Path], docx.document.Document]) -> None:
    # found by the property test: a unit without a figure stopped the render
    from helpers import MINIMAL

    consequence = "  consequences:\n    - {statement: Mange fald, unit: fald om natten}\n"
    path = write_brief(MINIMAL.replace("  summary: Beboere", consequence + "  summary: Beboere"))
    assert _row(build(path), "Mange fald") == ["Mange fald", "fald om natten", "–"]
