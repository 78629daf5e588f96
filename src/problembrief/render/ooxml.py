"""Small pieces of WordprocessingML that python-docx has no API for: fields, shading, numbering, settings,
style resolution, and a byte-stable package."""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle, StyleFactory
from docx.text.paragraph import Paragraph

# Built-in style names (as Word stores them in w:name) for the style ids the writer uses. A template made
# in a Danish or German Word has localised style ids ("Overskrift1") but keeps these names.
BUILT_IN_NAMES = {
    "Normal": "normal", "Title": "title", "Subtitle": "subtitle", "Heading1": "heading 1",
    "Heading2": "heading 2", "Heading3": "heading 3", "ListBullet": "list bullet",
    "ListBullet2": "list bullet 2", "ListBullet3": "list bullet 3", "ListNumber": "list number",
    "ListNumber2": "list number 2", "ListNumber3": "list number 3", "TableGrid": "table grid",
    "Header": "header", "Footer": "footer", "Hyperlink": "hyperlink", "TOCHeading": "toc heading",
    "TOC1": "toc 1", "TOC2": "toc 2", "TableText": "table text", "DraftMark": "draft mark",
}


def resolve_styles(document: Document, fallback: Document | None) -> dict[str, BaseStyle]:
    """Every style the writer needs, by style id: the document's own (by id, else by built-in name), else a
    copy of the fallback document's, so a municipality's template keeps its look and still has them all."""
    # Read from the styles' XML: python-docx's style objects, made for each of a template's many styles on
    # every document, cost more than the rest of opening it. They are made for the styles found.
    elements = _style_elements(document)
    by_id = {element.styleId: element for element in elements}
    by_name = {str(element.name_val or "").lower(): element for element in elements}
    resolved: dict[str, BaseStyle] = {}
    for style_id, name in BUILT_IN_NAMES.items():
        style = by_id.get(style_id)
        if style is None:
            style = by_name.get(name)
        if style is None and fallback is not None:
            source = next((e for e in _style_elements(fallback) if e.styleId == style_id), None)
            if source is not None:
                document.styles.element.append(copy.deepcopy(source))
                style = next(e for e in _style_elements(document) if e.styleId == style_id)
        if style is not None:
            resolved[style_id] = StyleFactory(style)
    return resolved


# The values of w:type that python-docx knows; another value makes it raise, as reading every style did.
_STYLE_TYPES = frozenset((None, "paragraph", "character", "table", "numbering"))


def _style_elements(document: Document) -> list[Any]:
    elements = document.styles.element.style_lst
    for element in elements:
        if element.get(_TYPE) not in _STYLE_TYPES:
            element.type  # noqa: B018  (python-docx's own error for a style type it does not know)
    return elements


_TYPE = qn("w:type")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A simple field (PAGE, NUMPAGES …) whose result Word and LibreOffice compute when they show it."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _fld_char(kind: str) -> Any:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # ask the reader to recompute it when the file opens
    run.append(char)
    return run


def begin_complex_field(paragraph: Paragraph, instruction: str) -> None:
    paragraph._p.append(_fld_char("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    paragraph._p.append(run)
    paragraph._p.append(_fld_char("separate"))


def end_complex_field(paragraph: Paragraph) -> None:
    paragraph._p.append(_fld_char("end"))


def update_fields_on_open(document: Document) -> None:
    """w:updateFields: Word (after asking) and LibreOffice recompute fields such as the TOC when opening."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        settings.append(element)


class Numbering:
    """New numbering instances, so that each numbered list starts again at 1."""

    def __init__(self, document: Document) -> None:
        self._part = document.part.numbering_part
        self._root = self._part.element

    def restart(self, style: BaseStyle) -> int | None:
        """A new w:num for the abstract numbering of a list style, restarting at 1; None if the style has none."""
        num_pr = style.element.pPr.find(qn("w:numPr")) if style.element.pPr is not None else None
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is None:
            return None
        current = next((n for n in self._root.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val"))),
                       None)
        if current is None:
            return None
        abstract = current.find(qn("w:abstractNumId")).get(qn("w:val"))
        new_id = max(int(n.get(qn("w:numId"))) for n in self._root.findall(qn("w:num"))) + 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(new_id))
        abstract_ref = OxmlElement("w:abstractNumId")
        abstract_ref.set(qn("w:val"), abstract)
        num.append(abstract_ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self._root.append(num)
        return new_id


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def package_bytes(document: Document) -> bytes:
    """The .docx with a fixed time stamp on every zip entry, so the same brief gives the same bytes, written
    in one pass (saving with python-docx and rewriting the zip would compress everything twice)."""
    package = document.part.package
    parts = sorted(package.iter_parts(), key=lambda part: str(part.partname))
    overrides = "".join(f'<Override PartName="{part.partname}" ContentType="{part.content_type}"/>'
                        for part in parts)
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{_CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("[Content_Types].xml"), content_types.encode("utf-8"))
        archive.writestr(_entry("_rels/.rels"), package.rels.xml)
        for part in parts:
            archive.writestr(_entry(part.partname.membername), part.blob)
            if len(part.rels):
                archive.writestr(_entry(part.partname.rels_uri.membername), part.rels.xml)
    return out.getvalue()
