"""Rules that finish on any input: no quadratic loops or backtracking, and a registry without import cycles.

Timing-sensitive cases run in a subprocess with a 20-second timeout: at these sizes the old quadratic code
took minutes, the linear code takes milliseconds, and the assertions are about the results."""

from __future__ import annotations

import ast
import datetime
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from problembrief.lint import LintConfig, all_rules, get_rule, lint
from problembrief.lint.rules import procurement
from problembrief.load import load_text
from problembrief.model import Milestone
from problembrief.validate import validate

HARNESS = str(Path(__file__).resolve().parent / "lint")
sys.path.insert(0, HARNESS)
from harness import compose, lint_apart  # noqa: E402  (tests/lint is not a package)


def lint_here(fragment: str, *codes: str):  # type: ignore[no-untyped-def]
    text, _ = compose(fragment)
    loaded = load_text(text, "brief.yaml")
    brief, findings = validate(loaded)
    assert brief is not None, [f.message for f in findings]
    return lint(brief, loaded, LintConfig(select=codes))


# --- 4. the registry is a leaf --------------------------------------------------------------------------

def test_registry_imports_no_rule_family() -> None:
    """The families import the registry; the registry must not import them back (at any depth of a function)."""
    import problembrief.lint.registry as registry

    tree = ast.parse(Path(registry.__file__).read_text(encoding="utf-8"))
    imported = {f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    families = ("problembrief.lint.rules", "problembrief.lint.catalogue")
    assert not {m for m in imported if m.startswith(families)}, imported


@pytest.mark.parametrize("first", ["problembrief.lint.rules.problem", "problembrief.lint.rules.structure",
                                   "problembrief.lint.catalogue", "problembrief.lint.config",
                                   "problembrief.lint.context", "problembrief.lint"])
def test_any_lint_module_can_be_imported_first(first: str) -> None:
    code = (f"import {first}; from problembrief.lint import all_rules, get_rule; "
            "assert len(all_rules()) > 40 and get_rule('pb101').code == 'PB101'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_public_names_still_work() -> None:
    assert [r.code for r in all_rules()] == sorted(r.code for r in all_rules())
    assert get_rule("PB604") is not None and get_rule("PB021") is None


# --- 5. PB104: a long run of dots -----------------------------------------------------------------------

def test_readability_on_a_long_run_of_dots() -> None:
    summary = "Beboere falder om natten. " + "." * 99_000 + "x"
    assert lint_apart(f"problem:\n  summary: '{summary}'\n", "PB104") == []


def test_lix_counts_runs_of_marks_once() -> None:
    from problembrief.lint.rules.problem import lix

    assert lix("Et to... Tre fire?! Fem:").sentences == 3
    assert lix("a.b.c d").sentences == 1  # no mark followed by a space: one sentence
    assert lix("." * 10_000 + "x").sentences == 1


# --- 5. PB604: timeline order ---------------------------------------------------------------------------

def _quadratic_order(timeline: list) -> list[tuple[int, str]]:  # type: ignore[type-arg]
    """The old PB604, pair by pair: the reference the fast version must agree with."""
    entries = [(i, e) for i, e in enumerate(timeline) if e.milestone in procurement._LEVEL]
    found = []
    for index, entry in entries:
        level = procurement._LEVEL[entry.milestone]
        for _, earlier in entries:
            low = procurement._LEVEL[earlier.milestone]
            if low >= level:
                continue
            strict = procurement._strict_between(low, level)
            if entry.date < earlier.date or (strict and entry.date == earlier.date):
                relation = "on the same day as" if entry.date == earlier.date else "before"
                found.append((index, f"`{entry.milestone.value}` ({entry.date}) is {relation} "
                                     f"`{earlier.milestone.value}` ({earlier.date})"))
                break
    return found


@pytest.mark.parametrize("seed", range(30))
def test_timeline_order_agrees_with_the_pairwise_check(seed: int) -> None:
    rng = random.Random(seed)
    milestones = [m.value for m in Milestone]
    start = datetime.date(2027, 1, 1)
    dates = [start + datetime.timedelta(days=rng.randrange(12)) for _ in range(rng.randrange(1, 25))]
    rows = "".join(f"    - {{milestone: {rng.choice(milestones)}, date: {day}}}\n" for day in dates)
    text, _ = compose("procurement:\n  procedure: open\n  timeline:\n" + rows)
    loaded = load_text(text, "brief.yaml")
    brief, _ = validate(loaded)
    assert brief is not None
    fast = lint(brief, loaded, LintConfig(select=("PB604",)))
    expected = _quadratic_order(brief.procurement.timeline)
    assert [(f.path, f.message) for f in fast] == [
        (f"procurement.timeline[{index}].date", message) for index, message in expected]


def test_timeline_order_on_7200_rows() -> None:
    kinds = ["market_dialogue", "publication", "tender_deadline", "award"]
    start = datetime.date(2027, 1, 1)
    rows = "".join(f"    - {{milestone: {kinds[i % 4]}, date: {start + datetime.timedelta(i % 97)}}}\n"
                   for i in range(7200))
    found = lint_apart("procurement:\n  procedure: open\n  timeline:\n" + rows, "PB604")
    # every publication, deadline and award has a market dialogue with a later date somewhere in the list
    assert len(found) == 5400 and {code for code, _, _ in found} == {"PB604"}


# --- other rules over long lists and long texts ---------------------------------------------------------

def test_criteria_pointing_nowhere_among_many_outcomes() -> None:
    outcomes = "".join(f"  - {{id: O{i}, name: Mål {i}, indicator: Antal, direction: decrease, measurement: Optælling,"
                       f" baseline: {{value: 25, date: 2025-12-31, source: Journal}},"
                       f" target: {{value: 18, by: 2028-06-30}}}}\n" for i in range(3000))
    criteria = "".join(f"    - {{outcome: X{i}, threshold: lavere}}\n" for i in range(3000))
    plan = ("poc:\n  scope: Afprøvning\n  success_criteria:\n" + criteria
            + "scale_up:\n  decision: {date: 2028-04-15, body: Udvalget}\n  procurement_route: option_in_contract\n"
            "  funding: {amount: 2200000}\n  other_authorities: [Fredericia Kommune]\n")
    found = lint_apart("outcomes:\n" + outcomes + plan, "PB502")
    assert len(found) == 3000
    # each message names a few known ids, not all 3,000 (which made the output itself quadratic)
    assert all(message.endswith("O9 and 2990 more)") for _, _, message in found)


def test_many_solution_words_are_reported_once_each_and_capped() -> None:
    words = " ".join(f"app sensorx{i} app" for i in range(3000))
    text, _ = compose(f"problem:\n  summary: '{words}'\n")
    loaded = load_text(text, "brief.yaml")
    brief, _ = validate(loaded)
    assert brief is not None
    found = lint(brief, loaded, LintConfig(select=("PB101",), lexicon={"da": ("sensorx\\w*",)}))
    messages = [f.message for f in found]
    assert messages.count('`problem.summary` names a solution: "app"') == 1
    assert len(found) == 26 and messages[-1] == "`problem.summary` names 2976 more solution words than those shown"
    assert len({(f.line, f.column) for f in found[:-1]}) == 25  # each at its own place


def test_section_11_on_a_long_run_of_the_word() -> None:
    provision = "databeskyttelseslov" * 5000
    fragment = textwrap.dedent(f"""\
        data:
          - id: D1
            name: X
            personal_data: true
            categories: [ordinary, cpr]
            legal_basis:
              gdpr_art6: 6(1)(e)
              national: [{provision}]
        """)
    [finding] = lint_apart(fragment, "PB406")
    assert finding[0] == "PB406"


def test_dpia_message_names_a_few_of_many_triggers() -> None:
    problem = " ".join(f"kamera{i}" for i in range(2000))
    fragment = (f"problem:\n  summary: '{problem}'\n  consequences:\n    - {{statement: x, figure: 1, source: y}}\n"
                "data:\n  - id: D1\n    name: X\n    personal_data: true\n    categories: [ordinary]\n"
                "    legal_basis: {gdpr_art6: 6(1)(e), national: [Serviceloven § 83]}\n")
    [finding] = lint_here(fragment, "PB407")
    assert finding.message.endswith("and 1995 more)") and len(finding.message) < 300
