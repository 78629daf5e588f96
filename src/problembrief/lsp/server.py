"""`problembrief lsp`: the Language Server Protocol over stdio, on pygls.

Each open brief is checked by the pipeline (`check_text`: load, validate and lint, as `validate` does, with
the configuration found for the document's path) when it is opened, after each change once the typing has
paused (DEBOUNCE; a newer change cancels an older pending check) and when it is saved. The findings are
published as diagnostics; hover explains a finding's rule or a key's field, and code actions offer the
mechanical fixes. The checks run one at a time in a worker thread, so the server keeps answering while one
runs; a result that a newer edit has overtaken is dropped, not published.

Options an editor may send as `initializationOptions`: `{"debounceMs": 150, "lang": "da"}` (`lang` sets the
language of the messages, as --lang does; by default each brief's own `language` decides).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from problembrief import __version__, i18n
from problembrief.lsp import features
from problembrief.pipeline import CheckOptions, CheckResult, check_text

DEBOUNCE = 0.15  # seconds of quiet after a keystroke before the brief is checked

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    version: int | None
    text: str
    result: CheckResult


def document_path(uri: str) -> Path:
    """The file a document is (or will be saved as): its configuration is the one found for that path. An
    unsaved buffer (`untitled:…`) is judged as a file in the current folder."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else Path.cwd() / (uri.rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "untitled.yaml")


class BriefServer(LanguageServer):
    def __init__(self, *, lang: str | None = None, debounce: float = DEBOUNCE) -> None:
        super().__init__("problembrief", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.lang = lang
        self.debounce = debounce
        # The language of messages about a brief that names none (or cannot be read): the locale's.
        self.fallback = lang or i18n.from_environment()
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="problembrief-check")

    # --- checking -------------------------------------------------------------------------------------------

    def run_check(self, text: str, path: Path) -> CheckResult:
        """The pipeline on a buffer (in the worker thread)."""
        with i18n.language(self.fallback):
            return check_text(text, path, CheckOptions(lang=self.lang))

    def schedule(self, uri: str, delay: float) -> None:
        """Check a document after `delay` seconds, cancelling a check of it still waiting or running."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.get_running_loop().create_task(self._check(uri, delay))
        self.pending[uri] = task
        task.add_done_callback(lambda done: self.pending.pop(uri, None) if self.pending.get(uri) is done else None)

    async def _check(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        try:
            result = await loop.run_in_executor(self.worker, partial(context.run, self.run_check, text,
                                                                     document_path(uri)))
        except asyncio.CancelledError:
            raise
        except Exception:  # the pipeline reports its own failures as findings; this is a bug of the server
            log.exception("checking %s failed", uri)
            return
        if uri not in self.workspace.text_documents or self.workspace.get_text_document(uri).version != version:
            return  # closed or changed meanwhile: a newer check is on its way
        self.checked[uri] = Checked(version, text, result)
        self.publish(uri)

    def publish(self, uri: str) -> None:
        checked = self.checked.get(uri)
        found = [] if checked is None else features.diagnostics(checked.result, self.text_of(checked))
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=found, version=checked.version if checked else None))

    def text_of(self, checked: Checked) -> features.Text:
        return features.Text.of(checked.text, self.workspace.position_encoding)

    def current(self, uri: str) -> Checked | None:
        """The last result for a document, if it judged the text the editor has now."""
        checked = self.checked.get(uri)
        if checked is None or uri not in self.workspace.text_documents:
            return None
        return checked if self.workspace.get_text_document(uri).version == checked.version else None

    def close(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.checked.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _options(params: types.InitializeParams) -> dict[str, Any]:
    options = params.initialization_options
    return options if isinstance(options, dict) else {}


def create_server(*, lang: str | None = None, debounce: float = DEBOUNCE) -> BriefServer:
    """The server with its features registered (not yet started)."""
    server = BriefServer(lang=lang, debounce=debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: BriefServer, params: types.InitializeParams) -> None:
        options = _options(params)
        if isinstance(options.get("debounceMs"), int | float) and options["debounceMs"] >= 0:
            ls.debounce = options["debounceMs"] / 1000
        if isinstance(options.get("lang"), str) and i18n.normalise(options["lang"]):
            ls.lang = ls.fallback = i18n.normalise(options["lang"])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: BriefServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: BriefServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: BriefServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: BriefServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: BriefServer, params: types.HoverParams) -> types.Hover | None:
        checked = ls.current(params.text_document.uri)
        if checked is None:
            return None
        return features.hover(checked.result, ls.text_of(checked), params.position)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: BriefServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        checked = ls.current(params.text_document.uri)
        if checked is None:  # the text changed since the last check: its fixes would edit the wrong places
            return None
        return features.code_actions(checked.result, ls.text_of(checked), params.text_document.uri,
                                     params.range) or None

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: BriefServer, *_args: Any) -> None:
        for task in list(ls.pending.values()):
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def main(lang: str | None = None) -> None:
    """Serve over stdin and stdout until the editor says exit. `lang`: the messages' language (--lang);
    None lets each brief's `language` decide."""
    logging.basicConfig(level=logging.WARNING)  # to stderr: stdout carries the protocol
    create_server(lang=i18n.normalise(lang) if lang else None).start_io()


__all__ = ["DEBOUNCE", "BriefServer", "create_server", "main"]
