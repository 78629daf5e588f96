"""The changes between two versions as text (a terminal), JSON (CI) or Markdown (a pull request comment).

Every word is in the language in force; the values are the authors' text as written. In Markdown every value
is escaped (render.markdown.escape_inline), so a brief's text can never add a link, an image or a heading to a
comment.
"""

from __future__ import annotations

import json

from problembrief.corrections.changes import ADDED, CHANGED, ESSENTIAL, REMOVED, Change, essential_warning
from problembrief.corrections.sections import section_name, where
from problembrief.i18n import _, ngettext
from problembrief.load import LoadedBrief
from problembrief.render.markdown import escape_inline

FORMATS = ("text", "json", "md")


def exit_status(changes: list[Change]) -> int:
    """As diff(1): 0 when the briefs are the same field by field, 1 when anything changed."""
    return 1 if changes else 0


def _kind(change: Change) -> str:
    return {ADDED: _("added"), REMOVED: _("removed"), CHANGED: _("changed")}[change.kind]


def _place(change: Change, old: LoadedBrief | None, new: LoadedBrief | None) -> str:
    if new is not None and change.new_path is not None:
        return where(new, change.new_path)
    if old is not None and change.old_path is not None:
        return where(old, change.old_path)
    return section_name(change.path)


def _lines(change: Change) -> str:
    old = str(change.old_line) if change.old_line is not None else "–"
    new = str(change.new_line) if change.new_line is not None else "–"
    return _("line {old} → {new}").format(old=old, new=new)


def _summary(changes: list[Change]) -> str:
    count = len(changes)
    if not count:
        return _("No changes: the two versions hold the same values.")
    essential = sum(1 for c in changes if c.essential)
    text = ngettext("{count} change", "{count} changes", count).format(count=count)
    if essential:
        text += ", " + ngettext("{count} of them essential", "{count} of them essential", essential).format(
            count=essential)
    return text


def _categories(changes: list[Change]) -> list[str]:
    return list(dict.fromkeys(c.essential for c in changes if c.essential))


def _indented(marker: str, text: str) -> list[str]:
    lines = text.splitlines() or [""]
    return [f"    {marker} {lines[0]}", *(f"      {line}" for line in lines[1:])]


def _text(changes: list[Change], old: LoadedBrief | None, new: LoadedBrief | None) -> str:
    out = [_summary(changes)]
    for number, change in enumerate(changes, 1):
        head = f"{number}. {change.dotted}: {_kind(change)} ({_lines(change)}) – {_place(change, old, new)}"
        out.append(head)
        if change.old is not None:
            out += _indented("-", change.old)
        if change.new is not None:
            out += _indented("+", change.new)
        if change.essential:
            out.append("    " + _("essential: a change to {what}").format(what=_essential_name(change)))
    categories = _categories(changes)
    if categories:
        out.append(_("warning: {text}").format(text=essential_warning(categories)))
    return "\n".join(out) + "\n"


def _essential_name(change: Change) -> str:
    return _(ESSENTIAL[change.essential]) if change.essential in ESSENTIAL else ""


def _json(changes: list[Change], old: LoadedBrief | None, new: LoadedBrief | None) -> str:
    categories = _categories(changes)
    document = {
        "old": str(old.path) if old is not None else None,
        "new": str(new.path) if new is not None else None,
        "count": len(changes),
        "essential": sum(1 for c in changes if c.essential),
        "changes": [{**c.to_dict(), "kind_text": _kind(c), "section": _place(c, old, new),
                     "essential_text": _essential_name(c) or None} for c in changes],
        "warning": essential_warning(categories) if categories else None,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str | None) -> str:
    return escape_inline(text) if text else "–"


def _markdown(changes: list[Change], old: LoadedBrief | None, new: LoadedBrief | None) -> str:
    title, warning = _("Changes to the brief"), _("Warning")
    out = [f"### {escape_inline(title)}", "", escape_inline(_summary(changes))]
    categories = _categories(changes)
    if categories:
        out += ["", f"> **{escape_inline(warning)}:** {escape_inline(essential_warning(categories))}"]
    if changes:
        headers = ["#", _("Field"), _("Section"), _("Change"), _("Old"), _("New"), _("Lines")]
        out += ["", "| " + " | ".join(escape_inline(h) for h in headers) + " |", "|" + "---|" * len(headers)]
        for number, change in enumerate(changes, 1):
            kind = _kind(change)
            if change.essential:
                essential = _("essential")
                kind = f"**{escape_inline(kind)}, {escape_inline(essential)}**"
            else:
                kind = escape_inline(kind)
            out.append(f"| {number} | {escape_inline(change.dotted)} | {_cell(_place(change, old, new))} | {kind} | "
                       f"{_cell(change.old)} | {_cell(change.new)} | {escape_inline(_lines(change))} |")
    return "\n".join(out) + "\n"


def render_changes(changes: list[Change], fmt: str = "text", *, old: LoadedBrief | None = None,
                   new: LoadedBrief | None = None) -> str:
    """The changes in `fmt` (text, json or md), in the language in force. With the loaded briefs, each change
    names its item ("O1 Færre fald om natten") beside its section, and JSON names the files."""
    if fmt == "text":
        return _text(changes, old, new)
    if fmt == "json":
        return _json(changes, old, new)
    if fmt in ("md", "markdown"):
        return _markdown(changes, old, new)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "exit_status", "render_changes"]
