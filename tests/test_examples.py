"""Every example validates without errors, shows the rules at work, and builds a Word file with its title."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from helpers import EXAMPLES, paragraphs
from problembrief.findings import has_errors
from problembrief.pipeline import check_file, render_docx, render_markdown

# What the rules honestly say about each example (code, suppressed). A change here is a change in
# what a consultant would read, so it is reviewed, not regenerated.
EXPECTED = {
    "chauffoerjob-langtidsledige": {("PB603", False)},
    "digital-genoptraening-hjemmeplejen": {("PB506", True), ("PB617", True)},
    "energi-indeklima-skoler": {("PB603", False)},
    "faldforebyggelse-plejecentre": set(),
    "faldforebyggelse-plejecentre-v2": set(),
    "medication-at-home-en": set(),
    "skoledistrikter-genbrug-af-data": set(),
}


def test_every_example_has_expectations() -> None:
    assert {p.stem for p in EXAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_and_builds(path: Path, tmp_path: Path) -> None:
    checked = check_file(path)
    assert checked.brief is not None and not has_errors(checked.findings)
    assert {(f.code, f.suppressed) for f in checked.findings} == EXPECTED[path.stem]
    data, warnings = render_docx(checked.brief, render_markdown(checked.brief))
    assert warnings == []
    out = tmp_path / "x.docx"
    out.write_bytes(data)
    document = docx.Document(str(out))
    assert paragraphs(document)[0] == ("Title", checked.brief.brief.title)
