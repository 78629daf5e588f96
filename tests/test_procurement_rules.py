"""The procurement rules (PB6xx) beyond the data-driven cases: the messages a lawyer reads, the findings at
information level, the threshold data with its sources, and linear time on large briefs."""

from __future__ import annotations

import itertools
import sys
import textwrap
from pathlib import Path

import pytest

from problembrief.findings import Severity
from problembrief.lint import LintConfig, lint
from problembrief.load import load_text
from problembrief.reference import load as load_reference
from problembrief.validate import validate

HARNESS = str(Path(__file__).resolve().parent / "lint")
sys.path.insert(0, HARNESS)
from harness import compose, lint_apart  # noqa: E402  (tests/lint is not a package)


def findings(fragment: str, *codes: str):  # type: ignore[no-untyped-def]
    text, start = compose(textwrap.dedent(fragment))
    loaded = load_text(text, "brief.yaml")
    brief, problems = validate(loaded)
    assert brief is not None, [f.message for f in problems]
    return [(f.severity, f.line - start + 1 if f.line else None, f.message, f.hint)
            for f in lint(brief, loaded, LintConfig(select=codes))]


def timeline(procedure: str, *rows: tuple[str, str], extra: str = "") -> str:
    lines = "".join(f"    - {{milestone: {m}, date: {d}}}\n" for m, d in rows)
    return f"procurement:\n  procedure: {procedure}\n{extra}  timeline:\n{lines}"


# --- PB603: thresholds, periods and approximations ---------------------------------------------------------

def value(amount: int, kind: str = "services", currency: str = "DKK") -> str:
    return f"  contract_type: {kind}\n  estimated_value: {{amount: {amount}, currency: {currency}}}\n"


def test_pb603_period_is_chosen_by_notice_sent_before_publication() -> None:
    # DKK 1,620,000 is below the 2024-25 figure (1,644,638) and above the converted 2026-27 one (about 1,611,442)
    rows = [("notice_sent", "2025-12-29"), ("publication", "2026-01-02"), ("tender_deadline", "2026-02-05")]
    [(severity, _, message, _)] = findings(timeline("open", *rows, extra=value(1620000)), "PB603")
    assert severity is Severity.INFO and "below the 2024-2025 EU threshold" in message
    assert "DKK 1,644,638" in message and "approx." not in message
    [(_, _, message, _)] = findings(timeline("market_dialogue_only", *rows[1:], extra=value(1620000)), "PB603")
    assert "2026-2027" in message and "approx. DKK 1,611,442" in message and "check KFST" in message
    assert "the tender that follows the market dialogue must be an EU procedure" in message


def test_pb603_has_the_2022_23_figures() -> None:
    brief = "brief:\n  title: Et udbud fra 2023\n  date: 2023-05-01\n"
    [(_, _, message, _)] = findings(brief + "procurement:\n  procedure: open\n" + value(1000000), "PB603")
    assert "2022-2023" in message and "DKK 1,601,944" in message and "approx." not in message
    [(_, _, message, _)] = findings(brief + "procurement:\n  procedure: open\n" + value(5000000, "social_services"),
                                    "PB603")
    assert "approx. DKK 5,595,285" in message  # no official DKK figure for social services in 2022-23
    [(_, _, message, _)] = findings(brief + "procurement:\n  procedure: open\n" + value(214000, currency="EUR"),
                                    "PB603")
    assert "EUR 215,000" in message


def test_pb603_pre_commercial_procurement_above_the_threshold_asks_for_section_22() -> None:
    rows = [("publication", "2027-03-01")]
    [(severity, _, message, hint)] = findings(
        timeline("pre_commercial_procurement", *rows, extra=value(4000000)), "PB603")
    assert severity is Severity.INFO and "§ 22" in message and "outside udbudsloven only if" in message
    assert "results" in hint


def test_pb603_never_warns() -> None:
    for procedure in ("market_dialogue_only", "pre_commercial_procurement", "open"):
        for amount in (100000, 4000000):
            for severity, *_ in findings(timeline(procedure, ("publication", "2027-03-01"), extra=value(amount)),
                                         "PB603"):
                assert severity is Severity.INFO


def test_threshold_data_carries_sources_and_describes_the_conversion() -> None:
    data = load_reference("thresholds")
    assert data["checked"] and "central rate" in data["conversion"]["kind"]
    note = data["conversion"]["note"]
    assert "average" in note and "not from the ERM II central rate" in note and "approx." in note
    periods = data["periods"]
    assert [p["valid_from"].year for p in periods] == [2020, 2022, 2024, 2026]
    for period in periods:
        assert period["eur_source"] and period["dkk_source"]
        assert set(period["thresholds"]) == {"supplies", "services", "works", "social_services"}
    by_year = {p["valid_from"].year: p["thresholds"] for p in periods}
    assert by_year[2022]["services"] == {"eur": 215000, "dkk": 1601944}
    assert by_year[2022]["works"] == {"eur": 5382000, "dkk": 40100744}
    assert "dkk" not in by_year[2026]["services"]  # C/2025/7081's figures were not retrieved
    for earlier, later in itertools.pairwise(periods):
        assert (later["valid_from"] - earlier["valid_to"]).days == 1


# --- PB605: grading by certainty, tender deadlines in the restricted procedure ----------------------------

def test_pb605_only_publication_and_a_gap_of_25_days_or_more_cannot_tell() -> None:
    [(severity, _, message, hint)] = findings(
        timeline("open", ("publication", "2027-03-01"), ("tender_deadline", "2027-03-28")), "PB605")
    assert severity is Severity.INFO and "cannot tell" in message and "notice_sent" in hint
    [(severity, _, message, _)] = findings(
        timeline("open", ("publication", "2027-03-01"), ("tender_deadline", "2027-03-25")), "PB605")
    assert severity is Severity.WARNING and "open procedure is 30 days" in message and "art. 27" in message
    assert findings(timeline("open", ("publication", "2027-03-01"), ("tender_deadline", "2027-03-31")),
                    "PB605") == []


def test_pb605_cites_the_right_provisions() -> None:
    rows = [("notice_sent", "2027-03-01"), ("participation_deadline", "2027-03-20")]
    [(_, _, message, _)] = findings(timeline("competitive_procedure_with_negotiation", *rows), "PB605")
    assert "§ 59" not in message and "art. 29" in message
    [(_, _, message, _)] = findings(timeline("restricted", *rows), "PB605")
    assert "§ 59, stk. 2" in message
    [(_, _, message, _)] = findings(timeline("innovation_partnership", *rows), "PB605")
    assert "§ 74, stk. 5" in message and "an innovation partnership" not in message


def test_pb605_restricted_tender_deadline_by_agreement_is_information() -> None:
    rows = [("notice_sent", "2027-02-26"), ("participation_deadline", "2027-03-29"), ("tender_deadline", "2027-04-18")]
    [(severity, line, message, _)] = findings(timeline("restricted", *rows), "PB605")
    assert (severity, line) == (Severity.INFO, 6) and "§ 60, stk. 5" in message and "25 when" in message


# --- PB602 / PB611 ----------------------------------------------------------------------------------------

CRITERIA = """
procurement:
  procedure: {procedure}
  payment_model: {payment}
  award_criteria:
    - {{name: Kvalitet, weight: {quality}, kind: quality}}
    - {{name: Pris, weight: {price}, kind: price}}
"""


def test_pb602_uses_the_right_article() -> None:
    text = CRITERIA.format(procedure="innovation_partnership", payment="fixed", quality=30, price=70)
    [(_, _, message, _)] = findings(text, "PB602")
    assert message == "price weighs 70 % in an innovation partnership"
    text = CRITERIA.format(procedure="open", payment="outcome_based", quality=30, price=70)
    [(_, _, message, _)] = findings(text, "PB602")
    assert message == "price weighs 70 % in an open procedure paid by outcome"


def test_price_only_is_pb611_not_pb602() -> None:
    text = CRITERIA.format(procedure="competitive_dialogue", payment="fixed", quality=0, price=100)
    found = findings(text, "PB602", "PB611")
    assert [(s, m) for s, _, m, _ in found] == [
        (Severity.ERROR, "a competitive dialogue must be awarded on the best price-quality ratio, but the award "
                         "criteria are price or cost only")]
    text = CRITERIA.format(procedure="competitive_procedure_with_negotiation", payment="fixed", quality=0, price=100)
    assert [m for _, _, m, _ in findings(text, "PB602", "PB611")] == [
        "price weighs 100 % in a competitive procedure with negotiation"]


# --- PB610, PB613, PB614 ----------------------------------------------------------------------------------

def test_pb610_names_each_missing_item_once() -> None:
    found = findings("procurement:\n  procedure: innovation_partnership\n", "PB610")
    messages = [m for _, _, m, _ in found]
    assert len(messages) == len(set(messages)) == 7
    for needle in ("§ 74, stk. 2, nr. 1", "nr. 2", "nr. 3", "nr. 5", "§ 74, stk. 3", "termination_after_phase",
                   "phases"):
        assert any(needle in m for m in messages), needle
    assert all(s is Severity.ERROR for s, *_ in found)


@pytest.mark.parametrize(("answer", "fires"), [("2027-10-21", False), ("2027-10-22", True)])
def test_pb613_counts_six_full_days_as_statens_indkob_does(answer: str, fires: bool) -> None:
    found = findings(timeline("open", ("questions_deadline", answer), ("tender_deadline", "2027-10-28")), "PB613")
    assert bool(found) is fires
    if fires:
        assert "leaves 5 full days" in found[0][2] and "given by 2027-10-21" in found[0][2]


def test_pb614_extends_a_period_that_ends_on_a_weekend() -> None:
    rows = [("award", "2027-10-21"), ("contract_signature", "2027-11-01")]
    [(_, _, message, _)] = findings(timeline("open", *rows), "PB614")
    assert "runs to 2027-10-31" not in message and "runs to 2027-11-01" in message
    assert "2027-11-02 at the earliest" in message
    assert findings(timeline("open", ("award", "2027-10-21"), ("contract_signature", "2027-11-02")), "PB614") == []


def test_pb617_points_at_the_contract_type_and_names_the_word() -> None:
    [(severity, line, message, _)] = findings("procurement:\n  procedure: open\n  contract_type: services\n",
                                              "PB617")
    assert (severity, line) == (Severity.INFO, 3) and '"plejecentrene"' in message and "Annex XIV" in message


# --- linear time ------------------------------------------------------------------------------------------

def test_large_briefs_are_linted_in_linear_time() -> None:
    n = 2000
    constraints = "".join(f"  - {{id: C{i}, description: Ønske {i}, mandatory: false, sub_criterion: K{i}}}\n"
                          for i in range(n))
    criteria = "".join(f"    - {{name: K{i}, weight: 0, kind: quality}}\n" for i in range(n))
    options = "".join(f"    - {{description: Option {i}, beneficiaries: [Kommune {i}]}}\n" for i in range(n))
    rows = "".join(f"    - {{milestone: {m}, date: 2027-{1 + i % 12:02d}-{1 + i % 28:02d}}}\n"
                   for i in range(n) for m in ("award", "contract_signature", "questions_deadline", "tender_deadline"))
    others = ", ".join(f"Kommune {i}" for i in range(0, 2 * n, 2))
    fragment = (f"constraints:\n{constraints}procurement:\n  procedure: open\n  award_criteria:\n{criteria}"
                f"  options:\n{options}  timeline:\n{rows}"
                f"scale_up: {{procurement_route: option_in_contract, funding: {{amount: 1}}, "
                f"other_authorities: [{others}]}}\n")
    codes = ["PB612", "PB613", "PB614", "PB615"]
    found = [code for code, _, _ in lint_apart(fragment, *codes)]
    assert found.count("PB615") == 2 * n + n // 2  # no maximum, not counted; every other authority unnamed
    assert "PB612" in found and "PB613" in found and "PB614" in found


def test_timeline_order_knows_the_negotiation_and_standstill_milestones() -> None:
    from helpers import MINIMAL
    from problembrief.lint import lint
    from problembrief.load import load_text
    from problembrief.validate import validate

    def pb604(rows: str) -> list[str]:
        text = MINIMAL.replace("  procedure: open\n", "  procedure: innovation_partnership\n  timeline:\n" + rows)
        loaded = load_text(text)
        brief, _ = validate(loaded)
        assert brief is not None
        return [f.message for f in lint(brief, loaded) if f.code == "PB604"]

    in_order = ("    - {milestone: initial_tenders, date: 2027-05-28}\n"
                "    - {milestone: final_tenders, date: 2027-08-20}\n"
                "    - {milestone: award, date: 2027-09-10}\n"
                "    - {milestone: standstill_end, date: 2027-09-20}\n"
                "    - {milestone: contract_signature, date: 2027-09-22}\n"
                "    - {milestone: contract_start, date: 2027-09-22}\n")
    assert pb604(in_order) == []
    signed_in_standstill = in_order.replace("contract_signature, date: 2027-09-22",
                                            "contract_signature, date: 2027-09-15")
    assert pb604(signed_in_standstill) == ["`contract_signature` (2027-09-15) is before `standstill_end` (2027-09-20)"]
    final_before_initial = in_order.replace("final_tenders, date: 2027-08-20", "final_tenders, date: 2027-05-01")
    assert pb604(final_before_initial) == ["`final_tenders` (2027-05-01) is before `initial_tenders` (2027-05-28)"]
