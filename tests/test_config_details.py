"""The configuration file in detail: which file is found, which is skipped as untrusted and what the user
is told, the exact messages for each kind of broken value, and what select, ignore, severity and lexicon
do once read (lint/config.py)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from problembrief.errors import UsageError
from problembrief.findings import Severity
from problembrief.lint import LintConfig, find_config
from problembrief.lint.catalogue import code_problem
from problembrief.lint.config import ConfigError
from problembrief.lint.patterns import UnsafePattern, check_pattern

ROOT = pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
POSIX = pytest.mark.skipif(not hasattr(os, "getuid"), reason="permissions are only checked on POSIX")

TABLE = "[tool.problembrief] "
SELECT = 'select must be a list of rule codes or prefixes, e.g. select = ["PB1", "PB301"]'
SEVERITY = ('a table of rule codes and levels (error, warning or info), '
            'e.g. severity = { PB506 = "warning" }')
LEXICON = 'lexicon must be a table of languages (da, en) and lists of patterns, e.g. lexicon = { da = ["robot\\\\w*"] }'
KNOWN = "known: select, ignore, severity, lexicon"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository folder, so that the search never reaches whatever lies above it in /tmp (resolved, as the
    search resolves the brief's path: the messages name files by their real path)."""
    root = tmp_path.resolve()
    (root / ".git").mkdir()
    (root / "briefs").mkdir()
    return root


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def refused(project: Path, name: str, body: str) -> ConfigError:
    """The error for a configuration file with `body` (for pyproject.toml, inside its table)."""
    if name == "pyproject.toml":
        body = "[tool.problembrief]\n" + body
    path = write(project, name, body + "\n")
    with pytest.raises(ConfigError) as caught:
        find_config(project / "briefs" / "brief.yaml")
    error = caught.value
    assert error.path == str(path) and isinstance(error, UsageError)
    return error


def unsafe(pattern: str) -> str:
    with pytest.raises(UnsafePattern) as caught:
        check_pattern(pattern)
    return str(caught.value)


# --- which file is found ----------------------------------------------------------------------------------

def test_a_folder_is_searched_from_itself_and_a_file_from_its_folder(project: Path) -> None:
    briefs = project / "briefs"
    config = write(briefs, ".problembrief.toml", 'ignore = ["PB2"]\n')
    assert find_config(briefs).source == config
    assert find_config(briefs / "brief.yaml").source == config  # need not exist yet
    assert find_config(briefs / "sub" / "brief.yaml").source == config
    (briefs / "brief.yaml").write_text("x: 1\n", encoding="utf-8")
    assert find_config(briefs / "brief.yaml").source == config


def test_the_search_starts_in_the_folder_given(project: Path) -> None:
    """A folder is where the search starts, not its parent: a file beside the briefs is not taken."""
    write(project, ".problembrief.toml", 'ignore = ["PB2"]\n')
    (project / "briefs" / "a").mkdir()
    inner = write(project / "briefs" / "a", ".problembrief.toml", 'ignore = ["PB3"]\n')
    found = find_config(project / "briefs" / "a")
    assert found.source == inner and found.ignore == ("PB3",)


def test_a_pyproject_without_our_table_lets_the_search_go_on(project: Path) -> None:
    outer = write(project, ".problembrief.toml", 'ignore = ["PB2"]\n')
    briefs = project / "briefs"
    write(briefs, "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(briefs).source == outer
    write(briefs, "pyproject.toml", '[tool.ruff]\nline-length = 100\n')
    assert find_config(briefs).source == outer
    write(briefs, "pyproject.toml", "[tool.problembrief]\n")  # an empty table is a configuration
    found = find_config(briefs)
    assert found == LintConfig(source=briefs / "pyproject.toml")


def test_the_dedicated_file_wins_over_pyproject_in_one_folder(project: Path) -> None:
    write(project, "pyproject.toml", '[tool.problembrief]\nignore = ["PB3"]\n')
    dedicated = write(project, ".problembrief.toml", 'ignore = ["PB2"]\n')
    assert find_config(project / "briefs").source == dedicated


def test_nothing_found_gives_the_defaults(project: Path) -> None:
    found = find_config(project / "briefs")
    assert found == LintConfig() and found.source is None and found.ignored == ()
    assert found.enabled("PB101") and found.enabled("PB703")


def test_without_a_known_home_the_search_stops_at_the_repository(project: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare CI container may have no home folder: the repository root still bounds the search."""
    config = write(project, ".problembrief.toml", 'ignore = ["PB2"]\n')
    for failure in (RuntimeError("no home"), KeyError("HOME"), OSError("no home")):
        def no_home(cls: type[Path], failure: Exception = failure) -> Path:
            raise failure
        monkeypatch.setattr(Path, "home", classmethod(no_home))
        assert find_config(project / "briefs" / "brief.yaml").source == config
    (project / "briefs" / ".git").mkdir()
    assert find_config(project / "briefs").source is None


def test_home_inside_a_repository_bounds_the_search(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, ".problembrief.toml", 'ignore = ["PB2"]\n')
    home = project / "briefs"
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    (home / "work").mkdir()
    assert find_config(home / "work").source is None
    assert find_config(project).source == project / ".problembrief.toml"  # above home: its own folder


# --- which file is distrusted, and what the user is told --------------------------------------------------

@POSIX
def test_a_world_writable_folder_without_sticky_bit_is_named(project: Path) -> None:
    shared = project / "briefs"
    config = write(shared, ".problembrief.toml", 'ignore = ["PB"]\n')
    try:
        shared.chmod(0o777)
        assert find_config(shared).ignored == (
            f"ignored the configuration {config}: its folder {shared} can be changed by anyone",)
        shared.chmod(0o1755)  # sticky but not writable by others: nothing to distrust
        assert find_config(shared).source == config
        shared.chmod(0o775)  # writable by the group only
        assert find_config(shared).source == config
    finally:
        shared.chmod(0o755)


@POSIX
def test_a_world_writable_file_is_named(project: Path) -> None:
    config = write(project, ".problembrief.toml", 'ignore = ["PB"]\n')
    config.chmod(0o646)
    found = find_config(project / "briefs")
    assert found == LintConfig(ignored=(f"ignored the configuration {config}: anyone can change it",))
    config.chmod(0o664)
    assert find_config(project / "briefs").source == config


@POSIX
def test_a_distrusted_file_is_skipped_for_the_next_one_in_the_same_folder(project: Path) -> None:
    dedicated = write(project, ".problembrief.toml", 'ignore = ["PB"]\n')
    dedicated.chmod(0o666)
    pyproject = write(project, "pyproject.toml", '[tool.problembrief]\nignore = ["PB2"]\n')
    found = find_config(project / "briefs")
    assert found.source == pyproject and found.ignore == ("PB2",)
    assert found.ignored == (f"ignored the configuration {dedicated}: anyone can change it",)


@POSIX
def test_the_skipped_files_travel_with_the_configuration_used(project: Path) -> None:
    outer = write(project, "pyproject.toml", '[tool.problembrief]\nselect = ["PB5"]\n')
    briefs = project / "briefs"
    inner = write(briefs, "pyproject.toml", '[tool.problembrief]\nignore = ["PB"]\n')
    inner.chmod(0o666)
    found = find_config(briefs)
    assert (found.source, found.select) == (outer, ("PB5",))
    assert found.ignored == (f"ignored the configuration {inner}: anyone can change it",)
    dedicated = write(project, ".problembrief.toml", 'select = ["PB6"]\n')
    found = find_config(briefs)
    assert (found.source, found.select) == (dedicated, ("PB6",)) and len(found.ignored) == 1


@POSIX
@pytest.mark.parametrize("body", [
    '[project]\nname = "x"\n',
    '[tool.ruff]\nline-length = 100\n',
    'tool = 3\n',
    '[tool\n',  # not TOML
    '[tool.problembrief]\nselect = ["PB1"]\n# \udcff\n',  # not UTF-8
])
def test_a_distrusted_pyproject_without_our_table_is_not_mentioned(project: Path, body: str) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_bytes(body.encode("utf-8", "surrogateescape"))
    pyproject.chmod(0o666)
    assert find_config(project / "briefs") == LintConfig()


@POSIX
def test_a_distrusted_pyproject_with_our_table_is_mentioned(project: Path) -> None:
    pyproject = write(project, "pyproject.toml", '[project]\nname = "x"\n[tool.problembrief]\n')
    pyproject.chmod(0o666)
    assert find_config(project / "briefs").ignored == (
        f"ignored the configuration {pyproject}: anyone can change it",)


@POSIX
def test_a_distrusted_dedicated_file_is_mentioned_whatever_it_holds(project: Path) -> None:
    dedicated = write(project, ".problembrief.toml", "not toml at all [\n")
    dedicated.chmod(0o666)
    assert find_config(project / "briefs").ignored == (
        f"ignored the configuration {dedicated}: anyone can change it",)


@POSIX
def test_unreadable_permissions_are_distrusted(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(project, ".problembrief.toml", 'ignore = ["PB"]\n')
    real_lstat = Path.lstat

    def lstat(self: Path) -> os.stat_result:
        if self == config:
            raise PermissionError(13, "Permission denied")
        return real_lstat(self)

    monkeypatch.setattr(Path, "lstat", lstat)
    assert find_config(project / "briefs").ignored == (
        f"ignored the configuration {config}: its permissions cannot be read (Permission denied)",)


def test_without_posix_permissions_nothing_is_distrusted(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows permissions are ACLs: the file is used as it is."""
    config = write(project, ".problembrief.toml", 'ignore = ["PB2"]\n')
    config.chmod(0o666)
    monkeypatch.delattr(os, "getuid", raising=False)
    found = find_config(project / "briefs")
    assert found.source == config and found.ignored == ()


@ROOT
def test_files_of_the_current_user_and_of_root_are_trusted(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(project, ".problembrief.toml", 'ignore = ["PB2"]\n')
    monkeypatch.setattr(os, "getuid", lambda: 4242)  # as if a normal user ran the tool
    assert find_config(project / "briefs").source == config  # root's file
    os.chown(config, 4242, 4242)
    assert find_config(project / "briefs").source == config  # our own
    for stranger in (1, 4343):
        os.chown(config, stranger, stranger)
        assert find_config(project / "briefs").ignored == (
            f"ignored the configuration {config}: it belongs to another user (uid {stranger}), and a "
            "configuration can switch rules off",)


@ROOT
def test_a_link_and_its_target_must_both_be_trusted(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere").resolve()
    target = write(elsewhere, "shared.toml", 'ignore = ["PB2"]\n')
    link = project / ".problembrief.toml"
    link.symlink_to(target)
    assert find_config(project / "briefs").ignore == ("PB2",)
    os.lchown(link, 4242, 4242)
    assert find_config(project / "briefs").ignored == (
        f"ignored the configuration {link}: it belongs to another user (uid 4242), and a configuration "
        "can switch rules off",)
    os.lchown(link, 0, 0)
    os.chown(target, 4343, 4343)
    assert "(uid 4343)" in find_config(project / "briefs").ignored[0]


# --- a file that cannot be read ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", [".problembrief.toml", "pyproject.toml"])
def test_unreadable_toml_is_a_config_error(project: Path, name: str) -> None:
    path = project / name
    path.write_bytes(b"select = [\n")
    with pytest.raises(tomllib.TOMLDecodeError) as decoding:
        tomllib.loads("select = [\n")
    with pytest.raises(ConfigError) as caught:
        find_config(project / "briefs")
    error = caught.value
    assert error.message == f"cannot read the configuration: {decoding.value}"
    assert (error.path, error.field) == (str(path), "")


def test_a_file_that_is_not_utf8_is_a_config_error(project: Path) -> None:
    path = project / ".problembrief.toml"
    path.write_bytes(b'ignore = ["PB1"] # \xff\n')
    with pytest.raises(ConfigError) as caught:
        find_config(project / "briefs")
    assert caught.value.message == ("cannot read the configuration: 'utf-8' codec can't decode byte 0xff in "
                                    "position 19: invalid start byte")
    assert caught.value.path == str(path)


def test_a_tool_key_that_is_not_a_table(project: Path) -> None:
    path = write(project, "pyproject.toml", "tool = 3\n")
    with pytest.raises(ConfigError) as caught:
        find_config(project / "briefs")
    error = caught.value
    assert (error.message, error.field, error.path) == ("`tool` must be a table", "tool", str(path))


def test_a_problembrief_key_that_is_not_a_table(project: Path) -> None:
    path = write(project, "pyproject.toml", '[tool]\nproblembrief = ["PB1"]\n')
    with pytest.raises(ConfigError) as caught:
        find_config(project / "briefs")
    error = caught.value
    assert error.message == "`[tool.problembrief]` must be a table of options: select, ignore, severity, lexicon"
    assert (error.field, error.path) == ("tool.problembrief", str(path))


# --- exact messages for broken values ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "prefix", "where"), [
    (".problembrief.toml", "", "the configuration"),
    ("pyproject.toml", TABLE, "[tool.problembrief]"),
])
def test_unknown_options(project: Path, name: str, prefix: str, where: str) -> None:
    error = refused(project, name, 'selct = ["PB1"]\nignroe = []')
    assert error.message == f"unknown option(s) ignroe, selct in {where}; did you mean ignore?; {KNOWN}"
    assert error.field == "ignroe"
    error = refused(project, name, "colour = 1")
    assert error.message == f"unknown option(s) colour in {where}; {KNOWN}"
    assert error.field == "colour"


IGNORE = 'ignore must be a list of rule codes or prefixes, e.g. ignore = ["PB105"]'
# (file content, field, what is wrong, what is allowed): the message is the two joined by "; ".
VALUES = [
    ('select = {a = 1}', "select", "`select` cannot be a table", SELECT),
    ('select = [1]', "select", "`select[0]` cannot be 1", SELECT),
    ('select = "' + "x" * 38 + '"', "select", f"`select` cannot be '{'x' * 38}'", SELECT),  # 40 characters
    ('select = "' + "x" * 39 + '"', "select", f"`select` cannot be '{'x' * 36}…", SELECT),
    ('ignore = "PB1"', "ignore", "`ignore` cannot be 'PB1'", IGNORE),
    ('severity = ["PB101"]', "severity", "`severity` cannot be a list", f"severity must be {SEVERITY}"),
    ('severity = { PB506 = "warn" }', "severity", "`severity.PB506` must be error, warning or info, not 'warn'",
     f"severity must be {SEVERITY}"),
    ('severity = { PB506 = ["info"] }', "severity", "`severity.PB506` must be error, warning or info, not a list",
     f"severity must be {SEVERITY}"),
    ('lexicon = ["robot"]', "lexicon", "`lexicon` cannot be a list", LEXICON),
    ('lexicon = { da = "robot" }', "lexicon",
     "`lexicon.da` must be a list of patterns, not 'robot': write da = [\"…\"], one pattern per entry", LEXICON),
    ('lexicon = { en = { robot = 1 } }', "lexicon",
     "`lexicon.en` must be a list of patterns, not a table: write en = [\"…\"], one pattern per entry", LEXICON),
    ('lexicon = { da = [3] }', "lexicon", "`lexicon.da[0]` cannot be 3", LEXICON),
    ('lexicon = { de = "robot" }', "lexicon", "`lexicon` has the language 'de'; languages are da and en", LEXICON),
]


@pytest.mark.parametrize(("body", "field", "wrong", "allowed"), VALUES, ids=[v[0] for v in VALUES])
def test_a_wrong_value_in_the_dedicated_file(project: Path, body: str, field: str, wrong: str, allowed: str) -> None:
    error = refused(project, ".problembrief.toml", body)
    assert (error.message, error.field) == (f"{wrong}; {allowed}", field)


@pytest.mark.parametrize(("body", "field", "wrong", "allowed"), VALUES, ids=[v[0] for v in VALUES])
def test_a_wrong_value_in_pyproject_names_the_table(project: Path, body: str, field: str, wrong: str,
                                                    allowed: str) -> None:
    """Both the place and the key in the hint are written as in pyproject.toml: `[tool.problembrief] …`."""
    error = refused(project, "pyproject.toml", body)
    assert (error.message, error.field) == (f"`{TABLE}{wrong[1:]}; {TABLE}{allowed}", field)


@pytest.mark.parametrize(("name", "prefix"), [(".problembrief.toml", ""), ("pyproject.toml", TABLE)])
def test_codes_that_name_nothing(project: Path, name: str, prefix: str) -> None:
    error = refused(project, name, 'select = ["PB1", "pb1o1"]')
    assert (error.message, error.field) == (f"`{prefix}select`: {code_problem('PB1O1')}", "select")
    error = refused(project, name, 'ignore = ["PB105,PB999"]')
    assert (error.message, error.field) == (f"`{prefix}ignore`: {code_problem('PB999')}", "ignore")


@pytest.mark.parametrize(("name", "prefix"), [(".problembrief.toml", ""), ("pyproject.toml", TABLE)])
def test_severity_needs_a_whole_rule_code(project: Path, name: str, prefix: str) -> None:
    for code in ("PB5", "PB5O6", "PB999"):  # a prefix is not enough to re-grade
        error = refused(project, name, f'severity = {{ {code} = "info" }}')
        assert error.message == f"`{prefix}severity`: {code_problem(code, prefix=False)}; {SEVERITY}"
        assert error.field == "severity"
    error = refused(project, name, 'severity = { " pb010 " = "info" }')
    assert error.message == f"`{prefix}severity`: PB010 is a schema check, which is always an error; {SEVERITY}"
    error = refused(project, name, 'severity = { PB001 = "info" }')
    assert error.message == f"`{prefix}severity`: {code_problem('PB001', prefix=False)}; {SEVERITY}"


@pytest.mark.parametrize(("name", "prefix"), [(".problembrief.toml", ""), ("pyproject.toml", TABLE)])
def test_an_unsafe_lexicon_pattern_is_named_by_its_place(project: Path, name: str, prefix: str) -> None:
    error = refused(project, name, 'lexicon = { da = ["robot"], en = ["robot", "\\\\w*\\\\w*x"] }')
    pattern = "\\w*\\w*x"
    assert error.message == f"`{prefix}lexicon.en[1]` {pattern!r} cannot be used: {unsafe(pattern)}"
    assert error.field == "lexicon.en"


def test_the_lexicon_is_checked_before_the_codes(project: Path) -> None:
    """The whole file is refused at its first problem in a fixed order: value types, severity, lexicon, codes."""
    error = refused(project, ".problembrief.toml", 'select = ["PB999"]\nlexicon = { da = ["(x)\\\\1"] }')
    assert error.field == "lexicon.da"
    error = refused(project, ".problembrief.toml", 'select = ["PB999"]\nseverity = { PB5 = "info" }')
    assert error.field == "severity"


def test_a_lexicon_given_in_code_is_checked_too() -> None:
    with pytest.raises(ConfigError) as caught:
        LintConfig(lexicon={"da": ("robot",), "en": ("robot", "(a+)+$")})
    error = caught.value
    assert error.message == f"`lexicon.en[1]` '(a+)+$' cannot be used: {unsafe('(a+)+$')}"
    assert (error.field, error.path) == ("lexicon.en", None)
    source = Path("/somewhere/.problembrief.toml")
    with pytest.raises(ConfigError) as caught:
        LintConfig(lexicon={"da": (".*",)}, source=source)
    assert caught.value.path == str(source) and caught.value.message.startswith("`lexicon.da[0]` '.*' cannot")


# --- what a valid file means --------------------------------------------------------------------------------

def test_values_are_normalised(project: Path) -> None:
    config = write(project, ".problembrief.toml",
                   'select = ["pb1, PB2", " pb1 "]\nignore = ["pb105", "PB105"]\n'
                   'severity = { " pb506 " = "warning", PB101 = "info", PB201 = "error" }\n'
                   'lexicon = { en = ["robot\\\\w*"], da = [] }\n')
    assert find_config(project / "briefs") == LintConfig(
        select=("PB1", "PB2"), ignore=("PB105",),
        severity={"PB506": Severity.WARNING, "PB101": Severity.INFO, "PB201": Severity.ERROR},
        lexicon={"en": ("robot\\w*",), "da": ()}, source=config)


def test_enabled_follows_select_then_ignore() -> None:
    config = LintConfig(select=("PB1", "PB5"), ignore=("PB105", "PB50"))
    assert [config.enabled(code) for code in ("PB101", "PB105", "PB201", "PB501", "PB601", "PB511")] == [
        True, False, False, False, False, True]
    everything = LintConfig(ignore=("PB2", "PB3"))
    assert [everything.enabled(code) for code in ("PB101", "PB201", "PB301", "PB703")] == [True, False, False, True]


def test_command_line_options_apply_on_top_of_the_file() -> None:
    source = Path("/repo/.problembrief.toml")
    base = LintConfig(select=("PB1",), ignore=("PB105",), severity={"PB506": Severity.WARNING},
                      lexicon={"da": ("robot",)}, source=source, ignored=("ignored the configuration x: y",))
    assert base.with_options(None, None) == base
    assert base.with_options([], []) == base
    changed = base.with_options(["pb2", "PB3"], "pb6,PB7")
    assert changed == LintConfig(select=("PB2", "PB3"), ignore=("PB105", "PB6", "PB7"),
                                 severity={"PB506": Severity.WARNING}, lexicon={"da": ("robot",)}, source=source,
                                 ignored=("ignored the configuration x: y",))
    assert changed.enabled("PB201") and not changed.enabled("PB101") and not changed.enabled("PB601")


@pytest.mark.parametrize(("select", "ignore", "option", "code"), [
    (["PB1", "PB1O1"], None, "--select", "PB1O1"),
    (None, ["PB2", "PB999"], "--ignore", "PB999"),
])
def test_command_line_options_that_name_nothing(select: list[str] | None, ignore: list[str] | None, option: str,
                                                code: str) -> None:
    with pytest.raises(UsageError) as caught:
        LintConfig().with_options(select, ignore)
    error = caught.value
    assert (error.message, error.field, error.path) == (f"{option}: {code_problem(code)}", option, None)
