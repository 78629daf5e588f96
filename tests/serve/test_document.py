"""The form's document: the YAML file stays the source. Edits read back exactly through problembrief's own
loader, change nothing else, and change only the lines they must (comments, key order, style, line ends kept)."""

from __future__ import annotations

import copy
import difflib
import os
import re
import stat
import statistics
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problembrief.errors import OutputError
from problembrief.i18n import language
from problembrief.load import Limits, LineIndex, load_text
from problembrief.serve.document import BriefDocument, DocumentError, save

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
ALL_EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))
LARGEST = EXAMPLES_DIR / "faldforebyggelse-plejecentre.yaml"

BASE = textwrap.dedent("""\
    # A brief to edit.
    schema_version: 1
    language: da

    brief:
      title: Færre fald om natten   # the working title
      reference: "2026-014"
      version: 1.10
      note: 'enkelt citeret'
    problem:
      summary: >
        Beboere på plejecentre falder om natten og ligger længe, før de bliver fundet af
        personalet, fordi runderne kun går hver anden time.
      background: |
        Første afsnit.

        Andet afsnit.
      root_causes:
        # the causes, most important first
        - Runder hver anden time   # observed in 2025
        - Demens
    outcomes:
      - id: O1
        name: Færre fald
        baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}
      - id: O2
        name: Hurtigere hjælp
    procurement:
      procedure: open
      timeline:
        - {milestone: publication, date: 2026-11-02}
        - {milestone: award, date: 2027-01-11}
    tags: [alpha, beta]
    """)


def _data(text: str) -> Any:
    return load_text(text).data


def _put(data: Any, path: tuple, value: Any) -> Any:
    """`data` with `value` at `path` (None: the key or item removed), parents created as the document does."""
    data = copy.deepcopy(data)
    node = data
    for number, part in enumerate(path[:-1]):
        following = path[number + 1]
        found = node.get(part) if isinstance(node, dict) else node[part] if part < len(node) else None
        if found is None:
            if value is None:
                return data
            found = [] if isinstance(following, int) else {}
            if isinstance(node, dict):
                node[part] = found
            elif part == len(node):
                node.append(found)
            else:
                node[part] = found
        node = found
    last = path[-1]
    if value is None:
        if isinstance(node, dict):
            node.pop(last, None)
        elif last < len(node):
            node.pop(last)
    elif isinstance(node, list) and last == len(node):
        node.append(value)
    else:
        node[last] = value
    return data


def _changed_old_lines(old: str, new: str) -> set[int]:
    """The 1-based numbers of the old text's lines that an edit replaced or deleted (an insertion: the line
    before it)."""
    changed: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            changed.update(range(i1 + 1, i2 + 1))
        elif tag == "insert":
            changed.add(i1)
    return changed


def _added(old: str, new: str) -> list[str]:
    return [line[1:] for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line.startswith("+") and not line.startswith("+++")]


def _removed(old: str, new: str) -> list[str]:
    return [line[1:] for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line.startswith("-") and not line.startswith("---")]


def _set_and_check(text: str, path: tuple, value: str | None, kind: str = "text") -> BriefDocument:
    """Set a value and check THE INVARIANT: the loader reads exactly that value there and everything else as
    before, and the file still opens in the form (ruamel.yaml's round trip)."""
    doc = BriefDocument.parse(text)
    doc.set_value(path, value, kind)
    assert _data(doc.text) == _put(_data(text), path, value or None), doc.text
    BriefDocument.parse(doc.text)
    return doc


# --- opening a brief --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda p: p.name)
def test_every_example_comes_back_byte_for_byte(example: Path) -> None:
    text = example.read_bytes().decode("utf-8")
    assert BriefDocument.parse(text).text == text
    windows = "\ufeff" + text.replace("\n", "\r\n")
    assert BriefDocument.parse(windows).text == windows


@pytest.mark.parametrize("text", [
    "a: [unclosed\n",
    "- a list\n- at the top\n",
    "just text\n",
    "",
    "a: 1\na: 2\n",
    "a:\n\tb: 1\n",
    "a: !!python/object:os.system x\n",
    "a: &x 1\n<<: *x\n",
])
def test_what_the_form_cannot_edit_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(DocumentError) as caught:
        BriefDocument.parse(text)
    assert caught.value.message


def test_messages_speak_danish() -> None:
    doc = BriefDocument.parse(BASE)
    with language("da"), pytest.raises(DocumentError) as caught:
        doc.set_value(("outcomes",), "tekst", "text")
    assert "kan ikke" in caught.value.message.lower()
    assert "outcomes" in caught.value.message


# --- one changed value is a change of its own lines only -------------------------------------------------------


def _new_value(old: str) -> tuple[str, str]:
    """A changed value of the same nature: a number, a date, or text with one word changed or added."""
    if re.fullmatch(r"-?\d+(\.\d+)?", old):
        return "98765", "number"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", old):
        return "2031-02-03", "date"
    words = old.split(" ")
    if len(words) > 6:
        middle = len(words) // 2
        return " ".join([*words[:middle], "ændret", *words[middle + 1:]]), "textarea"
    core = old.rstrip("\n")
    return core + " ændret" + old[len(core):], "text"


def _samples(text: str) -> dict[str, list[tuple]]:
    """Scalars of a file by where they stand: top level, nested, list item, flow mapping, folded, literal."""
    loaded = load_text(text)
    found: dict[str, list[tuple]] = {}
    for path, (start, _end) in loaded.spans.items():
        if not isinstance(loaded.value_at(path), str):
            continue
        before = text[text.rfind("\n", 0, start) + 1:start]
        where = ("folded" if text[start] == ">" else "literal" if text[start] == "|" else
                 "flow mapping" if "{" in before else "flow list" if "[" in before else
                 "list item" if isinstance(path[-1], int) else "top level" if len(path) == 1 else
                 "in a list item" if any(isinstance(p, int) for p in path) else "nested")
        found.setdefault(where, []).append(path)
    return {where: [paths[0], paths[len(paths) // 2], paths[-1]] for where, paths in found.items()}


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda p: p.name)
def test_changing_one_value_changes_only_its_own_lines(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    loaded = load_text(text)
    lines = LineIndex(text)
    samples = _samples(text)
    assert {"top level", "nested", "list item", "flow mapping", "folded"} <= samples.keys() or example.name.endswith(
        ".questions.yaml")
    original = BriefDocument.parse(text)
    for where, paths in samples.items():
        for path in paths:
            new, kind = _new_value(loaded.value_at(path))
            doc = copy.deepcopy(original)
            assert doc.set_value(path, new, kind) is True
            assert _data(doc.text) == _put(loaded.data, path, new), (path, doc.text)
            start, end = loaded.spans[path]
            first, last = lines.position(start)[0], lines.position(max(start, end - 1))[0]
            changed = _changed_old_lines(text, doc.text)
            assert changed and changed <= set(range(first, last + 1)), (where, path, changed, (first, last))
            if where == "folded":  # one word changed in a folded paragraph: one or two of its lines
                assert len(changed) <= 2, (path, changed)


def test_one_word_changed_in_folded_text_is_a_one_line_diff() -> None:
    text = LARGEST.read_text(encoding="utf-8")
    summary = load_text(text).value_at(("problem", "summary"))
    doc = _set_and_check(text, ("problem", "summary"), summary.replace("toilettet", "badeværelset"), "textarea")
    assert _removed(text, doc.text) == [
        "    Beboere på vores plejecentre falder ofte om natten, når de står op alene for at gå på toilettet"]
    assert _added(text, doc.text) == [
        "    Beboere på vores plejecentre falder ofte om natten, når de står op alene for at gå på badeværelset"]


def test_a_value_in_a_flow_mapping_stays_in_it() -> None:
    doc = _set_and_check(BASE, ("outcomes", 0, "baseline", "value"), "22", "number")
    assert _added(BASE, doc.text) == ["    baseline: {value: 22, date: 2025-12-31, source: Omsorgsjournalen}"]
    doc = _set_and_check(doc.text, ("outcomes", 0, "baseline", "source"), "Journal, udtræk", "text")
    assert "    baseline: {value: 22, date: 2025-12-31, source: \"Journal, udtræk\"}" in doc.text.splitlines()


# --- how values are written ------------------------------------------------------------------------------------

NUMBERS = [
    ("22", "number", "  amount: 22"),
    ("-3.5", "number", "  amount: -3.5"),
    ("1200000", "integer", "  amount: 1200000"),
    ("22,5", "number", '  amount: "22,5"'),
    ("1e5", "number", '  amount: "1e5"'),
    ("2.000.000", "integer", '  amount: "2.000.000"'),
    (" 22", "number", '  amount: " 22"'),
    ("٣", "number", '  amount: "٣"'),
    ("2027-03-01", "date", "  amount: 2027-03-01"),
    ("1. marts 2027", "date", '  amount: "1. marts 2027"'),
    ("2027-3-1", "date", '  amount: "2027-3-1"'),
    (True, "bool", "  amount: true"),
    (False, "bool", "  amount: false"),
    ("open", "choice", "  amount: open"),
    ("null", "choice", '  amount: "null"'),
    ("yes", "text", "  amount: yes"),
    ("1.10", "text", "  amount: 1.10"),
    ("007", "text", "  amount: 007"),
    ("~", "text", '  amount: "~"'),
    ("a: b", "text", '  amount: "a: b"'),
    ('say "hi"', "text", '  amount: say "hi"'),
    ('"hi", she said', "text", "  amount: '\"hi\", she said'"),
    ("tab\there", "text", '  amount: "tab\there"'),
    ("bell\x07", "text", '  amount: "bell\\a"'),
]


@pytest.mark.parametrize(("value", "kind", "line"), NUMBERS)
def test_values_are_written_by_their_kind(value: str | bool, kind: str, line: str) -> None:
    text = "procurement:\n  amount: 1\n  note: x\n"
    doc = BriefDocument.parse(text)
    assert doc.set_value(("procurement", "amount"), value, kind) is True
    assert doc.text == f"procurement:\n{line}\n  note: x\n"
    expected = ("true" if value else "false") if isinstance(value, bool) else value
    assert load_text(doc.text).value_at(("procurement", "amount")) == expected


def test_an_unchanged_value_changes_nothing() -> None:
    doc = BriefDocument.parse(BASE)
    assert doc.set_value(("brief", "version"), "1.10", "text") is False
    assert doc.set_value(("brief", "missing"), None, "text") is False
    assert doc.text == BASE


@pytest.mark.parametrize(("path", "value", "lines"), [
    (("brief", "reference"), "2026-015", ['  reference: "2026-015"']),  # double quotes stay
    (("brief", "note"), "it's", ["  note: 'it''s'"]),  # single quotes stay
    (("problem", "background"), "Kun ét afsnit.", ["  background: |-", "    Kun ét afsnit."]),  # literal stays
    (("problem", "background"), "Et.\n\nTo.\n", ["  background: |", "    Et.", "", "    To."]),
    (("problem", "background"), "Et.\n\n", ["  background: |+", "    Et.", ""]),
    (("brief", "title"), "To\nlinjer", ["  title: |- # the working title", "    To", "    linjer"]),
    (("brief", "title"), "Ny titel", ["  title: Ny titel   # the working title"]),
])
def test_the_old_style_is_kept_when_it_can_hold_the_value(path: tuple, value: str, lines: list[str]) -> None:
    doc = _set_and_check(BASE, path, value, "textarea")
    for line in lines:
        assert line in doc.text.split("\n"), doc.text


def test_folded_text_stays_folded_and_paragraphs_stay_paragraphs() -> None:
    value = ("Beboere på plejecentre falder om natten og ligger længe.\n"
             "Et nyt afsnit med en linje, der er så lang, at den må brydes på to linjer, fordi den er længere end "
             "den bredde, teksten havde før.\n")
    doc = _set_and_check(BASE, ("problem", "summary"), value, "textarea")
    lines = doc.text.split("\n")
    start = lines.index("  summary: >")
    block = lines[start + 1:lines.index("  background: |")]
    assert block[0] == "    Beboere på plejecentre falder om natten og ligger længe."
    assert block[1] == ""  # one line break in the text: one empty line in `>`
    assert len(block) == 4  # the long paragraph is folded onto two lines, at the old text's width
    assert all(line.startswith("    ") and len(line) <= 4 + 85 for line in block if line)


def test_folded_text_keeps_its_own_short_lines() -> None:
    text = ("text: >\n  Den første korte linje\n  og den anden korte linje\n  og den tredje korte linje\n"
            "  og den sidste linje.\nnext: 1\n")
    value = load_text(text).value_at(("text",)).replace("sidste", "allersidste")
    doc = _set_and_check(text, ("text",), value, "textarea")
    assert _removed(text, doc.text) == ["  og den sidste linje."]
    assert _added(text, doc.text) == ["  og den allersidste linje."]


def test_invisible_characters_are_written_visibly_as_escapes() -> None:
    doc = _set_and_check(BASE, ("brief", "title"), "abc\u202edef\u200b\x00", "text")
    assert '  title: "abc\\u202Edef\u200b\\0"   # the working title' in doc.text.splitlines()


HOSTILE = [
    " leading", "trailing ", "  both  ", "a # not a comment", "#starts", "key: value", "ends with:", "'single'",
    '"double"', "it's", "back\\slash \\n", "æøå ÆØÅ – “curly” ‘quotes’", "yes", "no", "null", "~", "Null", "NULL",
    "1.10", "007", "2027-03-01", "true", "0x1F", "1e5", ".inf", "tab\there", "\tfirst tab", "non\xa0breaking",
    "emoji 😀👩‍👩‍👧", "x" * 20_000, "שלום עולם", "مرحبا بالعالم", "- dash", "-dash", "* star", "&anchor", "*alias",
    "!tag", "%directive", "@at", "`tick`", "| pipe", "> gt", "[bracket", "{brace", "]", "}", "?", "? q", ":", "-",
    "---", "...", "--- doc", "a, b", "<<", "a\\", "line1\nline2", "line1\nline2\n", "trailing\n\n\n",
    "\nleading newline", " indented\nsecond", "a\n\n\nb", "  \n  ", "\n", "tab\n\tline", "# heading\n- list",
    "control \x00 \x07 \x1b", "nel\x85", "ls\u2028ps\u2029", "bom\ufeff", "bidi\u202eevil", "cr\r", "crlf\r\n",
    "del\x7f", "c1\x9b", "noncharacter\uffff", "private\ue000", "\U0001d11e music", "a\n b\n  c", "end space \n x",
]
POSITIONS = [
    ("brief", "title"),  # plain, with a comment after it
    ("brief", "reference"),  # double-quoted
    ("brief", "note"),  # single-quoted
    ("problem", "summary"),  # folded
    ("problem", "background"),  # literal
    ("problem", "root_causes", 0),  # a list item with a comment
    ("outcomes", 0, "baseline", "source"),  # in a flow mapping
    ("tags", 1),  # in a flow list
    ("brief", "new"),  # a new key
    ("problem", "root_causes", 2),  # a new list item
    ("procurement", "estimated_value", "note"),  # new, with a new parent
]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:40])
def test_hostile_text_reads_back_exactly_everywhere(value: str) -> None:
    for path in POSITIONS:
        for kind in ("text", "textarea"):
            _set_and_check(BASE, path, value, kind)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=st.text(st.characters(blacklist_categories=("Cs",))), path=st.sampled_from(POSITIONS),
       kind=st.sampled_from(["text", "textarea", "number", "date", "choice", "url", "email"]), crlf=st.booleans())
def test_any_text_reads_back_exactly_or_is_refused(value: str, path: tuple, kind: str, crlf: bool) -> None:
    text = BASE.replace("\n", "\r\n") if crlf else BASE
    doc = BriefDocument.parse(text)
    try:
        doc.set_value(path, value, kind)
    except DocumentError:
        assert doc.text == text  # refused: nothing changed
        return
    assert _data(doc.text) == _put(_data(text), path, value or None)
    BriefDocument.parse(doc.text)
    if crlf:
        assert "\n" not in doc.text.replace("\r\n", "")


SPECIALS = st.sampled_from(list(" \t\n\r#:-?|>'\"\\[]{},&*!%@`~\x00\x85\u2028\ufeff\xa0\u202e"))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=st.text(st.one_of(SPECIALS, st.characters(blacklist_categories=("Cs",)))),
       path=st.sampled_from(POSITIONS))
def test_text_of_yaml_syntax_reads_back_exactly_or_is_refused(value: str, path: tuple) -> None:
    doc = BriefDocument.parse(BASE)
    try:
        doc.set_value(path, value, "textarea")
    except DocumentError:
        assert doc.text == BASE
        return
    assert _data(doc.text) == _put(_data(BASE), path, value or None)


def test_a_value_that_cannot_be_written_exactly_is_refused_and_nothing_changes(monkeypatch) -> None:
    # Make every way of writing read back wrong: the edit must be refused, never kept.
    import problembrief.serve.document as document

    real = document.load_text

    def lying(text: str, *args: Any, **kwargs: Any) -> Any:
        loaded = real(text, *args, **kwargs)
        loaded.data["brief"]["title"] = "something else"
        return loaded

    doc = BriefDocument.parse(BASE)
    monkeypatch.setattr(document, "load_text", lying)
    with pytest.raises(DocumentError, match=r"brief\.title"):
        doc.set_value(("brief", "title"), "Ny", "text")
    assert doc.text == BASE


def test_the_fallback_is_double_quotes(monkeypatch) -> None:
    # When the preferred writing does not read back (here: ruamel.yaml is made to disagree with every plain
    # scalar), the value is double-quoted rather than refused or changed.
    import problembrief.serve.document as document

    monkeypatch.setattr(document, "_ruamel_agrees", lambda rendered, value, flow: rendered.inline.startswith('"'))
    doc = _set_and_check(BASE, ("brief", "title"), "Ny titel", "text")
    assert '  title: "Ny titel"   # the working title' in doc.text.splitlines()


def test_what_ruamel_cannot_read_back_is_not_written(monkeypatch) -> None:
    # libyaml reads a tab inside plain text, ruamel.yaml does not: were the writer ever to choose plain text
    # there, the file would no longer open in the form. The value is quoted instead.
    import problembrief.serve.document as document

    monkeypatch.setattr(document, "_plain_ok", lambda value, flow: True)
    doc = _set_and_check(BASE, ("brief", "title"), "tab\there", "text")
    assert '  title: "tab\\there"   # the working title' in doc.text.splitlines()


# --- lists ---------------------------------------------------------------------------------------------------


def test_an_item_added_to_a_block_list_goes_after_its_last_item() -> None:
    doc = BriefDocument.parse(BASE)
    assert doc.append_item(("problem", "root_causes"), "Ingen kaldeknap") == 2
    assert _changed_old_lines(BASE, doc.text) == {BASE.splitlines().index("    - Demens") + 1}
    assert _added(BASE, doc.text) == ["    - Ingen kaldeknap"]
    assert _data(doc.text) == _put(_data(BASE), ("problem", "root_causes", 2), "Ingen kaldeknap")


def test_a_mapping_item_follows_the_items_around_it() -> None:
    doc = BriefDocument.parse(BASE)
    assert doc.append_item(("outcomes",), {"id": "O3", "name": "Færre alarmer", "baseline": {"value": "4"}}) == 2
    assert _added(BASE, doc.text) == ["  - id: O3", "    name: Færre alarmer", "    baseline:", "      value: 4"]
    doc = BriefDocument.parse(BASE)
    doc.append_item(("procurement", "timeline"), {"milestone": "contract_start", "date": "2027-02-01"})
    assert _added(BASE, doc.text) == ["    - {milestone: contract_start, date: 2027-02-01}"]


def test_an_empty_item_is_filled_in_by_set_value() -> None:
    """What the form does for `+ outcome`: an empty mapping, then its fields one by one."""
    doc = BriefDocument.parse(BASE)
    assert doc.append_item(("outcomes",), {}) == 2
    assert _added(BASE, doc.text) == ["  - {}"]
    doc.set_value(("outcomes", 2, "id"), "O3", "text")
    doc.set_value(("outcomes", 2, "name"), "Færre alarmer", "text")
    doc.set_value(("outcomes", 2, "baseline", "value"), "4.1", "number")
    assert _added(BASE, doc.text) == ["  - id: O3", "    name: Færre alarmer", "    baseline:", "      value: 4.1"]
    # in a list of flow mappings it stays flow
    doc = BriefDocument.parse(BASE)
    doc.append_item(("procurement", "timeline"), {})
    doc.set_value(("procurement", "timeline", 2, "milestone"), "award", "choice")
    assert _added(BASE, doc.text) == ["    - {milestone: award}"]
    # an empty text item, then its text
    doc = BriefDocument.parse(BASE)
    doc.append_item(("problem", "root_causes"))
    assert _added(BASE, doc.text) == ["    -"]
    doc.set_value(("problem", "root_causes", 2), "Tredje", "text")
    assert _added(BASE, doc.text) == ["    - Tredje"]


def test_flow_lists_stay_flow() -> None:
    doc = BriefDocument.parse(BASE)
    assert doc.append_item(("tags",), "gamma, delta") == 2
    assert "tags: [alpha, beta, \"gamma, delta\"]" in doc.text.splitlines()
    doc.move_item(("tags",), 2, 0)
    assert "tags: [\"gamma, delta\", alpha, beta]" in doc.text.splitlines()
    doc.remove_item(("tags",), 1)
    assert "tags: [\"gamma, delta\", beta]" in doc.text.splitlines()
    doc.remove_item(("tags",), 1)
    doc.remove_item(("tags",), 0)
    assert "tags: []" in doc.text.splitlines()
    doc.append_item(("tags",), "solo")
    assert "tags: [solo]" in doc.text.splitlines()
    assert _data(doc.text)["tags"] == ["solo"]
    BriefDocument.parse(doc.text)


def test_an_emptied_list_of_mappings_gets_block_items_again() -> None:
    doc = BriefDocument.parse(BASE)
    doc.remove_item(("outcomes",), 1)
    doc.remove_item(("outcomes",), 0)
    assert "outcomes: []" in doc.text.splitlines()
    doc.append_item(("outcomes",), {})
    doc.set_value(("outcomes", 0, "id"), "O1", "text")
    doc.set_value(("outcomes", 0, "name"), "Færre fald", "text")
    lines = doc.text.splitlines()
    assert lines[lines.index("outcomes:"):lines.index("outcomes:") + 3] == ["outcomes:", "  - id: O1",
                                                                             "    name: Færre fald"]
    # an emptied mapping value is `{}`, and a key added to it stays inside it
    doc.set_value(("brief", "target", "value"), "5", "number")
    doc.set_value(("brief", "target", "value"), None, "number")
    assert "  target: {}" in doc.text.splitlines()
    doc.set_value(("brief", "target", "by"), "2030-06-30", "date")
    assert "  target: {by: 2030-06-30}" in doc.text.splitlines()


def test_a_flow_mapping_gets_its_new_key_inside_it() -> None:
    doc = _set_and_check(BASE, ("outcomes", 1, "name"), "Hurtigere hjælp", "text")
    doc = _set_and_check(BASE, ("outcomes", 0, "baseline", "note"), "pr. år", "text")
    assert "    baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen, note: pr. år}" in doc.text.split("\n")
    text = "a:\n  m: {\n    one: 1,\n    two: 2\n  }\n"
    doc = _set_and_check(text, ("a", "m", "three"), "3", "number")
    assert doc.text == "a:\n  m: {\n    one: 1,\n    two: 2,\n    three: 3\n  }\n"


def test_removing_items_from_a_block_list() -> None:
    doc = BriefDocument.parse(BASE)
    doc.remove_item(("outcomes",), 0)
    assert _removed(BASE, doc.text) == ["  - id: O1", "    name: Færre fald",
                                        "    baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}"]
    assert _data(doc.text)["outcomes"] == [{"id": "O2", "name": "Hurtigere hjælp"}]
    doc.remove_item(("outcomes",), 0)
    assert "outcomes: []" in doc.text.splitlines()
    assert _data(doc.text)["outcomes"] == []
    BriefDocument.parse(doc.text)


def test_moving_items_moves_their_lines_and_the_comments_above_them() -> None:
    text = "causes:\n  - a\n  # about b\n  - b   # b's own\n  - c\n"
    doc = BriefDocument.parse(text)
    doc.move_item(("causes",), 1, 2)
    assert doc.text == "causes:\n  - a\n  - c\n  # about b\n  - b   # b's own\n"
    doc.move_item(("causes",), 2, 0)
    assert doc.text == "causes:\n  # about b\n  - b   # b's own\n  - a\n  - c\n"
    doc = BriefDocument.parse(BASE)
    doc.move_item(("outcomes",), 1, 0)
    assert _data(doc.text)["outcomes"] == list(reversed(_data(BASE)["outcomes"]))
    assert sorted(BASE.splitlines()) == sorted(doc.text.splitlines())


def test_block_text_at_the_end_of_a_file_without_a_final_line_break() -> None:
    doc = _set_and_check("a: |\n  end", ("a",), "new\nlines\n", "textarea")
    assert doc.text == "a: |\n  new\n  lines\n"
    doc = _set_and_check("a: |\n  end", ("a",), "new\nlines", "textarea")
    assert doc.text == "a: |-\n  new\n  lines"
    doc = _set_and_check("a: 1", ("b",), "x\ny\n", "textarea")
    assert doc.text == "a: 1\nb: |\n  x\n  y\n"


def test_moving_the_last_item_of_a_file_without_a_final_line_break() -> None:
    doc = BriefDocument.parse("a:\n- x\n- y")
    doc.move_item(("a",), 1, 0)
    assert doc.text == "a:\n- y\n- x"


@pytest.mark.parametrize(("action", "args"), [
    ("remove_item", (("tags",), 2)), ("remove_item", (("tags",), -1)), ("move_item", (("tags",), 0, 2)),
    ("move_item", (("tags",), 5, 0)), ("remove_item", (("brief",), 0)), ("remove_item", (("nothing",), 0)),
    ("append_item", (("brief", "title"), "x")), ("append_item", (("brief",), "x")),
])
def test_items_that_are_not_there_are_refused(action: str, args: tuple) -> None:
    doc = BriefDocument.parse(BASE)
    with pytest.raises(DocumentError):
        getattr(doc, action)(*args)
    assert doc.text == BASE


# --- keys --------------------------------------------------------------------------------------------------------


def test_missing_parents_are_created_in_the_files_indentation() -> None:
    text = "procurement:\n    procedure: open   # how\n    type: supplies\nother: 1\n"
    doc = _set_and_check(text, ("procurement", "estimated_value", "amount"), "1200000", "number")
    assert doc.text == ("procurement:\n    procedure: open   # how\n    type: supplies\n"
                        "    estimated_value:\n        amount: 1200000\nother: 1\n")
    doc = _set_and_check(text, ("scale_up", "phases", 0, "name"), "Fase 1", "text")
    assert doc.text.endswith("other: 1\nscale_up:\n    phases:\n      - name: Fase 1\n"), doc.text


def test_a_list_index_one_past_the_end_appends_and_further_is_refused() -> None:
    doc = _set_and_check(BASE, ("outcomes", 2, "id"), "O3", "text")
    assert _added(BASE, doc.text) == ["  - id: O3"]
    doc = BriefDocument.parse(BASE)
    with pytest.raises(DocumentError, match=r"outcomes\[3\]"):
        doc.set_value(("outcomes", 3, "id"), "O4", "text")
    with pytest.raises(DocumentError):
        doc.set_value(("brief", "title", "sub"), "x", "text")
    assert doc.text == BASE


def test_a_new_list_is_created_where_there_was_none_or_nothing() -> None:
    doc = BriefDocument.parse(BASE + "ethics:\n")
    assert doc.append_item(("ethics",), {"dilemma": "Kamera", "handling": "Kun lys"}) == 0
    assert doc.text.endswith("ethics:\n  - dilemma: Kamera\n    handling: Kun lys\n")
    doc = BriefDocument.parse(BASE)
    doc.append_item(("problem", "tried_before"), "Trykmåtter")
    assert _added(BASE, doc.text) == ["  tried_before:", "    - Trykmåtter"]


@pytest.mark.parametrize(("path", "removed"), [
    (("brief", "reference"), ['  reference: "2026-014"']),
    (("problem", "background"), ["  background: |", "    Første afsnit.", "", "    Andet afsnit."]),
    (("problem", "root_causes"), ["  root_causes:", "    # the causes, most important first",  # inside it
                                  "    - Runder hver anden time   # observed in 2025", "    - Demens"]),
    (("outcomes", 1, "name"), ["    name: Hurtigere hjælp"]),
])
def test_removing_a_key_removes_its_lines(path: tuple, removed: list[str]) -> None:
    doc = _set_and_check(BASE, path, None)
    assert _removed(BASE, doc.text) == removed
    assert _added(BASE, doc.text) == []


def test_removing_keys_in_special_places() -> None:
    # the first key of a list item: the next key moves up to the dash
    doc = _set_and_check(BASE, ("outcomes", 0, "id"), "")
    assert "  - name: Færre fald" in doc.text.splitlines()
    # in a flow mapping
    doc = _set_and_check(BASE, ("outcomes", 0, "baseline", "date"), None)
    assert "    baseline: {value: 25, source: Omsorgsjournalen}" in doc.text.splitlines()
    doc = _set_and_check(doc.text, ("outcomes", 0, "baseline", "source"), None)
    doc = _set_and_check(doc.text, ("outcomes", 0, "baseline", "value"), None)
    assert "    baseline: {}" in doc.text.splitlines()
    # the last key of a block mapping leaves an empty mapping, so nothing else changes
    doc = _set_and_check("a:\n  b:\n    c: 1   # c\nd: 2\n", ("a", "b", "c"), None)
    assert doc.text == "a:\n  b: {}\nd: 2\n"
    # the last line of a file without a final line break
    doc = _set_and_check("a: 1\nb: 2", ("b",), None)
    assert doc.text == "a: 1"


def test_comments_stay_next_to_what_they_are_about() -> None:
    doc = BriefDocument.parse(BASE)
    doc.set_value(("problem", "root_causes", 0), "Runder hver tredje time", "text")
    doc.append_item(("problem", "root_causes"), "Travlhed")
    doc.set_value(("brief", "title"), "Ny titel", "text")
    lines = doc.text.splitlines()
    at = lines.index("  root_causes:")
    assert lines[at:at + 5] == ["  root_causes:", "    # the causes, most important first",
                                "    - Runder hver tredje time   # observed in 2025", "    - Demens", "    - Travlhed"]
    assert "  title: Ny titel   # the working title" in lines
    assert lines[0] == "# A brief to edit."
    assert sum("#" in line for line in lines) == sum("#" in line for line in BASE.splitlines())


# --- line ends, byte-order mark, limits -----------------------------------------------------------------------


def test_windows_line_ends_are_kept_in_old_and_new_lines() -> None:
    text = BASE.replace("\n", "\r\n")
    doc = BriefDocument.parse(text)
    doc.set_value(("brief", "title"), "To\nlinjer", "textarea")
    doc.set_value(("brief", "owner"), "Mette", "text")
    doc.append_item(("outcomes",), {"id": "O3", "name": "Tredje"})
    doc.set_value(("procurement", "estimated_value", "amount"), "5", "number")
    doc.move_item(("outcomes",), 2, 0)
    doc.remove_item(("problem", "root_causes"), 1)
    assert "\n" not in doc.text.replace("\r\n", "")
    assert "\r\r" not in doc.text
    data = _data(doc.text)
    assert data["brief"]["title"] == "To\nlinjer"
    assert data["outcomes"][0] == {"id": "O3", "name": "Tredje"}
    unix = BriefDocument.parse(BASE)
    for step in (lambda d: d.set_value(("brief", "title"), "To\nlinjer", "textarea"),
                 lambda d: d.set_value(("brief", "owner"), "Mette", "text"),
                 lambda d: d.append_item(("outcomes",), {"id": "O3", "name": "Tredje"}),
                 lambda d: d.set_value(("procurement", "estimated_value", "amount"), "5", "number"),
                 lambda d: d.move_item(("outcomes",), 2, 0),
                 lambda d: d.remove_item(("problem", "root_causes"), 1)):
        step(unix)
    assert doc.text == unix.text.replace("\n", "\r\n")


def test_a_byte_order_mark_is_kept() -> None:
    text = "\ufeff" + BASE
    doc = BriefDocument.parse(text)
    doc.set_value(("brief", "title"), "Med BOM", "text")
    assert doc.text.startswith("\ufeff# A brief to edit.\n")
    assert doc.text.count("\ufeff") == 1
    assert doc.text[1:] == BASE.replace("Færre fald om natten   #", "Med BOM   #")


def test_an_edit_that_would_pass_the_size_limit_is_refused() -> None:
    assert BriefDocument.parse("a: b\n").limits.max_bytes == Limits().max_bytes
    doc = BriefDocument.parse("a: b\n")
    big = "😀" * 100_000  # 400,000 bytes of UTF-8
    count = Limits().max_bytes // len(big.encode())
    for number in range(count):
        doc.set_value((f"k{number}",), big, "text")
    before = doc.text
    with pytest.raises(DocumentError, match="would be larger than the limit of 5,242,880 bytes"):
        doc.set_value(("last",), big, "text")
    assert doc.text == before
    assert len(before.encode()) <= Limits().max_bytes


def test_a_smaller_limit_is_honoured() -> None:
    doc = BriefDocument.parse(BASE, limits=Limits(max_bytes=len(BASE.encode()) + 20))
    doc.set_value(("brief", "owner"), "Mette", "text")
    with pytest.raises(DocumentError, match="would be larger than the limit"):
        doc.set_value(("brief", "owner"), "Mette " * 10, "text")
    assert _data(doc.text)["brief"]["owner"] == "Mette"


# --- refusals ---------------------------------------------------------------------------------------------------


def test_what_an_alias_repeats_is_not_changed_behind_the_users_back() -> None:
    text = "base: &b\n  k: v\ncopy: *b\nname: &n tekst\nagain: *n\n"
    doc = BriefDocument.parse(text)
    for path in [("base", "k"), ("copy", "k"), ("name",), ("base", "new")]:
        with pytest.raises(DocumentError, match=r"alias \(?\*[bn]"):
            doc.set_value(path, "x", "text")
    with pytest.raises(DocumentError, match=r"alias \*n"):
        doc.set_value(("name",), None, "text")
    with pytest.raises(DocumentError, match=r"alias \*b"):
        doc.remove_item(("base",), 0)
    assert doc.text == text
    doc.set_value(("again",), "egen", "text")  # the alias itself can be replaced by a value of its own
    assert doc.text == "base: &b\n  k: v\ncopy: *b\nname: &n tekst\nagain: egen\n"


def test_a_list_or_mapping_is_not_overwritten_by_a_value() -> None:
    doc = BriefDocument.parse(BASE)
    with pytest.raises(DocumentError, match="outcomes"):
        doc.set_value(("outcomes",), "tekst", "text")
    with pytest.raises(DocumentError):
        doc.set_value(("brief", "title"), "x", "no-such-kind")
    assert doc.text == BASE


# --- saving -------------------------------------------------------------------------------------------------------


def test_save_writes_the_text_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "brief.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    save(target, "\ufeffa: b\r\n")
    assert target.read_bytes() == b"\xef\xbb\xbfa: b\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml"]


def test_save_refuses_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "brief.yaml"
    link.symlink_to(elsewhere)
    with pytest.raises(OutputError):
        save(link, "a: b\n")
    assert elsewhere.read_text(encoding="utf-8") == "keep me\n"
    assert link.is_symlink()


def test_save_never_leaves_a_half_written_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "brief.yaml"
    target.write_text("a: old\n", encoding="utf-8")

    def failing(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError):
        save(target, "a: new\n")
    assert target.read_text(encoding="utf-8") == "a: old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml"]


# --- speed ------------------------------------------------------------------------------------------------------


def test_an_edit_of_the_largest_example_is_fast() -> None:
    doc = BriefDocument.parse(LARGEST.read_text(encoding="utf-8"))
    times = []
    for number in range(15):
        started = time.perf_counter()
        doc.set_value(("brief", "title"), f"Titel {number}", "text")
        assert doc.text
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.25  # generous: about 10 ms on a laptop
