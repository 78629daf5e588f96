"""The correction sheet as a document: "Rettelsesblad nr. N" / "Corrigendum no. N", in the brief's style.

Built as Markdown (every value of the briefs escaped) and written by the same Word writer as the brief, with
the reference document's styles: the brief's title, the number, the version and date of the new brief and the
version it changes, then the changes numbered, each under the section name the document uses.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from problembrief import formatting, i18n
from problembrief.corrections.changes import ADDED, REMOVED, Change
from problembrief.corrections.sections import section_name, where
from problembrief.i18n import _, ngettext, pgettext
from problembrief.load import LoadedBrief
from problembrief.render.markdown import escape_inline, escape_paragraphs

# What the cover states already: the version and date of the new brief are not listed as changes.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ON_THE_COVER = frozenset({("brief", "version"), ("brief", "date"), ("brief", "status")})


def corrigendum_subtitle(number: int, language: str) -> str:
    """`Rettelsesblad nr. 2` / `Corrigendum no. 2`: the subtitle on the cover and in the file's properties."""
    with i18n.language(language):
        return _("Corrigendum no. {number}").format(number=number)


def _date(value: datetime.date | None, language: str) -> str | None:
    return formatting.format_date(value, language) if value else None


def _facts(pairs: list[tuple[str, Any]]) -> str:
    kept = [(k, v) for k, v in pairs if v not in (None, "")]
    lines = ["|   |   |", "|---|---|"]
    lines += [f"| {escape_inline(k)} | {escape_inline(v)} |" for k, v in kept]
    return "\n".join(lines)


def _version(brief: Any, language: str) -> str | None:
    info = brief.brief
    date = _date(info.date, language)
    if info.version and date:
        return _("version {version} of {date}").format(version=info.version, date=date)
    if info.version:
        return _("version {version}").format(version=info.version)
    return date


def _heading(change: Change, old: LoadedBrief | None, new: LoadedBrief | None) -> str:
    if new is not None and change.new_path is not None:
        return where(new, change.new_path)
    if old is not None and change.old_path is not None:
        return where(old, change.old_path)
    return section_name(change.path)


def _value(text: str | None, language: str) -> str:
    """A value in a table cell: one line, escaped; a date as the document writes dates (28. maj 2027)."""
    if not text:
        return "–"
    if _ISO_DATE.fullmatch(text.strip()):
        try:
            return escape_inline(formatting.format_date(datetime.date.fromisoformat(text.strip()), language))
        except ValueError:
            pass
    return escape_inline(text)


def _change(number: int, change: Change, old: LoadedBrief | None, new: LoadedBrief | None,
            language: str) -> list[str]:
    out = [f"### {number}. {escape_inline(_heading(change, old, new))}", ""]
    if change.kind == ADDED:
        rows = [(_("Field"), change.dotted), (_("Added"), change.new)]
    elif change.kind == REMOVED:
        rows = [(_("Field"), change.dotted), (_("Removed"), change.old)]
    else:
        rows = [(_("Field"), change.dotted), (_("Previously"), change.old), (_("Now"), change.new)]
    out += ["|   |   |", "|---|---|"]
    out += [f"| {escape_inline(label)} | {_value(text, language)} |" for label, text in rows]
    return [*out, ""]


def corrigendum_markdown(old_brief: Any, new_brief: Any, changes: list[Change], number: int, *,
                         old: LoadedBrief | None = None, new: LoadedBrief | None = None) -> str:
    """The correction sheet as Markdown, in the new brief's language. `old_brief`/`new_brief` are the validated
    briefs (model.Brief); with the loaded briefs (`old`, `new`), each change also names its item. The new
    version, date and status are on the cover (ON_THE_COVER), not among the numbered changes."""
    language = new_brief.language.value
    changes = [c for c in changes if c.path not in ON_THE_COVER]
    with i18n.language(language):
        info = new_brief.brief
        authorities = [a.name for a in new_brief.authorities]
        out = [f"# {escape_inline(info.title)}", "", escape_inline(corrigendum_subtitle(number, language)), ""]
        out += [_facts([
            (pgettext("corrigendum", "Contracting authority") if len(authorities) == 1 else
             pgettext("corrigendum", "Contracting authorities"), ", ".join(authorities)),
            (pgettext("corrigendum", "Case number"), info.reference),
            (pgettext("corrigendum", "Version"), info.version),
            (pgettext("corrigendum", "Date"), _date(info.date, language)),
            (pgettext("corrigendum", "Amends"), _version(old_brief, language)),
        ]), ""]
        heading = pgettext("corrigendum", "Changes")
        out += [f"## {escape_inline(heading)}", ""]
        if not changes:
            out += [escape_inline(_("This version makes no changes to the previous one.")), ""]
        else:
            intro = ngettext(
                "The {what} is changed at {count} point, as follows. The change is part of the procurement "
                "documents and takes precedence over the previous version.",
                "The {what} is changed at {count} points, as follows. The changes are part of the procurement "
                "documents and take precedence over the previous version.", len(changes),
            ).format(what=_("brief \"{title}\"").format(title=info.title), count=len(changes))
            out += [str(escape_paragraphs(intro)), ""]
            for index, change in enumerate(changes, 1):
                out += _change(index, change, old, new, language)
        return "\n".join(out).rstrip("\n") + "\n"


def corrigendum_docx(old_brief: Any, new_brief: Any, changes: list[Change], number: int, *,
                     old: LoadedBrief | None = None, new: LoadedBrief | None = None,
                     reference: Path | None = None, draft: bool = False) -> tuple[bytes, list[str]]:
    """The Word file as bytes and the writer's warnings: `corrigendum_markdown` written as pipeline.render_docx
    writes a brief, with the corrigendum's own subtitle as the document's subject."""
    from problembrief.render.docx_writer import brief_document_info, write_docx

    info = brief_document_info(new_brief, corrigendum_subtitle(number, new_brief.language.value),
                               date=new_brief.brief.date, keywords=[a.name for a in new_brief.authorities],
                               draft=draft)
    return write_docx(corrigendum_markdown(old_brief, new_brief, changes, number, old=old, new=new), info, reference)


__all__ = ["corrigendum_docx", "corrigendum_markdown", "corrigendum_subtitle"]
