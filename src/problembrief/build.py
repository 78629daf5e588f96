"""Building the documents of one brief, as a unit that a batch can run in worker processes.

`build_one` never raises for a user error: it returns a `BuildResult` with the findings, the files
written, the messages for the user and an exit status, so that one bad brief in a batch of a hundred
does not stop the other ninety-nine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from problembrief.errors import ProblemBriefError
from problembrief.findings import Finding, has_errors
from problembrief.load import Limits

OK, FINDINGS, FAILURE = 0, 1, 2


@dataclass(frozen=True)
class BuildOptions:
    document: str = "tender"  # tender, dialogue or all
    output: Path | None = None  # a file for one document of one brief; otherwise a folder
    markdown: bool = False
    reference_docx: Path | None = None
    templates: Path | None = None
    force: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)


@dataclass
class BuildResult:
    source: Path
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    status: int = OK


def build_one(source: Path, options: BuildOptions) -> BuildResult:
    from problembrief.lint.config import find_config
    from problembrief.pipeline import check, documents_for, output_name, render_docx, render_markdown, write_output

    result = BuildResult(source=source)
    try:
        config = find_config(source).with_options(list(options.select), list(options.ignore))
        checked = check(source, options.limits, config)
        result.findings = checked.findings
        if checked.brief is None:
            result.messages.append(f"error: {source}: not built: the brief does not match the format")
            result.status = FINDINGS
            return result
        if has_errors(checked.findings) and not options.force:
            result.messages.append(f"error: {source}: not built, because the brief has errors; "
                                   "fix them, or build anyway with --force")
            result.status = FINDINGS
            return result
        brief = checked.brief
        kinds = documents_for(brief, options.document)
        if options.document == "all" and "dialogue" not in kinds:
            result.messages.append(f"note: {source} has no `market_dialogue`; only the tender brief is built")
        extension = ".md" if options.markdown else ".docx"
        for kind in kinds:
            target = _target(output_name(source, brief, kind, extension), options.output)
            markdown_text = render_markdown(brief, kind, options.templates)
            if options.markdown:
                data = markdown_text.encode("utf-8")
            else:
                data, warnings = render_docx(brief, markdown_text, kind, options.reference_docx)
                result.messages += [f"warning: {source}: {w}" for w in warnings]
            write_output(target, data, inputs=[source])
            result.written.append(target)
    except ProblemBriefError as exc:
        result.messages.append(f"error: {exc}")
        result.status = FAILURE
    return result


def _target(default: Path, output: Path | None) -> Path:
    if output is None:
        return default
    return output / default.name if output.is_dir() else output
