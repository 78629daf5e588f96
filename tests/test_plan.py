"""The proposed timeline (`problembrief.plan`): counted as Regulation 1182/71 counts, with the Danish public
holidays, and lawful under PB604, PB605, PB613 and PB614 when pasted into a brief."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from problembrief.errors import UsageError
from problembrief.load import load_file, load_text
from problembrief.model import Brief, Milestone, Procedure
from problembrief.pipeline import check_text
from problembrief.plan import plan_yaml, procedures, propose
from problembrief.plan.calendar import holiday_name, is_working_day, period_end, working_days_before
from problembrief.validate import validate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FALL = EXAMPLES / "faldforebyggelse-plejecentre.yaml"  # innovation partnership, Danish, with a POC
OPEN = EXAMPLES / "chauffoerjob-langtidsledige.yaml"  # open procedure, Danish
RESTRICTED = EXAMPLES / "skoledistrikter-genbrug-af-data.yaml"
NEGOTIATION = EXAMPLES / "medication-at-home-en.yaml"  # English
TIMING_RULES = {"PB604", "PB605", "PB613", "PB614"}
D = datetime.date


def _brief(path: Path) -> Brief:
    brief, _ = validate(load_file(path))
    assert brief is not None
    return brief


def _with(brief: Brief, procedure: Procedure) -> Brief:
    return brief.model_copy(update={"procurement": brief.procurement.model_copy(update={"procedure": procedure})})


def _dates(proposals: list) -> dict[Milestone, datetime.date]:
    return {p.milestone: p.date for p in proposals}


def _pasted(path: Path, yaml: str) -> str:
    text = path.read_text(encoding="utf-8")
    pasted, count = re.subn(r"^  timeline:\n(?:    .*\n)+", lambda _: yaml, text, count=1, flags=re.M)
    assert count == 1
    return pasted


def _timing_findings(path: Path, text: str) -> list[str]:
    result = check_text(text, path)
    assert result.fatal is None
    return [f"{f.code}: {f.message}" for f in result.report.findings if f.code in TIMING_RULES]


# --- counting -------------------------------------------------------------------------------------------------


def test_the_holidays_come_from_the_library() -> None:
    assert holiday_name(D(2027, 3, 29), "en") == "Easter Monday"
    assert holiday_name(D(2027, 5, 6), "da") == "Kristi himmelfartsdag"
    assert holiday_name(D(2026, 12, 25), "en") == "Christmas Day"
    assert holiday_name(D(2027, 6, 7), "en") is None
    assert not is_working_day(D(2027, 3, 29)) and not is_working_day(D(2027, 3, 27))
    assert is_working_day(D(2027, 3, 30))


@pytest.mark.parametrize(("event", "days", "last", "end"), [
    (D(2027, 2, 26), 30, D(2027, 3, 28), D(2027, 3, 30)),  # Easter Sunday, then Easter Monday 2027
    (D(2027, 3, 17), 10, D(2027, 3, 27), D(2027, 3, 30)),  # a Saturday before Easter
    (D(2027, 4, 6), 30, D(2027, 5, 6), D(2027, 5, 7)),  # Kristi Himmelfartsdag (Thursday) -> Friday
    (D(2026, 11, 25), 30, D(2026, 12, 25), D(2026, 12, 28)),  # Christmas Day, Boxing Day, Sunday -> Monday
    (D(2027, 8, 5), 10, D(2027, 8, 15), D(2027, 8, 16)),  # a Sunday
    (D(2027, 8, 4), 10, D(2027, 8, 14), D(2027, 8, 16)),  # a Saturday
    (D(2027, 8, 2), 10, D(2027, 8, 12), D(2027, 8, 12)),  # a Thursday: not moved
])
def test_a_period_runs_from_the_day_after_and_past_weekends_and_holidays(
        event: datetime.date, days: int, last: datetime.date, end: datetime.date) -> None:
    assert period_end(event, days) == (last, end)


def test_working_days_before_skip_weekends_and_holidays() -> None:
    # 30 Mar, then over Easter Monday, Good Friday and Maundy Thursday: 24 and 23 Mar.
    assert working_days_before(D(2027, 3, 31), 3) == D(2027, 3, 23)


# --- each procedure's milestones -------------------------------------------------------------------------------

_EXPECTED = {
    Procedure.OPEN: [Milestone.NOTICE_SENT, Milestone.QUESTIONS_DEADLINE, Milestone.TENDER_DEADLINE],
    Procedure.RESTRICTED: [Milestone.NOTICE_SENT, Milestone.PARTICIPATION_DEADLINE, Milestone.QUESTIONS_DEADLINE,
                           Milestone.TENDER_DEADLINE],
    Procedure.COMPETITIVE_PROCEDURE_WITH_NEGOTIATION: [
        Milestone.NOTICE_SENT, Milestone.PARTICIPATION_DEADLINE, Milestone.QUESTIONS_DEADLINE,
        Milestone.INITIAL_TENDERS, Milestone.FINAL_TENDERS],
    Procedure.COMPETITIVE_DIALOGUE: [Milestone.NOTICE_SENT, Milestone.PARTICIPATION_DEADLINE,
                                     Milestone.QUESTIONS_DEADLINE, Milestone.FINAL_TENDERS],
    Procedure.INNOVATION_PARTNERSHIP: [Milestone.NOTICE_SENT, Milestone.PARTICIPATION_DEADLINE,
                                       Milestone.QUESTIONS_DEADLINE, Milestone.INITIAL_TENDERS,
                                       Milestone.FINAL_TENDERS],
}
_AFTER = [Milestone.AWARD, Milestone.STANDSTILL_END, Milestone.CONTRACT_SIGNATURE, Milestone.CONTRACT_START,
          Milestone.POC_START, Milestone.POC_END, Milestone.SCALE_UP_DECISION]


@pytest.mark.parametrize("procedure", list(_EXPECTED), ids=lambda p: p.value)
def test_each_procedure_gets_its_milestones_in_order(procedure: Procedure) -> None:
    proposals = propose(_with(_brief(FALL), procedure), D(2027, 2, 26))
    milestones = [p.milestone for p in proposals]
    assert milestones == [Milestone.MARKET_DIALOGUE, *_EXPECTED[procedure], *_AFTER]
    dates = [p.date for p in proposals]
    assert dates == sorted(dates)
    assert all(p.rule and p.explanation for p in proposals)
    assert set(procedures()) == set(_EXPECTED)


def test_the_legal_minimums_are_kept() -> None:
    sent = D(2027, 2, 26)
    open_ = _dates(propose(_with(_brief(FALL), Procedure.OPEN), sent))
    assert open_[Milestone.TENDER_DEADLINE] == D(2027, 3, 30)  # 30 days: Easter Sunday and Monday -> Tuesday
    restricted = _dates(propose(_with(_brief(FALL), Procedure.RESTRICTED), sent))
    assert restricted[Milestone.PARTICIPATION_DEADLINE] == D(2027, 3, 30)
    assert (restricted[Milestone.TENDER_DEADLINE] - restricted[Milestone.PARTICIPATION_DEADLINE]).days >= 25 + 14


def test_planning_assumptions_say_so() -> None:
    proposals = propose(_brief(FALL), D(2027, 2, 26))
    assumed = {p.milestone for p in proposals if not p.legal}
    assert {Milestone.FINAL_TENDERS, Milestone.AWARD, Milestone.CONTRACT_START} <= assumed
    final = next(p for p in proposals if p.milestone is Milestone.FINAL_TENDERS)
    assert "planning assumption, not a legal minimum" in final.explanation
    assert {Milestone.PARTICIPATION_DEADLINE, Milestone.STANDSTILL_END} .isdisjoint(assumed)


def test_the_poc_keeps_the_briefs_lengths() -> None:
    brief = _brief(FALL)
    dates = _dates(propose(brief, D(2027, 2, 26)))
    assert brief.poc is not None and brief.poc.start and brief.poc.end
    assert (dates[Milestone.POC_END] - dates[Milestone.POC_START]) == brief.poc.end - brief.poc.start
    assert dates[Milestone.SCALE_UP_DECISION] > dates[Milestone.POC_END]


def test_no_poc_no_poc_milestones() -> None:
    brief = _brief(OPEN).model_copy(update={"poc": None})
    assert not {Milestone.POC_START, Milestone.POC_END, Milestone.SCALE_UP_DECISION} & set(
        _dates(propose(brief, D(2027, 2, 26))))


def test_a_procedure_without_minimum_periods_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        propose(_with(_brief(FALL), Procedure.MARKET_DIALOGUE_ONLY), D(2027, 2, 26))


# --- the 6-day answer rule and the standstill ------------------------------------------------------------------


@pytest.mark.parametrize("sent", [D(2027, 2, 26) + datetime.timedelta(days=n) for n in range(0, 365, 11)])
def test_answers_reach_everyone_6_full_days_before_and_the_standstill_runs(sent: datetime.date) -> None:
    for procedure in _EXPECTED:
        proposals = propose(_with(_brief(FALL), procedure), sent)
        dates = _dates(proposals)
        served = min(d for m, d in dates.items() if m in {Milestone.TENDER_DEADLINE, Milestone.INITIAL_TENDERS,
                                                         Milestone.FINAL_TENDERS})
        assert (served - dates[Milestone.QUESTIONS_DEADLINE]).days >= 7 + 3
        assert is_working_day(dates[Milestone.QUESTIONS_DEADLINE])
        award = dates[Milestone.AWARD]
        assert dates[Milestone.STANDSTILL_END] == period_end(award, 10)[1]
        assert dates[Milestone.STANDSTILL_END] >= award + datetime.timedelta(days=10)
        assert is_working_day(dates[Milestone.STANDSTILL_END])
        signature = dates[Milestone.CONTRACT_SIGNATURE]
        assert signature > dates[Milestone.STANDSTILL_END] and is_working_day(signature)
        assert not any(is_working_day(dates[Milestone.STANDSTILL_END] + datetime.timedelta(days=k))
                       for k in range(1, (signature - dates[Milestone.STANDSTILL_END]).days))


def test_the_last_day_to_answer_moves_back_over_a_holiday() -> None:
    # Initial tenders on Thursday 13 May 2027: 7 days before is Kristi Himmelfartsdag, so answers by 5 May.
    proposals = propose(_brief(FALL), D(2027, 2, 26))
    assert _dates(proposals)[Milestone.INITIAL_TENDERS] == D(2027, 5, 13)
    questions = next(p for p in proposals if p.milestone is Milestone.QUESTIONS_DEADLINE)
    assert "2027-05-05" in questions.explanation
    assert questions.date == D(2027, 4, 30)  # three working days before 5 May


# --- pasted into a brief -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [FALL, OPEN, RESTRICTED, NEGOTIATION], ids=lambda p: p.stem)
@pytest.mark.parametrize("sent", [D(2027, 2, 26), D(2027, 3, 19), D(2027, 11, 12), D(2027, 12, 17)])
def test_the_pasted_yaml_passes_the_timing_rules(path: Path, sent: datetime.date) -> None:
    yaml = plan_yaml(_brief(path), sent)
    pasted = _pasted(path, yaml)
    assert _timing_findings(path, pasted) == []
    brief, findings = validate(load_text(pasted, path))
    assert brief is not None, findings
    entries = [(e.milestone, e.date) for e in brief.procurement.timeline]
    assert entries == [(p.milestone, p.date) for p in propose(_brief(path), sent)]


def test_every_entry_is_a_flow_mapping_line_with_a_comment() -> None:
    yaml = plan_yaml(_brief(FALL), D(2027, 2, 26))
    entries = [line for line in yaml.splitlines() if line.lstrip().startswith("- ")]
    assert entries
    for line in entries:
        assert re.fullmatch(r"    - \{milestone: [a-z_]+, date: \d{4}-\d{2}-\d{2}\}  # \S.*", line), line


def test_notice_sent_comes_from_the_brief_when_not_given() -> None:
    brief = _brief(FALL)  # its timeline has notice_sent 2027-02-26
    assert plan_yaml(brief) == plan_yaml(brief, D(2027, 2, 26))
    without = brief.model_copy(update={"procurement": brief.procurement.model_copy(update={"timeline": []})})
    with pytest.raises(UsageError):
        plan_yaml(without)


# --- Danish and English --------------------------------------------------------------------------------------------


def test_the_comments_speak_the_briefs_language_or_the_one_asked_for() -> None:
    danish = plan_yaml(_brief(FALL), D(2027, 2, 26))
    assert "kalenderdage fra dagen efter" in danish
    assert "Påskedag" in danish and "tirsdag" in danish
    assert "fristforordningen" in danish and "planlægningsantagelse" in danish
    assert "calendar days" not in danish
    english = plan_yaml(_brief(FALL), D(2027, 2, 26), "en")
    assert "calendar days from the day after" in english and "Easter Sunday" in english
    assert "planning assumption, not a legal minimum" in english and "kalenderdage" not in english
    assert "calendar days from the day after" in plan_yaml(_brief(NEGOTIATION), D(2027, 2, 26))
    assert "kalenderdage" in plan_yaml(_brief(NEGOTIATION), D(2027, 2, 26), "da")
