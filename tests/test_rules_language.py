"""The rules speak the language in force: a Danish officer reads the findings, hints and the rule catalogue in
Danish (with the legal terms of art and Danish citations), an English consultant reads them unchanged, and the
machine keys (codes, rule names, field names) are the same in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from problembrief import i18n
from problembrief.findings import Finding
from problembrief.lint import all_rules, lint
from problembrief.lint.catalogue import code_problem
from problembrief.lint.reference_texts import TEXTS
from problembrief.load import load_file
from problembrief.reference import load as load_reference
from problembrief.validate import validate

HURRIED = Path(__file__).resolve().parent / "data" / "hurried-brief.yaml"


def _lint(language: str | None) -> list[Finding]:
    loaded = load_file(HURRIED)
    brief, _ = validate(loaded)
    assert brief is not None
    if language is None:
        return lint(brief, loaded)
    with i18n.language(language):
        return lint(brief, loaded)


# One finding per family at least: (code, line, words of the Danish message, words of the Danish hint).
DANISH = [
    ("PB020", 35, "`outcomes[1].id` O1 bruges allerede af outcomes[0]", "sit eget id"),
    ("PB101", 16, '`problem.summary` nævner en løsning: "app"', "overlad hvordan til leverandørerne"),
    ("PB201", 23, "`target_group.size` mangler", "tilføj `size:"),
    ("PB301", 35, "resultatmålet O1 har ingen baseline", "tilføj `baseline:"),
    ("PB303", 33, "resultatmålet O1 er et fald, men målet 25 ligger ikke under baselinen 20", "tjek retningen"),
    ("PB404", 46, "databeskyttelsesforordningens artikel 6, stk. 1, litra f", "offentlig myndighedsudøvelse"),
    ("PB406", 44, "henviser ikke til databeskyttelseslovens § 11", "`databeskyttelsesloven § 11, stk. 1`"),
    ("PB501", 50, "`poc` er angivet, men `scale_up` mangler", "tilføj `scale_up`"),
    ("PB502", 55, "succeskriterium 1 peger på `O3`, som ikke er et resultatmål", "resultatmålene"),
    ("PB601", 62, "underkriteriernes vægte giver 90 tilsammen, ikke 100", "vægtene er procenter"),
    ("PB605", 66, "minimum for offentligt udbud er 30 dage", "send bekendtgørelsen tidligere"),
    ("PB607", 9, "2 ordregivere med 0 `lead`; præcis én skal være udbudsansvarlig", "`role: lead`"),
    ("PB703", 3, "ingen `risks`", "de vigtigste risici"),
    ("PB704", 16, 'problembeskrivelsen nævner "app", men ingen ramme har `category: accessibility`', "WCAG 2.1 AA"),
]


@pytest.mark.parametrize(("code", "line", "message", "hint"), DANISH, ids=[c for c, *_ in DANISH])
def test_the_hurried_brief_gets_danish_findings_at_the_right_lines(code: str, line: int, message: str,
                                                                  hint: str) -> None:
    found = [f for f in _lint("da") if f.code == code and f.line == line]
    assert found, f"no {code} at line {line}"
    assert any(message in f.message for f in found), [f.message for f in found]
    assert any(f.hint and hint in f.hint for f in found), [f.hint for f in found]


def test_danish_and_english_findings_differ_only_in_words() -> None:
    """The same findings at the same places with the same codes; every message and hint is translated."""
    english, danish = _lint("en"), _lint("da")
    assert [(f.code, f.path, f.line, f.column, f.severity) for f in english] == [
        (f.code, f.path, f.line, f.column, f.severity) for f in danish]
    for en, da in zip(english, danish, strict=True):
        assert en.message != da.message, en.message
        assert en.hint != da.hint, en.hint


def test_english_outside_the_context() -> None:
    """Library code that never sets a language speaks English, before and after a Danish block."""
    before = _lint(None)
    _lint("da")
    after = _lint(None)
    assert [f.message for f in before] == [f.message for f in after]
    assert "outcome O1 has no baseline" in [f.message for f in after]
    rule = next(r for r in all_rules() if r.code == "PB404")
    assert rule.summary.startswith("`6(1)(f)` legitimate interests")


# A text may be the same in both languages only when it is a pure citation (names of acts, numbers).
_CITATION = re.compile(r"^[\s\w().,;:§/&'-]*$")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_has_danish_summary_hint_source_and_documentation(rule) -> None:  # type: ignore[no-untyped-def]
    english = (rule.summary, rule.hint, rule.source, rule.documentation)
    with i18n.language("da"):
        danish = (rule.summary, rule.hint, rule.source, rule.documentation)
        assert rule.code == rule.code.upper() and "." in rule.name  # machine keys are the same
    for field, en, da in zip(("summary", "hint", "source", "documentation"), english, danish, strict=True):
        assert da, (rule.code, field)
        assert da != en or _CITATION.match(en), (rule.code, field, en)
    # Danish citation style, not the English one: "artikel 6, stk. 1, litra e", not "art. 6(1)(e)".
    assert not re.search(r"\bart(?:s)?\. \d", " ".join(danish)), rule.code
    assert "GDPR" not in " ".join(danish[:3]), rule.code


def _shape(value: object) -> object:
    """A parsed example with its free text blanked: the keys, and the values that are not text (numbers,
    dates, booleans), which a translation keeps."""
    if isinstance(value, dict):
        return {key: _shape(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_shape(child) for child in value]
    return "…" if isinstance(value, str) else value


# A Danish act's name stays Danish in an English brief ("databeskyttelsesloven § 11, stk. 1").
_DANISH_ACT = re.compile(r"\b\w+loven\b")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_the_examples_are_translated_and_carry_no_comments(rule) -> None:  # type: ignore[no-untyped-def]
    """The bad and good examples are YAML fragments of a brief in the user's language: the same keys and
    numbers, dates and booleans in both, the free text translated (English without Danish words but the
    names of Danish acts), and no prose comments outside the values."""
    english = (rule.bad, rule.good)
    with i18n.language("da"):
        danish = (rule.bad, rule.good)
    for en, da in zip(english, danish, strict=True):
        assert _shape(yaml.safe_load(en)) == _shape(yaml.safe_load(da)), rule.code
        assert not re.search("[æøåÆØÅ]", _DANISH_ACT.sub("", en)), (rule.code, en)
        for example in (en, da):
            assert example.endswith("\n") and not example.startswith((" ", "\n")), rule.code  # dedented
            assert not any(line.lstrip().startswith("#") for line in example.splitlines()), rule.code


def test_a_danish_user_sees_the_danish_example_and_an_english_user_the_english() -> None:
    rule = next(r for r in all_rules() if r.code == "PB101")
    assert rule.bad.startswith("problem:\n  summary: >\n    We want to procure sensors for the nursing homes")
    with i18n.language("da"):
        assert rule.bad.startswith("problem:\n  summary: >\n    Vi ønsker at indkøbe sensorer til plejecentrene")
    assert sum(1 for r in all_rules() for example in ("bad", "good")
               if getattr(r, example) != _in_danish(r, example)) >= 100


def _in_danish(rule, example: str) -> str:  # type: ignore[no-untyped-def]
    with i18n.language("da"):
        return str(getattr(rule, example))


def test_the_examples_are_marked_in_the_pseudo_locale() -> None:
    rule = all_rules()[0]
    with i18n.pseudo():
        assert rule.bad.startswith(i18n.PSEUDO_OPEN) and rule.summary.startswith(i18n.PSEUDO_OPEN)
        marked = rule.good
    assert marked == f"{i18n.PSEUDO_OPEN}{rule.good}{i18n.PSEUDO_CLOSE}"  # dedented inside the mark


def test_every_reference_text_a_message_shows_is_in_the_catalogue() -> None:
    """The reference data is English; the values a rule puts in a message are listed in reference_texts.py
    (marked for the catalogue), so a new entry cannot reach a Danish user untranslated."""
    gdpr = load_reference("gdpr")
    shown = {entry[key] for table in ("article6", "article9") for entry in gdpr[table].values()
             for key in ("note", "danish") if entry.get(key)}
    lexicon = load_reference("lexicon")
    shown |= {a["area"] for a in lexicon["ai_high_risk_areas"]}
    shown |= {p["practice"] for p in lexicon["ai_prohibited_practices"]}
    for amendment in load_reference("ai_act")["amendments"].values():
        shown |= {amendment["name"], amendment["status"]}
    shown.add(load_reference("thresholds")["conversion"]["kind"])
    assert shown - TEXTS == set()
    with i18n.language("da"):
        untranslated = [t for t in TEXTS if i18n._(t) == t]
    assert untranslated == []


def test_usage_errors_about_codes_are_danish() -> None:
    with i18n.language("da"):
        assert code_problem("PB1O1") == ("PB1O1 er ikke en regelkode eller begyndelsen af en; mente du PB101? "
                                         "(koder ser ud som PB101; `problembrief rules` viser dem)")
    assert code_problem("PB1O1", prefix=False) == ("PB1O1 is not a rule code; did you mean PB101? (codes look like "
                                                   "PB101; `problembrief rules` lists them)")


def test_dates_and_numbers_in_messages_follow_the_language() -> None:
    """A month is written in the message's language ("2. december 2027", "2 December 2027")."""
    from problembrief.lint.rules.ethics import _act_date

    act = load_reference("ai_act")
    obligation = act["obligations"]["annex_iii"]
    proposed = act["amendments"]["digital_omnibus"]["proposed"]
    with i18n.language("da"):
        _, how = _act_date(obligation, act, proposed)
    assert "2. december 2027" in how and how.startswith("efter artikel 113")
    _, how = _act_date(obligation, act, proposed)
    assert "2 December 2027" in how and how.startswith("under art. 113")


def test_an_english_brief_that_mentions_an_algorithm_needs_ethics() -> None:
    # Found while translating the examples: the AI word list knew the Danish "algoritme" only.
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "lint"))
    from harness import compose

    from problembrief.lint import LintConfig, lint
    from problembrief.load import load_text
    from problembrief.validate import validate

    text, _ = compose("constraints:\n  - description: An algorithm ranks the applications.\n", language="en")
    loaded = load_text(text)
    brief, _ = validate(loaded)
    assert brief is not None
    assert [f.code for f in lint(brief, loaded, LintConfig(select=("PB701",)))] == ["PB701"]
