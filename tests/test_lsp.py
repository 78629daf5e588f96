"""The language server (`problembrief lsp`), driven as an editor drives it: pygls' own client over a real
stdio pipe to a server process, and once Neovim, headless, with its built-in LSP client.

What an editor shows must be what `validate` prints: the same codes at the same lines and columns, with the
same messages in the brief's language. Every wait is bounded, so a server that hangs fails a test instead
of stopping the run.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from problembrief import i18n
from problembrief.lint.catalogue import get_rule
from problembrief.lsp.features import Text, word_span
from problembrief.model.problem import Problem

ROOT = Path(__file__).resolve().parent.parent
HURRIED = ROOT / "tests" / "data" / "hurried-brief.yaml"
WAIT = 30.0  # seconds: far above what any step takes, far below a hung run


def validate_json(path: Path, cwd: Path) -> list[dict[str, Any]]:
    """What `problembrief validate --format json` reports about a file."""
    run = subprocess.run([sys.executable, "-m", "problembrief", "validate", "--format", "json", str(path)],
                         capture_output=True, text=True, cwd=cwd, timeout=WAIT,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    return json.loads(run.stdout)["findings"]


def server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return {**env, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


class Editor:
    """A pygls client with a server process: opens, changes and asks, and collects what is published."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.arrived = asyncio.Event()
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    @classmethod
    async def start(cls, cwd: Path, options: dict[str, Any] | None = None) -> Editor:
        client = LanguageClient("problembrief-tests", "1")
        editor = cls(client)

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            editor.published.setdefault(params.uri, []).append(params)
            editor.arrived.set()

        @client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            pass

        await client.start_io(sys.executable, "-m", "problembrief", "lsp", cwd=str(cwd), env=server_env())
        await asyncio.wait_for(client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(cwd)),
            initialization_options=options or {})), WAIT)
        client.initialized(types.InitializedParams())
        return editor

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
            self.client.exit(None)
            await asyncio.wait_for(self.client.stop(), WAIT)
        finally:
            server = self.client._server
            if server is not None and server.returncode is None:
                server.kill()
                await server.wait()

    def open(self, path: Path, text: str | None = None) -> str:
        uri = from_fs_path(str(path))
        self.texts[uri] = path.read_text(encoding="utf-8") if text is None else text
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=uri, language_id="yaml", version=1, text=self.texts[uri])))
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    def apply(self, uri: str, edits: list[types.TextEdit]) -> None:
        """Apply a code action's edits as an editor does: as incremental changes, the last in the text first."""
        text = Text.of(self.texts[uri])
        changes = []
        for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            start = text.offset(edit.range.start.line, text.column(edit.range.start))
            end = text.offset(edit.range.end.line, text.column(edit.range.end))
            changes.append(types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text))
            text = Text.of(text.source[:start] + edit.new_text + text.source[end:])
        self.versions[uri] += 1
        self.texts[uri] = text.source
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=changes))

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics published for the document's current version (waiting for them)."""
        async def wait() -> list[types.Diagnostic]:
            while True:
                for params in reversed(self.published.get(uri, [])):
                    if params.version == self.versions[uri]:
                        return list(params.diagnostics)
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(wait(), WAIT)

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return await asyncio.wait_for(self.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character))), WAIT)

    async def actions(self, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
        found = await asyncio.wait_for(self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]))), WAIT)
        return [a for a in found or [] if isinstance(a, types.CodeAction)]


def session(test: Any, cwd: Path, options: dict[str, Any] | None = None) -> None:
    """Run `test(editor)` against a fresh server, and stop it whatever happens."""
    async def run() -> None:
        editor = await Editor.start(cwd, options)
        try:
            await test(editor)
        finally:
            await editor.stop()

    asyncio.run(asyncio.wait_for(run(), 4 * WAIT))


def first_line(diagnostic: types.Diagnostic) -> str:
    return diagnostic.message.split("\n")[0]


def seen(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, str]]:
    return sorted((str(d.code), d.range.start.line + 1, d.range.start.character + 1, first_line(d))
                  for d in diagnostics)


def reported(findings: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return sorted((f["code"], f["line"], f["column"], f["message"]) for f in findings)


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    """The hurried brief (a dozen flaws, in Danish), in a folder of its own."""
    path = tmp_path / "hurried-brief.yaml"
    shutil.copy(HURRIED, path)
    return path


# --- over a stdio pipe, with pygls' client -------------------------------------------------------------------

def test_diagnostics_are_validates_findings_in_the_briefs_language(brief: Path) -> None:
    expected = validate_json(brief, brief.parent)
    assert len(expected) > 10

    async def test(editor: Editor) -> None:
        uri = editor.open(brief)
        found = await editor.diagnostics(uri)
        assert seen(found) == reported(expected)
        by_place = {(str(d.code), d.range.start.line + 1, first_line(d)): d for d in found}
        for finding in expected:
            shown = by_place[(finding["code"], finding["line"], finding["message"])]
            assert shown.source == "problembrief"
            assert shown.severity == {"error": types.DiagnosticSeverity.Error,
                                      "warning": types.DiagnosticSeverity.Warning,
                                      "info": types.DiagnosticSeverity.Information}[finding["severity"]]
            assert shown.message == f"{finding['message']}\ntip: {finding['hint']}"  # Danish: "tip", not "hint"
            assert shown.range.end.line == shown.range.start.line
            assert shown.range.end.character > shown.range.start.character
        pb607 = by_place[("PB607", 9, "2 ordregivere med 0 `lead`; præcis én skal være udbudsansvarlig")]
        assert (pb607.range.start.character, pb607.range.end.character) == (0, len("authorities"))

    session(test, brief.parent)


def test_an_english_brief_speaks_english(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(HURRIED.read_text(encoding="utf-8").replace("language: da", "language: en"), encoding="utf-8")
    expected = validate_json(path, tmp_path)

    async def test(editor: Editor) -> None:
        found = await editor.diagnostics(editor.open(path))
        assert seen(found) == reported(expected)
        assert any("\nhint: " in d.message for d in found)

    session(test, tmp_path)


def test_a_change_updates_the_diagnostics_and_unreadable_yaml_is_an_error_at_its_line(brief: Path) -> None:
    text = brief.read_text(encoding="utf-8")

    async def test(editor: Editor) -> None:
        uri = editor.open(brief)
        assert "PB303" in {d.code for d in await editor.diagnostics(uri)}
        fixed = text.replace("target: {value: 25, by: 2027-12-31}  # FLAW: PB303",
                             "target: {value: 15, by: 2027-12-31}")
        editor.change(uri, fixed)
        after = await editor.diagnostics(uri)
        assert "PB303" not in {d.code for d in after}
        brief.write_text(fixed, encoding="utf-8")
        assert seen(after) == reported(validate_json(brief, brief.parent))

        # Typing fast: only the last text is judged and published.
        for count in range(5):
            editor.change(uri, fixed.replace("Digital løsning", "Digital løsning" + "!" * count))
        broken = fixed.replace("  title: Digital løsning", "  title: [Digital løsning")
        editor.change(uri, broken)
        found = await editor.diagnostics(uri)
        assert len(found) == 1 and found[0].severity == types.DiagnosticSeverity.Error
        brief.write_text(broken, encoding="utf-8")
        fatal = validate_json(brief, brief.parent)
        assert [(f["code"], f["line"]) for f in fatal] == [(found[0].code, found[0].range.start.line + 1)]
        assert first_line(found[0]) == fatal[0]["message"]

        # Saving checks again (the file on disk may have a new configuration beside it); closing clears.
        published = len(editor.published[uri])
        editor.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        await asyncio.wait_for(until(lambda: len(editor.published[uri]) > published), WAIT)
        editor.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        await asyncio.wait_for(until(lambda: not editor.published[uri][-1].diagnostics), WAIT)

    session(test, brief.parent)


async def until(condition: Any) -> None:
    while not condition():
        await asyncio.sleep(0.01)


def test_hover_explains_a_finding_and_a_key_in_the_briefs_language(brief: Path) -> None:
    async def test(editor: Editor) -> None:
        uri = editor.open(brief)
        await editor.diagnostics(uri)
        on_finding = await editor.hover(uri, 8, 3)  # `authorities:`, where PB607 is
        assert on_finding is not None
        with i18n.language("da"):
            rule = get_rule("PB607")
            summary, documentation = rule.summary, rule.documentation
            described = i18n._(Problem.model_fields["summary"].description)
        assert "**PB607**" in on_finding.contents.value
        assert summary in on_finding.contents.value and documentation in on_finding.contents.value
        assert "Kilde:" in on_finding.contents.value  # the rule's source, labelled in Danish
        on_key = await editor.hover(uri, 15, 4)  # `  summary:` under `problem:`
        assert on_key is not None and described in on_key.contents.value
        assert described != Problem.model_fields["summary"].description  # translated
        assert "`problem.summary`" in on_key.contents.value
        assert await editor.hover(uri, 0, 3) is None  # a comment

    session(test, brief.parent)


def test_a_code_action_quotes_a_split_citation(brief: Path) -> None:
    text = brief.read_text(encoding="utf-8")

    async def test(editor: Editor) -> None:
        uri = editor.open(brief)
        await editor.diagnostics(uri)
        editor.change(uri, text.replace("national: [Serviceloven § 83]", "national: [Serviceloven § 83, stk. 2]"))
        split = [d for d in await editor.diagnostics(uri) if d.code == "PB019"]
        assert [d.range.start.line + 1 for d in split] == [47]
        actions = await editor.actions(uri, split[0])
        quote = [a for a in actions if a.is_preferred]
        assert len(quote) == 1 and quote[0].kind == types.CodeActionKind.QuickFix
        assert quote[0].title == 'Sæt værdien i anførselstegn: "Serviceloven § 83, stk. 2"'
        editor.apply(uri, quote[0].edit.changes[uri])
        assert 'national: ["Serviceloven § 83, stk. 2"]' in editor.texts[uri]
        after = await editor.diagnostics(uri)
        assert "PB019" not in {d.code for d in after}
        assert {d.code for d in after} >= {"PB404", "PB406"}  # the brief is read again and judged by the rules

    session(test, brief.parent)


def test_code_actions_write_the_number_rename_the_key_and_add_a_suppression(brief: Path) -> None:
    text = brief.read_text(encoding="utf-8")

    async def test(editor: Editor) -> None:
        uri = editor.open(brief)
        pb303 = next(d for d in await editor.diagnostics(uri) if d.code == "PB303")
        silence = [a for a in await editor.actions(uri, pb303) if not a.is_preferred]
        assert [a.title for a in silence] == ["Slå PB303 fra på denne linje"]
        editor.apply(uri, silence[0].edit.changes[uri])
        # The line ends in a comment already, so the suppression stands alone on the line above it.
        assert ("    # problembrief: disable=PB303\n    target: {value: 25, by: 2027-12-31}  # FLAW: PB303\n"
                in editor.texts[uri])
        after = await editor.diagnostics(uri)
        assert not [d for d in after if d.code == "PB303" and d.severity != types.DiagnosticSeverity.Hint]
        pb101 = next(d for d in after if d.code == "PB101")  # a line with a long value and a comment: above too
        silence = [a for a in await editor.actions(uri, pb101) if not a.is_preferred]
        # PB704 is at the same place, so its fix is offered there too
        assert [a.title for a in silence] == ["Slå PB101 fra på denne linje", "Slå PB704 fra på denne linje"]
        pb704 = next(d for d in after if d.code == "PB704" and d.range.start.line == pb101.range.start.line)
        editor.apply(uri, silence[0].edit.changes[uri])
        more = [a for a in await editor.actions(uri, pb704) if not a.is_preferred]
        assert not more  # the text changed since the last check: no fix for text that is not there any more
        await editor.diagnostics(uri)
        pb704 = next(d for d in await editor.diagnostics(uri) if d.code == "PB704")
        more = [a for a in await editor.actions(uri, pb704) if "PB704" in a.title]
        editor.apply(uri, more[0].edit.changes[uri])  # added to the comment above
        assert "  # problembrief: disable=PB101, PB704\n  summary: Vi skal" in editor.texts[uri]
        after = await editor.diagnostics(uri)
        assert not [d for d in after if d.code in ("PB101", "PB704", "PB303") and not d.tags]
        assert [d for d in after if d.code == "PB303" and list(d.tags or ()) == [types.DiagnosticTag.Unnecessary]]
        assert " (slået fra)" in next(d for d in after if d.code == "PB303").message

        editor.change(uri, text.replace("amount: 3000000", "amount: 3.000.000"))
        pb018 = next(d for d in await editor.diagnostics(uri) if d.code == "PB018")
        write = [a for a in await editor.actions(uri, pb018) if a.is_preferred]
        assert [a.title for a in write] == ["Skriv 3000000"]
        editor.apply(uri, write[0].edit.changes[uri])
        assert "estimated_value: {amount: 3000000}" in editor.texts[uri]
        assert "PB018" not in {d.code for d in await editor.diagnostics(uri)}

        editor.change(uri, text.replace("  summary: Vi skal", "  sumary: Vi skal"))
        pb011 = next(d for d in await editor.diagnostics(uri) if d.code == "PB011")
        rename = [a for a in await editor.actions(uri, pb011) if a.is_preferred]
        assert [a.title for a in rename] == ["Omdøb `sumary` til `summary`"]
        editor.apply(uri, rename[0].edit.changes[uri])
        assert editor.texts[uri] == text
        assert "PB011" not in {d.code for d in await editor.diagnostics(uri)}

    session(test, brief.parent)


def test_the_configuration_is_found_for_the_documents_path(brief: Path) -> None:
    (brief.parent / ".problembrief.toml").write_text('ignore = ["PB6"]\n', encoding="utf-8")
    brief.parent.chmod(0o755)

    async def test(editor: Editor) -> None:
        found = await editor.diagnostics(editor.open(brief))
        assert found and not [d for d in found if str(d.code).startswith("PB6")]
        assert seen(found) == reported(validate_json(brief, brief.parent))

    session(test, brief.parent)


def test_ranges_cover_the_word_or_value_at_the_findings_column() -> None:
    assert word_span("authorities:  # FLAW: PB607", 0) == (0, 11)
    assert word_span("    target: {value: 25, by: 2027-12-31}", 20) == (20, 22)
    assert word_span("    target: {value: 25, by: 2027-12-31}", 12) == (12, 39)
    assert word_span('  national: ["a, b", c]', 13) == (13, 19)
    assert word_span("  summary: Vi skal, fordi det  # x", 11) == (11, 29)
    assert word_span("key:", 9) == (4, 4)
    text = Text.of("a: æø😀x\r\nb: 1\n")
    assert text.position(0, 6).character == 7  # the emoji is two UTF-16 units
    assert text.column(types.Position(line=0, character=7)) == 6
    assert text.offset(1, 0) == 9 and text.at_offset(10) == (1, 1)
    assert Text.of("a: æø😀x", types.PositionEncodingKind.Utf8).position(0, 6).character == 11
    assert Text.of("a: æø😀x", "utf-32").position(0, 6).character == 6


# --- a real editor: Neovim, headless, with its built-in LSP client --------------------------------------------

NVIM_SCRIPT = textwrap.dedent("""\
    local brief, out, python = _G.arg_brief, _G.arg_out, _G.arg_python
    local config = {name = 'problembrief', cmd = {python, '-m', 'problembrief', 'lsp'},
                    root_dir = vim.fn.fnamemodify(brief, ':h')}
    vim.cmd('edit ' .. vim.fn.fnameescape(brief))
    local buffer = vim.api.nvim_get_current_buf()
    if vim.lsp.start then
      vim.lsp.start(config)
    else  -- Neovim before 0.8
      vim.lsp.buf_attach_client(buffer, vim.lsp.start_client(config))
    end
    local done = vim.wait(20000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(buffer)) do
      local line = vim.api.nvim_buf_get_lines(buffer, d.lnum, d.lnum + 1, false)[1] or ''
      local ok, column = pcall(vim.str_utfindex, line, d.col)  -- Neovim counts bytes; validate, characters
      table.insert(found, {code = d.code, lnum = d.lnum, col = ok and column or d.col, message = d.message,
                           severity = d.severity, source = d.source})
    end
    local file = io.open(out, 'w')
    file:write(vim.fn.json_encode({done = done, diagnostics = found}))
    file:close()
    for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
    vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
    vim.cmd('qall!')
""")


def test_neovim_shows_validates_findings_at_the_same_lines(brief: Path, tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        if os.environ.get("CI"):
            pytest.fail("Neovim is required in CI (Debian package `neovim`)")
        pytest.skip("Neovim is not installed (Debian package `neovim`)")
    out = tmp_path / "diagnostics.json"
    script = tmp_path / "check.lua"
    script.write_text(NVIM_SCRIPT, encoding="utf-8")
    setup = (f"lua _G.arg_brief = {json.dumps(str(brief))}; _G.arg_out = {json.dumps(str(out))}; "
             f"_G.arg_python = {json.dumps(sys.executable)}")
    env = {**server_env(), "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "--cmd", setup, "-c",
                    f"luafile {script}"], cwd=brief.parent, env=env, timeout=60, check=False,
                   stdin=subprocess.DEVNULL, capture_output=True)
    assert out.is_file(), "Neovim wrote no diagnostics"
    shown = json.loads(out.read_text(encoding="utf-8"))
    assert shown["done"]
    expected = validate_json(brief, brief.parent)
    got = sorted((d["code"], d["lnum"] + 1, d["col"] + 1, d["message"].split("\n")[0])
                 for d in shown["diagnostics"])
    assert got == reported(expected)
    assert all(d["source"] == "problembrief" for d in shown["diagnostics"])
    assert any("\ntip: " in d["message"] for d in shown["diagnostics"])
