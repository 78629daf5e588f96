"""The rule catalogue, data-driven: each rule's examples and its cases under cases/ (codes and lines)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from harness import compose

from problembrief import i18n
from problembrief.findings import Severity
from problembrief.lint import all_rules
from problembrief.lint.registry import DuplicateRuleError, rule
from problembrief.load import load_text
from problembrief.pipeline import check_file
from problembrief.validate import validate

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = {code: spec for path in sorted(CASES_DIR.glob("*.yaml"))
         for code, spec in yaml.safe_load(path.read_text(encoding="utf-8")).items()}
RULES = {r.code: r for r in all_rules()}


def run(text: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    checked = check_file(path)
    schema_errors = [f for f in checked.findings if f.code < "PB020"]
    assert not schema_errors, "\n".join(f"{f.line}: {f.code} {f.message}" for f in schema_errors)
    return checked.findings


def test_base_brief_is_clean(tmp_path: Path) -> None:
    assert run(compose("")[0], tmp_path) == []


def test_every_rule_has_cases() -> None:
    assert set(CASES) == set(RULES)
    for code, spec in CASES.items():
        assert spec.get("fail") and spec.get("pass"), code


# A rule that cannot fire in one language's brief: its example in that language is the translation all the
# same, and only that check is skipped, with the reason.
NOT_IN_LANGUAGE = {
    ("PB104", "en"): "LIX readability is measured for Danish text only; the English example is the translation",
}
EXAMPLES = [(code, language) for code in sorted(RULES) for language in ("da", "en")]


def test_base_brief_is_clean_in_english(tmp_path: Path) -> None:
    assert run(compose("", language="en")[0], tmp_path) == []


@pytest.mark.parametrize(("code", "language"), EXAMPLES, ids=[f"{c}-{lang}" for c, lang in EXAMPLES])
def test_rule_examples(code: str, language: str, tmp_path: Path) -> None:
    """`problembrief rules CODE` shows a bad and a good example in the user's language: in a brief of that
    language, the bad one fires and the good one does not."""
    if (code, language) in NOT_IN_LANGUAGE:
        pytest.skip(NOT_IN_LANGUAGE[code, language])
    found = RULES[code]
    with i18n.language(language):
        bad, good = found.bad, found.good
    assert code in {f.code for f in run(compose(bad, language=language)[0], tmp_path)}, bad
    assert code not in {f.code for f in run(compose(good, language=language)[0], tmp_path)}, good


def test_the_rules_not_checked_in_a_language_cannot_fire_in_it(tmp_path: Path) -> None:
    """The skip above is a fact about the rule, not a convenience: its Danish bad example, in an English
    brief, does not fire either."""
    for code, language in NOT_IN_LANGUAGE:
        with i18n.language("da"):
            danish_bad = RULES[code].bad
        assert code not in {f.code for f in run(compose(danish_bad, language=language)[0], tmp_path)}


FAIL = [(code, i, case) for code, spec in sorted(CASES.items()) for i, case in enumerate(spec["fail"])]
PASS = [(code, i, case) for code, spec in sorted(CASES.items()) for i, case in enumerate(spec["pass"])]


@pytest.mark.parametrize(("code", "index", "case"), FAIL, ids=[f"{c}-fail{i}" for c, i, _ in FAIL])
def test_rule_fires_at_its_line(code: str, index: int, case: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    text, start = compose(case["fragment"])
    findings = [f for f in run(text, tmp_path) if f.code == code]
    if "at" in case:
        assert sorted((f.line, f.column) for f in findings) == sorted(
            (start + line - 1, column) for line, column in case["at"])
    else:
        assert sorted(f.line for f in findings) == sorted(start + line - 1 for line in case["lines"])
    # PB603 reports the below-threshold case as information; every other rule uses its own severity
    allowed = {RULES[code].severity} | ({Severity.INFO} if code == "PB603" else set())
    for f in findings:
        assert f.severity in allowed
        assert f.message and f.hint and f.file


@pytest.mark.parametrize(("code", "index", "case"), PASS, ids=[f"{c}-pass{i}" for c, i, _ in PASS])
def test_rule_stays_quiet(code: str, index: int, case: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    findings = run(compose(case["fragment"])[0], tmp_path)
    assert code not in {f.code for f in findings}


def test_rules_document_themselves() -> None:
    for r in all_rules():
        assert r.name.count(".") == 1 and r.name == r.name.lower(), r.code
        assert r.summary and r.hint and r.source and len(r.documentation) > 40, r.code
        assert r.family in r.check.__module__


def test_codes_are_unique() -> None:
    with pytest.raises(DuplicateRuleError, match="PB101"):
        rule(code="PB101", name="x.y", severity=RULES["PB101"].severity, summary="s", hint="h", source="s",
             bad="", good="")(lambda ctx: iter(()))


def test_lint_ignore_marks_findings_suppressed(tmp_path: Path) -> None:
    text, _ = compose("risks: []\nlint_ignore: [PB703]\n")
    [finding] = run(text, tmp_path)
    assert (finding.code, finding.suppressed) == ("PB703", True)


def test_schema_errors_stop_the_rules() -> None:
    brief, findings = validate(load_text(compose("outcomes: oops\n")[0], "brief.yaml"))
    assert brief is None and [f.code for f in findings] == ["PB012"]
