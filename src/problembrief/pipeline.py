"""The pipeline as functions: load -> validate -> (lint) -> render -> write. The CLI calls these."""

from __future__ import annotations

import datetime
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from problembrief.errors import OutputError, ProblemBriefError
from problembrief.findings import Finding
from problembrief.lint.config import LintConfig
from problembrief.load import Limits, LoadedBrief, load_file
from problembrief.model import Brief
from problembrief.validate import validate

DOCUMENTS = ("tender", "dialogue")
_SUBJECTS = {
    "da": {"tender": "Problembeskrivelse til udbud", "dialogue": "Materiale til markedsdialog"},
    "en": {"tender": "Problem brief for tender", "dialogue": "Market dialogue material"},
}
# File name endings per document and language: brief.yaml -> brief-udbud.docx, brief-markedsdialog.docx.
_FILE_SUFFIXES = {
    "da": {"tender": "udbud", "dialogue": "markedsdialog"},
    "en": {"tender": "tender", "dialogue": "market-dialogue"},
}


def output_name(source: Path, brief: Brief, document: str, extension: str) -> Path:
    """The default output next to the brief, named so that both documents of a brief sit side by side."""
    return source.with_name(f"{source.stem}-{_FILE_SUFFIXES[brief.language.value][document]}{extension}")


def documents_for(brief: Brief, requested: str) -> list[str]:
    """`all` is every document the brief has material for: the dialogue needs a `market_dialogue`."""
    if requested != "all":
        if requested == "dialogue" and brief.market_dialogue is None:
            raise ProblemBriefError("the brief has no `market_dialogue`, so there is no dialogue material to build")
        return [requested]
    return [d for d in DOCUMENTS if d != "dialogue" or brief.market_dialogue is not None]


@dataclass
class CheckedBrief:
    loaded: LoadedBrief
    brief: Brief | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.loaded.path


def check(path: Path | str, limits: Limits | None = None, config: LintConfig | None = None,
          *, run_rules: bool = True) -> CheckedBrief:
    """Load, validate and lint one brief; raises LoadError when the file is not readable YAML.

    The rules run only on a brief that passed the schema: they judge a brief, not a broken file."""
    loaded = load_file(path, limits)
    brief, findings = validate(loaded)
    if brief is not None and run_rules:
        from problembrief.lint import lint

        findings += lint(brief, loaded, config)
    findings.sort(key=Finding.sort_key)
    return CheckedBrief(loaded=loaded, brief=brief, findings=findings)


def render_markdown(brief: Brief, document: str = "tender", templates: Path | None = None) -> str:
    """The document as Markdown. With `templates`, a user's folder is searched first (in Jinja's sandbox),
    then the built-in templates, so a user may override one template and keep the rest."""
    from problembrief.render.environment import make_environment, render_template

    language = brief.language.value
    env = make_environment(language, user_folder=templates)
    return render_template(env, f"{language}/{document}.md.j2", brief=brief)


def render_docx(brief: Brief, markdown_text: str, document: str = "tender",
                reference: Path | None = None) -> tuple[bytes, list[str]]:
    """The Word file as bytes, and the writer's warnings about Markdown it could not map."""
    from problembrief.render.docx_writer import DocumentInfo, DocxWriter
    from problembrief.render.environment import templates_dir

    language = brief.language.value
    created = None
    if brief.brief.date:
        # A fixed timestamp from the brief keeps the file the same from build to build.
        created = datetime.datetime.combine(brief.brief.date, datetime.time(12, 0))
    info = DocumentInfo(
        title=brief.brief.title,
        language=language,
        subject=_SUBJECTS[language][document],
        author=brief.lead_authority.name,
        keywords=[a.name for a in brief.authorities] + [o.name for o in brief.outcomes],
        created=created,
    )
    built_in = templates_dir() / "reference.docx"
    writer = DocxWriter(reference or built_in, info, fallback=built_in if reference else None)
    writer.write(markdown_text)
    return writer.to_bytes(), writer.warnings


def write_output(target: Path, data: bytes, *, inputs: list[Path]) -> None:
    """Write to a temporary file beside the target and move it into place: never a half-written file."""
    target = Path(target)
    resolved = target.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise OutputError("refusing to overwrite the input brief", path=target)
    folder = resolved.parent
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist", path=target)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}", path=target) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp makes the file private; give it the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, resolved)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write the file: {exc.strerror or exc}", path=target) from exc
