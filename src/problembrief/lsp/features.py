"""What the language server shows, computed from a CheckResult and the text it judged: diagnostics, hovers
and quick fixes. Plain functions without protocol state; `server` calls them and sends what they return.

Positions: a Finding's line and column are 1-based and count characters (code points); LSP's are 0-based
and count the units of the position encoding agreed with the editor (UTF-16 unless it asks for another).
`Text` does the arithmetic; everything here works in 0-based lines and code-point columns until it builds
an LSP object.
"""

from __future__ import annotations

import json
import re
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from lsprotocol import types

from problembrief import i18n
from problembrief.findings import Finding, RuleInfo, Severity
from problembrief.i18n import _
from problembrief.pipeline import CheckResult, describe_codes

SOURCE = "problembrief"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Text:
    """A document's text split into lines as LSP counts them (LF, CRLF or CR), with the editor's encoding."""

    source: str
    lines: tuple[str, ...]
    starts: tuple[int, ...]  # offset of each line in `source`
    encoding: str = types.PositionEncodingKind.Utf16.value  # "utf-16", "utf-8" or "utf-32"

    @classmethod
    def of(cls, source: str, encoding: str | types.PositionEncodingKind | None = None) -> Text:
        lines, starts, position = [], [], 0
        for match in _LINE_BREAK.finditer(source):
            lines.append(source[position:match.start()])
            starts.append(position)
            position = match.end()
        lines.append(source[position:])
        starts.append(position)
        kind = getattr(encoding, "value", encoding) or types.PositionEncodingKind.Utf16.value
        return cls(source, tuple(lines), tuple(starts), str(kind))

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def _units(self, text: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf8.value:
            return len(text.encode("utf-8", "surrogatepass"))
        if self.encoding == types.PositionEncodingKind.Utf32.value:
            return len(text)
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, line: int, column: int) -> types.Position:
        """An LSP position for a 0-based line and a code-point column."""
        return types.Position(line=line, character=self._units(self.line(line)[:column]))

    def range(self, line: int, start: int, end: int, end_line: int | None = None) -> types.Range:
        return types.Range(start=self.position(line, start),
                           end=self.position(line if end_line is None else end_line, end))

    def column(self, position: types.Position) -> int:
        """The code-point column of an LSP position."""
        text, units = self.line(position.line), 0
        for index, character in enumerate(text):
            if units >= position.character:
                return index
            units += self._units(character)
        return len(text)

    def offset(self, line: int, column: int) -> int:
        return self.starts[line] + column if 0 <= line < len(self.starts) else len(self.source)

    def at_offset(self, offset: int) -> tuple[int, int]:
        """0-based line and code-point column of an offset in `source`."""
        line = max(0, next((i for i in range(len(self.starts) - 1, -1, -1) if self.starts[i] <= offset), 0))
        return line, offset - self.starts[line]


# --- where a finding is: its range ------------------------------------------------------------------------

def _flow_depth(text: str) -> int:
    """How many [ ] or { } are open at the end of `text` (one line), quotes skipped."""
    depth, quote = 0, ""
    for character in text:
        if quote:
            if character == quote:
                quote = ""
        elif character in "\"'":
            quote = character
        elif character in "[{":
            depth += 1
        elif character in "]}":
            depth = max(0, depth - 1)
    return depth


def _closing(line: str, start: int) -> int:
    """The end of the quoted scalar or the [ ] / { } that starts at `start`, or the end of the line."""
    opening = line[start]
    if opening == '"':
        index = start + 1
        while index < len(line):
            if line[index] == "\\":
                index += 2
                continue
            if line[index] == '"':
                return index + 1
            index += 1
        return len(line)
    if opening == "'":
        index = start + 1
        while index < len(line):
            if line[index] == "'":
                if line[index + 1:index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return len(line)
    depth, quote = 0, ""
    for index in range(start, len(line)):
        character = line[index]
        if quote:
            if character == quote:
                quote = ""
        elif character in "\"'":
            quote = character
        elif character in "[{":
            depth += 1
        elif character in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(line)


def word_span(line: str, column: int) -> tuple[int, int]:
    """The code-point columns (0-based, end exclusive) of the key or value that starts at `column` of a line:
    a quoted scalar or a [ ]/{ } to its end, a key to its colon, a plain value to a comment, to a comma inside
    [ ]/{ }, or to the end of the line. Where nothing starts there, the rest of the line."""
    column = max(0, min(column, len(line)))
    if column >= len(line):
        return column, len(line)
    if line[column] in "\"'[{":
        return column, _closing(line, column)
    in_flow = _flow_depth(line[:column]) > 0
    index = column
    while index < len(line):
        character = line[index]
        if in_flow and character in ",]}":
            break
        if character == ":" and (index + 1 == len(line) or line[index + 1] in " \t"):
            break
        if character == "#" and index > column and line[index - 1] in " \t":
            break
        index += 1
    end = column + len(line[column:index].rstrip(" \t"))
    return column, end if end > column else len(line)


@dataclass(frozen=True)
class Located:
    finding: Finding
    line: int  # 0-based
    start: int  # code-point columns, end exclusive
    end: int
    elsewhere: bool = False  # about another file (a broken configuration): shown at the top of this one


def _same_file(finding: Finding, result: CheckResult) -> bool:
    return finding.file is None or finding.file == str(result.path)


def locate(result: CheckResult, text: Text) -> list[Located]:
    located = []
    for finding in result.findings:
        if not _same_file(finding, result) or finding.line is None:
            located.append(Located(finding, 0, 0, len(text.line(0)), elsewhere=not _same_file(finding, result)))
            continue
        line = min(max(finding.line - 1, 0), len(text.lines) - 1)
        start, end = word_span(text.line(line), (finding.column or 1) - 1)
        located.append(Located(finding, line, start, end))
    return located


# --- diagnostics --------------------------------------------------------------------------------------------

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def diagnostic(item: Located, text: Text) -> types.Diagnostic:
    """A finding as the editor shows it, in the language of its result (which must be in force): the message
    and, on the next line, the hint. A suppressed finding is kept, faded (`Unnecessary`) at the lowest
    severity, so the editor shows it without counting it as a problem, as `validate` lists it uncounted."""
    finding = item.finding
    message = finding.message
    if item.elsewhere and finding.file:
        message = f"{finding.file}: {message}"
    if finding.suppressed:
        message += " " + _("(suppressed)")
    elif finding.hint:
        message += "\n" + _("hint: {hint}").format(hint=finding.hint)
    return types.Diagnostic(
        range=text.range(item.line, item.start, item.end),
        message=message,
        severity=types.DiagnosticSeverity.Hint if finding.suppressed else _SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if finding.suppressed else None,
        data={"path": finding.path, "severity": finding.severity.value, "suppressed": finding.suppressed},
    )


def diagnostics(result: CheckResult, text: Text) -> list[types.Diagnostic]:
    with i18n.language(result.language):
        return [diagnostic(item, text) for item in locate(result, text)]


# --- hover --------------------------------------------------------------------------------------------------

@cache
def _descriptions(language: str) -> dict[str, RuleInfo]:
    with i18n.language(language):
        return {info.code: info for info in describe_codes()}


def explain(code: str, language: str) -> str | None:
    """A rule's explanation in Markdown, in `language`: what `problembrief rules CODE` says, without the examples."""
    info = _descriptions(i18n.normalise(language) or i18n.DEFAULT).get(code)
    if info is None:
        return None
    with i18n.language(language):
        from problembrief.report.base import severity_word

        parts = [f"**{info.code}** `{info.name}` ({severity_word(info.severity)})", info.summary]
        if info.documentation and info.documentation != info.summary:
            parts.append(info.documentation)
        if info.hint:
            parts.append(_("Fix: {hint}").format(hint=info.hint))
        if info.source:
            parts.append(_("Source: {source}").format(source=info.source))
    return "\n\n".join(parts)


def _unwrap(annotation: Any) -> list[Any]:
    """The types inside list[…], X | None, Annotated[…]."""
    origin = typing.get_origin(annotation)
    if origin is None:
        return [annotation]
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return [inner for arg in typing.get_args(annotation) for inner in _unwrap(arg)]


def _model_of(annotation: Any) -> Any:
    from pydantic import BaseModel

    return next((t for t in _unwrap(annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)


def field_description(parts: tuple[str | int, ...], language: str) -> str | None:
    """The model's description of the key at a path (list indices skipped), in `language`."""
    from problembrief.model import Brief

    model: Any = Brief
    field = None
    for part in parts:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _model_of(field.annotation)
    if field is None:
        return None
    described = field.description or (model.__doc__ if model is not None else None)
    if not described:
        return None
    with i18n.language(language):
        return _(described)


def _key_at(result: CheckResult, text: Text, line: int, column: int) -> tuple[str | int, ...] | None:
    if result.loaded is None:
        return None
    for parts, (key_line, key_column) in result.loaded.key_positions.items():
        if key_line - 1 == line:
            start, end = word_span(text.line(line), key_column - 1)
            if start <= column <= end:
                return parts
    return None


def hover(result: CheckResult, text: Text, position: types.Position) -> types.Hover | None:
    """On a finding: its rule explained; on a key: the field's description; both where both are."""
    from problembrief.findings import format_path

    column = text.column(position)
    language = result.language or i18n.DEFAULT
    sections: list[str] = []
    span: types.Range | None = None
    seen: set[str] = set()
    for item in locate(result, text):
        if item.line == position.line and item.start <= column <= max(item.end, item.start + 1) \
                and item.finding.code not in seen:
            seen.add(item.finding.code)
            explained = explain(item.finding.code, language)
            if explained:
                sections.append(explained)
                span = span or text.range(item.line, item.start, item.end)
    parts = _key_at(result, text, position.line, column)
    if parts is not None:
        described = field_description(parts, language)
        if described:
            sections.append(f"**`{format_path(parts)}`**\n\n{described}")
    if not sections:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)),
                       range=span)


# --- quick fixes --------------------------------------------------------------------------------------------

QUOTED_IN_HINT = re.compile(r'`("(?:[^"\\]|\\.)*")`')
BACKTICKED = re.compile(r"`([^`]+)`")
DID_YOU_MEAN = re.compile(r"`([^`\s]+)`\?\s*$")  # the last words of "…; did you mean `summary`?" in any language
THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?![\d.])")
DIRECTIVE = re.compile(r"#\s*problembrief:\s*disable(?:-line)?=[A-Za-z0-9, ]*[A-Za-z0-9]")


@dataclass(frozen=True)
class Fix:
    title: str
    start: int  # offsets in the text, end exclusive
    end: int
    new_text: str
    preferred: bool = True


def _split_fix(item: Located, text: Text) -> Fix | None:
    """PB019: the two pieces of a value that a comma split, as the hint writes them, quoted."""
    finding = item.finding
    offset = text.offset(item.line, item.start)
    quoted = QUOTED_IN_HINT.search(finding.hint or "")
    if quoted:  # in [ ]: from the first piece to the end of the second, as one quoted text
        try:
            written = json.loads(quoted.group(1), strict=False)
        except ValueError:
            return None
        start = text.source.find(written, max(0, offset - len(written)))
        while 0 <= start <= offset:
            if start + len(written) > offset:
                return Fix(_("Quote the value: {value}").format(value=quoted.group(1)), start, start + len(written),
                           quoted.group(1))
            start = text.source.find(written, start + 1)
        return None
    rewritten = BACKTICKED.search(finding.hint or "")
    if not rewritten:
        return None
    value = rewritten.group(1)
    key = finding.path.rsplit(".", 1)[-1]
    if value.startswith(f"{key}: "):
        value = value[len(key) + 2:]
    # In { }: the finding is at the stray piece after the comma (`5` of `value: 22,5`).
    if offset == 0 or text.source[offset - 1] != ",":
        return None
    start = offset - 1
    while start > 0 and text.source[start - 1] not in " \t{,:\n\r":
        start -= 1
    end = offset
    while end < len(text.source) and text.source[end] not in " \t},:\n\r#":
        end += 1
    written = text.source[start:end]
    if value not in (written.replace(",", "."), f'"{written}"', f"'{written}'"):
        return None
    title = (_("Write {value}") if value[:1] not in "\"'" else _("Quote the value: {value}")).format(value=value)
    return Fix(title, start, end, value)


def _thousands_fix(item: Located, text: Text) -> Fix | None:
    """PB018: `1.240` -> `1240`."""
    line = text.line(item.line)
    column = item.start + (1 if line[item.start:item.start + 1] in ("'", '"') else 0)
    match = THOUSANDS.match(line, column)
    if not match:
        return None
    whole = match.group().replace(".", "")
    start = text.offset(item.line, match.start())
    return Fix(_("Write {value}").format(value=whole), start, start + len(match.group()), whole)


def _rename_fix(item: Located, text: Text) -> Fix | None:
    """PB011: a misspelt key renamed to the key the message suggests."""
    suggestion = DID_YOU_MEAN.search(item.finding.message)
    if not suggestion:
        return None
    written = text.line(item.line)[item.start:item.end]
    if not written or written[0] in "\"'[{" or written == suggestion.group(1):
        return None
    start = text.offset(item.line, item.start)
    return Fix(_("Rename `{old}` to `{new}`").format(old=written, new=suggestion.group(1)), start,
               start + len(written), suggestion.group(1))


def _in_multiline_scalar(result: CheckResult, line: int, column: int) -> bool:
    """Whether a place (0-based line, column) is inside a scalar that runs over several lines: a comment
    written there would be text, and a line inserted there would change the value."""
    if result.loaded is None:
        return True
    source = result.loaded.text
    lines = source.split("\n")
    if line >= len(lines):
        return False
    offset = sum(len(x) + 1 for x in lines[:line]) + min(column, len(lines[line]))
    return any(start < offset < end and "\n" in source[start:end] for start, end in result.loaded.spans.values())


def _has_comment(result: CheckResult, line: int, text: str) -> bool:
    """Whether a line (0-based) ends in a comment, as the loader found them (outside every scalar)."""
    comments = getattr(result.loaded, "comments", None)
    if comments is not None:
        return any(comment.line == line + 1 for comment in comments)
    return re.search(r"(?:^|[ \t])#", text) is not None


# The findings about suppression comments themselves (lint/inline.py), which no comment can silence.
_NOT_BY_COMMENT = frozenset({"PB023", "PB024"})


def _suppress_fix(item: Located, result: CheckResult, text: Text) -> Fix | None:
    """`# problembrief: disable=CODE` for the finding's line: the code added to a suppression comment that
    already covers the line; else the comment at the end of the line; else, when the line ends in another
    comment, on a line of its own above it (a comment is about its own line when it ends a line of content,
    about the next one when it stands alone)."""
    from problembrief.lint.catalogue import get_rule

    finding = item.finding
    if finding.fatal or finding.suppressed or item.elsewhere or finding.code in _NOT_BY_COMMENT \
            or get_rule(finding.code) is None:
        return None
    title = _("Silence {code} on this line").format(code=finding.code)
    line = text.line(item.line)
    above = text.line(item.line - 1) if item.line > 0 else ""
    for index, candidate in ((item.line, line), (item.line - 1, above)):
        directive = DIRECTIVE.search(candidate)
        if directive is None or (index != item.line and (candidate[:directive.start()].strip()
                                                         or "disable-line" in directive.group())):
            continue
        if re.search(rf"\b{finding.code}\b", directive.group()):
            return None
        at = text.offset(index, directive.end())
        return Fix(title, at, at, f", {finding.code}", preferred=False)
    stripped = line.rstrip(" \t")
    if not _has_comment(result, item.line, line):
        if _in_multiline_scalar(result, item.line, len(line)):
            return None
        at = text.offset(item.line, len(stripped))
        comment = f"{stripped and '  '}# problembrief: disable={finding.code}"
        return Fix(title, at, text.offset(item.line, len(line)), comment, preferred=False)
    if _in_multiline_scalar(result, item.line, 0):
        return None
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    at = text.offset(item.line, 0)
    return Fix(title, at, at, f"{indent}# problembrief: disable={finding.code}\n", preferred=False)


def fixes(item: Located, result: CheckResult, text: Text) -> list[Fix]:
    """The mechanical fixes of one finding, in the language of the result (which must be in force)."""
    if item.finding.suppressed or item.finding.fatal:
        return []
    makers = {"PB019": _split_fix, "PB018": _thousands_fix, "PB011": _rename_fix}
    found: list[Fix] = []
    maker = makers.get(item.finding.code)
    if maker is not None:
        fix = maker(item, text)
        if fix is not None:
            found.append(fix)
    suppress = _suppress_fix(item, result, text)
    if suppress is not None:
        found.append(suppress)
    return found


def code_actions(result: CheckResult, text: Text, uri: str, wanted: types.Range) -> list[types.CodeAction]:
    """Quick fixes for the findings on the lines of `wanted`."""
    actions: list[types.CodeAction] = []
    with i18n.language(result.language):
        for item in locate(result, text):
            if not wanted.start.line <= item.line <= wanted.end.line:
                continue
            for fix in fixes(item, result, text):
                start, end = text.at_offset(fix.start), text.at_offset(fix.end)
                edit = types.TextEdit(range=text.range(start[0], start[1], end[1], end_line=end[0]),
                                      new_text=fix.new_text)
                actions.append(types.CodeAction(
                    title=fix.title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic(item, text)],
                    is_preferred=fix.preferred or None, edit=types.WorkspaceEdit(changes={uri: [edit]})))
    return actions
