"""Every example validates without errors and builds a Word file that reopens with its title."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from helpers import EXAMPLES, paragraphs
from problembrief.pipeline import check, render_docx, render_markdown


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_and_builds(path: Path, tmp_path: Path) -> None:
    checked = check(path)
    assert checked.findings == [] and checked.brief is not None
    data, warnings = render_docx(checked.brief, render_markdown(checked.brief))
    assert warnings == []
    out = tmp_path / "x.docx"
    out.write_bytes(data)
    document = docx.Document(str(out))
    assert paragraphs(document)[0] == ("Title", checked.brief.brief.title)
