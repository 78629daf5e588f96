"""The correction sheet (issue 12, item 2): two versions of a brief compared by field, not by line.

`compare` lists what was added, removed and changed, with paths and lines in both files, and marks the
changes that touch what the law treats as essential once the notice is out. `render_changes` writes them as
text, JSON or Markdown; `corrigendum_markdown` and `corrigendum_docx` write the "Rettelsesblad nr. N" /
"Corrigendum no. N" in the brief's language and style.
"""

from __future__ import annotations

from problembrief.corrections.changes import ESSENTIAL, Change, compare, essential_warning
from problembrief.corrections.corrigendum import corrigendum_docx, corrigendum_markdown, corrigendum_subtitle
from problembrief.corrections.output import FORMATS, exit_status, render_changes
from problembrief.corrections.sections import section_name

__all__ = [
    "ESSENTIAL", "FORMATS", "Change", "compare", "corrigendum_docx", "corrigendum_markdown", "corrigendum_subtitle",
    "essential_warning", "exit_status", "render_changes", "section_name",
]
