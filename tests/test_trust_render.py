"""What you wrote is what the document says: the renderer's side of the promise.

A draft says so; user text never becomes structure (links, entities, line breaks); spaces and invisible
characters arrive as typed; every value the model accepts renders; a hostile Word template or template
folder ends in a TemplateError instead of eating memory or time."""

from __future__ import annotations

import datetime
import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import MINIMAL, all_text, headings
from problembrief.errors import TemplateError
from problembrief.load import load_text
from problembrief.model import Brief, Language
from problembrief.pipeline import render_docx, render_markdown
from problembrief.render.docx_writer import MAX_TEMPLATE_BYTES, DocumentInfo, DocxWriter
from problembrief.render.environment import templates_dir
from problembrief.render.markdown import fold_line_breaks
from problembrief.validate import validate

DRAFT_WORDS = {"da": "UDKAST – indeholder fejl", "en": "DRAFT – contains errors"}


def _brief(text: str = MINIMAL, language: str = "da") -> Brief:
    brief, findings = validate(load_text(text.replace("language: da", f"language: {language}")))
    assert brief is not None, findings
    return brief


def _build(brief: Brief, **options: object) -> tuple[docx.document.Document, bytes]:
    data, warnings = render_docx(brief, render_markdown(brief), **options)  # type: ignore[arg-type]
    assert warnings == []
    return docx.Document(io.BytesIO(data)), data


def _with(brief: Brief, section: str, **values: object) -> Brief:
    """The brief with some values of one section replaced, past the model's checks: the writer must be
    safe on its own, whatever the model refuses."""
    part = getattr(brief, section)
    if isinstance(part, list):
        return brief.model_copy(update={section: [part[0].model_copy(update=values)]})
    return brief.model_copy(update={section: part.model_copy(update=values)})


def _hyperlinks(document: docx.document.Document) -> list[tuple[str, str]]:
    """(text, target) of every hyperlink in the body."""
    found = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        found.append((text, document.part.rels[link.get(qn("r:id"))].target_ref))
    return found


# -- 1. a document built from a brief with errors says so ------------------------------------------------

@pytest.mark.parametrize("language", ["da", "en"])
def test_a_draft_says_so_on_its_cover_in_its_header_and_properties(language: str) -> None:
    words = DRAFT_WORDS[language]
    document, _ = _build(_brief(language=language), draft=True)
    first = document.paragraphs[0]
    assert (first.style.style_id, first.text) == ("DraftMark", words)
    assert document.paragraphs[1].style.style_id == "Title"
    assert document.sections[0].header.paragraphs[0].text == words
    props = document.core_properties
    assert props.content_status == words
    assert props.keywords.startswith(words)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_clean_build_has_no_draft_mark(language: str) -> None:
    words = DRAFT_WORDS[language]
    document, data = _build(_brief(language=language))
    assert words not in all_text(document)
    assert all(words not in p.text for p in document.sections[0].header.paragraphs)
    assert words not in (document.core_properties.keywords or "")
    assert not document.core_properties.content_status
    assert words.encode() not in b"".join(zipfile.ZipFile(io.BytesIO(data)).read(n)
                                          for n in zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_a_draft_on_a_municipalitys_template_keeps_its_header_and_gets_the_mark(tmp_path: Path) -> None:
    reference = docx.Document(str(templates_dir() / "reference.docx"))
    reference.sections[0].header.paragraphs[0].text = "Vejle Kommune"
    path = tmp_path / "vejle.docx"
    reference.save(str(path))
    document, _ = _build(_brief(), reference=path, draft=True)
    assert [p.text for p in document.sections[0].header.paragraphs] == [DRAFT_WORDS["da"], "Vejle Kommune"]
    assert document.paragraphs[0].text == DRAFT_WORDS["da"]


def test_the_writer_takes_draft_from_document_info() -> None:
    brief = _brief()
    writer = DocxWriter(templates_dir() / "reference.docx", DocumentInfo(title="T", language="da", draft=True))
    writer.write(render_markdown(brief))
    assert docx.Document(io.BytesIO(writer.to_bytes())).paragraphs[0].text == DRAFT_WORDS["da"]


# -- 2. user text never becomes structure ----------------------------------------------------------------

BREAKS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
HOSTILE_URLS = [
    *(f"https://a.dk/{b}# Overskrift{b}{b}| a | b |{b}|---|---|{b}| c | d |{b}{b}[klik](https://evil.example)"
      for b in BREAKS),
    "https://a.dk/&amp;x", "https://a.dk/&#10;x", "https://a.dk/&#x0D;x", "https://a.dk/?a=1&b=2",
    "https://a.dk/a|b", "https://a.dk/æøå", "https://a.dk/(x)", "https://a.dk/<x>", 'https://a.dk/"x"',
    "https://a.dk/%20x", "https://a.dk/a b", "https://a.dk/\u202eevil", "https://a.dk/a\\b", "https://a.dk/`x`",
    "https://a.dk/*x*_y_", "javascript:alert(1)", "HTTPS://A.DK", "mailto:a@b.dk",
]


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=range(len(HOSTILE_URLS)))
def test_an_address_is_one_link_or_plain_text_never_structure(url: str) -> None:
    plain = _brief(MINIMAL + "references:\n  - {title: Kilde, url: 'https://x.dk'}\n")
    baseline, _ = _build(plain)
    document, _ = _build(_with(plain, "references", url=url))
    assert headings(document) == headings(baseline)
    assert len(document.tables) == len(baseline.tables)
    links = _hyperlinks(document)
    linkable = url.lower().startswith(("http", "mailto")) and not any(
        c.isspace() or c in "\x0b\x0c\x85\u2028\u2029\u202e" for c in url)
    if linkable:
        assert links == [(url, url)]
    else:
        assert links == []
    items = [p.text for p in document.paragraphs if p.style.style_id == "ListBullet"]
    assert items == [f"Kilde: {fold_line_breaks(url)}"]


LITERAL = [
    "&amp;", "&#10;", "&#x0D;", "&copy; &#169; &#xA9;", "<br>", "a<br/>b", "ends with a backslash \\",
    "\\", "Serviceloven §\u00a083", "5\u202f000 kr.", "a\u2009b", "soft\u00adhyphen", "zero\u200dwidth\u200bjoin",
    "  leading", "trailing  ", "a   b", "a\tb", "\tindented", "# ikke", "1. ikke", "- ikke", "| a | b |",
    "[x](https://evil.example)", "<https://evil.example>", "**fed**", "`kode`", "x  ", "a \\\nb",
]
ONE_LINE = [f"a{b}b" for b in BREAKS] + ["a\r\n\r\nb", "a \n b"]


def _expected(value: str) -> str:
    return fold_line_breaks(value)


@pytest.mark.parametrize("value", LITERAL + ONE_LINE, ids=range(len(LITERAL + ONE_LINE)))
def test_a_value_arrives_literally_in_every_kind_of_place(value: str) -> None:
    brief = _brief(MINIMAL + "risks:\n  - {description: Risiko}\n")
    brief = _with(brief, "brief", title=value)
    brief = _with(brief, "risks", description=value, mitigation="mitigation")
    brief = _with(brief, "problem", summary=value, root_causes=[value])
    document, _ = _build(brief)
    expected = _expected(value)
    paragraphs = [(p.style.style_id, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", expected)  # a heading
    assert ("ListBullet", expected) in paragraphs  # a list item
    start = paragraphs.index(("Heading1", "Problemet")) + 1
    if "\u2029" in value or "\r\n\r\n" in value:  # long text: a new paragraph, as documented
        assert paragraphs[start:start + 2] == [("Normal", "a"), ("Normal", "b")]
    else:
        assert paragraphs[start] == ("Normal", expected)  # a paragraph
    risk_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Risiko")
    assert len(risk_table.rows) == 2  # a line break never makes a new row
    assert risk_table.rows[1].cells[0].text == expected  # a table cell
    assert document.core_properties.title.strip() == expected.strip()


def test_a_no_break_space_reaches_the_xml_as_typed() -> None:
    brief = _with(_brief(), "problem", summary="Efter Serviceloven §\u00a083 og §\u202f83 a\u2009b.")
    _, data = _build(brief)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "Serviceloven §\u00a083 og §\u202f83 a\u2009b." in xml


def test_a_tab_is_a_word_tab() -> None:
    _, data = _build(_with(_brief(), "problem", summary="før\tefter"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "før</w:t><w:tab/><w:t xml:space=\"preserve\">efter" in xml


def test_two_paragraphs_stay_two_and_a_paragraph_separator_separates() -> None:
    document, _ = _build(_with(_brief(), "problem", summary="første\nlinje\n\nanden\u2029tredje"))
    paragraphs = [(p.style.style_id, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading1", "Problemet")) + 1
    assert [text for _, text in paragraphs[start:start + 3]] == ["første linje", "anden", "tredje"]


TEXT_FIELD_VALUES = st.lists(st.one_of(
    st.sampled_from(LITERAL + ONE_LINE + ["&", "#", "|", "*", "_", "\u00a0", "\u202f", "\u2009", "\u00ad", " "]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)), min_size=1, max_size=4,
).map("".join).filter(lambda v: bool(v.strip()))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT_FIELD_VALUES)
def test_any_text_arrives_literally(value: str) -> None:
    brief = _with(_brief(MINIMAL + "risks:\n  - {description: Risiko}\n"), "risks", description=value)
    brief = _with(brief, "brief", title=value)
    document, _ = _build(brief)
    expected = _expected(value)
    assert document.paragraphs[0].text == expected
    risk_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Risiko")
    assert risk_table.rows[1].cells[0].text == expected
    assert len(risk_table.rows) == 2


# -- 4. every value the model accepts renders ------------------------------------------------------------

# Up to 15 significant digits, |value| < 10^15, up to 15 decimals: the model's bounds.
NUMBERS = st.builds(lambda digits, places: Decimal(digits).scaleb(-places),
                    st.integers(-(10**15 - 1), 10**15 - 1), st.integers(0, 15))
DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2199, 12, 31))


def _number(value: Decimal) -> str:
    return format(value, "f")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NUMBERS, NUMBERS.filter(lambda d: d >= 0), DATES, DATES, DATES, DATES, st.integers(1, 100_000))
def test_any_number_and_date_the_model_accepts_renders(baseline: Decimal, money: Decimal, first: datetime.date,
                                                       second: datetime.date, third: datetime.date,
                                                       fourth: datetime.date, size: int) -> None:
    start, end = sorted([first, second])
    text = MINIMAL.replace("baseline: {value: 25, date: 2025-12-31", f"baseline: {{value: {_number(baseline)}, "
                           f"date: {third.isoformat()}").replace("target: {value: 18, by: 2028-06-30}",
                                                                 f"target: {{value: {_number(money)}, "
                                                                 f"by: {fourth.isoformat()}}}")
    text = text.replace("  procedure: open\n", f"""\
  procedure: open
  estimated_value: {{amount: {_number(money)}}}
  timeline:
    - {{milestone: publication, date: {start.isoformat()}}}
    - {{milestone: award, date: {end.isoformat()}}}
    - {{milestone: poc_start, date: {third.isoformat()}}}
    - {{milestone: scale_up_decision, date: {fourth.isoformat()}}}
""").replace("    description: Beboere på plejecentre i faldrisiko.\n",
             f"    description: Beboere på plejecentre i faldrisiko.\n    size: {{count: {size}, unit: beboere}}\n")
    brief, findings = validate(load_text(text))
    if brief is None:  # a combination the model refuses (a rule of the format, not of the renderer)
        assert all(f.code.startswith("PB0") for f in findings)
        return
    for language in ("da", "en"):
        localized = brief.model_copy(update={"language": type(brief.language)(language)})
        for kind in ("tender", "dialogue") if brief.market_dialogue else ("tender",):
            data, warnings = render_docx(localized, render_markdown(localized, kind), kind)
            assert warnings == []
            assert docx.Document(io.BytesIO(data)).paragraphs


def test_a_timeline_of_three_hundred_years_renders_without_a_chart() -> None:
    from problembrief.render.timeline import chart

    text = MINIMAL.replace("  procedure: open\n", """\
  procedure: open
  timeline:
    - {milestone: publication, date: 1900-01-01}
    - {milestone: award, date: 2199-12-31}
    - {milestone: scale_up_decision, date: 2199-12-31}
""")
    brief = _brief(text)
    assert chart(brief) is None
    document, _ = _build(brief)
    assert "1. januar 1900" in all_text(document)


# -- 5. unbounded work ends in a TemplateError -----------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _refused_reference(path: Path) -> TemplateError:
    brief = _brief().model_copy(update={"language": Language.EN})  # the messages below are the English ones
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        render_docx(brief, render_markdown(brief), reference=path)
    assert time.monotonic() - started < 5
    assert caught.value.path == str(path)
    return caught.value


def test_a_reference_docx_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    with path.open("wb") as stream:
        stream.truncate(MAX_TEMPLATE_BYTES + 1)  # sparse: costs no disk
    assert "20 MB" in _refused_reference(path).message


def test_a_zip_bomb_as_reference_docx_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (101 * 2**20)})
    assert "100 MB" in _refused_reference(path).message


def test_a_reference_docx_with_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.docx", {f"word/p{i}.xml": b"<x/>" for i in range(1001)})
    assert "1,000" in _refused_reference(path).message


def test_a_reference_docx_compressed_beyond_reason_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "dense.docx", {"word/document.xml": b"\0" * (5 * 2**20)})
    assert "200 to 1" in _refused_reference(path).message


HOSTILE_TEMPLATES = {
    "range": "{% for i in range(10**9) %}x{% endfor %}",
    "string repetition": "{{ 'x' * 10**9 }}",
    "list repetition": "{{ ([1] * 10**9) | length }}",
    "endless recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "exponential recursion": "{% macro f(n) %}{% if n > 0 %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}"
                             "{{ f(60) }}",
    "nested loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "output": "{% for i in range(1000) %}{{ 'x' * 1000000 }}{% endfor %}",
    "doubling by ~": "{% set ns = namespace(x='x') %}{% for i in range(64) %}{% set ns.x = ns.x ~ ns.x %}"
                     "{% endfor %}{{ ns.x | length }}",
    "doubling by +": "{% set ns = namespace(x='x') %}{% for i in range(64) %}{% set ns.x = ns.x + ns.x %}"
                     "{% endfor %}",
    "doubling by a macro": "{% macro d(s) %}{{ s }}{{ s }}{% endmacro %}{% set ns = namespace(x='x') %}"
                           "{% for i in range(64) %}{% set ns.x = d(ns.x) %}{% endfor %}",
    "doubling a list": "{% set l = [1] %}{% for i in range(64) %}{% set _ = l.extend(l) %}{% endfor %}",
    "padding": "{{ 'x'.ljust(10**9) }}",
    "center": "{{ 'x' | center(10**9) }}",
    "format width": "{{ '{:>1000000000}'.format(1) }}",
    "nested format width": "{{ '{:>{}}'.format(1, 10**9) }}",
    "percent width": "{{ '%1000000000s' % 1 }}",
    "power": "{{ 10 ** (10 ** 10) }}",
    "replace": "{{ ('x' * 1000000) | replace('', 'y' * 1000000) }}",
    "join": "{{ (['y' * 1000000] * 1000000) | join }}",
    "batch": "{{ [1] | batch(10**9, 'x') | list | length }}",
    "pydantic api": "{{ brief.model_dump_json(indent=1000000) }}",
    "including itself": "{% include 'da/tender.md.j2' %}",
}


@pytest.mark.parametrize("source", HOSTILE_TEMPLATES.values(), ids=HOSTILE_TEMPLATES.keys())
def test_a_runaway_user_template_ends_in_a_template_error(source: str, tmp_path: Path) -> None:
    folder = tmp_path / "da"
    folder.mkdir()
    (folder / "tender.md.j2").write_text(source, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        render_markdown(_brief(), "tender", tmp_path)
    assert time.monotonic() - started < 8
    assert "tender.md.j2" in str(caught.value)


def test_the_built_in_templates_run_unchanged_in_the_bounded_sandbox(tmp_path: Path) -> None:
    import shutil

    from helpers import EXAMPLES

    shutil.copytree(templates_dir(), tmp_path / "templates")
    for example in EXAMPLES:
        brief = validate(load_text(example.read_text(encoding="utf-8"), example))[0]
        assert brief is not None
        for kind in ("tender", "dialogue"):
            if kind == "dialogue" and brief.market_dialogue is None:
                continue
            assert render_markdown(brief, kind, tmp_path / "templates") == render_markdown(brief, kind)


def test_a_user_template_may_still_loop_and_call(tmp_path: Path) -> None:
    folder = tmp_path / "da"
    folder.mkdir()
    (folder / "tender.md.j2").write_text(
        "{% set l = [] %}{% for i in range(1000) %}{% set _ = l.append(i) %}{% endfor %}"
        "{{ l | length }} {{ '{:,}'.format(1200000) }} {{ 'x' * 10 }} {{ brief.brief.title | upper }}",
        encoding="utf-8")
    assert render_markdown(_brief(), "tender", tmp_path) == "1000 1,200,000 xxxxxxxxxx FÆRRE FALD OM NATTEN"

