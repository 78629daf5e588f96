"""Configuration that can be trusted: every code names something, broken files are usage errors, lexicon
patterns cannot hang a rule, and a configuration is only taken from where the project's own files live."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from problembrief.errors import UsageError
from problembrief.findings import Severity
from problembrief.lint import LintConfig, find_config, lint
from problembrief.lint.catalogue import check_codes, known_codes
from problembrief.lint.config import ConfigError
from problembrief.lint.patterns import UnsafePattern, check_pattern
from problembrief.load import load_text
from problembrief.reference import load as load_reference
from problembrief.validate import validate

sys.path.insert(0, str(Path(__file__).resolve().parent / "lint"))
from harness import compose  # tests/lint is not a package


def lint_text(text: str, config: LintConfig | None = None):  # type: ignore[no-untyped-def]
    loaded = load_text(text, "brief.yaml")
    brief, findings = validate(loaded)
    assert brief is not None, [f.message for f in findings]
    return lint(brief, loaded, config)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository folder: the configuration search stops here, whatever lies above in /tmp."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "briefs").mkdir()
    return tmp_path


# --- 1. codes that name nothing -------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "expected"), [
    (["PB101"], ("PB101",)),
    (["pb6", " PB10 "], ("PB6", "PB10")),
    (["PB2,PB102", "PB2"], ("PB2", "PB102")),
    (["PB010"], ("PB010",)),  # a schema code
    (["PB0"], ("PB0",)),
    ([], ()),
    (None, ()),
])
def test_check_codes_accepts_codes_and_prefixes(values: list[str] | None, expected: tuple[str, ...]) -> None:
    assert check_codes(values, source="--select") == expected


@pytest.mark.parametrize(("value", "says"), [
    ("PB1O1", "did you mean PB101?"),  # letter O
    ("PB999", "PB999 is not a rule code"),
    ("E501", "E501 is not a rule code"),
    ("PB001", "failure of the run"),
    ("PB004", "failure of the run"),
    ("PB021", "no longer a rule"),
])
def test_check_codes_refuses_what_names_nothing(value: str, says: str) -> None:
    with pytest.raises(UsageError, match="--ignore") as caught:
        check_codes([value], source="--ignore")
    assert says in caught.value.message and caught.value.field == "--ignore"


def test_with_options_validates() -> None:
    with pytest.raises(UsageError, match="PB1O1"):
        LintConfig().with_options(["PB1O1"], None)
    with pytest.raises(UsageError, match="PB999"):
        LintConfig().with_options(None, ["PB999"])
    config = LintConfig(ignore=("PB105",)).with_options(["pb1"], ["PB6,PB10"])
    assert config.select == ("PB1",) and config.ignore == ("PB105", "PB6", "PB10")


def test_known_codes_are_rules_and_schema_but_not_run_failures() -> None:
    known = set(known_codes())
    assert {"PB101", "PB703", "PB003", "PB010", "PB017"} <= known
    assert not known & {"PB001", "PB002", "PB004", "PB005", "PB006", "PB021"}


def test_a_failing_brief_stays_failing_with_a_misspelt_selection() -> None:
    """The old behaviour: `--select PB1O1` selected nothing and the brief passed."""
    text, _ = compose("risks: []\n")
    assert lint_text(text)  # it has findings
    with pytest.raises(UsageError):
        lint_text(text, LintConfig().with_options(["PB1O1"], None))


def test_lint_ignore_unknown_code_is_a_usage_error_at_its_line() -> None:
    text, start = compose("lint_ignore: [PB105, PB99]\n")
    with pytest.raises(UsageError) as caught:
        lint_text(text)
    error = caught.value
    assert error.path == "brief.yaml" and error.line == start and error.field == "lint_ignore[1]"
    assert "PB99" in error.message and "not a rule code" in error.message


def test_lint_ignore_accepts_a_prefix_like_ignore() -> None:
    text, _ = compose("risks: []\nlint_ignore: [pb7]\n")
    [finding] = lint_text(text)
    assert (finding.code, finding.suppressed) == ("PB703", True)


# --- 2. a broken configuration is a usage error ---------------------------------------------------------

BROKEN = [
    ('lexicon = { da = ["(unclosed"] }', "lexicon.da", ["(unclosed", "not a valid regular expression"]),
    ('severity = "PB101"', "severity", ["`severity` cannot be 'PB101'", "error, warning or info"]),
    ('lexicon = { da = "robot" }', "lexicon", ["`lexicon.da` must be a list of patterns, not 'robot'"]),
    ('lexicon = { de = ["robot"] }', "lexicon", ["language 'de'", "da and en"]),
    ('severity = { PB506 = "warn" }', "severity", ["`severity.PB506` must be error, warning or info, not 'warn'"]),
    ('severity = { PB5O6 = "info" }', "severity", ["PB5O6 is not a rule code; did you mean PB506?"]),
    ('severity = { PB5 = "info" }', "severity", ["PB5 is not a rule code"]),
    ('severity = { PB010 = "info" }', "severity", ["schema check, which is always an error"]),
    ('select = ["PB1O1"]', "select", ["`select`: PB1O1", "did you mean PB101?"]),
    ('ignore = ["PB999"]', "ignore", ["`ignore`: PB999 is not a rule code"]),
    ('select = "PB1"', "select", ["`select` cannot be 'PB1'", "a list of rule codes"]),
    ('select = [101]', "select", ["`select[0]` cannot be 101"]),
    ('ignroe = ["PB1"]', "ignroe", ["unknown option(s) ignroe", "did you mean ignore?"]),
    ('lexicon = { da = ["(a+)+$"] }', "lexicon.da", ["'(a+)+$' cannot be used", "group may only be optional"]),
    ('lexicon = { en = ["\\\\w*\\\\w*x"] }', "lexicon.en", ["more than one unbounded repetition"]),
    ('lexicon = { en = ["(x)\\\\1"] }', "lexicon.en", ["back-references"]),
    ("select = [", "", ["cannot read the configuration"]),
]


@pytest.mark.parametrize(("content", "key", "says"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_dedicated_config(project: Path, content: str, key: str, says: list[str]) -> None:
    config = project / ".problembrief.toml"
    config.write_text(content + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        find_config(project / "briefs" / "brief.yaml")
    error = caught.value
    assert isinstance(error, UsageError)
    assert error.path == str(config) and error.field == key
    for part in says:
        assert part in error.message, error.message
    assert str(config) in str(error)


def test_broken_pyproject_table_names_the_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.problembrief]\nseverity = "PB101"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[tool.problembrief\] severity"):
        find_config(project / "briefs")
    (project / "pyproject.toml").write_text('[tool]\nproblembrief = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a table"):
        find_config(project / "briefs")


def test_valid_config_is_read(project: Path) -> None:
    (project / "pyproject.toml").write_text(textwrap.dedent('''
        [tool.problembrief]
        select = ["pb5", "PB6"]
        ignore = ["PB105"]
        severity = { pb506 = "warning" }
        lexicon = { da = ["personale\\\\w*", "velfærds teknologi"] }
        '''), encoding="utf-8")
    config = find_config(project / "briefs" / "brief.yaml")
    assert config.select == ("PB5", "PB6") and config.ignore == ("PB105",)
    assert config.severity == {"PB506": Severity.WARNING}
    assert config.lexicon == {"da": ("personale\\w*", "velfærds teknologi")}
    assert config.source == project / "pyproject.toml" and config.ignored == ()


# --- 6. severity stays configuration --------------------------------------------------------------------

def test_severity_from_config_changes_the_finding(project: Path) -> None:
    (project / ".problembrief.toml").write_text('severity = { PB506 = "warning" }\n', encoding="utf-8")
    config = find_config(project / "briefs")
    plan = ("poc:\n  scope: Afprøvning\n  success_criteria:\n    - {outcome: O1, threshold: færre fald}\n"
            "scale_up:\n  decision: {date: 2028-04-15, body: Udvalget}\n  procurement_route: option_in_contract\n"
            "  funding: {amount: 2200000}\n")
    text, _ = compose(plan)
    default = [f for f in lint_text(text) if f.code == "PB506"]
    configured = [f for f in lint_text(text, config) if f.code == "PB506"]
    assert [f.severity for f in default] == [Severity.INFO]
    assert [f.severity for f in configured] == [Severity.WARNING]


# --- 2. lexicon patterns cannot hang a rule -------------------------------------------------------------

def test_builtin_lexicon_is_in_the_safe_subset() -> None:
    lexicon = load_reference("lexicon")
    entries = [p for words in lexicon["solution_words"].values() for p in words]
    entries += lexicon["dpia_triggers"] + lexicon["ai_words"] + [a["pattern"] for a in lexicon["ai_high_risk_areas"]]
    for entry in entries:
        check_pattern(entry)


@pytest.mark.parametrize("pattern", [
    "(a+)+$", "(\\w*)*", "(?:ab)+", "\\w*\\w*x", "a\\w*|b*c*", ".*", "\\S+", "[^x]*", "\\s*", "a{1,50}",
    "(x)\\1", "(?=x)", "(?<!x)y", "(?i)robot", "", "x" * 201,
])
def test_unsafe_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(UnsafePattern):
        check_pattern(pattern)
    with pytest.raises(ConfigError, match="lexicon"):
        LintConfig(lexicon={"da": (pattern,)})


@pytest.mark.parametrize("pattern", [
    "robot", "personale\\w*", "robot(?:ten|ter|terne)?", "kunstig intelligens", "[a-zæøå]+", "\\d+ kr",
    "vi (?:har )?brug for \\w+", "kamera\\w*|video\\w*",
])
def test_safe_patterns_are_accepted(pattern: str) -> None:
    check_pattern(pattern)


def test_config_lexicon_extends_pb101() -> None:
    text, _ = compose(
        "target_group:\n  description: Beboere.\n  size: {count: 430}\n  involvement: [{who: A, how: B}]\n"
        "  users: [{role: Nattevagter}]\n  needs:\n    - Vi mangler personalet om natten og flere"
        " velfærdsteknologiske hjælpemidler.\n")
    config = LintConfig(select=("PB101",), lexicon={"da": ("personale\\w*", "velfærds\\w*")})
    words = sorted(f.message.rsplit('"', 2)[1] for f in lint_text(text, config))
    assert words == ["personalet", "velfærdsteknologiske"]


CRAFTED = textwrap.dedent('''
    import sys, time
    sys.path.insert(0, sys.argv[1])
    from harness import compose
    from problembrief.lint import LintConfig, lint
    from problembrief.load import load_text
    from problembrief.validate import validate

    # Texts of 50,000 characters built against each allowed shape: one long word, runs of white space
    # between the words of a phrase, and many starting points.
    texts = ["personale" + "x" * 50_000, "vi " + " " * 50_000 + "y", "kunstig " * 6_250,
             "a" * 50_000 + "!", ("velfærd" + "-") * 6_250, "robotte" * 7_000]
    lexicon = ("personale\\\\w*z", "vi (?:har )?brug for \\\\w+", "kunstig (?:og )?intelligens", "a\\\\w*b",
               "velfærd\\\\w*-teknologi", "robot(?:ten|ter|terne)?")
    config = LintConfig(select=("PB101",), lexicon={"da": lexicon})
    worst = 0.0
    for summary in texts:
        text, _ = compose("problem:\\n  summary: '" + summary + "'\\n")
        loaded = load_text(text, "brief.yaml")
        brief, findings = validate(loaded)
        assert brief is not None, findings
        started = time.perf_counter()
        found = lint(brief, loaded, config)
        worst = max(worst, time.perf_counter() - started)
        assert found == [], found
    print(f"{worst:.3f}")
''')


def test_crafted_texts_cannot_slow_pb101() -> None:
    """Each allowed pattern against a 50,000-character text built to make it backtrack: well under a
    second each (the subprocess timeout is only a guard against a hang taking the test run with it)."""
    harness = str(Path(__file__).resolve().parent / "lint")
    result = subprocess.run([sys.executable, "-c", CRAFTED, harness], capture_output=True, text=True,
                            timeout=20, check=False)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 1.0


# --- 3. configuration from anywhere ---------------------------------------------------------------------

def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".problembrief.toml").write_text('ignore = ["PB1"]\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "briefs").mkdir()
    assert find_config(repo / "briefs" / "brief.yaml") == LintConfig()
    (repo / "pyproject.toml").write_text('[tool.problembrief]\nignore = ["PB2"]\n', encoding="utf-8")
    assert find_config(repo / "briefs" / "brief.yaml").source == repo / "pyproject.toml"


def test_a_git_file_marks_a_root_too(tmp_path: Path) -> None:
    """Worktrees and submodules have a `.git` file, not a folder."""
    (tmp_path / ".problembrief.toml").write_text('ignore = ["PB1"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".git").write_text("gitdir: ../.git/modules/sub\n", encoding="utf-8")
    assert find_config(tmp_path / "sub").source is None


def test_search_stops_at_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".problembrief.toml").write_text('ignore = ["PB1"]\n', encoding="utf-8")
    home = tmp_path / "home"
    (home / "briefs").mkdir(parents=True)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    assert find_config(home / "briefs").source is None
    (home / ".problembrief.toml").write_text('ignore = ["PB2"]\n', encoding="utf-8")
    assert find_config(home / "briefs").source == home / ".problembrief.toml"


def test_config_in_a_world_writable_folder_is_ignored(project: Path) -> None:
    shared = project / "shared"
    shared.mkdir()
    (shared / ".problembrief.toml").write_text('ignore = ["PB"]\n', encoding="utf-8")
    shared.chmod(0o777)
    try:
        config = find_config(shared)
        assert config.source is None and config.ignore == ()
        [note] = config.ignored
        assert str(shared / ".problembrief.toml") in note and "can be changed by anyone" in note
        # with the sticky bit (as /tmp), only the owner can replace the file: it is used
        shared.chmod(0o1777)
        assert find_config(shared).source == shared / ".problembrief.toml"
    finally:
        shared.chmod(0o755)


def test_world_writable_config_file_is_ignored(project: Path) -> None:
    config = project / ".problembrief.toml"
    config.write_text('ignore = ["PB"]\n', encoding="utf-8")
    config.chmod(0o666)
    found = find_config(project / "briefs")
    assert found.source is None and "anyone can change it" in found.ignored[0]


def test_ignored_config_lets_the_search_go_on(project: Path) -> None:
    (project / ".problembrief.toml").write_text('ignore = ["PB2"]\n', encoding="utf-8")
    shared = project / "briefs" / "shared"
    shared.mkdir()
    (shared / ".problembrief.toml").write_text('ignore = ["PB"]\n', encoding="utf-8")
    shared.chmod(0o777)
    try:
        config = find_config(shared)
        assert config.source == project / ".problembrief.toml" and config.ignore == ("PB2",)
        assert len(config.ignored) == 1
    finally:
        shared.chmod(0o755)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
def test_config_owned_by_another_user_is_ignored(project: Path) -> None:
    config = project / ".problembrief.toml"
    config.write_text('ignore = ["PB"]\n', encoding="utf-8")
    os.chown(config, 4242, 4242)
    found = find_config(project / "briefs")
    assert found.source is None and "another user (uid 4242)" in found.ignored[0]
    os.chown(config, 0, 0)  # root, the usual CI user, is trusted
    assert find_config(project / "briefs").source == config


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
def test_pyproject_of_another_user_without_our_table_is_not_mentioned(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n', encoding="utf-8")
    os.chown(pyproject, 4242, 4242)
    assert find_config(project).ignored == ()


def test_sarif_style_yaml_cases_still_load() -> None:
    """The rule cases' PB021 entry is gone with the retired rule, and nothing else refers to it."""
    cases = yaml.safe_load((Path(__file__).resolve().parent / "lint" / "cases" / "structure.yaml").read_text())
    assert "PB021" not in cases
