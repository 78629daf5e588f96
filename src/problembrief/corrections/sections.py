"""Where a change stands in the document: the section names of the tender brief, in the language in force.

The names are the document's headings (templates/tender.md.j2), kept here under the context "section" so that
they never replace the documents' own translations: "Problemet › Baggrund", "Udbud › Tidsplan".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from problembrief.i18n import pgettext
from problembrief.load import LoadedBrief, Path_
from problembrief.render import labels

# A top-level key, or a (key, sub-key) pair: its section name(s), looked up in the language in force.
_SECTIONS: dict[tuple[str, ...], Callable[[], str]] = {
    ("schema_version",): lambda: pgettext("section", "Cover page"),
    ("language",): lambda: pgettext("section", "Cover page"),
    ("brief",): lambda: pgettext("section", "Cover page"),
    ("contact",): lambda: pgettext("section", "Cover page"),
    ("authorities",): lambda: pgettext("section", "Contracting authorities"),
    ("problem",): lambda: pgettext("section", "The problem"),
    ("problem", "background"): lambda: pgettext("section", "Background"),
    ("problem", "current_practice"): lambda: pgettext("section", "How the problem is handled today"),
    ("problem", "consequences"): lambda: pgettext("section", "Consequences"),
    ("problem", "root_causes"): lambda: pgettext("section", "Causes"),
    ("problem", "tried_before"): lambda: pgettext("section", "What has been tried, and what we learnt"),
    ("problem", "out_of_scope"): lambda: pgettext("section", "Out of scope"),
    ("target_group",): lambda: pgettext("section", "The target group"),
    ("target_group", "characteristics"): lambda: pgettext("section", "Characteristics"),
    ("target_group", "needs"): lambda: pgettext("section", "Needs"),
    ("target_group", "users"): lambda: pgettext("section", "Users of a future solution"),
    ("target_group", "involvement"): lambda: pgettext("section", "Involvement of citizens and staff"),
    ("outcomes",): lambda: pgettext("section", "Outcomes sought"),
    ("constraints",): lambda: pgettext("section", "Constraints"),
    ("data",): lambda: pgettext("section", "Data and legal basis for processing"),
    ("poc",): lambda: pgettext("section", "Proof of concept"),
    ("poc", "success_criteria"): lambda: pgettext("section", "Success criteria"),
    ("scale_up",): lambda: pgettext("section", "Plan for scaling up"),
    ("scale_up", "phases"): lambda: pgettext("section", "Phases"),
    ("procurement",): lambda: pgettext("section", "Procurement"),
    ("procurement", "options"): lambda: pgettext("section", "Options and other contracting authorities' use of "
                                                            "the contract"),
    ("procurement", "award_criteria"): lambda: pgettext("section", "Award criterion"),
    ("procurement", "evaluation_method"): lambda: pgettext("section", "Evaluation method"),
    ("procurement", "innovation_partnership"): lambda: pgettext("section", "The innovation partnership"),
    ("procurement", "timeline"): lambda: pgettext("section", "Timeline"),
    ("market_dialogue",): lambda: pgettext("section", "Market dialogue"),
    ("market_dialogue", "events"): lambda: pgettext("section", "Meetings and activities"),
    ("market_dialogue", "questions_for_suppliers"): lambda: pgettext("section", "Questions for suppliers"),
    ("market_dialogue", "equal_treatment"): lambda: pgettext("section", "Equal treatment and transparency"),
    ("market_dialogue", "confidentiality"): lambda: pgettext("section", "Confidentiality"),
    ("market_dialogue", "findings"): lambda: pgettext("section", "Outcome of the market dialogue"),
    ("risks",): lambda: pgettext("section", "Risks"),
    ("ethics",): lambda: pgettext("section", "Ethical dilemmas"),
    ("references",): lambda: pgettext("section", "References"),
}
SEPARATOR = " › "


def section_name(parts: Path_) -> str:
    """`Problemet › Baggrund` for `problem.background`; the chapter alone where a sub-key has no section of
    its own; "Not in the document" for a key the document does not show (`lint_ignore`)."""
    if not parts or not isinstance(parts[0], str):
        return pgettext("section", "Whole brief")
    chapter = _SECTIONS.get((parts[0],))
    if chapter is None:
        return pgettext("section", "Not in the document")
    names = [chapter()]
    if len(parts) > 1 and isinstance(parts[1], str):
        sub = _SECTIONS.get((parts[0], parts[1]))
        if sub is not None:
            names.append(sub())
    return SEPARATOR.join(names)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def item_label(loaded: LoadedBrief, parts: Path_) -> str | None:
    """The item of a list a change is in, as a reader knows it: "O1 Færre fald om natten", "Pris", the
    milestone "Tilbudsfrist"; None outside a list of items, or where the item has no name."""
    for depth in range(1, min(len(parts), 3) + 1):
        if isinstance(parts[depth - 1], int):
            item = loaded.value_at(parts[:depth])
            if not isinstance(item, dict):
                return None
            milestone = _text(item.get("milestone"))
            if milestone is not None:
                if milestone == "other" and _text(item.get("label")):
                    return _text(item.get("label"))
                try:
                    return labels.label("milestone", milestone)
                except KeyError:
                    return milestone
            ident = _text(item.get("id"))
            name = _text(item.get("name")) or _text(item.get("role")) or _text(item.get("title"))
            if ident and name:
                return f"{ident} {name}"
            text = ident or name or _text(item.get("description")) or _text(item.get("dilemma"))
            return text if text is None or len(text) <= 60 else text[:59].rstrip() + "…"
    return None


def where(loaded: LoadedBrief, parts: Path_) -> str:
    """The section name, and the item where there is one: "Ønskede resultater › O1 Færre fald om natten"."""
    item = item_label(loaded, parts)
    name = section_name(parts)
    return f"{name}{SEPARATOR}{item}" if item else name


__all__ = ["SEPARATOR", "item_label", "section_name", "where"]
