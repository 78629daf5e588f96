"""The one brief a form edits: its file, its round-trip document and its latest check.

The file is the source. Each change from the browser is applied to the round-trip document, saved to the
file atomically, and checked by the same pipeline as `validate` (`pipeline.check_text`, with the
configuration that applies to the file). A change made to the file outside the form (a text editor, `git
pull`) is noticed on the next request: the form reads the file again and asks the browser to reload, rather
than apply a change meant for the old text to the new one.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from problembrief import pipeline
from problembrief.errors import OutputError, ProblemBriefError
from problembrief.findings import Finding
from problembrief.i18n import _
from problembrief.load import Limits
from problembrief.serve import document as documents
from problembrief.serve import form


def version_of(text: str) -> str:
    """A short fingerprint of the file's text: the browser sends back the one its page was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class StaleVersion(ProblemBriefError):
    """The page was made from another version of the file than the one on disk now."""


@dataclass
class Change:
    """What one request did: the file saved, or why not, and how long the check took."""

    saved: bool = False
    refused: str | None = None
    check_ms: float = 0.0
    total_ms: float = 0.0


@dataclass
class Session:
    path: Path
    lang: str | None = None
    limits: Limits = field(default_factory=Limits)
    text: str = ""
    result: pipeline.CheckResult | None = None
    saved_at: float | None = None
    _stamp: tuple[int, int] | None = None
    _document: documents.BriefDocument | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- reading ----------------------------------------------------------------------------------------
    def open(self) -> None:
        """Read the file (and check it); an unreadable file is the caller's error, before serving starts."""
        with self._lock:
            self._read()

    def _read(self) -> None:
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise OutputError(_("cannot read {file}: {reason}").format(file=self.path, reason=exc.strerror or exc),
                              path=self.path) from None
        self._stamp = _stamp(self.path)
        self.text = raw.decode("utf-8", errors="replace")
        try:
            self._document = documents.BriefDocument.parse(self.text, self.limits)
        except ProblemBriefError:
            self._document = None  # not YAML: the check says where; the form waits for the file to be fixed
        self._check()

    def refresh(self) -> bool:
        """Read the file again if it changed on disk since the form last read or wrote it; True if it did."""
        with self._lock:
            return self._refresh()

    def _refresh(self) -> bool:
        if _stamp(self.path) == self._stamp:
            return False
        self._read()
        return True

    def _check(self) -> None:
        options = pipeline.CheckOptions(lang=self.lang, limits=self.limits)
        self.result = pipeline.check_text(self.text, self.path, options)

    # --- what the page shows ------------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return version_of(self.text)

    @property
    def data(self) -> dict[str, Any]:
        loaded = self.result.loaded if self.result else None
        return loaded.data if loaded is not None and isinstance(loaded.data, dict) else {}

    @property
    def editable(self) -> bool:
        """The form can edit the file: it is YAML (a fatal finding says why not otherwise)."""
        return self._document is not None and self.result is not None and self.result.fatal is None

    @property
    def findings(self) -> list[Finding]:
        return list(self.result.findings) if self.result else []

    @property
    def language(self) -> str:
        """The form speaks --lang, else the brief's own language, else Danish (the starter's)."""
        if self.lang:
            return self.lang
        declared = self.data.get("language")
        return declared if declared in ("da", "en") else "da"

    # --- changing ----------------------------------------------------------------------------------------
    def set_value(self, path_text: str, value: str | None, version: str) -> Change:
        """Set one field from the browser: `value` is what the user typed (None: the field was emptied)."""
        path = form.parse_path(path_text)
        spec = form.spec_at(path)
        if spec is None or spec.kind not in documents.KINDS:
            return Change(refused=_("The form has no field {path}.").format(path=path_text))
        written: str | bool | None
        if spec.kind == "bool":
            written = value == "true"
        elif not value:
            written = None  # an emptied field: its key goes (a required one is then reported missing)
        else:
            written = value.replace("\r\n", "\n")  # a browser sends a textarea's line breaks as CR LF
        return self._edit(version, lambda doc: doc.set_value(path, written, spec.kind))

    def add_item(self, path_text: str, version: str) -> Change:
        path = form.parse_path(path_text)
        spec = form.spec_at(path)
        if spec is None or spec.kind != "list":
            return Change(refused=_("The form has no list {path}.").format(path=path_text))
        item = spec.item
        empty: str | dict | None = {} if item is not None and item.kind in ("object", "money") else None
        return self._edit(version, lambda doc: (doc.append_item(path, empty), True)[1])

    def remove_item(self, path_text: str, version: str) -> Change:
        item = _item(path_text)
        if item is None:
            return Change(refused=_("The form has no list item {path}.").format(path=path_text))
        at, index = item
        return self._edit(version, lambda doc: (doc.remove_item(at, index), True)[1])

    def move_item(self, path_text: str, offset: int, version: str) -> Change:
        item = _item(path_text)
        if item is None:
            return Change(refused=_("The form has no list item {path}.").format(path=path_text))
        at, index = item
        return self._edit(version, lambda doc: (doc.move_item(at, index, index + offset), True)[1])

    def _edit(self, version: str, edit: Any) -> Change:
        started = time.perf_counter()
        with self._lock:
            if self._refresh() or version != self.version:
                raise StaleVersion(_("The file was changed outside the form; the form shows it again."),
                                   path=self.path)
            if self._document is None:
                return Change(refused=_("The file is not valid YAML; fix it in a text editor first."))
            before = self._document.text
            try:
                changed = edit(self._document)
            except ProblemBriefError as exc:  # the document keeps no part of an edit it refuses
                return Change(refused=str(exc))
            if not changed or self._document.text == before:
                return Change(total_ms=(time.perf_counter() - started) * 1000)
            text = self._document.text
            try:
                documents.save(self.path, text)
            except ProblemBriefError as exc:
                self._document = documents.BriefDocument.parse(before, self.limits)
                return Change(refused=str(exc))
            self.text = text
            self._stamp = _stamp(self.path)
            self.saved_at = time.time()
            checked = time.perf_counter()
            self._check()
            done = time.perf_counter()
            return Change(saved=True, check_ms=(done - checked) * 1000, total_ms=(done - started) * 1000)


def _item(path_text: str) -> tuple[tuple[str | int, ...], int] | None:
    """A list item's path as (the list's path, the index), when the form has that list."""
    path = form.parse_path(path_text)
    if not path or not isinstance(path[-1], int) or form.spec_at(path[:-1]) is None:
        return None
    return path[:-1], path[-1]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)
