"""The loader in detail: every message a reader sees, where it points, and the limits it keeps.

Messages and hints are what a user reads, so they are asserted whole; positions are the line and column
an editor shows.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
import yaml

from problembrief.errors import LoadError
from problembrief.load import MISSING, Limits, LoadedBrief, child, describe_character, load_file, load_text

CONTROL_HINT = "delete it; to break a line in long text, use block text (`|` or `>`) and an ordinary line break"
TAB_HINT = "use a space, or a list or a table where columns are wanted"
QUOTE_HINT = ("Word's curly quotes (“ ” ‘ ’) are not quotes to YAML: type straight quotes \" or ', "
              "or turn off AutoFormat's smart quotes")


def fail(text: str, limits: Limits | None = None) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_text(text, "brief.yaml", limits)
    return info.value


def where(error: LoadError) -> tuple[str, str | None, int | None, int | None]:
    return (error.code, error.path, error.line, error.column)


def findings(loaded: LoadedBrief) -> list[tuple[str, str, str, int | None, int | None, str, str | None, str | None]]:
    return [(f.code, f.severity.value, f.path, f.line, f.column, f.message, f.hint, f.file) for f in loaded.findings]


def control(path: str, character: str, escape: str = "") -> str:
    written = f", written as the escape `{escape}`" if escape else ""
    return (f"`{path}` contains the character {character}{written}, which a Word document cannot show as "
            "written (a control or invisible character)")


# --- naming a character ------------------------------------------------------------------------------

@pytest.mark.parametrize(("char", "named"), [
    ("\x00", "U+0000 (NULL)"), ("\x07", "U+0007 (BELL)"), ("\x08", "U+0008 (BACKSPACE)"), ("\t", "U+0009 (TAB)"),
    ("\x0b", "U+000B (VERTICAL TAB)"), ("\x0c", "U+000C (FORM FEED)"), ("\r", "U+000D (CARRIAGE RETURN)"),
    ("\x1b", "U+001B (ESCAPE)"), ("\x7f", "U+007F (DELETE)"), ("\x85", "U+0085 (NEXT LINE)"),
    ("\x01", "U+0001 (a control character)"), ("\x9b", "U+009B (a control character)"),
    ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("a", "U+0061 (LATIN SMALL LETTER A)"),
    ("\ud800", "U+D800 (half of a surrogate pair)"), ("\ufdd0", "U+FDD0 (a noncharacter)"),
    ("\ue000", "U+E000 (a private-use character)"), ("\U000e0041", "U+E0041 (TAG LATIN CAPITAL LETTER A)"),
    ("\U00017000", "U+17000 (a character without a name)"),
])
def test_a_character_is_named_by_code_point_and_name(char: str, named: str) -> None:
    assert describe_character(char) == named


# --- reading a file ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "line", "column", "byte"), [
    (b"a: \xff\n", 1, 4, "ff"),
    (b"ab: 1\nx: caf\xe9\n", 2, 7, "e9"),
    (b"\xef\xbb\xbfa: 1\nb: \xc3\n", 2, 4, "c3"),  # the byte-order mark is not counted
    (b"a: 1\r\nbc: \x80\r\n", 2, 5, "80"),
    (b"\xef\xbb\xbfa: \xff\n", 1, 4, "ff"),
    (b"a: 1\nb: 2\ncd: \xfe\n", 3, 5, "fe"),
    (b"\na: \xff\n", 2, 4, "ff"),
])
def test_a_file_that_is_not_utf8_names_the_byte_and_its_place(tmp_path: Path, raw: bytes, line: int,
                                                              column: int, byte: str) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(raw)
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert where(info.value) == ("PB001", str(path), line, column)
    assert info.value.message == (f"the file is not UTF-8 text (byte 0x{byte}); save it as UTF-8 "
                                  "(in Notepad: Save as, Encoding: UTF-8)")


def test_a_file_is_read_with_its_byte_order_mark_and_crlf_removed(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: \xc3\xa6\r\n")
    loaded = load_file(str(path))
    assert loaded.data == {"a": "1", "b": "æ"}
    assert loaded.text == "a: 1\nb: æ\n"
    assert loaded.path == path and loaded.positions[("b",)] == (2, 4)


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"a: " + b"x" * 1996 + b"\n")  # 2000 bytes
    assert load_file(path, Limits(max_bytes=2000)).data == {"a": "x" * 1996}
    with pytest.raises(LoadError) as info:
        load_file(path, Limits(max_bytes=1999))
    assert where(info.value) == ("PB001", str(path), None, None)
    assert info.value.message == "the file is larger than the limit of 1,999 bytes (build --max-size raises it)"


def test_the_default_size_limit_is_five_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"a: 1\n#" + b"x" * (5 * 1024 * 1024 - 5))
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert info.value.message == "the file is larger than the limit of 5,242,880 bytes (build --max-size raises it)"
    path.write_bytes(b"a: 1\n#" + b"x" * (5 * 1024 * 1024 - 6))
    assert load_file(path).data == {"a": "1"}


def test_a_folder_and_a_missing_file_are_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_file(tmp_path)
    assert where(info.value) == ("PB001", str(tmp_path), None, None) and info.value.message == "not a file"
    missing = tmp_path / "missing.yaml"
    with pytest.raises(LoadError) as info:
        load_file(missing)
    assert where(info.value) == ("PB001", str(missing), None, None) and info.value.message == "no such file"


@pytest.mark.parametrize(("error", "said"), [
    (OSError(errno.EACCES, "Permission denied"), "cannot read the file: Permission denied"),
    (OSError("disk on fire"), "cannot read the file: disk on fire"),
])
def test_a_file_that_cannot_be_read_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError,
                                             said: str) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("a: 1\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert where(info.value) == ("PB001", str(path), None, None) and info.value.message == said


# --- text handed to the loader -------------------------------------------------------------------------

def test_text_is_named_string_unless_a_path_is_given() -> None:
    assert load_text("a: 1\n").path == Path("<string>")
    assert load_text("a: 1\n", "dir/brief.yaml").path == Path("dir/brief.yaml")
    with pytest.raises(LoadError) as info:
        load_text("")
    assert info.value.path == "<string>"


def test_text_of_exactly_the_size_limit_is_read_and_a_byte_more_is_refused() -> None:
    text = "a: " + "æ" * 4 + "\n"  # 12 bytes in UTF-8, 8 characters
    assert load_text(text, limits=Limits(max_bytes=12)).data == {"a": "ææææ"}
    error = fail(text, Limits(max_bytes=11))
    assert where(error) == ("PB001", "brief.yaml", None, None)
    assert error.message == "the text is larger than the limit of 11 bytes"


def test_text_longer_than_the_default_limit_is_refused() -> None:
    error = fail("a: 1\n#" + "x" * (5 * 1024 * 1024 - 5))
    assert error.message == "the text is larger than the limit of 5,242,880 bytes"


def test_byte_order_mark_and_any_line_ends_in_text_become_plain_line_feeds() -> None:
    loaded = load_text("\ufeffa: 1\r\nb: 2\rc: 3\n")
    assert loaded.text == "a: 1\nb: 2\nc: 3\n"
    assert loaded.data == {"a": "1", "b": "2", "c": "3"}
    assert loaded.positions == {(): (1, 1), ("a",): (1, 4), ("b",): (2, 4), ("c",): (3, 4)}
    assert loaded.position_at(loaded.text.index("c")) == (3, 1)


def test_a_lone_surrogate_is_named_at_its_place() -> None:
    error = fail("a: 1\nbc: xy\udc00\n")
    assert where(error) == ("PB001", "brief.yaml", 2, 7)
    assert error.message == "the text holds U+DC00 (half of a surrogate pair) alone, which no file can store"


@pytest.mark.parametrize(("char", "name"), [("\x85", "NEXT LINE"), ("\u2028", "LINE SEPARATOR"),
                                            ("\u2029", "PARAGRAPH SEPARATOR")])
def test_a_hidden_line_break_is_named_with_what_to_do(char: str, name: str) -> None:
    error = fail(f"a: 1\r\nb: 2\rtitle: xy{char}z\n")
    assert where(error) == ("PB002", "brief.yaml", 3, 10)
    assert error.message == (f"not valid YAML: the character U+{ord(char):04X} ({name}) is here; YAML reads it as a "
                             "line break, but editors show none (it often comes with text pasted from Word or a "
                             "web page); replace it with an ordinary line break or a space")


@pytest.mark.parametrize(("text", "line", "column", "named"), [
    ("a: 1\nb: x\x07y\n", 2, 5, "U+0007 (BELL)"),
    ("a: 1\r\nb: 'xy\x01'\n", 2, 7, "U+0001 (a control character)"),
    ("\x00", 1, 1, "U+0000 (NULL)"),
])
def test_a_raw_character_yaml_cannot_hold_is_named_at_its_place(text: str, line: int, column: int,
                                                                named: str) -> None:
    error = fail(text)
    assert where(error) == ("PB002", "brief.yaml", line, column)
    assert error.message == (f"not valid YAML: the character {named} is not allowed in a brief; delete it "
                             "(most editors do not show it)")


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "---\n", "\ufeff", "~\n", "null\n"])
def test_an_empty_file_says_what_a_brief_is(text: str) -> None:
    error = fail(text)
    assert where(error) == ("PB002", "brief.yaml", 1, 1)
    assert error.message == "the file is empty: a brief is a YAML mapping that starts with schema_version"


@pytest.mark.parametrize(("text", "line", "column", "kind"), [
    ("# a list\n\n  - a\n  - b\n", 3, 3, "list"),
    ("\n [a]\n", 2, 2, "list"),
    ("\n\n   just words\n", 3, 4, "single value"),
])
def test_a_top_level_that_is_no_mapping_is_named_where_it_starts(text: str, line: int, column: int,
                                                                  kind: str) -> None:
    error = fail(text)
    assert where(error) == ("PB002", "brief.yaml", line, column)
    assert error.message == ("the top level must be a mapping of keys (schema_version:, language:, brief:, …), "
                             f"not a {kind}")


def test_a_loaded_brief_keeps_the_text_and_where_each_value_stands() -> None:
    loaded = load_text('m: {k: v, "q": 2, j,x: [a]}\nl: [x,y, [z], {a: b}]\n', "brief.yaml")
    assert loaded.data == {"m": {"k": "v", "q": "2", "j": None, "x": ["a"]}, "l": ["x", "y", ["z"], {"a": "b"}]}
    assert loaded.text == 'm: {k: v, "q": 2, j,x: [a]}\nl: [x,y, [z], {a: b}]\n'
    assert loaded.findings == []
    assert loaded.positions == {
        (): (1, 1), ("m",): (1, 4), ("m", "k"): (1, 8), ("m", "q"): (1, 16), ("m", "j"): (1, 20),
        ("m", "x"): (1, 24), ("m", "x", 0): (1, 25), ("l",): (2, 4), ("l", 0): (2, 5), ("l", 1): (2, 7),
        ("l", 2): (2, 10), ("l", 2, 0): (2, 11), ("l", 3): (2, 15), ("l", 3, "a"): (2, 19)}
    assert loaded.key_positions == {("m",): (1, 1), ("m", "k"): (1, 5), ("m", "q"): (1, 11), ("m", "j"): (1, 19),
                                    ("m", "x"): (1, 21), ("l",): (2, 1), ("l", 3, "a"): (2, 16)}
    assert loaded.spans == {("m", "k"): (7, 8), ("m", "q"): (15, 16), ("m", "x", 0): (24, 25), ("l", 0): (32, 33),
                            ("l", 1): (34, 35), ("l", 2, 0): (38, 39), ("l", 3, "a"): (46, 47)}
    items = {parts: (item.plain, item.start, item.end, item.tight) for parts, item in loaded.flow_items.items()}
    assert items == {
        ("m", "k"): (True, 4, 5, False), ("m", "q"): (False, 10, 13, False), ("m", "j"): (True, 18, 19, False),
        ("m", "x"): (True, 20, 21, True), ("m", "x", 0): (True, 24, 25, False), ("l", 0): (True, 32, 33, False),
        ("l", 1): (True, 34, 35, True), ("l", 2): (False, 37, 38, False), ("l", 2, 0): (True, 38, 39, False),
        ("l", 3): (False, 42, 43, False), ("l", 3, "a"): (True, 43, 44, False)}


# --- syntax errors: the whole message, at the slip ---------------------------------------------------

TAB = "a tab is used for indentation (indent with spaces, not tabs; set your editor to insert spaces)"


def tab(line: str) -> str:
    return (f"a tab is used for indentation (indent with spaces, not tabs: write the line as `{line}`; set your "
            "editor to insert spaces)")
COLON = "a colon followed by a space inside text that is not in quotes; YAML reads it as a new key"
BLOCK_TEXT = ("put the whole value in quotes, or write it as block text: `key: >` and the text on the lines below, "
              "indented")
NEVER_CLOSED = "or put a value that holds a comma, a colon or a bracket in quotes"
NO_COLON = ("this line has no `key: value` colon (write `key: value`, with a space after the colon; if the line "
            "continues the text above, indent it more than that text's key)")
INDENTED = ("this line is not indented like the lines above it (keys of one mapping, and the `- ` of one list, "
            "start in the same column; indent the keys that belong to a key more than it)")
ESCAPE = ("a backslash in double quotes starts an escape, and this one is not a known escape (write \\\\ for a "
          "backslash, or use single quotes, in which a backslash is just a backslash)")


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    # tabs: named by the parser, standing where the parser stopped, or only in the indentation of the line
    ("brief:\n  title: x\n\tdate: y\n", 3, 1, tab("  date: y")),
    ("brief:\n\ttitle: x\n", 2, 1, tab("  title: x")),  # under a key: two more spaces than the key
    ("a:\n  b: 1\n \tc: 2\n", 3, 2, tab("  c: 2")),
    ("- \t- a\n", 1, 3, TAB),
    ("a: b\n \tc: d\n", 2, 4, tab("c: d")),
    ("\t", 1, 1, TAB),
    # a colon and a space in unquoted text
    ("a: 1\nsummary: Problem: falls\n", 2, 17, f'{COLON} (put the whole value in quotes: `summary: "Problem: falls"`)'),
    ("a: 1\nsummary: Problem: falls", 2, 17, f'{COLON} (put the whole value in quotes: `summary: "Problem: falls"`)'),
    ("a: b\tc: d\n", 1, 7, f'{COLON} (put the whole value in quotes: `a: "b\tc: d"`)'),
    ("a:  b: c\n", 1, 6, f'{COLON} (put the whole value in quotes: `a: "b: c"`)'),
    ('k: a "b": c\n', 1, 9, f"{COLON} (put the whole value in quotes: `k: 'a \"b\": c'`)"),
    ("k: a\\b: c\n", 1, 7, f"{COLON} (put the whole value in quotes: `k: 'a\\b: c'`)"),
    ("k: it's \"b\": c\n", 1, 12, f"{COLON} (put the whole value in quotes: `k: 'it''s \"b\": c'`)"),
    ("key: 'it''s': x\n", 1, 13, f"{COLON} (put the whole value in quotes: `key: \"'it''s': x\"`)"),
    ("- a: b: c\n", 1, 7, f"{COLON} ({BLOCK_TEXT})"),
    ("problem:\n  summary: Beboere falder\n    og ligger: længe\n", 3, 14, f"{COLON} ({BLOCK_TEXT})"),
    # an unclosed quote, at the quote
    ('x: 1\na: "Færre fald\nb: 3\nc: 4\n', 2, 4,
     'the quote " is never closed (end the value with a matching ", or remove the opening one)'),
    ("x: 1\na: 'Færre fald\nb: 3\n", 2, 4,
     "the quote ' is never closed (end the value with a matching ', or remove the opening one)"),
    ('a: "x', 1, 4, 'the quote " is never closed (end the value with a matching ", or remove the opening one)'),
    # an unclosed bracket, at the bracket
    ("a: [1, 2\nb: 3\nc: 4\n", 1, 4, f"the [ is never closed (end the list with ] on the same line, {NEVER_CLOSED})"),
    ("a: [b", 1, 4, f"the [ is never closed (end the list with ] on the same line, {NEVER_CLOSED})"),
    ("x: 1\na: {b: c\nd: e\n", 2, 4,
     f"the {{ is never closed (end the mapping with }} on the same line, {NEVER_CLOSED})"),
    ("a: {b: [c]\nd: e\n", 1, 4, f"the {{ is never closed (end the mapping with }} on the same line, {NEVER_CLOSED})"),
    # a line without a colon
    ("brief:\n  title: x\n  version\n  date: 2027\n", 3, 3, NO_COLON),
    ('a: b\n"c" d\n', 2, 1, NO_COLON),
    # a list item on the key's line
    ("a: - b\n", 1, 4, "a list item (`- `) on the same line as its key (start the list on the next line, each item "
                       "indented and starting with `- `)"),
    # more on a line than one value
    ("a: [b, c]]\n", 1, 10, "a closing ] without an opening one (remove it, or put the whole value in quotes)"),
    ("a: {b: c}}\n", 1, 10, "a closing } without an opening one (remove it, or put the whole value in quotes)"),
    ('a: "x" y\n', 1, 8, "text after the closing quote (put the whole value in quotes: `a: '\"x\" y'`)"),
    ('\na: "x"y\n', 2, 7, "text after the closing quote (put the whole value in quotes: `a: '\"x\"y'`)"),
    ("key: 'x' y: z\n", 1, 10, "text after the closing quote (put the whole value in quotes: `key: \"'x' y: z\"`)"),
    ('a: "x" y: z\n', 1, 8, "text after the closing quote (put the whole value in quotes: `a: '\"x\" y: z'`)"),
    ("a: [b] c\n", 1, 8, "more text after a value (put the whole value in quotes)"),
    ("a: [b] X\n", 1, 8, "more text after a value (put the whole value in quotes)"),
    ("x: &X 1\na: *X c\n", 2, 7, "more text after a value (put the whole value in quotes)"),
    ("a: {b: c} d\n", 1, 11, "more text after a value (put the whole value in quotes)"),
    # keys out of line
    ("brief:\n  title: x\n date: y\n", 3, 2, INDENTED),
    ("- a\nb: c\n", 2, 1, INDENTED),
    ("a:\n  - b\n  c: d\n", 3, 3, INDENTED),
    # a character no value starts with
    ("a: @foo\n", 1, 4, "a value cannot start with @ (put the whole value in quotes: `a: \"@foo\"`)"),
    ("a: `x\n", 1, 4, "a value cannot start with ` (put the whole value in quotes: `a: \"`x\"`)"),
    ("- @foo\n", 1, 3, "a value cannot start with @ (put the whole value in quotes)"),
    # an unknown escape, at its backslash
    ('a: "\\q"\n', 1, 5, ESCAPE),
    ('a: "\\t\\q"\n', 1, 7, ESCAPE),
    ('a: "\\xZ\\\\"\n', 1, 5, ESCAPE),
    ('a: "x\n\\q"\n', 2, 1, ESCAPE),
    ('a: "C:\\Users\\x"\n', 1, 7, ESCAPE),
    ('a: "\\xZZ"\n', 1, 5, ESCAPE),
    ('a: "ok \\t \\xZ"\n', 1, 11, ESCAPE),
    ('a: "ok\\\n  \\q"\n', 2, 3, ESCAPE),
    ('a: "\\\\\n  x \\q"\n', 2, 5, ESCAPE),
    # anything else: the parser's own words
    ("a: ]\n", 1, 4, "did not find expected node content"),
    ("a: 1\n...\nb: c\n", 3, 1, "did not find expected <document start>"),
    # curly quotes are named wherever they stand on the line of the slip
    ("a: 1\ntitle: “Fald: om natten”\n", 2, 13,
     f'{COLON} (put the whole value in quotes: `title: "Fald: om natten"`; {QUOTE_HINT})'),
    ("a: & “x”\n", 1, 5, f"did not find expected alphabetic or numeric character ({QUOTE_HINT})"),
    ("“a”: |x\n", 1, 7, f"did not find expected comment or line break ({QUOTE_HINT})"),
    ("a: ‘x’\nb: [c]]\n", 2, 7,
     "a closing ] without an opening one (remove it, or put the whole value in quotes)"),
])
def test_a_syntax_error_is_told_in_plain_words_at_the_slip(text: str, line: int, column: int, message: str) -> None:
    error = fail(text)
    assert (error.message, where(error)) == (f"not valid YAML: {message}", ("PB002", "brief.yaml", line, column))


def test_an_unexpected_parser_failure_is_a_load_error_in_the_parsers_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise yaml.YAMLError("the parser gave up")

    monkeypatch.setattr(yaml, "parse", broken)
    error = fail("a: 1\n")
    assert (error.message, where(error)) == ("not valid YAML: the parser gave up", ("PB002", "brief.yaml", None, None))


def test_nesting_past_the_parsers_own_bound_is_told_in_plain_words() -> None:
    error = fail("a: " + "[" * 2000 + "]" * 2000 + "\n", Limits(max_depth=5000))
    assert (error.code, error.line) == ("PB002", 1)
    assert error.message == ("not valid YAML: the lists or mappings are nested too deeply (a brief needs a few levels "
                             "of nesting; look for brackets opened and never closed)")


def test_a_flow_slip_inside_a_bracket_opened_on_the_same_line_names_that_bracket() -> None:
    error = fail("a: {b: [c}\n")
    assert where(error) == ("PB002", "brief.yaml", 1, 10)
    assert error.message == ("not valid YAML: something unexpected inside [ ] (put a value that holds a comma, "
                             "a colon, a # or a bracket in quotes)")
    error = fail("a: [b, {c: d]\n")
    assert where(error) == ("PB002", "brief.yaml", 1, 13)
    assert error.message == ("not valid YAML: something unexpected inside { } (put a value that holds a comma, "
                             "a colon, a # or a bracket in quotes)")


# --- finding the bracket left open ---------------------------------------------------------------------

LIST_NEVER_CLOSED = f"not valid YAML: the [ is never closed (end the list with ] on the same line, {NEVER_CLOSED})"


@pytest.mark.parametrize(("text", "line", "column"), [
    ('a: ["x]", b\nc: d\n', 1, 4),  # a bracket in double quotes does not count
    ("a: ['x]', b\nc: d\n", 1, 4),  # nor in single quotes
    ('a: ["x\\"]", b\nc: d\n', 1, 4),  # an escaped quote does not end the double-quoted text
    ('a: ["x\\\\", [b\nc: d\n', 1, 12),  # an escaped backslash does
    ("a: ['x\\', [b\nc: d\n", 1, 11),  # in single quotes a backslash is just a backslash
    ("a: [b, # ] not this\n  {c: d}, [e\nf: g\n", 2, 11),  # a bracket in a comment does not count
    ("a: [b, # [ not this\n  c\nd: e\n", 1, 4),
    ("a: [b, [c #x [d\ne: f\n", 1, 8),
    ("a: [b, it's, [c\nd: e\n", 1, 14),  # an apostrophe inside a word is no quote
    ("a: [b, x's, [c\nd: e\n", 1, 13),
    ("a: [b, X\n  c\nd: e\n", 1, 4),  # only brackets count
    ("a: [b, X, [c\nd: e\n", 1, 11),  # only quotes start quoted text
    ("a: [b, X#, [c\nd: e\n", 1, 12),
    ("# 'x\na: [b, [c\nd: e", 2, 8),  # a comment at the very start hides its quote
    ("a: [b, [X, c\nd: e\n", 1, 8),
    ("a: [b#, [c\nd: e\n", 1, 9),  # a # inside a word is no comment
    ("a: [{b: c}, [d], e\nf: g\n", 1, 4),  # closed brackets are done with
    ('"k[": [a,\n  b\nc: d', 1, 7),  # a quote at the very start of the text
    ("#[\na: [b,\n  c\nd: e", 2, 4),  # a comment at the very start of the text
    ('a: [\'x\', "y", [b\nc: d\n', 1, 15),
])
def test_the_bracket_never_closed_is_found_past_quotes_and_comments(text: str, line: int, column: int) -> None:
    error = fail(text)
    assert where(error) == ("PB002", "brief.yaml", line, column)
    assert error.message == LIST_NEVER_CLOSED


# --- what the builder keeps and refuses -------------------------------------------------------------

def test_an_alias_in_a_flow_list_is_not_plain_text() -> None:
    loaded = load_text("n: &n x\no: [*n, y]\n")
    assert loaded.data["o"] == ["x", "y"]
    items = {parts: (item.plain, item.start, item.end, item.tight) for parts, item in loaded.flow_items.items()}
    assert items == {("o", 0): (False, 12, 14, False), ("o", 1): (True, 16, 17, False)}


def test_child_tells_a_missing_value_from_an_empty_one() -> None:
    assert child({"a": None}, "a") is None and child({"a": "x"}, "a") == "x"
    assert child({}, "a") is MISSING
    assert child(["x", "y"], 1) == "y"
    assert child(["x", "y"], 2) is MISSING and child(["x", "y"], -1) is MISSING and child(["x"], "0") is MISSING
    assert child("xy", 0) is MISSING and child(None, "a") is MISSING


def test_value_and_position_lookups_of_a_loaded_brief() -> None:
    loaded = load_text("a:\n  b: [x, y]\n  c: tekst med ord\n")
    assert loaded.value_at(("a", "b", 1)) == "y" and loaded.value_at(("a", "b", 2)) is None
    assert loaded.value_at(("a", "z", 0)) is None and loaded.value_at(()) == loaded.data
    assert loaded.position_of(("a", "b", 1)) == (2, 10)
    assert loaded.position_of(("a", "b", 7)) == (2, 6)  # the nearest parent that exists
    assert loaded.position_of(("a", "b", 7, "q")) == (2, 6)
    assert loaded.position_of(("a", "b"), prefer_key=True) == (2, 3)
    assert loaded.position_of(("a", "b", 7), prefer_key=True) == (2, 3)
    assert loaded.position_of(("zz",)) == (1, 1)
    assert loaded.locate(("a", "c"), re.compile("ord")) == (3, 16)
    assert loaded.locate(("a", "c"), re.compile("x")) is None  # not in this value, although in the file
    assert loaded.locate(("a", "c"), re.compile("\\n")) is None  # the line break after it is not in it
    assert loaded.locate(("a", "q"), re.compile("ord")) is None
    bare = LoadedBrief(path=Path("b.yaml"), data={}, text="ab\ncd\n")
    assert bare.position_of(("a",)) is None and bare.position_at(4) == (2, 2)


def test_a_brief_with_exactly_the_number_of_values_allowed_loads() -> None:
    # root, a, b, c, [ ], d: six values
    assert load_text("a: b\nc: [d]\n", limits=Limits(max_nodes=6)).data == {"a": "b", "c": ["d"]}
    error = fail("a: b\nc: [d]\n", Limits(max_nodes=5))
    assert (error.message, where(error)) == ("the file expands to more than 5 values (too many aliases?)",
                                             ("PB002", "brief.yaml", 2, 5))
    error = fail("a: b\nc: [d]\n", Limits(max_nodes=4))
    assert (error.message, where(error)) == ("the file expands to more than 4 values (too many aliases?)",
                                             ("PB002", "brief.yaml", 2, 4))
    error = fail("a: [" + "x, " * 1000 + "]\n", Limits(max_nodes=1000))
    assert error.message == "the file expands to more than 1,000 values (too many aliases?)"


def test_an_alias_counts_every_value_it_repeats() -> None:
    # a, [ ], de, [ ], bc and d are six values besides the root; *x repeats four
    text = "a: &x [de, [bc]]\nd: *x\n"
    assert load_text(text, limits=Limits(max_nodes=11)).data == {"a": ["de", ["bc"]], "d": ["de", ["bc"]]}
    error = fail(text, Limits(max_nodes=10))
    assert (error.message, where(error)) == ("the file expands to more than 10 values (too many aliases?)",
                                             ("PB002", "brief.yaml", 2, 4))
    # characters: a, de, bc, d and the four repeated
    assert load_text(text, limits=Limits(max_chars=10)).data["d"] == ["de", ["bc"]]
    error = fail(text, Limits(max_chars=9))
    assert (error.message, where(error)) == (
        "the file expands to more than 9 characters of text (too many aliases of long text?)",
        ("PB002", "brief.yaml", 2, 4))
    text = "a: &x b\nc: *x\n"
    assert load_text(text, limits=Limits(max_nodes=5, max_chars=4)).data == {"a": "b", "c": "b"}
    error = fail(text, Limits(max_nodes=4))
    assert where(error) == ("PB002", "brief.yaml", 2, 4)
    nested = "a: &x [[bc]]\nd: *x\n"
    assert load_text(nested, limits=Limits(max_nodes=9, max_chars=6)).data["d"] == [["bc"]]
    assert fail(nested, Limits(max_nodes=8)).line == 2 and fail(nested, Limits(max_chars=5)).line == 2


def test_characters_of_text_are_counted_to_the_limit() -> None:
    assert load_text("a: bc\nd: [ef]\n", limits=Limits(max_chars=6)).data == {"a": "bc", "d": ["ef"]}
    error = fail("a: bc\nd: [ef]\n", Limits(max_chars=5))
    assert (error.message, where(error)) == (
        "the file expands to more than 5 characters of text (too many aliases of long text?)",
        ("PB002", "brief.yaml", 2, 5))
    error = fail("a: " + "x" * 1500 + "\n", Limits(max_chars=1500))
    assert error.message == "the file expands to more than 1,500 characters of text (too many aliases of long text?)"


def test_a_text_of_exactly_the_longest_length_loads() -> None:
    assert load_text("a: abcde\n", limits=Limits(max_string=5)).data == {"a": "abcde"}
    error = fail("a: x\nb: abcdef\n", Limits(max_string=5))
    assert (error.message, where(error)) == ("a value longer than 5 characters", ("PB002", "brief.yaml", 2, 4))
    error = fail("a: " + "x" * 1001 + "\n", Limits(max_string=1000))
    assert error.message == "a value longer than 1,000 characters"


def test_nesting_of_exactly_the_deepest_level_loads() -> None:
    assert load_text("a: [[x]]\n", limits=Limits(max_depth=3)).data == {"a": [["x"]]}
    error = fail("a: [[x]]\n", Limits(max_depth=2))
    assert (error.message, where(error)) == ("nesting deeper than 2 levels", ("PB002", "brief.yaml", 1, 5))


def test_limits_given_for_a_file_are_kept_past_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("a: b\nc: d\n")
    with pytest.raises(LoadError) as info:
        load_file(path, Limits(max_nodes=4))
    assert (info.value.message, where(info.value)) == ("the file expands to more than 4 values (too many aliases?)",
                                                       ("PB002", str(path), 2, 4))


@pytest.mark.parametrize(("text", "line", "column", "tag"), [
    ("a: !!python/x y\n", 1, 4, "tag:yaml.org,2002:python/x"),
    ("a: !!set {b}\n", 1, 4, "tag:yaml.org,2002:set"),
    ("a:\n  - !include [x]\n", 2, 5, "!include"),
])
def test_a_tag_outside_plain_data_is_refused_where_it_stands(text: str, line: int, column: int, tag: str) -> None:
    error = fail(text)
    assert where(error) == ("PB002", "brief.yaml", line, column)
    assert error.message == (f"the tag '{tag}' is not allowed: a brief holds plain text, numbers, dates, lists and "
                             "mappings only")


def test_plain_tags_are_accepted() -> None:
    loaded = load_text("a: ! x\nb: !!str 1\nc: !!int 2\nd: !!seq [e]\nf: !!map {g: h}\n")
    assert loaded.data == {"a": "x", "b": "1", "c": "2", "d": ["e"], "f": {"g": "h"}}


def test_a_second_document_is_refused_at_its_start() -> None:
    assert load_text("--- \na: 1\n").data == {"a": "1"}
    error = fail("a: 1\n---\nb: 2\n")
    assert (error.message, where(error)) == ("a brief is one YAML document: remove the second `---`",
                                             ("PB002", "brief.yaml", 2, 1))


def test_an_alias_without_its_anchor_is_named() -> None:
    error = fail("a: 1\nb: [*nowhere]\n")
    assert (error.message, where(error)) == ("the alias *nowhere names no anchor before it",
                                             ("PB002", "brief.yaml", 2, 5))


@pytest.mark.parametrize(("text", "line", "column"), [
    ("? [a]\n: 1\n", 1, 3), ("a:\n  ? {b: c}\n  : 1\n", 2, 5), ("a:\n  ~: 1\n", 2, 3), ("x: &k [1]\n*k : 2\n", 2, 1),
])
def test_a_key_that_is_not_a_word_is_refused(text: str, line: int, column: int) -> None:
    error = fail(text)
    assert (error.message, where(error)) == ("a key must be a plain word, not a list, a mapping or nothing",
                                             ("PB002", "brief.yaml", line, column))


@pytest.mark.parametrize(("text", "line", "column"), [("<<: 1\n", 1, 1), ("a:\n  b: 1\n  <<: *x\n", 3, 3)])
def test_a_merge_key_is_refused(text: str, line: int, column: int) -> None:
    error = fail(text)
    assert (error.message, where(error)) == ("merge keys (<<) are not supported: write the keys out",
                                             ("PB002", "brief.yaml", line, column))


def test_two_less_than_signs_as_text_are_text() -> None:
    assert load_text("a: <<\nb: [<<]\n'<<': c\n").data == {"a": "<<", "b": ["<<"], "<<": "c"}


def test_a_duplicate_key_is_reported_at_each_repetition_and_the_first_value_kept() -> None:
    loaded = load_text("x:\n  a: [1]\n  a: {b: c}\n  c: 2\n  a: 3\n", "brief.yaml")
    assert loaded.data == {"x": {"a": ["1"], "c": "2"}}
    message = ("`x.a` is given twice (first on line 2); a YAML reader would silently keep only one of them")
    assert findings(loaded) == [("PB003", "error", "x.a", 3, 3, message, "keep one of them", "brief.yaml"),
                                ("PB003", "error", "x.a", 5, 3, message, "keep one of them", "brief.yaml")]
    assert {p: v for p, v in loaded.positions.items() if p[:2] == ("x", "a")} == {("x", "a"): (2, 6),
                                                                                 ("x", "a", 0): (2, 7)}
    assert loaded.positions[("x", "c")] == (4, 6) and loaded.key_positions[("x", "a")] == (2, 3)
    loaded = load_text("a: [1]\na: [2]\n")
    assert loaded.data == {"a": ["1"]} and [(f.line, f.column) for f in loaded.findings] == [(2, 1)]


def test_the_value_of_a_repeated_key_is_not_checked_for_characters() -> None:
    loaded = load_text('a: 1\na: "\\x01"\n')
    assert [f.code for f in loaded.findings] == ["PB003"]


def test_a_null_is_not_checked_for_characters() -> None:
    loaded = load_text("a:\n  - !!null x\ty\n  - ~\n")
    assert loaded.data == {"a": [None, None]} and loaded.findings == []


# --- characters a document cannot show -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "path", "line", "column", "message", "hint"), [
    ("a: x\ty\tz\n", "a", 1, 5, "`a` contains a tab, which the document shows as a space",
     "write `a: x y z`, with a space instead of the tab; where columns are wanted, use a list or a table"),
    ("a: [x \t y]\n", "a[0]", 1, 7, "`a[0]` contains a tab, which the document shows as a space",
     "write `x y`, with a space instead of the tab; where columns are wanted, use a list or a table"),
    ('a: "\\tx\ty"\n', "a", 1, 8, "`a` contains a tab, which the document shows as a space", TAB_HINT),
    ('a: "x\\ty"\n', "a", 1, 6, "`a` contains a tab, written as the escape `\\t`, which the document shows as a space",
     TAB_HINT),
    ("a: |\n  x\ty\n", "a", 2, 4, "`a` contains a tab, which the document shows as a space", TAB_HINT),
    ("a: " + "x" * 60 + "\ty\n", "a", 1, 64, "`a` contains a tab, which the document shows as a space", TAB_HINT),
])
def test_a_tab_is_a_warning_where_it_was_written(text: str, path: str, line: int, column: int, message: str,
                                                 hint: str) -> None:
    assert findings(load_text(text, "brief.yaml")) == [
        ("PB022", "warning", path, line, column, message, hint, "brief.yaml")]


@pytest.mark.parametrize(("text", "path", "line", "column", "message"), [
    ("a: \u202ex\n", "a", 1, 4, control("a", "U+202E (RIGHT-TO-LEFT OVERRIDE)")),
    ("a: x\u200ey\u200e\n", "a", 1, 5, control("a", "U+200E (LEFT-TO-RIGHT MARK)")),
    ('a: "\\x01\\t"\n', "a", 1, 5, control("a", "U+0001 (a control character)", "\\x01")),
    ('"k\\x01": 1\n', "k\x01", 1, 3, control("k\x01", "U+0001 (a control character)", "\\x01")),
    ('a: {"\\x03": 1}\n', "a.\x03", 1, 6, control("a.\x03", "U+0003 (a control character)", "\\x03")),
    ('a: [x, "\\x02"]\n', "a[1]", 1, 9, control("a[1]", "U+0002 (a control character)", "\\x02")),
    ('a: "ok \\x41 \\x08"\n', "a", 1, 13, control("a", "U+0008 (BACKSPACE)", "\\x08")),
    ('a: "\\u00e9\\x01"\n', "a", 1, 11, control("a", "U+0001 (a control character)", "\\x01")),
    ('a: "\\U0001F600\\x01"\n', "a", 1, 15, control("a", "U+0001 (a control character)", "\\x01")),
    ('a: "\\_\\x7f"\n', "a", 1, 7, control("a", "U+007F (DELETE)", "\\x7f")),
    ('a: "\\e"\n', "a", 1, 5, control("a", "U+001B (ESCAPE)", "\\e")),
    ("a: 'x\u200fy'\n", "a", 1, 6, control("a", "U+200F (RIGHT-TO-LEFT MARK)")),
])
def test_an_invisible_character_is_an_error_where_it_was_written(text: str, path: str, line: int, column: int,
                                                                  message: str) -> None:
    loaded = load_text(text, "brief.yaml")
    assert findings(loaded) == [("PB022", "error", path, line, column, message, CONTROL_HINT, "brief.yaml")]
