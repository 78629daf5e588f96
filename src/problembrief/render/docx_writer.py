"""Stage 5: Markdown to Word, in the styles of a reference .docx.

The Markdown is read into a syntax tree (markdown_tree.py: the templates' Markdown read there, anything else by
markdown-it-py); `DocxWriter` has one `render_<node type>` method per node type (as MyST-Parser does), so an
unknown node is reported, never silently dropped. The body is written as WordprocessingML text and parsed once,
with the document around it, when it is complete.
Styles are resolved once, by style id (Danish Word renames "Heading 1" to "Overskrift 1"; python-docx's
lookup by name is slow) with the built-in name as a fallback for templates made in other languages.

Templates give the writer a few directives as HTML comments on a line of their own, which user text can
never produce (every `<` in a value is escaped): `<!-- pagebreak -->`, `<!-- toc: Title -->` and
`<!-- gantt -->` before a timeline table. Links arrive the same way, as `<pb-link href="…">` tags (see
`markdown.link_markdown`), so an address never passes through Markdown.

Limits, so that a hostile Word template (`--reference-docx`) cannot exhaust memory: the file may be at most
20 MB (`MAX_TEMPLATE_BYTES`), its zip may hold at most 1,000 members (`MAX_TEMPLATE_MEMBERS`) declaring at
most 100 MB unpacked in all (`MAX_TEMPLATE_UNPACKED`), and no member over 1 MB may be compressed more than
200 to 1 (`MAX_COMPRESSION_RATIO`). The zip reader never unpacks more than a member declares, so the
declared sizes bound the work.
"""

from __future__ import annotations

import datetime
import functools
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.package import Unmarshaller
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.package import Package
from docx.shared import Cm, Emu
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from problembrief.errors import TemplateError
from problembrief.i18n import _, translate_in
from problembrief.render import ooxml
from problembrief.render.markdown import DIRECTIVE, LINK_END, fold_line_breaks, link_target
from problembrief.render.markdown_tree import Node, parse_markdown
from problembrief.render.timeline import BAR, MILESTONE

_LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}
_HEADING_STYLES = {"h1": "Title", "h2": "Heading1", "h3": "Heading2", "h4": "Heading3"}
_TEXT_WIDTH_CM = 16.0
_HEADER_FILL = "DCE3EE"
_BAR_FILL = "1F3864"
# Rough width of one character of 9.5 pt table text, and the cell's left and right margins.
_CHAR_CM = 0.19
_PADDING_CM = 0.45
_KEEP_TOGETHER_ROWS = 12
_GANTT_LABEL_CM = 4.6
_TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_DRAFT_COLOR = "C00000"
_PAGE_FIELD_NAMES = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
_PAGE_FIELDS = re.compile(r"(\{page\}|\{pages\})")

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_MEMBERS = 1_000
MAX_TEMPLATE_UNPACKED = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECKED_FROM = 1024 * 1024  # small parts (a styles.xml of repeated runs) may compress very well


@dataclass(frozen=True)
class DocumentInfo:
    """What Word shows under File > Info, plus the language for spell-checking."""

    title: str
    language: str
    subject: str = ""
    author: str = ""
    keywords: list[str] = field(default_factory=list)
    created: datetime.datetime | None = None
    # Built with --force from a brief with errors: the cover, the page header and the properties say so.
    draft: bool = False


def brief_document_info(brief: Any, subject: str, *, date: datetime.date | None,
                        keywords: list[str] | None = None, draft: bool = False) -> DocumentInfo:
    """The properties of a document made from a brief: its title, language and lead authority, and a creation
    time fixed at noon of `date` (none without one), so that a file is the same at every build."""
    return DocumentInfo(title=brief.brief.title, language=brief.language.value, subject=subject,
                        author=brief.lead_authority.name, keywords=keywords or [],
                        created=datetime.datetime.combine(date, datetime.time(12, 0)) if date else None,
                        draft=draft)


def write_docx(markdown_text: str, info: DocumentInfo, reference: Path | None = None) -> tuple[bytes, list[str]]:
    """Markdown as a Word file, and the writer's warnings: in the styles of `reference` (a municipality's own
    template), with the built-in reference.docx supplying any style it lacks, or the built-in one alone."""
    from problembrief.render.environment import templates_dir

    built_in = templates_dir() / "reference.docx"
    writer = DocxWriter(reference or built_in, info, fallback=built_in if reference else None)
    writer.write(markdown_text)
    return writer.to_bytes(), writer.warnings


class DocxWriter:
    """Writes one Markdown document into a copy of the reference .docx."""

    def __init__(self, reference: Path, info: DocumentInfo, *, fallback: Path | None = None) -> None:
        self.document = _open(reference)
        self.info = info
        self.warnings: list[str] = []
        self._styles = ooxml.resolve_styles(self.document, _open(fallback) if fallback else None)
        # Looked up for every paragraph and cell: python-docx reads a style's id from its XML on each call.
        self._style_ids = {key: style.style_id for key, style in self._styles.items()}
        self._numbering = ooxml.Numbering(self.document)
        self._after_title = False
        # The body's blocks as WordprocessingML, parsed in one go when the document is complete (`_flush`):
        # parsing each paragraph and table on its own cost more than all the rest of the writing.
        self._pending: list[str | _Paragraph] = []
        self._last_paragraph: _Paragraph | None = None
        self._toc: _Paragraph | None = None
        self._headings: list[tuple[int, _Paragraph]] = []
        self._gantt_next = False
        # A page break waits for the paragraph after it, which then starts the page (`pageBreakBefore`): a break
        # paragraph of its own lands on a page of its own when what comes before it fills the page exactly.
        self._break_before = False
        # The writer's own words, from the catalogues in the document's language: a user's templates cannot
        # drop the draft mark.
        self._draft_words = translate_in(info.language, "DRAFT – contains errors")
        # Translators: the page numbers in the footer; {page} and {pages} become Word's PAGE and NUMPAGES fields
        self._page_words = translate_in(info.language, "Page {page} of {pages}")
        self._clear_body()
        # The section properties stay the body's last element: every block goes in before them.
        self._section = self.document.element.body.find(qn("w:sectPr"))

    # -- public -----------------------------------------------------------------------------
    def write(self, markdown_text: str) -> None:
        self._set_language()
        self._set_properties()
        self._set_header_and_footer()
        for node in parse_markdown(markdown_text).children:
            self.render(node)
        self._flush()
        if self._toc is not None:
            self._fill_toc()
        if self.info.draft:
            self._mark_draft()

    def to_bytes(self) -> bytes:
        return ooxml.package_bytes(self.document)

    # -- dispatch ---------------------------------------------------------------------------
    def render(self, node: Node) -> None:
        method = getattr(self, f"render_{node.type}", None)
        if method is None:
            line = node.map[0] + 1 if node.map else "?"
            self.warnings.append(_("Markdown line {line}: no Word rendering for `{kind}`; kept as text").format(
                line=line, kind=node.type))
            self._plain_fallback(node)
            return
        method(node)

    def render_heading(self, node: Node) -> None:
        style_id = _HEADING_STYLES.get(node.tag, "Heading3")
        paragraph = self._add_paragraph(style_id, _first(node))
        self._after_title = style_id == "Title"
        if style_id in ("Heading1", "Heading2"):
            self._headings.append((int(style_id[-1]), paragraph))

    def render_paragraph(self, node: Node) -> None:
        # By convention the paragraph straight after the document title is its subtitle.
        style_id = "Subtitle" if self._after_title else "Normal"
        self._after_title = False
        self._add_paragraph(style_id, _first(node))

    def render_bullet_list(self, node: Node, depth: int = 0) -> None:
        self._list(node, "ListBullet", depth)

    def render_ordered_list(self, node: Node, depth: int = 0) -> None:
        self._list(node, "ListNumber", depth)

    def render_html_block(self, node: Node) -> None:
        match = DIRECTIVE.match(node.content.strip())
        name, argument = (match.group(1), match.group(2) or "") if match else ("", "")
        if name == "pagebreak":
            self._page_break()
        elif name == "toc":
            self._insert_toc(argument)
        elif name == "gantt":
            self._gantt_next = True
        else:
            line = node.map[0] + 1 if node.map else "?"
            self.warnings.append(_("Markdown line {line}: unknown directive {directive}; left out").format(
                line=line, directive=repr(node.content.strip())))

    def render_hr(self, node: Node) -> None:
        self._page_break()

    def render_table(self, node: Node) -> None:
        self._after_title = False
        if self._break_before:  # a table cannot start a page by itself: an empty paragraph does it
            self._add_paragraph("Normal")
        gantt, self._gantt_next = self._gantt_next, False
        rows = [row for part in node.children for row in part.children]
        if not rows:
            return
        # The heading or sentence that introduces a table stays on its page.
        if self._last_paragraph is not None:
            self._last_paragraph.keep_with_next()
        header, *body = rows
        # A header row of empty cells marks a table of label/value facts: no header row in Word.
        facts = not gantt and all(not _plain_text(cell).strip() for cell in header.children)
        md_rows = body if facts else rows
        columns = len(header.children)
        texts = [[_plain_text(c) for c in row.children] for row in md_rows]
        widths = [_twips(w) for w in (_gantt_widths(columns) if gantt else _column_widths(texts, columns))]
        # Short tables are kept on one page; long ones may break between rows, never inside one.
        keep_together = len(md_rows) <= _KEEP_TOGETHER_ROWS
        side = 40 if gantt else 90
        xml = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_id("TableGrid")}"/>'
               '<w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/><w:tblCellMar>'
               f'<w:top w:w="40" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
               f'<w:bottom w:w="40" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
        xml += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        xml.append("</w:tblGrid>")
        cell_style = self.style_id("TableText")
        for row_index, md_row in enumerate(md_rows):
            is_header = not facts and row_index == 0
            keep_next = keep_together and row_index < len(md_rows) - 1
            xml.append("<w:tr><w:trPr><w:cantSplit/>" + ('<w:tblHeader w:val="true"/>' if is_header else "")
                       + "</w:trPr>")
            for col_index, md_cell in enumerate(md_row.children):
                text = texts[row_index][col_index]
                fill, center, runs = None, False, ""
                if gantt and col_index > 0:
                    center = True
                    if is_header:
                        fill, runs = _HEADER_FILL, _run_xml(text, bold=True, size=7)
                    elif text == BAR:
                        fill = _BAR_FILL
                    elif text == MILESTONE:
                        runs = _run_xml(MILESTONE, size=9)
                else:
                    label = is_header or (facts and col_index == 0)
                    fill = _HEADER_FILL if label else None
                    runs = self._runs(_first(md_cell), bold=label)
                shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[col_index]}" w:type="dxa"/>{shading}</w:tcPr>'
                           + _paragraph_xml(cell_style, runs, keep_next=keep_next, center=center) + "</w:tc>")
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        self._pending.append("".join(xml))
        # An empty paragraph keeps two tables in a row from merging and gives air below (no space after it).
        self._add_paragraph("Normal", space_after_zero=True)
        self._last_paragraph = None

    # -- helpers ----------------------------------------------------------------------------
    def style(self, style_id: str) -> BaseStyle:
        try:
            return self._styles[style_id]
        except KeyError:
            raise TemplateError(_("the reference Word file has no style `{style}` (built-in name {name})").format(
                style=style_id, name=repr(ooxml.BUILT_IN_NAMES.get(style_id, style_id)))) from None

    def style_id(self, key: str) -> str:
        """The id, in the document, of the style the writer calls `key` (its built-in id)."""
        found = self._style_ids.get(key)
        return found if found is not None else self.style(key).style_id

    def _add_paragraph(self, style_id: str, inline: Node | None = None, *,
                       num_id: int | None = None, space_after_zero: bool = False, text: str = "") -> _Paragraph:
        """A body paragraph built as XML (python-docx's per-property setters are slow), with the runs of `inline`
        or a run of plain `text` as python-docx's `add_run(text)` makes it."""
        runs = self._runs(inline) if inline else ""
        plain = not text or _PLAIN_RUN_TEXT.fullmatch(text) is not None
        if text and plain:
            runs += _text_run(text)
        paragraph = _Paragraph(self.style_id(style_id), runs, num_id=num_id, page_break_before=self._break_before,
                               space_after_zero=space_after_zero)
        self._pending.append(paragraph)
        self._break_before = False
        self._last_paragraph = paragraph
        if not plain:
            # A tab, a line break or a character XML cannot hold: python-docx's own run, as before.
            self._flush()
            Paragraph(paragraph.element, self.document._body).add_run(text)
        return paragraph

    def _flush(self) -> None:
        """The pending blocks into the body, in order, parsed as one piece of XML."""
        if not self._pending:
            return
        blocks, self._pending = self._pending, []
        xml = "".join(block if isinstance(block, str) else block.xml() for block in blocks)
        elements = self._parse_with_document(xml, len(blocks))
        if elements is None:
            elements = list(parse_xml(f"<w:body {_NS}>{xml}</w:body>"))
            for element in elements:
                self._append(element)
        for block, element in zip(blocks, elements, strict=True):
            if isinstance(block, _Paragraph):
                block.element = element

    def _parse_with_document(self, xml: str, count: int) -> list[Any] | None:
        """The document part parsed again with the blocks in its body, when the body holds nothing else yet: the
        blocks' elements, or None to put them in one by one. Moving thousands of parsed elements into another
        tree costs lxml as much as parsing them; parsing them where they belong costs nothing more."""
        root = self.document.element
        body = root.body
        if len(body) != (0 if self._section is None else 1):
            return None  # blocks put in before (a paragraph python-docx wrote itself): they keep their elements
        mark = etree.ProcessingInstruction(_BODY_MARK)
        if self._section is not None:
            self._section.addprevious(mark)
        else:
            body.append(mark)
        shell = etree.tostring(root, encoding="unicode")
        body.remove(mark)
        before, found, after = shell.partition(etree.tostring(mark, encoding="unicode"))
        if not found or _BODY_MARK in after:
            return None
        new_root = parse_xml(before + xml + after)
        part = self.document.part
        part._element = new_root  # python-docx's XmlPart keeps its XML here (and serialises it on saving)
        if part.element is not new_root:  # a python-docx that keeps it elsewhere: the old way
            part._element = root
            return None
        self.document = Document(new_root, part)
        self._section = new_root.body.find(qn("w:sectPr"))
        elements = list(new_root.body)[:count]
        assert len(new_root.body) == count + (self._section is not None)
        return elements

    def _append(self, element):  # type: ignore[no-untyped-def]
        if self._section is not None:
            self._section.addprevious(element)
        else:
            self.document.element.body.append(element)
        return element

    def _set_style(self, paragraph: Paragraph, style_id: str) -> None:
        # Straight to w:pStyle: python-docx's `paragraph.style =` scans every style for the default on each call.
        paragraph._p.style = self.style_id(style_id)

    def _page_break(self) -> None:
        self._break_before = True
        self._last_paragraph = None

    def _insert_toc(self, title: str) -> None:
        if title:
            self._add_paragraph("TOCHeading", text=title)
        self._toc = self._add_paragraph("Normal")
        self._last_paragraph = None

    def _fill_toc(self) -> None:
        """A real TOC field. Its cached result lists the headings already, so the entries are there even in
        a reader that does not recompute fields; Word and LibreOffice add the page numbers on opening."""
        assert self._toc is not None and self._toc.element is not None
        anchor = Paragraph(self._toc.element, self.document._body)
        headings = [(level, paragraph.text()) for level, paragraph in self._headings]
        if headings and not any(set(text) & set("\t\r\n") for _level, text in headings):
            # The entries as XML in one go: what python-docx's paragraph and run calls below make, without them.
            last = len(headings) - 1
            xml = [f"<w:body {_NS}>"]
            for index, (level, text) in enumerate(headings):
                field = _TOC_BEGIN if index == 0 else ""
                end = _FIELD_END if index == last else ""
                xml.append(f'<w:p><w:pPr><w:pStyle w:val="{self.style_id(f"TOC{level}")}"/></w:pPr>{field}'
                           f"{_text_run(text)}{end}</w:p>")
            xml.append("</w:body>")
            for entry in list(parse_xml("".join(xml))):
                anchor._p.addprevious(entry)
            anchor._p.getparent().remove(anchor._p)
            ooxml.update_fields_on_open(self.document)
            return
        entries = []
        for level, text in headings:
            entry = anchor.insert_paragraph_before()
            self._set_style(entry, f"TOC{level}")
            entries.append((entry, text))
        if not entries:
            ooxml.begin_complex_field(anchor, _TOC_FIELD)
            ooxml.end_complex_field(anchor)
        else:
            ooxml.begin_complex_field(entries[0][0], _TOC_FIELD)
            for paragraph, text in entries:
                paragraph.add_run(text)
            ooxml.end_complex_field(entries[-1][0])
            anchor._p.getparent().remove(anchor._p)
        ooxml.update_fields_on_open(self.document)

    def _list(self, node: Node, base_style: str, depth: int) -> None:
        self._after_title = False
        style_id = base_style if depth == 0 else f"{base_style}{min(depth + 1, 3)}"
        # Each numbered list starts again at 1: a new numbering instance per list.
        num_id = self._numbering.restart(self.style(style_id)) if base_style == "ListNumber" else None
        for item in node.children:
            for child in item.children:
                if child.type == "paragraph":
                    self._add_paragraph(style_id, _first(child), num_id=num_id)
                elif child.type in ("bullet_list", "ordered_list"):
                    getattr(self, f"render_{child.type}")(child, depth + 1)
                else:
                    self.render(child)

    def _runs(self, inline: Node | None, *, bold: bool = False, italic: bool = False) -> str:
        """The runs of an inline node as WordprocessingML."""
        if inline is None:
            return ""
        children = inline.children
        if len(children) == 1 and children[0].type == "text":  # most cells and paragraphs: one run of text
            return _run_xml(children[0].content, bold=bold, italic=italic)
        out = []
        index = 0
        while index < len(children):
            node = children[index]
            index += 1
            kind = node.type
            if kind == "html_inline" and (url := link_target(node.content)) is not None:
                # The text up to the closing tag is the address again, for readers of the Markdown only.
                while index < len(children) and not (children[index].type == "html_inline"
                                                     and children[index].content == LINK_END):
                    index += 1
                index += 1
                out.append(self._address(url, bold=bold, italic=italic))
            elif kind in ("text", "code_inline"):
                out.append(_run_xml(node.content, bold=bold, italic=italic))
            elif kind == "softbreak":
                out.append(_run_xml(" "))
            elif kind == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
            elif kind in ("strong", "em"):
                out.append(self._runs(node, bold=bold or kind == "strong", italic=italic or kind == "em"))
            elif kind == "link":
                out.append(self._hyperlink(str(node.attrs.get("href", "")), _plain_text(node)))
            else:
                self.warnings.append(_("no Word rendering for inline `{kind}`; kept as text").format(kind=kind))
                out.append(_run_xml(_plain_text(node), bold=bold, italic=italic))
        return "".join(out)

    def _address(self, url: str, *, bold: bool, italic: bool) -> str:
        """A hyperlink whose text and target are the address as typed; plain text where it cannot be one."""
        if _linkable(url):
            return self._hyperlink(url, url)
        return _run_xml(fold_line_breaks(url), bold=bold, italic=italic)

    def _hyperlink(self, url: str, text: str) -> str:
        rel_id = self.document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return (f'<w:hyperlink r:id="{rel_id}"><w:r><w:rPr><w:rStyle w:val="{self.style_id("Hyperlink")}"/>'
                f'</w:rPr><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:hyperlink>')

    def _plain_fallback(self, node: Node) -> None:
        text = _plain_text(node)
        if text.strip():
            self._add_paragraph("Normal", text=text)

    def _clear_body(self) -> None:
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    def _set_language(self) -> None:
        tag = _LANGUAGE_TAGS[self.info.language]
        styles_root = self.document.styles.element
        defaults = styles_root.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles_root.insert(0, defaults)
        rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
        lang = _child(rpr, "w:lang")
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)

    def _set_properties(self) -> None:
        props = self.document.core_properties
        # The package format allows 255 characters per property; a long title is shortened, not an error.
        props.title = _property(self.info.title)
        props.subject = _property(self.info.subject)
        props.author = _property(self.info.author)
        props.last_modified_by = _property(self.info.author)
        keywords = list(self.info.keywords)
        if self.info.draft:
            # Readers that list documents by status or keyword (SharePoint, a file browser) see it too.
            props.content_status = _property(self._draft_words)
            keywords.insert(0, self._draft_words)
        props.keywords = _property(", ".join(dict.fromkeys(keywords)))
        props.language = _LANGUAGE_TAGS[self.info.language]
        props.comments = ""
        # A fixed time (the brief's date, else a constant) keeps the file the same from build to build.
        props.created = props.modified = self.info.created or datetime.datetime(2000, 1, 1)
        props.revision = 1

    def _set_header_and_footer(self) -> None:
        section = self.document.sections[0]
        # Each look at a header's paragraphs or content finds its part again (XPath queries): once each here.
        header_part, footer_part = section.header, section.footer
        paragraphs = header_part.paragraphs
        header = paragraphs[0] if paragraphs else header_part.add_paragraph()
        if not _has_content(header_part):  # a municipality's own template keeps its own header
            header.text = _INVALID_XML.sub("", fold_line_breaks(self.info.title))
            self._set_style(header, "Header")
        paragraphs = footer_part.paragraphs
        footer = paragraphs[0] if paragraphs else footer_part.add_paragraph()
        if not _has_content(footer_part):
            self._set_style(footer, "Footer")
            footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for part in _PAGE_FIELDS.split(self._page_words):
                if part in _PAGE_FIELD_NAMES:
                    ooxml.add_field(footer, _PAGE_FIELD_NAMES[part])
                elif part:
                    footer.add_run(part)

    def _mark_draft(self) -> None:
        """The draft mark first on the cover and first in the page header, in a colour that cannot be missed."""
        words = self._draft_words
        body = self.document.element.body
        body[0].addprevious(parse_xml(_paragraph_xml(self.style("DraftMark").style_id, _run_xml(words), ns=True)))
        header = self.document.sections[0].header._element
        mark = parse_xml(_paragraph_xml(self.style("Header").style_id,
                                        _run_xml(words, bold=True, color=_DRAFT_COLOR), ns=True))
        first = header.find(qn("w:p"))
        if first is not None:
            first.addprevious(mark)
        else:
            header.append(mark)


_NS = nsdecls("w", "r")
# Text that python-docx's `add_run(text)` puts into one w:t, which `_text_run` then writes the same: no tab or
# line break (python-docx makes elements of those), nothing XML 1.0 cannot hold (python-docx refuses it).
_PLAIN_RUN_TEXT = re.compile("[^\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]*")


class _Paragraph:
    """A body paragraph waiting to be parsed with the others (`DocxWriter._flush`), then its element."""

    __slots__ = ("element", "keep_next", "num_id", "page_break_before", "runs", "space_after_zero", "style_id")

    def __init__(self, style_id: str, runs: str, *, num_id: int | None, page_break_before: bool,
                 space_after_zero: bool) -> None:
        self.style_id, self.runs, self.num_id = style_id, runs, num_id
        self.page_break_before, self.space_after_zero = page_break_before, space_after_zero
        self.keep_next = False
        self.element: Any = None

    def keep_with_next(self) -> None:
        if self.element is None:
            self.keep_next = True
        else:
            _keep_with_next(self.element)

    def xml(self) -> str:
        return _paragraph_xml(self.style_id, self.runs, keep_next=self.keep_next, num_id=self.num_id,
                              page_break_before=self.page_break_before, space_after_zero=self.space_after_zero)

    def text(self) -> str:
        """The paragraph's text as python-docx's `Paragraph.text` reads it: the text of its runs, and of the runs in
        its hyperlinks, with their tabs and line breaks (read here without python-docx's XPath queries)."""
        return "".join(_run_text(child) if child.tag == _RUN else
                       "".join(_run_text(run) for run in child if run.tag == _RUN)
                       for child in self.element if child.tag in _RUN_OR_HYPERLINK)


_RUN, _HYPERLINK = qn("w:r"), qn("w:hyperlink")
_RUN_OR_HYPERLINK = frozenset((_RUN, _HYPERLINK))
# The children of a run that python-docx's `CT_R.text` reads, each element class saying its own text.
_RUN_TEXT_TAGS = frozenset(qn(f"w:{name}") for name in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))
# Marks the body's place in the document while it is written out and parsed again (`_parse_with_document`).
_BODY_MARK = "problembrief-body"


def _run_text(run: Any) -> str:
    return "".join(str(child) for child in run if child.tag in _RUN_TEXT_TAGS)


# A complex field's begin (marked dirty, so readers recompute it), its instruction, its separator; and its end.
_TOC_BEGIN = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
              f'<w:r><w:instrText xml:space="preserve"> {_TOC_FIELD} </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
_FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    # As xml.sax.saxutils.escape, whose import (urllib, http, email) cost more than a whole document's escaping.
    return _INVALID_XML.sub("", text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _run_xml(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
             color: str | None = None) -> str:
    # Child order of w:rPr follows the schema: b, i, color, sz.
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if color:
        props += f'<w:color w:val="{color}"/>'
    if size:
        props += f'<w:sz w:val="{int(size * 2)}"/>'
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    if text and "\t" not in text:
        return f'<w:r>{props}<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>'
    # A tab inside w:t is not a tab to Word: it is a w:tab element of its own.
    content = "<w:tab/>".join(f'<w:t xml:space="preserve">{_xml_text(part)}</w:t>' if part else ""
                              for part in text.split("\t"))
    return f"<w:r>{props}{content}</w:r>"


def _keep_with_next(p: Any) -> None:
    """As python-docx's `paragraph_format.keep_with_next = True` on a paragraph of _paragraph_xml: w:keepNext
    right after w:pStyle, the first child of w:pPr, unless it is there already."""
    properties = p[0]
    if properties.find(_KEEP_NEXT) is None:
        properties.insert(1, OxmlElement("w:keepNext"))


_KEEP_NEXT = qn("w:keepNext")


def _text_run(text: str) -> str:
    """A run of plain text as python-docx's `add_run(text)` makes it (text without tabs or line breaks): the
    w:t keeps its spaces where the text starts or ends with one."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:r><w:t{space}>{_xml_text(text)}</w:t></w:r>" if text else "<w:r/>"


def _linkable(url: str) -> bool:
    """A web or mail address without spaces, line breaks or invisible characters (a right-to-left override
    would make the text say one address and the link go to another)."""
    scheme = next((s for s in _LINK_SCHEMES if url[: len(s)].lower() == s), None)
    return (scheme is not None and len(url) > len(scheme)
            and not any(unicodedata.category(c)[0] in "CZ" for c in url))


def _paragraph_xml(style_id: str, runs: str, *, keep_next: bool = False, center: bool = False,
                   num_id: int | None = None, ns: bool = False, page_break_before: bool = False,
                   space_after_zero: bool = False) -> str:
    # Child order of w:pPr follows the schema: pStyle, keepNext, pageBreakBefore, numPr, spacing, jc.
    props = f'<w:pStyle w:val="{style_id}"/>' + ("<w:keepNext/>" if keep_next else "")
    props += "<w:pageBreakBefore/>" if page_break_before else ""
    if num_id is not None:
        props += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    if space_after_zero:
        props += '<w:spacing w:after="0"/>'
    if center:
        props += '<w:jc w:val="center"/>'
    return f"<w:p{' ' + _NS if ns else ''}><w:pPr>{props}</w:pPr>{runs}</w:p>"


def _property(text: str, limit: int = 255) -> str:
    text = _INVALID_XML.sub("", fold_line_breaks(text))
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _first(node: Node) -> Node | None:
    """The inline content of a block (a heading, a paragraph, a table cell)."""
    return node.children[0] if node.children else None


def _twips(length: int) -> int:
    return round(Emu(length).twips)


@functools.lru_cache(maxsize=8)
def _package_bytes(path: str, mtime_ns: int) -> bytes:
    """A template's bytes, read once per batch (keyed on its time stamp, so an edited template is read again),
    and checked against the limits before python-docx unpacks anything."""
    data = Path(path).read_bytes()
    if len(data) > MAX_TEMPLATE_BYTES:  # it grew since it was measured
        raise TemplateError(_("the Word template is larger than the limit of {limit} MB").format(
            limit=MAX_TEMPLATE_BYTES // 2**20), path=path)
    _check_package(path, data)
    return data


def _check_package(path: str, data: bytes) -> None:
    """Refuse a zip bomb: too many members, too much declared unpacked data, or an absurd compression ratio."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise TemplateError(_("cannot open the Word template: not a Word file ({reason})").format(reason=exc),
                            path=path) from exc
    if len(members) > MAX_TEMPLATE_MEMBERS:
        raise TemplateError(_("the Word template has {count:,} parts, more than the limit of {limit:,}").format(
            count=len(members), limit=MAX_TEMPLATE_MEMBERS), path=path)
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_TEMPLATE_UNPACKED:
        raise TemplateError(_("the Word template unpacks to {size:,} bytes, more than the limit of {limit} MB").format(
            size=unpacked, limit=MAX_TEMPLATE_UNPACKED // 2**20), path=path)
    for member in members:
        if (member.file_size > _RATIO_CHECKED_FROM
                and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)):
            raise TemplateError(_("the Word template's part {part} is compressed more than {ratio} to 1 (a zip bomb?)")
                                .format(part=repr(member.filename), ratio=MAX_COMPRESSION_RATIO), path=path)


def _open(path: Path) -> Document:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TemplateError(_("cannot open the Word template: {reason}").format(reason=exc.strerror or exc),
                            path=path) from exc
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError(_("the Word template is {size:,} bytes, larger than the limit of {limit} MB").format(
            size=size, limit=MAX_TEMPLATE_BYTES // 2**20), path=path)
    try:
        mtime_ns = path.stat().st_mtime_ns
        data = _package_bytes(str(path), mtime_ns)
    except OSError as exc:
        raise TemplateError(_("cannot open the Word template: {reason}").format(reason=exc.strerror or exc),
                            path=path) from exc
    try:
        # What docx.Document(file) does, with the package's zip read once per template, not once per document.
        package = Package()
        Unmarshaller.unmarshal(_package_reader(str(path), mtime_ns, data), package, PartFactory)
        document_part = package.main_document_part
        if document_part.content_type != CT.WML_DOCUMENT_MAIN:
            return docx.Document(io.BytesIO(data))  # python-docx refuses it, in its own words
        return document_part.document
    except Exception as exc:  # python-docx raises several kinds for a missing or broken package
        raise TemplateError(_("cannot open the Word template: {reason}").format(reason=exc), path=path) from exc


def _package_reader(path: str, mtime_ns: int, data: bytes) -> PackageReader:
    return _kept_reader(path, mtime_ns) or PackageReader.from_file(io.BytesIO(data))


@functools.lru_cache(maxsize=4)
def _kept_reader(path: str, mtime_ns: int) -> PackageReader | None:
    """A template's package as python-docx reads it from the zip (the parts' bytes and their relationships), which
    it builds each document from without changing it: kept, like the template's bytes, for a batch, `--watch` and
    the form's server, which open the same template again and again. None for a large one (more than
    `_READER_KEPT_BYTES` unpacked), which is read for each document instead of held in memory."""
    reader = PackageReader.from_file(io.BytesIO(_package_bytes(path, mtime_ns)))
    unpacked = sum(len(blob) for *_names, blob in reader.iter_sparts())
    return reader if unpacked <= _READER_KEPT_BYTES else None


_READER_KEPT_BYTES = 8 * 1024 * 1024


def _has_content(part) -> bool:  # type: ignore[no-untyped-def]
    """Text, a picture (a logo) or a field in a header or footer."""
    element = part._element
    return bool("".join(element.itertext()).strip()) or element.find(".//" + qn("w:drawing")) is not None


def _child(parent, tag: str):  # type: ignore[no-untyped-def]
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _plain_text(node: Node) -> str:
    kind = node.type
    if kind in ("text", "code_inline"):
        return node.content
    if kind == "softbreak":
        return " "
    children = node.children
    if len(children) == 1:  # a cell's inline, an inline's one text: no join
        return _plain_text(children[0])
    return "".join(map(_plain_text, children))


def _column_widths(rows: list[list[str]], columns: int) -> list[int]:
    """Share the text width so that no word is broken and long text gets the room.

    Each column first gets room for its longest word; what is left goes to the columns whose
    longest cell would still wrap, weighted by the square root of the missing room.
    """
    minimum, wanted = [], []
    for col in range(columns):
        cells = [row[col] for row in rows if col < len(row)] or [""]
        # The cells' words are the words of the cells joined with a space.
        longest_word = max(map(len, " ".join(cells).split()), default=1)
        longest_cell = max(map(len, cells))
        minimum.append(min(longest_word, 30) * _CHAR_CM + _PADDING_CM)
        wanted.append(min(longest_cell, 90) * _CHAR_CM + _PADDING_CM)
    spare = _TEXT_WIDTH_CM - sum(minimum)
    if spare <= 0:
        return [Cm(width) for width in _cut_widest(minimum, _TEXT_WIDTH_CM)]
    extra = [math.sqrt(max(w - m, 0.0)) for w, m in zip(wanted, minimum, strict=True)]
    total_extra = sum(extra) or 1.0
    return [Cm(m + spare * e / total_extra) for m, e in zip(minimum, extra, strict=True)]


def _cut_widest(widths: list[float], total: float) -> list[float]:
    """Too many long words to fit: the widest columns are cut down to one common width until the table fits,
    so that short words (an id, a name, "omsorgsjournalen") keep their room and only the longest words
    ("databeskyttelsesforordningens") break. Scaling every wide column alike broke the short ones too."""
    remaining, left = total, len(widths)
    for width in sorted(widths):
        if width * left > remaining:  # this column and every wider one share what is left
            cap = remaining / left
            return [min(w, cap) for w in widths]
        remaining -= width
        left -= 1
    return list(widths)


def _gantt_widths(columns: int) -> list[int]:
    periods = max(columns - 1, 1)
    return [Cm(_GANTT_LABEL_CM)] + [Cm((_TEXT_WIDTH_CM - _GANTT_LABEL_CM) / periods)] * periods
