"""Options and commands around validation: --strict, --select/--ignore, configuration files, lint_ignore,
`rules`, `schema`, `init` and `build --force`."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from helpers import EXAMPLES, MINIMAL
from problembrief.cli import app
from problembrief.lint import all_rules
from problembrief.lint.rules.problem import lix

# MINIMAL has warnings (short summary, no size, …) and no errors.


def test_warnings_pass_unless_strict(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    path = write_brief()
    assert runner.invoke(app, ["validate", "--lang", "en", str(path)]).exit_code == 0
    result = runner.invoke(app, ["validate", "--lang", "en", "--strict", str(path)])
    assert result.exit_code == 1
    assert "warning PB102" in result.stdout


def test_select_and_ignore(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    path = write_brief()
    selected = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", "--select", "PB2", str(path)])
    assert {f["code"] for f in json.loads(selected.stdout)["findings"]} == {"PB201", "PB202", "PB203"}
    ignored = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", "--ignore", "PB2,PB102", str(path)])
    codes = {f["code"] for f in json.loads(ignored.stdout)["findings"]}
    assert codes and not codes & {"PB201", "PB202", "PB203", "PB102"}


def test_config_file_found_upward(runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.problembrief]\nignore = ["PB1"]\nseverity = { PB201 = "error" }\n', encoding="utf-8")
    nested = tmp_path / "briefs" / "2027"
    nested.mkdir(parents=True)
    path = nested / "brief.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", str(path)])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert not [f for f in findings if f["code"].startswith("PB1")]
    assert [f["severity"] for f in findings if f["code"] == "PB201"] == ["error"]


def test_dedicated_config_with_extra_solution_words(runner: CliRunner, write_brief: Callable[..., Path],
                                                    tmp_path: Path) -> None:
    (tmp_path / ".problembrief.toml").write_text('lexicon = { da = ["personale\\\\w*"] }\n', encoding="utf-8")
    result = runner.invoke(app, [
        "validate", "--lang", "en", "--format", "json", "--select", "PB101", str(write_brief())])
    [finding] = json.loads(result.stdout)["findings"]
    assert "\"personalet\"" in finding["message"] and finding["line"] == 12


def test_broken_config_exits_2(runner: CliRunner, write_brief: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / ".problembrief.toml").write_text('ignroe = ["PB1"]\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", "--lang", "en", str(write_brief())])
    assert result.exit_code == 2
    assert "error PB004" in result.stdout and "unknown option(s) ignroe" in result.stdout


def test_lint_ignore_is_shown_as_suppressed(runner: CliRunner, write_brief: Callable[..., Path]) -> None:
    path = write_brief(extra="lint_ignore: [PB201, PB102]\n")
    result = runner.invoke(app, ["validate", "--lang", "en", "--strict", str(path)])
    assert "warning PB201 `target_group.size` is missing (suppressed by lint_ignore)" in result.stdout
    assert "2 suppressed" in result.stderr
    result = runner.invoke(app, ["validate", "--lang", "en", "--strict", "--ignore", "PB1,PB2", str(path)])
    assert result.exit_code == 0, result.output


def test_rules_lists_the_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for r in all_rules():
        assert f"{r.code}  {r.severity.value}" in result.stdout
    assert "PB011" in result.stdout


def test_rules_explains_one_rule(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "pb404"])
    assert result.exit_code == 0
    assert result.stdout.startswith("PB404 data.legitimate-interests [error]")
    assert "Source: GDPR art. 6(1), last subparagraph." in result.stdout
    assert "Bad:\n    data:" in result.stdout and "gdpr_art6: 6(1)(f)" in result.stdout
    assert "Good:\n    data:" in result.stdout
    assert runner.invoke(app, ["rules", "PB999"]).exit_code == 2


def _as_json(value: object) -> object:
    """YAML as an editor's schema validator sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def test_schema_accepts_the_examples_and_rejects_a_typo(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for example in EXAMPLES:
        data = _as_json(yaml.safe_load(example.read_text(encoding="utf-8")))
        assert not list(validator.iter_errors(data)), example.name
    bad = _as_json(yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8")))
    bad["outcome"] = bad.pop("outcomes")
    assert list(validator.iter_errors(bad))


@pytest.mark.parametrize("language", ["da", "en"])
def test_init_writes_a_starter_that_validates(runner: CliRunner, tmp_path: Path, language: str) -> None:
    path = tmp_path / "ny-brief.yaml"
    result = runner.invoke(app, ["init", str(path), "--language", language])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=./problembrief.schema.json")
    assert json.loads((tmp_path / "problembrief.schema.json").read_text(encoding="utf-8"))["title"]
    check = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", str(path)])
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["summary"]["error"] == 0
    again = runner.invoke(app, ["init", str(path)])
    assert again.exit_code == 2 and "exists" in again.stderr


def test_build_refuses_rule_errors_unless_forced(runner: CliRunner, write_brief: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    path = write_brief(MINIMAL.replace("role: lead", "role: lead\n  - name: Kolding Kommune\n    role: lead"))
    out = tmp_path / "out.docx"
    refused = runner.invoke(app, ["build", "--lang", "en", str(path), "-o", str(out)])
    assert refused.exit_code == 1
    assert "error PB607" in refused.stderr and "--force" in refused.stderr
    assert not out.exists()
    forced = runner.invoke(app, ["build", "--lang", "en", str(path), "-o", str(out), "--force"])
    assert forced.exit_code == 1, forced.output  # built, marked as a draft, and still a failing check
    assert out.read_bytes()[:2] == b"PK"


def test_lix_follows_the_formula() -> None:
    result = lix("Kommunen har et problem. Beboerne falder om natten.")
    # 8 words, 2 sentences, long words (>6 letters): Kommunen, problem, Beboerne -> 4 + 100*3/8
    assert (result.words, result.sentences, result.long_words) == (8, 2, 3)
    assert result.score == pytest.approx(4 + 37.5)
    assert result.band == "medium"


def test_rules_as_json_for_tools(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    catalogue = json.loads(result.stdout)
    from problembrief.questions import describe_rules

    # the brief's rules, then the questions file's (PB8xx)
    assert [r["code"] for r in catalogue] == [r.code for r in all_rules()] + [r.code for r in describe_rules()]
    assert runner.invoke(app, ["rules", "--format", "sarif"]).exit_code == 2
