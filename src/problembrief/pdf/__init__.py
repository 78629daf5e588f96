"""Word to PDF through LibreOffice, where it is installed.

With LibreOffice's Python bridge (Debian's python3-uno) the documents are opened in one LibreOffice
process, their tables of contents are updated (page numbers included) and they are exported; without it,
`soffice --headless --convert-to pdf` converts them as they are, and the TOC lists the headings without
page numbers (the caller is told)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from problembrief.errors import ProblemBriefError
from problembrief.i18n import _

_TIMEOUT = 300
_EXPORTER = Path(__file__).resolve().parent / "uno_export.py"
_UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python")


class PdfError(ProblemBriefError):
    """LibreOffice is missing or could not convert a document."""


def find_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfError(_("--pdf needs LibreOffice, which is not installed "
                         "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"))
    return found


@functools.cache
def find_uno_python() -> str | None:
    """A Python that can import LibreOffice's `uno` module, or None."""
    candidates = [os.environ.get("PROBLEMBRIEF_UNO_PYTHON", ""), *_UNO_PYTHONS]
    for candidate in filter(None, candidates):
        if not Path(candidate).is_file():
            continue
        try:
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def convert(pairs: list[tuple[Path, Path]]) -> list[str]:
    """Convert each .docx to its .pdf (written atomically). Returns warnings for the caller to show."""
    if not pairs:
        return []
    soffice = find_soffice()
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="problembrief-pdf-") as work:
        folder = Path(work)
        staged = [(source, folder / f"{index}.pdf", target) for index, (source, target) in enumerate(pairs)]
        uno_python = find_uno_python()
        if uno_python:
            args = [uno_python, str(_EXPORTER), soffice, str(folder / "profile")]
            args += [str(p) for source, temp, _target in staged for p in (source, temp)]
            _run(args, _("LibreOffice could not convert the document"))
        else:
            warnings.append(_("LibreOffice's Python bridge (python3-uno) is missing: the PDF's table of contents "
                              "lists the headings without page numbers"))
            for source, temp, _target in staged:
                out = folder / source.stem
                _run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                      "--convert-to", "pdf", "--outdir", str(out), str(source)],
                     _("LibreOffice could not convert the document"))
                produced = out / f"{source.stem}.pdf"
                if not produced.is_file():
                    raise PdfError(_("LibreOffice wrote no PDF"), path=source)
                produced.replace(temp)
        for source, temp, target in staged:
            if not temp.is_file() or temp.stat().st_size == 0:
                raise PdfError(_("LibreOffice wrote no PDF"), path=source)
            try:
                shutil.move(str(temp), str(target.with_name(f".{target.name}.tmp")))
                os.replace(target.with_name(f".{target.name}.tmp"), target)
            except OSError as exc:
                raise PdfError(_("cannot write the PDF: {reason}").format(reason=exc.strerror or exc),
                               path=target) from exc
    return warnings


def _run(args: list[str], message: str) -> None:
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PdfError(_("{message}: LibreOffice did not finish within {seconds} seconds").format(
            message=message, seconds=_TIMEOUT)) from exc
    except OSError as exc:
        raise PdfError(_("{message}: {reason}").format(message=message, reason=exc)) from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise PdfError(_("{message}: {reason}").format(
            message=message, reason=detail[-1] if detail else _("exit code {code}").format(code=result.returncode)))
