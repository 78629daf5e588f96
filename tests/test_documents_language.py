"""One template per document for every language (issue 10): the words come from the "documents" catalogue.

Both languages render the same skeleton from the one template; with the pseudo-locale every word of a document
that is not the brief's own text, a number or a date is wrapped in ⟦…⟧, so none escapes the catalogues; a
user's folder of templates may override a template for every language or for one."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from helpers import EXAMPLES
from problembrief import i18n
from problembrief.errors import TemplateError
from problembrief.model import Brief, Language
from problembrief.pipeline import check_file
from problembrief.render.docx_writer import DocumentInfo, DocxWriter
from problembrief.render.environment import (
    document_subtitle,
    make_environment,
    render_document,
    render_template,
    templates_dir,
)

FULL = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre.yaml")


def _brief(path: Path = FULL, language: str | None = None) -> Brief:
    brief = check_file(path).brief
    assert brief is not None
    return brief.model_copy(update={"language": Language(language)}) if language else brief


def _word(brief: Brief, kind: str, *, draft: bool = False) -> docx.document.Document:
    language = brief.language.value
    info = DocumentInfo(title=brief.brief.title, language=language, subject=document_subtitle(brief, kind, language),
                        draft=draft)
    writer = DocxWriter(templates_dir() / "reference.docx", info)
    writer.write(render_document(brief, kind))
    assert writer.warnings == []
    return docx.Document(io.BytesIO(writer.to_bytes()))


def _skeleton(document: docx.document.Document) -> list[str]:
    """The shape of a document: its heading levels, tables (with their size) and lists, in order."""
    shape = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            style = block.pPr.pStyle.val if block.pPr is not None and block.pPr.pStyle is not None else "Normal"
            if style.startswith(("Heading", "Title", "TOC", "List")):
                shape.append(style)
        elif block.tag == qn("w:tbl"):
            rows = block.findall(qn("w:tr"))
            shape.append(f"table {len(rows)}x{len(rows[0].findall(qn('w:tc')))}")
    return shape


def test_one_template_per_document() -> None:
    folder = templates_dir()
    assert sorted(p.name for p in folder.glob("*.j2")) == ["dialogue.md.j2", "macros.md.j2", "tender.md.j2"]
    # no template of a language of its own (the round's documents have folders of their own, one template each)
    assert [p for p in folder.glob("*/*.j2") if p.parent.name in ("da", "en")] == []
    assert not (folder / "da" / "labels.yaml").exists()  # the labels are messages of the catalogue


@pytest.mark.parametrize("kind", ["tender", "dialogue"])
def test_both_languages_render_the_same_skeleton_from_the_one_template(kind: str) -> None:
    danish, english = _word(_brief(language="da"), kind), _word(_brief(language="en"), kind)
    assert _skeleton(danish) == _skeleton(english)
    assert len(_skeleton(danish)) > 40
    headings_da = [p.text for p in danish.paragraphs if p.style.style_id == "Heading1"]
    headings_en = [p.text for p in english.paragraphs if p.style.style_id == "Heading1"]
    assert len(headings_da) == len(headings_en) and set(headings_da).isdisjoint(headings_en)


def test_the_document_speaks_the_briefs_language_whatever_the_tool_speaks() -> None:
    with i18n.language("en"):
        danish = render_document(_brief(language="da"), "tender")
    with i18n.language("da"):
        english = render_document(_brief(language="en"), "tender")
    assert "## Problemet" in danish and "## The problem" in english
    assert i18n.current_language() == "en"


# -- the pseudo-locale ---------------------------------------------------------------------------------------

_WRAPPED = re.compile(f"{i18n.PSEUDO_OPEN}[^{i18n.PSEUDO_OPEN}{i18n.PSEUDO_CLOSE}]*{i18n.PSEUDO_CLOSE}")


def _user_texts(value: Any) -> list[str]:
    """Every string the brief's author typed (and the pieces the templates cut from them), longest first."""
    found: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            for child in item.values():
                walk(child)
        elif isinstance(item, list | tuple):
            for child in item:
                walk(child)
        elif isinstance(item, str):
            text = " ".join(item.split())
            found.update({text, text.rstrip("."), text[3:]})
            found.update(" ".join(p.split()) for p in re.split(r"\n\s*\n", item))
            found.update(part.strip() for part in text.split("(") if part.strip())

    walk(value)
    return sorted((t for t in found if t), key=len, reverse=True)


def _texts(document: docx.document.Document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    section = document.sections[0]
    texts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    texts += [document.core_properties.subject, document.core_properties.content_status]
    return texts


def _escaped(text: str, user: re.Pattern[str]) -> str:
    """What is left of a text without its translated messages, the brief's own words, numbers and dates."""
    while _WRAPPED.search(text):  # messages nest: a label inside a sentence
        text = _WRAPPED.sub(" ", text)
    text = user.sub(" ", text)
    return text if re.search(r"[^\W\d_]", text) else ""


def _user_pattern(brief: Brief) -> re.Pattern[str]:
    """The brief's own texts as whole words (so that a short value does not hide a word of the template)."""
    values = "|".join(re.escape(value) for value in _user_texts(brief.model_dump(mode="json")))
    return re.compile(rf"(?<!\w)(?:{values})(?!\w)")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("language", ["da", "en"])
def test_pseudo_locale_no_word_of_a_document_escapes_the_catalogues(path: Path, language: str) -> None:
    brief = _brief(path, language)
    user = _user_pattern(brief)
    kinds = ["tender", "dialogue"] if brief.market_dialogue else ["tender"]
    with i18n.pseudo():
        documents = [_word(brief, kind, draft=True) for kind in kinds]
    leaks = {left.strip() for document in documents for text in _texts(document) if (left := _escaped(text, user))}
    assert leaks == set()
    # and the check finds a word that did not pass through the catalogues
    footer = documents[0].sections[0].footer.paragraphs[0].text
    assert footer.startswith(i18n.PSEUDO_OPEN) and _escaped(footer.strip("⟦⟧"), user)


# -- a user's templates ---------------------------------------------------------------------------------------


def _render(brief: Brief, folder: Path) -> str:
    return render_document(brief, "tender", templates=folder)


def test_a_user_template_at_the_top_of_the_folder_serves_every_language(tmp_path: Path) -> None:
    (tmp_path / "tender.md.j2").write_text(
        '{% import "macros.md.j2" as m %}# {{ brief.brief.title }}\n\n'
        '{{ _("The problem") }}: {{ m.authority_noun(brief) }}\n',
        encoding="utf-8")
    assert "Problemet: Ordregiverne" in _render(_brief(language="da"), tmp_path)
    assert "The problem: The contracting authorities" in _render(_brief(language="en"), tmp_path)


def test_a_user_template_in_a_language_folder_serves_that_language_only(tmp_path: Path) -> None:
    (tmp_path / "da").mkdir()
    (tmp_path / "da" / "tender.md.j2").write_text(
        '{% import "da/macros.md.j2" as m %}# Vores egen\n\n{{ m.outcomes_table(brief) }}\n', encoding="utf-8")
    danish = _render(_brief(language="da"), tmp_path)
    assert danish.startswith("# Vores egen") and "| Resultat | Indikator |" in danish
    english = _render(_brief(language="en"), tmp_path)
    assert "# Vores egen" not in english and "## The problem" in english  # the built-in template


def test_the_language_folder_comes_before_the_top_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "da").mkdir()
    (tmp_path / "tender.md.j2").write_text("# Top\n", encoding="utf-8")
    (tmp_path / "da" / "tender.md.j2").write_text("# Dansk\n", encoding="utf-8")
    assert _render(_brief(language="da"), tmp_path) == "# Dansk\n"
    assert _render(_brief(language="en"), tmp_path) == "# Top\n"


def test_a_user_may_override_the_macros_and_keep_the_built_in_documents(tmp_path: Path) -> None:
    built_in = (templates_dir() / "macros.md.j2").read_text(encoding="utf-8")
    (tmp_path / "macros.md.j2").write_text(built_in.replace('{{ _("Contents") }}', "Vores indhold"),
                                           encoding="utf-8")
    assert "<!-- toc: Vores indhold -->" in _render(_brief(language="da"), tmp_path)


def test_the_old_names_with_a_language_folder_still_find_the_one_template() -> None:
    env = make_environment("da")
    danish = render_template(env, "da/tender.md.j2", brief=_brief(language="da"))
    assert danish == render_document(_brief(language="da"), "tender")


def test_an_error_in_a_users_template_is_said_in_the_tools_language(tmp_path: Path) -> None:
    (tmp_path / "tender.md.j2").write_text("# Titel\n\n{{ no_such_value.field }}\n", encoding="utf-8")
    with i18n.language("en"), pytest.raises(TemplateError) as caught:
        _render(_brief(language="da"), tmp_path)
    assert "template uses an undefined value" in caught.value.message
    with i18n.language("da"), pytest.raises(TemplateError) as caught:
        _render(_brief(language="en"), tmp_path)
    assert "skabelonen bruger en værdi, der ikke er defineret" in caught.value.message
