"""The faster ways of the Word writer and the escaping (issue 14) against the slower ones they replace: the same
XML, the same text, the same bytes."""

from __future__ import annotations

import copy
import io
import os
import random
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from helpers import EXAMPLES
from problembrief.pipeline import check_file, render_docx, render_markdown
from problembrief.render import docx_writer, ooxml
from problembrief.render.docx_writer import DocumentInfo, DocxWriter, write_docx
from problembrief.render.environment import templates_dir
from problembrief.render.markdown import escape_inline
from problembrief.render.markdown_tree import parse_markdown

BUILT_IN = templates_dir() / "reference.docx"
LARGEST = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre-v2.yaml")


def _writer(reference: Path = BUILT_IN, fallback: Path | None = None) -> DocxWriter:
    return DocxWriter(reference, DocumentInfo(title="T", language="da"), fallback=fallback)


def _xml(element: object) -> bytes:
    return etree.tostring(element)


@pytest.mark.parametrize("markdown", [
    "# Plain heading", "# A <pb-link href=\"https://x.dk\">https://x.dk</pb-link> link", "# Tab\tinside",
    "# Hard  \nbreak", "# Soft\nbreak", "# *Stressed* and **bold**", "# [a link](https://example.org)",
    "# Control \x0b and \x7f characters", "# Trailing space&#x20;",
])
def test_a_paragraphs_text_is_read_as_python_docx_reads_it(markdown: str) -> None:
    writer = _writer()
    heading = parse_markdown(markdown).children[0]
    paragraph = writer._add_paragraph("Heading1", heading.children[0])
    writer._flush()
    assert paragraph.text() == Paragraph(paragraph.element, None).text  # type: ignore[arg-type]


def _document_bytes(monkeypatch: pytest.MonkeyPatch | None = None) -> bytes:
    brief = check_file(LARGEST).brief
    assert brief is not None
    if monkeypatch is not None:
        # The blocks put into the body one by one, as when python-docx wrote a paragraph of its own before.
        monkeypatch.setattr(DocxWriter, "_parse_with_document", lambda self, xml, count: None)
    data, _warnings = render_docx(brief, render_markdown(brief, "tender"), "tender", draft=True)
    return data


def test_the_body_parsed_with_its_document_is_the_body_put_in_block_by_block(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _document_bytes() == _document_bytes(monkeypatch)


@pytest.mark.parametrize("text", ["plain", " edges ", "tab\there", "line\nbreak", "cr\rhere", "nbsp\u00a0",
                                  "a & b < c > d", "del \x7f", "form \x0c feed"])
def test_a_run_of_plain_text_is_what_python_docx_makes_of_it(text: str) -> None:
    expected = docx.Document().add_paragraph()
    try:
        expected.add_run(text)
    except ValueError:  # python-docx refuses a character XML cannot hold; so does the writer
        with pytest.raises(ValueError):
            _writer()._add_paragraph("Normal", text=text)
        return
    writer = _writer()
    paragraph = writer._add_paragraph("Normal", text=text)
    writer._flush()
    runs = [_xml(child) for child in paragraph.element if child.tag == qn("w:r")]
    assert runs == [_xml(child) for child in expected._p if child.tag == qn("w:r")]


def _resolved_with_style_objects(document: docx.document.Document,
                                 fallback: docx.document.Document | None) -> dict[str, str]:
    """What resolve_styles found when it read python-docx's style objects (before issue 14)."""
    by_id = {s.style_id: s for s in document.styles}
    by_name = {str(s.element.name_val or "").lower(): s for s in document.styles}
    resolved = {}
    for style_id, name in ooxml.BUILT_IN_NAMES.items():
        style = by_id.get(style_id) or by_name.get(name)
        if style is None and fallback is not None:
            source = next((s for s in fallback.styles if s.style_id == style_id), None)
            if source is not None:
                document.styles.element.append(copy.deepcopy(source.element))
                style = next(s for s in document.styles if s.style_id == style_id)
        if style is not None:
            resolved[style_id] = style.style_id
    return resolved


def _renamed(path: Path) -> Path:
    document = docx.Document(str(BUILT_IN))
    for style in document.styles:
        if style.style_id in ("Heading1", "Title"):  # a Danish Word's ids; the built-in names stay
            style.element.set(qn("w:styleId"), "Overskrift1" if style.style_id == "Heading1" else "Titel")
    document.save(str(path))
    return path


@pytest.mark.parametrize("template", ["built-in", "python-docx default", "renamed ids"])
def test_styles_are_resolved_as_from_python_docx_style_objects(template: str, tmp_path: Path) -> None:
    if template == "built-in":
        path = BUILT_IN
    elif template == "renamed ids":
        path = _renamed(tmp_path / "renamed.docx")
    else:
        path = tmp_path / "default.docx"
        docx.Document().save(str(path))
    fallback = None if template == "built-in" else BUILT_IN
    document, expected_document = docx.Document(str(path)), docx.Document(str(path))
    resolved = ooxml.resolve_styles(document, docx.Document(str(fallback)) if fallback else None)
    expected = _resolved_with_style_objects(expected_document, docx.Document(str(fallback)) if fallback else None)
    assert {key: style.style_id for key, style in resolved.items()} == expected
    assert _xml(document.styles.element) == _xml(expected_document.styles.element)


def test_a_style_type_python_docx_does_not_know_is_still_its_error(tmp_path: Path) -> None:
    document = docx.Document(str(BUILT_IN))
    document.styles.element.style_lst[0].set(qn("w:type"), "bogus")
    with pytest.raises(ValueError):
        list(document.styles)  # what python-docx says
    with pytest.raises(ValueError):
        ooxml.resolve_styles(document, None)


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!{}#])")
_LINE_START = re.compile(r"^(\s*)([>+\-=])")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"(?:[ \t]*[\r\n\x0b\x0c\x85\u2028\u2029])+[ \t]*")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


def _escaped_step_by_step(value: str) -> str:
    """escape_inline as it was written before issue 14: every substitution, always."""
    text = _CONTROL.sub("", _LINE_BREAKS.sub(" ", value))
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#x{ord(c):X};" for c in m.group()), text)


def test_escaping_skips_only_steps_that_would_change_nothing() -> None:
    pieces = [*" \t\r\n\x0b\x0c\x85\u2028\u2029\u00a0\u2009\u202f\u3000\x00\x01\x1c\x1f\x7f\ufffe\uffff"
              "\\`*_[]<>&|~!{}#+-=.)(12345abcæøå١²", "1.", "10)", "- ", "> ", "&#x20;"]
    generator = random.Random(7)
    for _ in range(20000):
        value = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 12)))
        assert escape_inline(value) == _escaped_step_by_step(value), repr(value)


def test_a_template_is_kept_between_documents_and_read_again_when_edited(tmp_path: Path) -> None:
    """The template's package is kept between documents, keyed on its time stamp, like its bytes."""
    template = tmp_path / "template.docx"
    docx.Document(str(BUILT_IN)).save(str(template))
    info = DocumentInfo(title="T", language="da")
    first, _warnings = write_docx("Text\n", info, template)
    kept = docx_writer._kept_reader.cache_info().hits
    again, _warnings = write_docx("Text\n", info, template)
    assert again == first
    assert docx_writer._kept_reader.cache_info().hits >= kept + 2  # the template and the built-in fallback
    edited = docx.Document(str(template))
    edited.styles["Normal"].font.name = "Georgia"
    edited.save(str(template))
    stamp = template.stat().st_mtime_ns + 1_000_000_000
    os.utime(template, ns=(stamp, stamp))
    second, _warnings = write_docx("Text\n", info, template)
    assert b"Georgia" not in _styles(first) and b"Georgia" in _styles(second)


def _styles(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/styles.xml")
