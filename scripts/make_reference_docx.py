"""Build templates/reference.docx: the styles every generated document starts from.

Run it after changing the house style: `python scripts/make_reference_docx.py`. A municipality that
wants its own look passes its own Word template instead; this file only sets sensible defaults
(A4, Danish margins, readable fonts, heading hierarchy, a hyperlink style).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
ACCENT = RGBColor(0x1F, 0x38, 0x64)
DRAFT = RGBColor(0xC0, 0x00, 0x00)


# The styles the writer uses; the rest of python-docx's default template (some 150 table styles, latent
# styles, Word 2010's stylesWithEffects part) only makes every document slower to open and to write.
KEEP = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Title", "Subtitle",
        "Heading1", "Heading2", "Heading3", "Header", "Footer", "ListBullet", "ListBullet2", "ListBullet3",
        "ListNumber", "ListNumber2", "ListNumber3", "ListParagraph", "Hyperlink", "TableText", "TOCHeading", "TOC1",
        "TOC2", "Strong", "Emphasis", "DraftMark"}
UNUSED_PARTS = ("stylesWithEffects", "customXml", "webSettings")


def _slim(document: docx.document.Document) -> None:
    styles = {s.style_id: s for s in document.styles}
    keep, queue = set(), [k for k in KEEP if k in styles]
    while queue:  # keep what the kept styles are based on, linked to, or followed by
        style_id = queue.pop()
        if style_id in keep or style_id not in styles:
            continue
        keep.add(style_id)
        element = styles[style_id].element
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = element.find(qn(tag))
            if ref is not None:
                queue.append(ref.get(qn("w:val")))
    root = document.styles.element
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)
    for style_id, style in styles.items():
        if style_id not in keep:
            root.remove(style.element)
    rels = document.part.rels
    for rel_id, rel in list(rels.items()):
        if any(name in rel.reltype or name in str(rel.target_ref) for name in UNUSED_PARTS):
            del rels[rel_id]


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    for style_id, size, before in (("Heading1", 16, 18), ("Heading2", 13, 12), ("Heading3", 11.5, 10)):
        style = next(s for s in styles if s.style_id == style_id)
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True

    title = styles["Title"]
    title.font.name = "Calibri"
    title.font.size = Pt(26)
    title.font.color.rgb = ACCENT
    subtitle = styles["Subtitle"]
    subtitle.font.name = "Calibri"
    subtitle.font.size = Pt(14)
    subtitle.font.italic = False

    for style_id in ("ListBullet", "ListNumber"):
        style = next(s for s in styles if s.style_id == style_id)
        style.paragraph_format.space_after = Pt(3)

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True

    cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9.5)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0

    # Table of contents: Word uses the styles named "toc 1" and "toc 2" for the entries it generates.
    for level, indent in ((1, 0), (2, 0.5)):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.element.name_val = f"toc {level}"
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(indent)
        toc.paragraph_format.space_after = Pt(2)
        toc.font.bold = level == 1
    toc_heading = next(s for s in styles if s.style_id == "TOCHeading")
    toc_heading.font.name = "Calibri"
    toc_heading.font.size = Pt(16)
    toc_heading.font.color.rgb = ACCENT

    # The mark on a document built with --force from a brief with errors: red, framed, on the cover.
    draft = styles.add_style("Draft Mark", WD_STYLE_TYPE.PARAGRAPH)
    draft.base_style = normal
    draft.font.name = "Calibri"
    draft.font.size = Pt(16)
    draft.font.bold = True
    draft.font.color.rgb = DRAFT
    draft.paragraph_format.space_after = Pt(12)
    draft.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "12")
        border.set(qn("w:space"), "4")
        border.set(qn("w:color"), str(DRAFT))
        borders.append(border)
    draft.element.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc")

    _slim(document)

    # python-docx's default template carries a thumbnail of some other document; file browsers would show it.
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]

    props = document.core_properties
    props.author = props.last_modified_by = "problembrief"
    props.title = props.comments = ""
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(TARGET))


if __name__ == "__main__":
    main()
