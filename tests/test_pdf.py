"""The real consumer: LibreOffice turns every example's documents into PDF, and the PDF text is read back.

In CI (CI=true) a missing LibreOffice or poppler fails these tests; on a developer's machine without them
they are skipped."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES
from problembrief.cli import app


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is not installed (apt-get install libreoffice-writer-nogui python3-uno poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _pdf_text(pdf: Path) -> str:
    return subprocess.run([_require("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run([_require("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


# the first chapter of each document, in the table of contents with a page number and again in the text
FIRST_CHAPTER = {("da", "udbud"): "Problemet", ("da", "markedsdialog"): "Invitation og formål",
                 ("en", "tender"): "The problem", ("en", "market-dialogue"): "Invitation and purpose"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_document_of_every_example_becomes_a_pdf(example: Path, tmp_path: Path) -> None:
    _require("soffice")
    result = CliRunner().invoke(app, ["build", str(example), "--document", "all", "--pdf", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == len(list(tmp_path.glob("*.docx"))) >= 1
    for pdf in pdfs:
        text = _pdf_text(pdf)
        language = "en" if example.stem.endswith("-en") else "da"
        kind = pdf.stem[len(example.stem) + 1:]
        if kind in ("spoergsmaal-og-svar", "questions-and-answers"):  # a short document without contents
            assert ("Spørgsmål og svar" if language == "da" else "Questions and answers") in text, pdf.name
            assert re.search(r"(Side|Page) \d+ (af|of) \d+", text), pdf.name
            assert "\\" not in text, pdf.name
            continue
        chapter = FIRST_CHAPTER[(language, kind)]
        contents = "Indhold" if language == "da" else "Contents"
        assert contents in text, pdf.name
        # a TOC entry: the heading, dot leaders and a page number
        assert re.search(rf"{re.escape(chapter)}\s*\.{{5,}}\s*(\d+)", text), pdf.name
        body = text.split(contents, 1)[1]
        assert body.count(chapter) >= 2, pdf.name  # in the contents and as the chapter itself
        assert re.search(r"(Side|Page) \d+ (af|of) \d+", text), pdf.name
        assert 3 <= _pages(pdf) <= 30, pdf.name
        assert "\\" not in text, pdf.name  # no Markdown escape leaked into the document
