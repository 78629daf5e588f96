"""The command line's language: a Danish brief gets Danish, --lang chooses, the locale decides without a brief,
and Click's and Typer's own words (--help, usage errors) follow. The pseudo-locale test proves that no word of
the command line's own escapes the catalogues."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from problembrief import i18n
from problembrief.cli import app, translate_click_message
from problembrief.commands import requested_language

ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
DANISH = {"LANG": "da_DK.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
WIDE = {"COLUMNS": "400"}  # no wrapping in rich's help: one row of a table per line


def run(runner: CliRunner, args: list[str], env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, args, env={**ENGLISH, **(env or {})})


def test_a_danish_brief_is_checked_and_built_in_danish(runner: CliRunner, write_brief: Callable[..., Path],
                                                       tmp_path: Path) -> None:
    brief = write_brief()  # language: da, in an English locale
    result = run(runner, ["validate", str(brief)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("1 fil kontrolleret: 0 fejl, ")
    assert ": advarsel PB" in result.stdout and "    tip: " in result.stdout
    built = run(runner, ["build", str(brief), "--format", "md"])
    assert built.exit_code == 0, built.output
    assert f"skrev {tmp_path / 'brief-udbud.md'}" in built.stderr


def test_lang_en_gives_english_for_a_danish_brief_and_keeps_its_file_names(
        runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    brief = write_brief()
    result = run(runner, ["validate", "--lang", "en", str(brief)], DANISH)
    assert result.stderr.splitlines()[-1].startswith("1 file checked: 0 errors, ")
    assert ": warning PB" in result.stdout
    root = run(runner, ["--lang", "en", "validate", str(brief)], DANISH)  # --lang of the root counts too
    assert root.stderr.splitlines()[-1].startswith("1 file checked: ")
    built = run(runner, ["build", str(brief), "--format", "md", "--lang=en"], DANISH)
    assert f"wrote {tmp_path / 'brief-udbud.md'}" in built.stderr  # the document's name is the brief's language


def test_an_unreadable_file_is_reported_in_the_locale_or_lang(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert run(runner, ["validate", str(missing)], DANISH).stderr.startswith("1 fil kontrolleret: 1 kunne ikke")
    assert run(runner, ["validate", str(missing)]).stderr.startswith("1 file checked: 1 could not be read")
    assert "fejl PB001" in run(runner, ["validate", "--lang", "da", str(missing)]).stdout


@pytest.mark.parametrize("args, env", [(["--help"], DANISH), (["--lang", "da", "--help"], ENGLISH),
                                       (["validate", "--help", "--lang", "da"], ENGLISH)])
def test_help_is_danish_with_the_locale_or_lang_da(runner: CliRunner, args: list[str], env: dict[str, str]) -> None:
    result = run(runner, args, {**env, **WIDE})
    assert result.exit_code == 0, result.output
    assert "Brug: problembrief" in result.stdout and "[TILVALG]" in result.stdout
    assert "Tilvalg" in result.stdout and "Vis denne hjælp og afslut." in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


def test_help_is_english_by_default_and_with_lang_en(runner: CliRunner) -> None:
    for args, env in ((["--help"], ENGLISH), (["--help", "--lang", "en"], DANISH)):
        result = run(runner, args, env)
        assert "Usage: problembrief" in result.stdout and "Show this message and exit." in result.stdout


def test_usage_errors_are_danish(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    brief = str(write_brief())
    cases = {("validate", brief, "--nope"): "Tilvalget findes ikke: --nope",
             ("validate",): "Argumentet 'FILER' mangler.",
             ("build", brief, "--jobs", "0"): "Ugyldig værdi for '--jobs': Tallet skal være mindst 1.",
             ("build", brief, "--jobs", "mange"): "Ugyldig værdi for '--jobs': Skriv et helt tal.",
             ("nope",): "Kommandoen 'nope' findes ikke."}
    for args, message in cases.items():
        result = run(runner, ["--lang", "da", *args])
        assert result.exit_code == 2
        assert message in result.stderr and "Brug: problembrief" in result.stderr, result.stderr
    english = run(runner, ["validate", brief, "--nope"])
    assert "No such option: --nope" in english.stderr and "Usage: " in english.stderr


def test_click_messages_are_matched_whole_and_unknown_ones_kept() -> None:
    with i18n.language("da"):
        assert translate_click_message("Missing option '--x'. Choose from:\n\ta,\n\tb") == (
            "Tilvalget '--x' mangler. Vælg mellem:\n\ta,\n\tb")
        assert translate_click_message("Invalid value for '--format': Value error, 'x' is not one of 'a', 'b'.") == (
            "Ugyldig værdi for '--format': 'x' er ikke en af de mulige værdier: 'a', 'b'.")
        assert translate_click_message("Something new.") == "Something new."


def test_the_requested_language_is_read_before_parsing() -> None:
    assert requested_language(["validate", "--lang", "da", "x"]) == "da"
    assert requested_language(["--lang=en", "--help"]) == "en"
    assert requested_language(["--lang", "de"]) is None
    assert requested_language(["validate", "--", "--lang", "da"]) is None
    assert requested_language(["--lang"]) is None


# --- the pseudo-locale --------------------------------------------------------------------------------------

_MACHINE = re.compile(r"""
      /\S*                                  # a path (the tests' files are absolute)
    | \bPB\d{3}\b                           # a code
    | (?<![\w-])--?[a-z][a-z-]*             # an option
    | <[a-z|]+>                             # a choice's values
    | \b[a-z]+(?:[.-][a-z]+)+\b             # a rule's name (schema.duplicate-key), no-strict
    | \bx>=\d+                              # a number range
    | \b(?:problembrief|validate|build|rules|schema|init|lsp|serve|diff|plan|qa|auto|text|json|docx|tender|da|en)\b
    | \bbrief\.yaml\b
    """, re.VERBOSE)


_BRACKETED = re.compile(f"{i18n.PSEUDO_OPEN}[^{i18n.PSEUDO_OPEN}{i18n.PSEUDO_CLOSE}]*{i18n.PSEUDO_CLOSE}")


def _outside_brackets(text: str) -> str:
    """The text without its ⟦…⟧, innermost first (a file name in a message: ⟦wrote brief-⟦tender⟧.docx⟧);
    a bracket over several lines leaves its line breaks, so lines still line up."""
    while True:
        stripped = _BRACKETED.sub(lambda m: " " + "\n" * m.group().count("\n"), text)
        if stripped == text:
            return text
        text = stripped


def _escaped_words(line: str) -> list[str]:
    """The words of a line that are neither inside ⟦…⟧ nor machine text (paths, codes, options, names)."""
    return re.findall(r"[^\W\d_]{2,}", _MACHINE.sub(" ", _outside_brackets(line)))


def _finding_line(line: str) -> bool:
    return bool(re.match(r"\S+:\d+:\d+: ", line)) or line.startswith("    ")


def _check(output: str) -> None:
    # A message of several paragraphs spans lines: its brackets are removed first, keeping the line count.
    outside = _outside_brackets(output)
    for line, rest in zip(output.splitlines(), outside.splitlines(), strict=True):
        if _finding_line(line):
            # `file:line:col: severity CODE message`: the severity and the hint's label are ours; the message is
            # another domain's, checked as soon as it goes through the catalogue (it then carries a bracket).
            head, _sep, message = rest.partition(" PB")
            assert _escaped_words(head) == [], line
            if i18n.PSEUDO_OPEN in line and not line.startswith("    "):
                assert _escaped_words(message[4:]) == [], line
            continue
        assert _escaped_words(rest) == [], line


def test_no_word_of_the_command_line_escapes_the_catalogues(runner: CliRunner, write_brief: Callable[..., Path],
                                                            tmp_path: Path) -> None:
    env = {"PROBLEMBRIEF_PSEUDO_LOCALE": "1", **WIDE}
    brief = write_brief()
    for args in (["--help"], ["validate", "--help"], ["build", "--help"], ["rules", "--help"],
                 ["init", "--help"], ["schema", "--help"], ["validate", str(brief)],
                 ["validate", str(tmp_path / "missing.yaml")], ["build", str(brief), "--format", "md"],
                 ["build", str(brief), "--format", "md", "--pdf"], ["validate"], ["validate", "--nope", "x"],
                 ["init", str(tmp_path / "new.yaml")], ["init", str(tmp_path / "new.yaml")],
                 ["schema", "-o", str(tmp_path / "schema.json")]):
        result = run(runner, args, env)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        _check(result.stderr)
        if args[-1] == "--help" or args[0] != "schema":
            _check(result.stdout)
    summary = run(runner, ["validate", str(brief)], env).stderr.splitlines()[-1]
    assert summary.startswith("⟦") and _escaped_words(summary) == []
    assert "⟦Usage:⟧" in run(runner, ["--help"], env).stdout


def test_rules_words_escape_nothing_of_ours(runner: CliRunner) -> None:
    env = {"PROBLEMBRIEF_PSEUDO_LOCALE": "1", **WIDE}
    explained = run(runner, ["rules", "PB404"], env)
    assert explained.exit_code == 0, explained.output
    for label in ("⟦Bad:⟧", "⟦Good:⟧", "⟦Fix: ", "⟦Source: "):
        assert label in explained.stdout
    listing = run(runner, ["rules"], env).stdout.splitlines()
    assert listing and all(re.match(r"PB\d{3}  ⟦", line) for line in listing)


def test_schema_follows_the_locale_and_init_writes_it_in_the_starters_language(tmp_path: Path) -> None:
    from problembrief.schema import json_schema

    danish_title, english_title = json_schema("da")["title"], json_schema("en")["title"]
    assert danish_title != english_title
    runner = CliRunner()
    shown = runner.invoke(app, ["schema"], env={"LANG": "da_DK.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert shown.exit_code == 0 and json.loads(shown.stdout)["title"] == danish_title
    assert json.loads(runner.invoke(app, ["schema", "--lang", "en"]).stdout)["title"] == english_title
    result = runner.invoke(app, ["init", str(tmp_path / "brief.yaml"), "--language", "da", "--lang", "en"])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "problembrief.schema.json").read_text(encoding="utf-8"))
    assert written["title"] == danish_title  # the editor's help speaks the brief's language


def test_a_template_past_a_limit_is_explained_in_the_tools_language(tmp_path: Path) -> None:
    """The sandbox's message is put into words when shown: in --lang, with Danish number formats."""
    from helpers import MINIMAL

    brief = tmp_path / "brief.yaml"
    brief.write_text(MINIMAL.replace("language: da", "language: en"), encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tender.md.j2").write_text("{% for i in range(10) %}{% for j in range(100000) %}x{% endfor %}"
                                         "{% endfor %}\n", encoding="utf-8")
    runner = CliRunner()
    danish = runner.invoke(app, ["build", str(brief), "--templates", str(folder), "--lang", "da",
                                 "-o", str(tmp_path / "out.docx")])
    assert danish.exit_code == 2
    assert "skabelonen brugte mere end 100.000 trin" in danish.output
    english = runner.invoke(app, ["build", str(brief), "--templates", str(folder), "--lang", "en",
                                  "-o", str(tmp_path / "out.docx")])
    assert "the template took more than 100,000 steps" in english.output


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_starter_has_every_section_and_passes_clean(tmp_path: Path, language: str) -> None:
    """`init` writes every section of the format (lint_ignore only as a comment), and it validates with no
    errors or warnings: an officer starts from a brief that is right, not from a skeleton."""
    import yaml

    from problembrief.model import Brief

    path = tmp_path / "brief.yaml"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(path), "--language", language]).exit_code == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(Brief.model_fields) - set(data) == {"lint_ignore"}
    assert "# lint_ignore:" in path.read_text(encoding="utf-8")
    for section, keys in {"procurement": {"award_criteria", "evaluation_method", "timeline", "options"},
                          "data": {"legal_basis", "legal_basis_operation", "dpia"},
                          "market_dialogue": {"events", "registration", "publication"}}.items():
        found = data[section][0] if isinstance(data[section], list) else data[section]
        assert keys <= set(found), (section, keys - set(found))
    result = runner.invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert (summary["error"], summary["warning"]) == (0, 0)


MISTAKES = {
    # what a hurried Danish officer writes -> words of the Danish message and the rewrite it proposes
    "  baseline: {value: 1.240, date: 2025-12-31, source: Omsorgsjournalen}": ("læses som 1,24", "`value: 1240`"),
    "  baseline: {value: 4,5, date: 2025-12-31, source: Omsorgsjournalen}": ("punktum som decimaltegn",
                                                                            "`value: 4.5`"),
    "  baseline: {value: 25, date: 1. marts 2027, source: Omsorgsjournalen}": ("år-måned-dag",
                                                                              "`date: 2027-03-01`"),
}


@pytest.mark.parametrize("written", sorted(MISTAKES))
def test_a_danish_officer_gets_danish_messages_with_the_line_and_the_fix(tmp_path: Path, written: str) -> None:
    from helpers import MINIMAL

    original = "    baseline: {value: 25, date: 2025-12-31, source: Omsorgsjournalen}"
    assert original in MINIMAL
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL.replace(original, "  " + written), encoding="utf-8")
    # No --lang and an English locale: the brief's `language: da` decides.
    result = CliRunner().invoke(app, ["validate", str(path)], env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 1, result.output
    words, fix = MISTAKES[written]
    line = f"{path}:19:"  # the baseline line of the minimal brief
    [finding] = [x for x in result.stdout.splitlines() if x.startswith(line)]
    assert ": fejl PB0" in finding and words in result.stdout and fix in result.stdout
    assert "1 fil kontrolleret" in result.stderr


def test_a_brief_that_is_not_valid_yaml_is_told_so_in_its_own_language(tmp_path: Path) -> None:
    """A colon in unquoted text stops the parser before the brief's `language` is known; its `language:` line
    is read from the text, so a Danish officer on an English computer still gets Danish, with the fix."""
    from helpers import MINIMAL

    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL.replace("title: Færre fald om natten", "title: Problem: fald om natten"), encoding="utf-8")
    env = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    result = CliRunner().invoke(app, ["validate", str(path)], env=env)
    assert result.exit_code == 2
    assert f"{path}:4:17: fejl PB002 ikke gyldig YAML: et kolon" in result.stdout
    assert '`title: "Problem: fald om natten"`' in result.stdout and "1 fil kontrolleret" in result.stderr
    english = CliRunner().invoke(app, ["validate", "--lang", "en", str(path)], env=env)
    assert f"{path}:4:17: error PB002 not valid YAML: a colon" in english.stdout
