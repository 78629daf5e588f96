"""A brief with a dozen planted flaws, written the way a hurried officer would: each is found at its line,
and the machine-readable reports are well-formed for the tools that read them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from problembrief.cli import app

HURRIED = Path(__file__).resolve().parent / "data" / "hurried-brief.yaml"
PLANTED = {(code, n) for n, line in enumerate(HURRIED.read_text(encoding="utf-8").splitlines(), 1)
           if "FLAW:" in line for code in re.findall(r"PB\d{3}", line.split("FLAW:")[1])}


def _validate(runner: CliRunner, fmt: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", fmt, str(HURRIED)])
    return result.exit_code, result.stdout


def test_a_dozen_flaws_are_planted() -> None:
    assert len({code for code, _ in PLANTED}) >= 12


def test_every_flaw_is_found_at_its_line(runner: CliRunner) -> None:
    code, out = _validate(runner, "json")
    assert code == 1
    found = {(f["code"], f["line"]) for f in json.loads(out)["findings"]}
    assert found >= PLANTED, sorted(PLANTED - found)


def test_no_error_that_was_not_planted(runner: CliRunner) -> None:
    _, out = _validate(runner, "json")
    errors = {(f["code"], f["line"]) for f in json.loads(out)["findings"] if f["severity"] == "error"}
    assert errors <= PLANTED, sorted(errors - PLANTED)


def test_sarif_has_the_2_1_0_structure(runner: CliRunner) -> None:
    from sarif_pydantic import Sarif

    code, out = _validate(runner, "sarif")
    assert code == 1
    log = json.loads(out)
    Sarif.model_validate(log)  # the SARIF 2.1.0 object model, property names and types
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for result in run["results"]:
        assert result["level"] in {"error", "warning", "note"}
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["message"]["text"]
    found = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]}
    assert found >= PLANTED


def test_junit_parses_with_one_failure_per_error(runner: CliRunner) -> None:
    _, out = _validate(runner, "junit")
    root = ET.fromstring(out.encode("utf-8"))
    [suite] = root.findall("testsuite")
    failures = suite.findall("testcase/failure")
    _, report = _validate(runner, "json")
    errors = [f for f in json.loads(report)["findings"] if f["severity"] == "error"]
    assert int(suite.get("failures")) == len(failures) == len(errors)
    assert int(root.get("tests")) == len(suite.findall("testcase"))
    assert {f.get("type") for f in failures} == {f["code"] for f in errors}


def test_github_annotations(runner: CliRunner) -> None:
    _, out = _validate(runner, "github")
    lines = out.splitlines()
    assert any(line.startswith(f"::error file={HURRIED},line=9,col=") and "title=PB607::" in line
               for line in lines)
    assert all(re.match(r"^::(error|warning|notice) file=[^:]+,line=\d+,col=\d+,title=PB\d{3}::.+$", line)
               for line in lines), lines


def test_auto_format_picks_github_under_actions(runner: CliRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out = _validate(runner, "auto")
    assert out.startswith("::")
    monkeypatch.delenv("GITHUB_ACTIONS")
    _, out = _validate(runner, "auto")
    assert out.startswith(f"{HURRIED}:")
