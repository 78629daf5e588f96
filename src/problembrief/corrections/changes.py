"""Two versions of a brief compared by field, not by line.

The raw data of both files is walked side by side (LoadedBrief.data keeps every scalar as the text the author
typed), so a change is a value's path, its text in each file and its line in each file. Lists of items with
an `id` (outcomes, constraints, data, and any other) are matched by id, the timeline by its milestone, so
moving an item is no change and a changed item is reported where it changed; other lists by index. The walk
visits each value of each file once and matches by dictionary, so it takes time linear in the briefs' size.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from problembrief.findings import format_path
from problembrief.i18n import N_, _
from problembrief.load import LineIndex, LoadedBrief, Path_

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

# What the law treats as essential once the contract notice is out: category -> its name in a sentence.
ESSENTIAL: dict[str, str] = {
    "award_criteria": N_("the award criteria or their weights"),
    "minimum_requirements": N_("a minimum requirement"),
    "deadlines": N_("a deadline"),
    "estimated_value": N_("the estimated value"),
    "procedure": N_("the procedure"),
    "options": N_("the options"),
}
# Milestones that are deadlines for candidates or tenderers.
DEADLINES = frozenset({"participation_deadline", "tender_deadline", "initial_tenders", "final_tenders",
                       "questions_deadline"})
_FALSE = frozenset({"false", "no", "off", "0"})


@dataclass(frozen=True)
class Change:
    """One value added, removed or changed between two versions of a brief.

    `old_path`/`new_path` are where the value stands in each file (they differ when a matched item moved);
    `old`/`new` the text as written (a list or mapping as its lines in the file); lines are 1-based, None on
    the side where the value does not exist. `essential` is a key of ESSENTIAL, or None."""

    kind: str
    old_path: Path_ | None
    new_path: Path_ | None
    old: str | None
    new: str | None
    old_line: int | None
    new_line: int | None
    essential: str | None = None

    @property
    def path(self) -> Path_:
        """Where the value stands: in the new file, or in the old one for a removed value."""
        return self.new_path if self.new_path is not None else self.old_path or ()

    @property
    def dotted(self) -> str:
        """`outcomes[0].target.value`"""
        return format_path(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "path": self.dotted,
            "old_path": format_path(self.old_path) if self.old_path is not None else None,
            "new_path": format_path(self.new_path) if self.new_path is not None else None,
            "old": self.old, "new": self.new, "old_line": self.old_line, "new_line": self.new_line,
            "essential": self.essential,
        }


def essential_warning(categories: list[str] | None = None) -> str:
    """Why an essential change matters, in the language in force (udbudsloven § 93, stk. 4, nr. 2 and § 2)."""
    what = ", ".join(_(ESSENTIAL[c]) for c in categories or [] if c in ESSENTIAL) or _("an essential element")
    return _("A change to {what} after the contract notice has been sent may be a substantial change to the "
             "procurement documents: the time limit for tenders must then be extended (udbudsloven § 93, stk. 4, "
             "no. 2); and a change to a fundamental element, one that could have changed who takes part, requires "
             "the procedure to be cancelled and a new notice (the principles of equal treatment and transparency, "
             "udbudsloven § 2). Assess it before the correction sheet is published.").format(what=what)


def compare(old: LoadedBrief, new: LoadedBrief) -> list[Change]:
    """Every value added, removed or changed from `old` to `new`, in the order of the new file."""
    return _Comparison(old, new).run()


def _is_true(value: Any) -> bool:
    """`mandatory` as the model reads it; missing (None) is its default, true."""
    return not (isinstance(value, str) and value.strip().lower() in _FALSE)


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _category(loaded: LoadedBrief, parts: Path_) -> str | None:
    """The essential category of a path in one file, or None; a container holding an essential value
    (the whole `procurement`, a whole constraint) counts too."""
    head = parts[:2]
    if not parts:
        return None
    if head in (("procurement", "award_criteria"), ("procurement", "evaluation_method")):
        return "award_criteria"
    if parts[:3] == ("procurement", "innovation_partnership", "minimum_requirements"):
        return "minimum_requirements"
    if head == ("procurement", "estimated_value"):
        return "estimated_value"
    if head == ("procurement", "procedure"):
        return "procedure"
    if head == ("procurement", "options"):
        return "options"
    if parts[0] == "constraints":
        items = [loaded.value_at(parts[:2])] if len(parts) >= 2 else _items(loaded.value_at(parts[:1]))
        if any(isinstance(item, dict) and _is_true(item.get("mandatory")) for item in items):
            return "minimum_requirements"
        return None
    if head == ("procurement", "timeline"):
        items = [loaded.value_at(parts[:3])] if len(parts) >= 3 else _items(loaded.value_at(head))
        if any(isinstance(item, dict) and item.get("milestone") in DEADLINES for item in items):
            return "deadlines"
        return None
    if parts == ("procurement",) or parts == ("procurement", "innovation_partnership"):
        value = loaded.value_at(parts)
        if isinstance(value, dict):
            for key in value:
                found = _category(loaded, (*parts, key))
                if found:
                    return found
    return None


def _id_key(items: list[Any]) -> Callable[[Any], Hashable] | None:
    """Match by `id` when every item is a mapping with its own id."""
    if items and all(isinstance(i, dict) and isinstance(i.get("id"), str) and i["id"].strip() for i in items):
        ids = [i["id"].strip() for i in items]
        if len(set(ids)) == len(ids):
            return lambda item: item["id"].strip()
    return None


def _timeline_keys(items: list[Any]) -> list[Hashable] | None:
    """A milestone and its label, with the count of the same before it: unique, and stable when a milestone
    is inserted or moved."""
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    seen: dict[tuple[Any, Any], int] = {}
    keys: list[Hashable] = []
    for item in items:
        base = (str(item.get("milestone")), str(item.get("label")))
        seen[base] = seen.get(base, 0) + 1
        keys.append((*base, seen[base]))
    return keys


class _Comparison:
    def __init__(self, old: LoadedBrief, new: LoadedBrief) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []
        self._lines: dict[int, LineIndex] = {}

    def run(self) -> list[Change]:
        self.walk(self.old.data, self.new.data, (), ())
        return self.changes

    # --- the walk ------------------------------------------------------------------------------------------

    def walk(self, old: Any, new: Any, op: Path_, np: Path_) -> None:
        if old is None and new is None:
            return
        if old is None:
            self.add(ADDED, op, np)
        elif new is None:
            self.add(REMOVED, op, np)
        elif isinstance(old, dict) and isinstance(new, dict):
            for key, value in new.items():
                self.walk(old.get(key), value, (*op, key), (*np, key))
            for key, value in old.items():
                if key not in new:
                    self.walk(value, None, (*op, key), (*np, key))
        elif isinstance(old, list) and isinstance(new, list):
            self.walk_list(old, new, op, np)
        elif isinstance(old, (dict, list)) or isinstance(new, (dict, list)) or old != new:
            self.add(CHANGED, op, np)

    def walk_list(self, old: list[Any], new: list[Any], op: Path_, np: Path_) -> None:
        old_keys = new_keys = None
        old_key, new_key = _id_key(old), _id_key(new)
        if old_key is not None and new_key is not None:
            old_keys, new_keys = [old_key(i) for i in old], [new_key(i) for i in new]
        elif np == ("procurement", "timeline"):
            old_keys, new_keys = _timeline_keys(old), _timeline_keys(new)
        if old_keys is None or new_keys is None:
            for index in range(max(len(old), len(new))):
                self.walk(old[index] if index < len(old) else None, new[index] if index < len(new) else None,
                          (*op, index), (*np, index))
            return
        where = {key: index for index, key in enumerate(old_keys)}
        for index, key in enumerate(new_keys):
            found = where.pop(key, None)
            if found is None:
                if new[index] is not None:
                    self.add(ADDED, None, (*np, index))
            else:
                self.walk(old[found], new[index], (*op, found), (*np, index))
        for found in sorted(where.values()):
            if old[found] is not None:
                self.add(REMOVED, (*op, found), None)

    # --- one change ----------------------------------------------------------------------------------------

    def add(self, kind: str, op: Path_ | None, np: Path_ | None) -> None:
        """`op`/`np`: where the value is, or would be, in each file (None where an item has no counterpart);
        both count for what is essential: removing `mandatory: false` makes a wish a minimum requirement."""
        category = None
        for loaded, parts in ((self.new, np), (self.old, op)):
            if parts is not None and category is None:
                category = _category(loaded, parts)
        if kind == ADDED:
            op = None
        elif kind == REMOVED:
            np = None
        old_text = self.written(self.old, op) if op is not None else None
        new_text = self.written(self.new, np) if np is not None else None
        self.changes.append(Change(kind=kind, old_path=op, new_path=np, old=old_text, new=new_text,
                                   old_line=self.line(self.old, op), new_line=self.line(self.new, np),
                                   essential=category))

    @staticmethod
    def line(loaded: LoadedBrief, parts: Path_ | None) -> int | None:
        if parts is None:
            return None
        position = loaded.positions.get(parts) or loaded.key_positions.get(parts)
        return position[0] if position else None

    def written(self, loaded: LoadedBrief, parts: Path_) -> str | None:
        """A scalar's text as the author typed it; a list or mapping as its lines in the file, dedented."""
        value = loaded.value_at(parts)
        if value is None:
            return None
        if not isinstance(value, (dict, list)):
            return str(value)
        position = loaded.positions.get(parts)
        if position is None or not loaded.text:
            return str(value)
        lines = self._lines.setdefault(id(loaded), LineIndex(loaded.text))
        start = lines.starts[position[0] - 1] + position[1] - 1
        end = start
        stack: list[tuple[Path_, Any]] = [(parts, value)]
        while stack:  # the end of the last scalar inside it
            here, node = stack.pop()
            if isinstance(node, dict):
                stack.extend(((*here, k), v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend(((*here, i), v) for i, v in enumerate(node))
            else:
                span = loaded.spans.get(here)
                if span is not None:
                    end = max(end, span[1])
        text = loaded.text
        while end < len(text) and text[end] in " ]}":  # the closing brackets of `{ }` and `[ ]`
            end += 1
        return textwrap.dedent(" " * (position[1] - 1) + text[start:end]).strip() or str(value)
