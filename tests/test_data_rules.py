"""Data-protection, sector-law and AI Act rules (PB405, PB412-PB418, PB702, PB704) and their reference data:
the version of the law is chosen by the brief's own dates, every datum has a source, and the rules stay
linear on long texts."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from problembrief.lint import LintConfig, lint
from problembrief.lint.patterns import check_pattern
from problembrief.load import Limits, load_text
from problembrief.reference import load as load_reference
from problembrief.validate import validate

sys.path.insert(0, str(Path(__file__).resolve().parent / "lint"))
from harness import compose  # (tests/lint is not a package)

AI_PROBLEM = """\
problem:
  summary: >
    Jobcentret bruger lang tid på at finde de ledige, der har brug for en særlig indsats. Vi vil
    undersøge, om en algoritme kan pege på dem tidligt, så de hurtigere kommer i arbejde igen.
  consequences:
    - {statement: Langtidsledige, figure: 1200, unit: borgere, source: Jobcenteret}
  root_causes: [Indsatsen kommer sent.]
ethics:
  - {dilemma: Skævhed i data, handling: En sagsbehandler træffer altid afgørelsen}
"""


def findings(fragment: str, *codes: str):  # type: ignore[no-untyped-def]
    text, _ = compose(fragment)
    loaded = load_text(text, "brief.yaml", Limits(max_bytes=20_000_000))
    brief, problems = validate(loaded)
    assert brief is not None, [f.message for f in problems]
    return lint(brief, loaded, LintConfig(select=codes))


def dated(day: str, fragment: str = "") -> str:
    return f"brief:\n  title: Test\n  date: {day}\n" + fragment


# --- reference data ----------------------------------------------------------------------------------------

def test_every_lexicon_entry_is_in_the_safe_subset() -> None:
    for key, value in load_reference("lexicon").items():
        entries = [p for words in value.values() for p in words] if isinstance(value, dict) else [
            e["pattern"] if isinstance(e, dict) else e for e in value]
        assert entries, key
        for entry in entries:
            check_pattern(entry)


def test_ai_act_dates_carry_their_sources_and_the_omnibus_its_status() -> None:
    act = load_reference("ai_act")
    for name, obligation in act["obligations"].items():
        assert obligation["original"] and obligation["original_source"].startswith("art. 113"), name
    assert str(act["obligations"]["annex_iii"]["original"]) == "2026-08-02"
    assert str(act["obligations"]["annex_iii"]["amended"]) == "2027-12-02"
    assert str(act["obligations"]["annex_i"]["amended"]) == "2028-08-02"
    omnibus = act["amendments"]["digital_omnibus"]
    assert "COM(2025) 836" in omnibus["proposal"] and omnibus["status"] and omnibus["sources"]
    assert omnibus["official_journal"] is None  # not checked yet: the message must not invent one


def test_gdpr_exceptions_that_need_national_law() -> None:
    article9 = load_reference("gdpr")["article9"]
    assert {k for k, v in article9.items() if v.get("needs_national_law")} == {
        "9(2)(b)", "9(2)(g)", "9(2)(h)", "9(2)(i)", "9(2)(j)"}
    assert "§ 7, stk. 3" in article9["9(2)(h)"]["danish"] and "§ 10" in article9["9(2)(j)"]["danish"]


def test_sector_law_data_has_dates_and_sources() -> None:
    law = load_reference("sector_law")
    assert str(law["serviceloven_2_5"]["applies_from"]) == "2025-07-01"
    assert law["serviceloven_2_5"]["replaced"] == ["83", "83 a", "83 b", "84", "86"]
    order = law["monitoring_technology"]["versions"][0]
    assert "402" in order["order"] and len(order["permitted"]) == 3 and order["sources"]
    assert all(not any("kamera" in p for p in order["permitted"]) for order in law["monitoring_technology"]["versions"])


# --- PB702: the date in force at the brief's date ----------------------------------------------------------

@pytest.mark.parametrize(("day", "expected", "absent"), [
    ("2025-06-01", "apply from 2 August 2026, under art. 113; that is after", "Omnibus"),
    ("2026-03-01", "apply from 2 August 2026, under art. 113; the Digital Omnibus on AI (COM(2025) 836 final of "
                   "19 November 2025) would move it to 2 December 2027", "as amended"),
    ("2026-10-15", "apply from 2 December 2027, as amended by the Digital Omnibus on AI", "2 August 2026"),
    ("2028-01-10", "apply from 2 December 2027, as amended by the Digital Omnibus on AI (adopted", "plan for them now"),
])
def test_ai_act_date_follows_the_brief_date(day: str, expected: str, absent: str) -> None:
    [finding] = findings(dated(day, AI_PROBLEM), "PB702")
    assert expected in finding.message and absent not in finding.message
    if day == "2028-01-10":
        assert "they apply already at the brief's dates" in finding.message


def test_jobcentre_services_to_citizens_are_point_5a_not_point_4() -> None:
    [finding] = findings(AI_PROBLEM, "PB702")
    assert "point 5(a)" in finding.message and "point 4" not in finding.message


def test_the_municipality_as_employer_is_point_4() -> None:
    fragment = AI_PROBLEM.replace("de ledige, der har brug for en særlig indsats", "en god vagtplan for personalet")
    [finding] = findings(fragment, "PB702")
    assert "employer (Annex III, point 4)" in finding.message


def test_social_scoring_is_prohibited() -> None:
    fragment = AI_PROBLEM.replace("en algoritme kan pege på dem", "en algoritme med social scoring kan pege på dem")
    [finding] = findings(fragment, "PB702")
    assert "prohibits social scoring (art. 5(1)(c))" in finding.message


# --- PB405 and PB412 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("article", ["9(2)(b)", "9(2)(h)", "9(2)(i)", "9(2)(j)"])
def test_article_9_exceptions_need_a_national_provision(article: str) -> None:
    fragment = ("data:\n  - id: D1\n    name: X\n    personal_data: true\n    categories: [special]\n"
                f"    dpia: {{status: done}}\n    legal_basis: {{gdpr_art6: 6(1)(c), gdpr_art9: '{article}'}}\n")
    messages = [f.message for f in findings(fragment, "PB405")]
    assert any(article in m for m in messages)


def test_outdated_sector_law_points_at_the_item_and_names_the_replacement() -> None:
    fragment = dated("2026-01-05", "data:\n  - id: D1\n    name: X\n    personal_data: true\n"
                                   "    legal_basis: {gdpr_art6: 6(1)(e), national: [sundhedsloven § 138, "
                                   "'Serviceloven § 83, stk. 1, og § 83 a']}\n")
    [finding] = findings(fragment, "PB412")
    assert finding.path == "data[0].legal_basis.national[1]"
    assert "serviceloven § 83, § 83 a" in finding.message and "ældreloven §§ 10, 13, 14, 16 og 17" in finding.message


# --- PB413-PB418, PB704 ------------------------------------------------------------------------------------

def test_cameras_are_reported_only_from_the_order_of_2023() -> None:
    fragment = ("target_group:\n  description: Beboere med demens.\n"
                "constraints:\n  - {description: Kameraer efter serviceloven § 128 a.}\n")
    assert [f.message for f in findings(dated("2023-03-01", fragment), "PB413")] == []
    [finding] = findings(dated("2023-06-01", fragment), "PB413")
    assert "bekendtgørelse nr. 402 af 20/4/2023" in finding.message


def test_a_guardian_is_not_reported_as_a_relative() -> None:
    fragment = ("ethics:\n  - {dilemma: Samtykke, handling: Beboeren eller en værge med personligt værgemål "
                "giver samtykke.}\n")
    assert findings(fragment, "PB414") == []


def test_a_dpia_after_the_poc_start() -> None:
    fragment = ("data:\n  - id: D1\n    name: X\n    personal_data: true\n"
                "    legal_basis: {gdpr_art6: 6(1)(e), national: [ældreloven § 10]}\n"
                "    dpia: {status: planned, date: 2027-10-01}\n"
                "poc: {scope: Afprøvning, start: 2027-09-01}\nscale_up: {operations_owner: Sundhed}\n")
    [finding] = findings(fragment, "PB415")
    assert finding.path == "data[0].dpia.date" and "2027-10-01 is not before" in finding.message


def test_accessibility_is_quiet_for_staff_only_and_no_interface() -> None:
    assert findings("", "PB704") == []


# --- linear time on long texts -----------------------------------------------------------------------------

@pytest.mark.parametrize(("fragment", "code"), [
    ("ethics:\n  - {dilemma: x, handling: '" + "pårørende " * 9_000 + "'}\n", "PB414"),
    ("ethics:\n  - {dilemma: x, handling: '" + "samtykke fra " * 7_000 + "'}\n", "PB414"),
    ("data:\n  - {id: D1, name: X, personal_data: true, legal_basis: {gdpr_art6: 6(1)(e), national: ['serviceloven "
     + "§ 83 a, " * 10_000 + "']}}\n", "PB412"),
    ("data:\n  - {id: D1, name: X, personal_data: true, legal_basis: {gdpr_art6: 6(1)(e), national: [x]}, "
     "dpia: {status: done, note: '" + "godkendt af " * 8_000 + "'}}\n", "PB415"),
    ("target_group:\n  description: '" + "demens sensor kamera " * 4_500 + "'\n", "PB413"),
], ids=["relatives", "consent-from", "sections", "dpo", "monitoring"])
def test_long_texts_stay_fast(fragment: str, code: str) -> None:
    started = time.perf_counter()
    findings(fragment, code)
    assert time.perf_counter() - started < 5
