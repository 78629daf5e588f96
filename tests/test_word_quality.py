"""Both documents in both languages: a cover, a real TOC, header and footer fields, lists that restart, a Gantt
timeline, the document language, stable bytes, and a municipality's template. (That both languages have the
same skeleton, now from one template, is in test_documents_language.py.)"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from typer.testing import CliRunner

from helpers import EXAMPLES, MINIMAL, all_text, paragraphs
from problembrief.cli import app
from problembrief.model import Brief, Language
from problembrief.pipeline import check_file, render_docx, render_markdown
from problembrief.render.docx_writer import DocumentInfo, DocxWriter
from problembrief.render.environment import templates_dir

FULL = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre.yaml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _brief(path: Path = FULL, language: str | None = None) -> Brief:
    brief = check_file(path).brief
    assert brief is not None
    return brief.model_copy(update={"language": Language(language)}) if language else brief


def _document(brief: Brief, kind: str) -> docx.document.Document:
    data, warnings = render_docx(brief, render_markdown(brief, kind), kind)
    assert warnings == []
    return docx.Document(io.BytesIO(data))


def test_english_labels_and_formats() -> None:
    text = all_text(_document(_brief(language="en"), "tender"))
    for expected in ("The problem", "Outcomes sought", "1,240 boliger", "25.2 fald pr. 100 beboere",
                     "31 December 2025", "DKK 1,200,000 (inkl. installation og oplæring)", "1 February 2028",
                     "GDPR Article 6(1)(e) and Article 9(2)(h)", "Payment is wholly or partly linked to outcomes O1 "
                     "and O2."):
        assert expected in text, expected
    # the brief's own Danish text (a note, a title) keeps its words; the labels and formats are English
    assert "Problemet" not in text.replace("Problemet er", "")
    assert "kr." not in text.replace("1.800 kr.", "").replace("mio. kr.", "")


def test_dialogue_has_every_part_of_the_material() -> None:
    document = _document(_brief(), "dialogue")
    headings = [t for s, t in paragraphs(document) if s == "Heading1"]
    assert headings == ["Invitation og formål", "Ordregivere", "Problemet kort", "Målgruppen",
                        "Resultater, vi søger", "Hvad ligger fast, og hvad er åbent", "Sådan foregår dialogen",
                        "Spørgsmål til leverandørerne", "Vilkår for deltagelse",
                        "Ligebehandling og fortrolighed", "Efter markedsdialogen",
                        "Kontakt"]
    text = all_text(document)
    assert "Vejle Kommune, Fredericia Kommune og Kolding Kommune inviterer leverandører" in text
    assert "Løsningen bør kunne bruges af vikarer uden særlig oplæring." in text  # open wish
    assert "Tilmeldingsfrist\n30. november 2026" in text
    assert "Referater af informationsmødet" in text and "forretningshemmeligheder" in text
    assert "Billund Kommune, Horsens Kommune" in text


def test_cover_toc_header_footer_and_language() -> None:
    document = _document(_brief(), "tender")
    body = document.element.body
    # The contents and the first chapter each start a page; a page break is the next paragraph's
    # `pageBreakBefore`, never a paragraph of its own (which made a blank page when the contents filled theirs).
    starts = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert len(starts) >= 2
    assert body.findall(f".//{W}br[@{W}type='page']") == []
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in starts]
    assert texts[1] == "Ordregivere"
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert any(i.strip().startswith("TOC") for i in instructions)
    toc_entries = [t for s, t in paragraphs(document) if s == "TOC1"]
    assert toc_entries[:3] == ["Ordregivere", "Problemet", "Målgruppen"]
    assert document.settings.element.find(f"{W}updateFields").get(f"{W}val") == "true"
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Færre fald om natten på plejecentre"
    footer = section.footer.paragraphs[0]._p
    assert [f.get(f"{W}instr").strip() for f in footer.iter(f"{W}fldSimple")] == ["PAGE", "NUMPAGES"]
    assert "Side" in footer.xpath("string(.)") and " af " in footer.xpath("string(.)")
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "da-DK"
    props = document.core_properties
    assert (props.subject, props.language) == ("Behovsbeskrivelse – bilag til udbudsmaterialet", "da-DK")  # an IP
    assert "Vejle Kommune" in props.keywords and "Færre fald om natten" in props.keywords


def test_english_document_language_and_footer() -> None:
    document = _document(_brief(language="en"), "dialogue")
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-GB"
    assert document.sections[0].footer.paragraphs[0]._p.xpath("string(.)").startswith("Page 1 of 1")


def test_gantt_timeline_is_shaded_across_periods() -> None:
    document = _document(_brief(), "tender")
    gantt = next(t for t in document.tables if t.rows[0].cells[0].text == "Forløb")
    assert [c.text for c in gantt.rows[0].cells[1:4]] == ["4. kvt. 2026", "1. kvt. 2027", "2. kvt. 2027"]
    tender_row = next(r for r in gantt.rows if r.cells[0].text == "Udbud")
    fills = [c._tc.tcPr.find(f"{W}shd").get(f"{W}fill") if c._tc.tcPr.find(f"{W}shd") is not None else None
             for c in tender_row.cells[1:]]
    assert fills[:5] == [None, "1F3864", "1F3864", "1F3864", None]
    decision = next(r for r in gantt.rows if r.cells[0].text == "Beslutning om opskalering")
    assert [c.text for c in decision.cells[1:]].count("◆") == 1


def test_numbered_lists_restart() -> None:
    info = DocumentInfo(title="T", language="da")
    writer = DocxWriter(templates_dir() / "reference.docx", info)
    writer.write("1. a\n1. b\n\nText\n\n1. c\n1. d\n")
    items = [p for p in writer.document.paragraphs if p.style.style_id == "ListNumber"]
    ids = [p._p.pPr.numPr.numId.val for p in items]
    assert ids[0] == ids[1] != ids[2] == ids[3]
    numbering = writer.document.part.numbering_part.element
    for num_id in (ids[0], ids[2]):
        num = next(n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == str(num_id))
        assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"


def test_same_brief_gives_identical_bytes() -> None:
    brief = _brief()
    first = render_docx(brief, render_markdown(brief, "tender"), "tender")[0]
    second = render_docx(brief, render_markdown(brief, "tender"), "tender")[0]
    assert first == second
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _municipal_template(path: Path) -> Path:
    """A Word template as a Danish municipality has it: localised style ids, its own font, a header."""
    document = docx.Document()
    for style in document.styles:
        if style.style_id == "Heading1":
            style.element.set(qn("w:styleId"), "Overskrift1")
    document.styles["Normal"].font.name = "Georgia"
    document.styles["Normal"].font.size = Pt(12)
    document.sections[0].header.paragraphs[0].text = "Vejle Kommune · Sundhed og Omsorg"
    document.add_paragraph("Skabelonens egen pladsholdertekst")
    document.save(str(path))
    return path


def test_reference_docx_keeps_the_municipality_look(runner: CliRunner, tmp_path: Path) -> None:
    template = _municipal_template(tmp_path / "vejle.dotx.docx")
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["build", str(FULL), "-o", str(out), "--reference-docx", str(template)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "Vejle Kommune · Sundhed og Omsorg"
    assert document.styles["Normal"].font.name == "Georgia"
    chapters = [p for p in document.paragraphs if p.style.style_id == "Overskrift1"]
    assert chapters and chapters[0].text == "Ordregivere"
    assert "Skabelonens egen pladsholdertekst" not in all_text(document)
    assert any(p.style.style_id == "TableText" for t in document.tables for p in t.rows[0].cells[0].paragraphs)


def test_broken_reference_docx_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(app, ["build", str(FULL), "-o", str(tmp_path / "o.docx"), "--reference-docx", str(bad),
                                 "--lang", "en"])
    assert result.exit_code == 2
    assert f"{bad}: error PB005 cannot open the Word template" in result.stderr


def test_user_templates_override_and_fall_back(runner: CliRunner, write_brief: Callable[..., Path],
                                              tmp_path: Path) -> None:
    folder = tmp_path / "mine" / "da"
    folder.mkdir(parents=True)
    (folder / "tender.md.j2").write_text(
        '{% import "da/macros.md.j2" as m %}# {{ brief.brief.title }}\n\nVores egen skabelon.\n\n'
        "{{ m.outcomes_table(brief) }}\n", encoding="utf-8")
    out = tmp_path / "o.md"
    result = runner.invoke(app, ["build", str(write_brief()), "--templates", str(tmp_path / "mine"),
                                 "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Vores egen skabelon." in text and "| O1 Færre fald |" in text


@pytest.mark.parametrize(("template", "message"), [
    ("{{ brief.__class__.__mro__ }}", "refused by the sandbox"),
    ("{% if %}", "template error"),
    ("{{ no_such_value.field }}", "undefined value"),
])
def test_broken_user_template_is_a_clear_error(runner: CliRunner, write_brief: Callable[..., Path],
                                               tmp_path: Path, template: str, message: str) -> None:
    folder = tmp_path / "mine" / "da"
    folder.mkdir(parents=True)
    (folder / "tender.md.j2").write_text("# Titel\n\n" + template + "\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(write_brief()), "--templates", str(tmp_path / "mine"),
                                 "-o", str(tmp_path / "o.docx"), "--lang", "en"])
    assert result.exit_code == 2
    assert message in result.stderr and "tender.md.j2" in result.stderr
    assert not (tmp_path / "o.docx").exists()


def test_build_all_writes_both_documents_named_clearly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(FULL), "--document", "all", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # the example has a questions file beside it, so `all` includes the questions and answers
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "faldforebyggelse-plejecentre-markedsdialog.docx", "faldforebyggelse-plejecentre-spoergsmaal-og-svar.docx",
        "faldforebyggelse-plejecentre-udbud.docx"]


def test_dialogue_needs_a_market_dialogue(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["build", str(write_brief()), "--document", "dialogue", "--lang", "en"])
    assert result.exit_code == 2 and "no `market_dialogue`" in result.stderr
    result = runner.invoke(app, ["build", str(write_brief(MINIMAL)), "--document", "all", "--lang", "en"])
    assert result.exit_code == 0 and "so no dialogue material is built" in result.stderr


def test_pdf_without_libreoffice_is_a_clear_error(runner: CliRunner, write_brief: Callable[..., Path],
                                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the path
    result = runner.invoke(app, ["build", str(write_brief()), "--pdf", "-o", str(tmp_path / "o.docx"), "--lang", "en"])
    assert result.exit_code == 2
    assert "--pdf needs LibreOffice" in result.stderr


def test_when_long_words_cannot_all_fit_only_the_longest_break() -> None:
    """The data table of the fall example: ids, names and "Ja" keep their room, the two columns with
    "databeskyttelsesforordningens" are cut to share what is left (found looking at page 7, where
    "omsorgsjournale|n" broke)."""
    from problembrief.render.docx_writer import _cut_widest

    widths = _cut_widest([1.0, 4.0, 4.2, 7.0, 7.0], 20.0)
    assert widths[:3] == [1.0, 4.0, 4.2]
    assert widths[3] == widths[4] == pytest.approx((20.0 - 9.2) / 2)
    assert sum(widths) == pytest.approx(20.0)
    tighter = _cut_widest([1.0, 4.0, 4.2, 7.0, 7.0], 16.0)  # less room: the cut reaches the next widest too
    assert tighter == pytest.approx([1.0, 3.75, 3.75, 3.75, 3.75])
    assert _cut_widest([2.0, 3.0], 10.0) == [2.0, 3.0]  # nothing to cut
