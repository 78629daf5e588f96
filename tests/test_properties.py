"""Property-based tests: any brief the models accept builds a Word file that reopens and holds every text
value as typed; arbitrary bytes and mutated examples never give a traceback, only exit 1 or 2.

PROBLEMBRIEF_EXAMPLES=400 python -m pytest tests/test_properties.py hunts longer than CI does."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from helpers import EXAMPLES
from problembrief.cli import app
from problembrief.model import Brief
from problembrief.pipeline import render_docx, render_markdown
from problembrief.render.markdown import fold_line_breaks, strip_control

# Text as people paste it: letters, digits, Danish letters, Markdown and XML punctuation, line breaks,
# the odd control character. Surrogates cannot be written in UTF-8, so YAML never delivers them.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
MARKUP = st.sampled_from(["# ", "- ", "1. ", "| ", "* ", "> ", "&amp;", "<b>", "`", "\\", "[x](y)", "---", "\n\n",
                          "æøå", "_", "~~", "!["])
VALUE = st.lists(st.one_of(TEXT, MARKUP), min_size=1, max_size=4).map("".join)


def _normal(text: str) -> str:
    # As the writer does: line breaks (VT and FF among them) become spaces before controls are dropped.
    return " ".join(strip_control(fold_line_breaks(text)).split())


@st.composite
def briefs(draw: st.DrawFn) -> tuple[dict, list[str]]:  # type: ignore[type-arg]
    values: list[str] = []

    def text() -> str:
        value = draw(VALUE)
        values.append(value)
        return value

    data = {
        "schema_version": 1,
        "language": draw(st.sampled_from(["da", "en"])),
        "brief": {"title": text(), "reference": text()},
        "authorities": [{"name": text(), "role": "lead"}],
        "contact": {"name": text(), "email": "a@b.dk"},
        "problem": {"summary": text(), "background": text(), "root_causes": [text()],
                    "consequences": [{"statement": text(), "source": text(), "unit": text(),
                                      "figure": draw(st.one_of(st.none(), st.integers(0, 10**12)))}]},
        "target_group": {"description": text(), "needs": [text()],
                         "involvement": [{"who": text(), "how": text(), "when": text()}]},
        "outcomes": [{"id": "O1", "name": text(), "indicator": text(), "measurement": text(), "unit": text(),
                      "baseline": {"value": draw(st.one_of(st.none(), st.decimals(allow_nan=False,
                                                                                  allow_infinity=False))),
                                   "source": text()},
                      "target": {"value": draw(st.one_of(st.none(), st.integers(-10**6, 10**6)))}}],
        "constraints": [{"id": "C1", "description": text()}],
        "procurement": {"procedure": "open", "award_criteria": [{"name": text(), "weight": 100}]},
        "market_dialogue": {"questions_for_suppliers": [text()], "equal_treatment": text()},
        "risks": [{"description": text(), "mitigation": text(), "owner": text()}],
        "ethics": [{"dilemma": text(), "handling": text()}],
        "references": [{"title": text()}],
    }
    return data, values


def _document_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return _normal(" ".join(parts))


@settings(max_examples=int(os.environ.get("PROBLEMBRIEF_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(briefs())
def test_any_accepted_brief_builds_with_every_value(case: tuple[dict, list[str]]) -> None:  # type: ignore[type-arg]
    data, values = case
    try:
        brief = Brief.model_validate(data)
    except ValidationError:
        assume(False)  # the model refuses it (a blank text, a control character): nothing to render
        return
    for document in ("tender", "dialogue"):
        package, warnings = render_docx(brief, render_markdown(brief, document), document)
        assert warnings == []
        text = _document_text(package)
        if document == "tender":
            for value in values:
                assert _normal(value) in text, value


def _exit_cleanly(args: list[str]) -> int:
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code:
        assert "error" in result.output
    return result.exit_code


@settings(max_examples=int(os.environ.get("PROBLEMBRIEF_EXAMPLES", 60)), deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.yaml"
        path.write_bytes(content)
        assert _exit_cleanly(["validate", str(path), "--lang", "en"]) in (1, 2)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate line", "swap"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 80)):]
        elif kind == "insert":
            text = text[:at] + draw(st.one_of(TEXT, MARKUP, st.sampled_from(["\t", ": ", "- ", "&a", "*a", "!!x "]))) \
                + text[at:]
        else:
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


@settings(max_examples=int(os.environ.get("PROBLEMBRIEF_EXAMPLES", 60)), deadline=None)
@given(mutated())
def test_mutated_examples_never_crash(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.yaml"
        path.write_text(text, encoding="utf-8")
        out = Path(folder) / "out.md"
        code = _exit_cleanly(["build", str(path), "--format", "md", "-o", str(out), "--lang", "en"])
        assert out.exists() == (code == 0)
