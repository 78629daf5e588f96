"""The web application of `problembrief serve`: routes, pages and the server.

Pages are rendered on the server (Jinja, autoescaped) and made live with htmx, which ships inside the
package (static/vendor): a field sends what was typed when the user pauses (`POST /change`), the file is
saved and checked, and the answer replaces the findings beside every field of the step and the checklist,
never the fields themselves (the user's cursor stays where it is). Lists grow and shrink by requests that
return the step's form anew. Nothing is fetched from outside the package.
"""

from __future__ import annotations

import re
import secrets
import socket
import tempfile
import threading
import time
import webbrowser
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from problembrief import i18n, pipeline
from problembrief.errors import ProblemBriefError, UsageError
from problembrief.findings import Finding, Severity, format_path
from problembrief.i18n import _, ngettext, pgettext
from problembrief.load import MISSING, Limits, child
from problembrief.report.base import severity_word
from problembrief.serve import form
from problembrief.serve.guard import Guard, GuardMiddleware
from problembrief.serve.preview import markdown_to_html
from problembrief.serve.session import Session, StaleVersion

HERE = Path(__file__).resolve().parent
DOCUMENTS = ("tender", "dialogue")
# How long the form waits after a keystroke before it sends the field: long enough that a word typed at speed is
# one request, short enough that the findings follow the typing (the server's save and check take ~25 ms on the
# largest example; benchmarks/serve_latency.py measures the whole way).
DEBOUNCE_MS = 100
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


# --- what a step shows ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    """One thing the form shows at a path: a field, a group, a list or a list item, with the value there."""

    path: tuple[str | int, ...]
    spec: form.FieldSpec
    value: Any  # the raw value (text, mapping, list) or MISSING

    @property
    def id(self) -> str:
        return form.field_id(self.path)


def nodes(specs: tuple[form.FieldSpec, ...], base: tuple[str | int, ...], data: Any) -> Iterator[Node]:
    """Every field, group, list and item of `specs` under `base`, in the order the page shows them."""
    for spec in specs:
        path = (*base, spec.key)
        value = child(data, spec.key) if isinstance(data, dict) else MISSING
        yield Node(path, spec, value)
        if spec.kind in ("object", "money"):
            yield from nodes(spec.children, path, value if isinstance(value, dict) else {})
        elif spec.kind == "list" and isinstance(value, list) and spec.item is not None:
            for index, item in enumerate(value):
                item_path = (*path, index)
                yield Node(item_path, spec.item, item)
                if spec.item.kind in ("object", "money"):
                    yield from nodes(spec.item.children, item_path, item if isinstance(item, dict) else {})


def _shown(finding: Finding) -> bool:
    return not finding.suppressed


@dataclass
class View:
    """Everything a page of the form needs, computed once per request."""

    session: Session
    steps: tuple[form.Step, ...]
    current: form.Step | None = None
    changed: set[str] | None = None  # the ids of the findings boxes whose findings changed (a live answer)

    def __post_init__(self) -> None:
        data = self.session.data
        self.by_anchor: dict[str, list[Finding]] = {}
        self.by_step: dict[str, list[Finding]] = {step.id: [] for step in self.steps}
        self._anchors: dict[int, tuple[str | int, ...]] = {}
        for finding in sorted(self.session.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.line or 0)):
            if not _shown(finding):
                continue
            path = form.parse_path(finding.path)
            anchor = form.anchor(path, data)
            self._anchors[id(finding)] = anchor
            self.by_anchor.setdefault(form.field_id(anchor), []).append(finding)
            step = form.step_of(path)
            self.by_step.setdefault(step if step in self.by_step else self.steps[0].id, []).append(finding)

    def status(self, step: form.Step) -> str:
        return form.section_status(step, self.session.data, self.session.findings)

    def counts(self, step: form.Step) -> dict[str, int]:
        counted = Counter(f.severity.value for f in self.by_step.get(step.id, []))
        return {severity: counted.get(severity, 0) for severity in ("error", "warning", "info")}

    def step_nodes(self) -> list[Node]:
        return list(nodes(self.current.fields, (), self.session.data)) if self.current else []

    def findings_for(self, node_id: str) -> list[Finding]:
        return self.by_anchor.get(node_id, [])

    def shown_findings(self) -> dict[str, tuple]:
        """What each findings box of the step shows (field id -> the findings' words), to tell which changed."""
        return {node.id: tuple((f.code, f.severity.value, f.message, f.hint) for f in self.findings_for(node.id))
                for node in self.step_nodes()}

    def anchor_id(self, finding: Finding) -> str:
        """The id of the field or group beside which the finding stands (the summary links to it)."""
        return form.field_id(self._anchors.get(id(finding), ()))

    def label_for(self, finding: Finding) -> str:
        """The label of that field, or the step's title for a finding on the brief as a whole."""
        anchor = self._anchors.get(id(finding), ())
        spec = form.spec_at(anchor) if anchor else None
        if spec is None:
            return self.current.title if self.current else ""
        if anchor and isinstance(anchor[-1], int):
            return f"{spec.label} {anchor[-1] + 1}"
        return spec.label


# --- the application ---------------------------------------------------------------------------------------
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, pgettext=pgettext, newstyle=True)
    environment.globals.update(
        field_id=form.field_id, format_path=format_path, MISSING=MISSING, severity_label=severity_word,
        status_label=_status_label, debounce_ms=DEBOUNCE_MS,
    )
    environment.filters["help_text"] = help_text
    environment.tests["iso_date"] = lambda text: bool(_ISO_DATE.fullmatch(str(text)))
    return environment


_CODE = re.compile(r"`([^`]+)`")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def help_text(text: str) -> Markup:
    """A field's description as HTML: its `code` marks (values as written in the file) as <code>, the rest
    escaped."""
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text))))  # escaped already


def _status_label(status: str) -> str:
    return {"missing": pgettext("section status", "missing"), "in_progress": pgettext("section status",
            "in progress"), "done": pgettext("section status", "done")}[status]


@dataclass
class Application:
    session: Session
    guard: Guard
    environment: Environment
    # (language, step, version) -> what the findings boxes of that step's page show: field id -> findings.
    _shown: dict[tuple[str, str, str], dict[str, tuple]] = field(default_factory=dict)

    def speaking(self) -> Any:
        return i18n.language(self.session.language)

    # --- rendering ---------------------------------------------------------------------------------------
    def page(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        since = context.pop("since", None)
        with self.speaking() as language:
            steps = form.form(language)
            view = View(self.session, steps, context.pop("current", None))
            shown = view.shown_findings()
            if view.current is not None:
                key = (language, view.current.id)
                before = self._shown.get((*key, since)) if since is not None else None
                view.changed = {node_id for node_id in shown.keys() | (before or {}).keys()
                                if before is None or before.get(node_id) != shown.get(node_id)}
                self._remember((*key, self.session.version), shown)
            html = self.environment.get_template(template).render(
                view=view, session=self.session, steps=steps, language=language,
                documents=self._documents(), pdf=_pdf_available(), **context)
        return HTMLResponse(html, status_code=status_code)

    def _remember(self, key: tuple[str, str, str], shown: dict[str, tuple]) -> None:
        """The findings a page of a step shows for a version of the file: a few, for the pages open now."""
        self._shown[key] = shown
        while len(self._shown) > 64:
            del self._shown[next(iter(self._shown))]

    def _documents(self) -> list[tuple[str, str]]:
        result = self.session.result
        brief = result.brief if result else None
        if brief is None:
            return []
        from problembrief.render.environment import document_subtitle

        # Each document by the name it carries on its cover ("Behovsbeskrivelse – bilag til udbudsmaterialet").
        return [(kind, document_subtitle(brief, kind, i18n.current_language()))
                for kind in pipeline.documents_for(brief, "all") if kind in DOCUMENTS]

    def _offers(self, kind: str) -> bool:
        """Whether the brief as it stands has this document (the checklist's list of them)."""
        return any(offered == kind for offered, _title in self._documents())

    def step_of(self, step_id: str) -> form.Step | None:
        with self.speaking() as language:
            return next((step for step in form.form(language) if step.id == step_id), None)

    # --- routes ------------------------------------------------------------------------------------------
    def home(self, request: Request) -> Response:
        self.session.refresh()
        with self.speaking() as language:
            first = form.form(language)[0].id
        return RedirectResponse(f"/step/{first}", status_code=303)

    def step(self, request: Request) -> Response:
        self.session.refresh()
        step = self.step_of(request.path_params["step"])
        if step is None:
            return self.page("message.html.j2", 404, title=_("No such step"), message=_("The form has no such step."))
        if not self.session.editable:
            return self.page("broken.html.j2", current=step)
        return self.page("step.html.j2", current=step)

    async def change(self, request: Request) -> Response:
        submitted = {key: str(value) for key, value in (await request.form()).items()}
        # Saving and checking take tens of milliseconds: off the event loop, so pages keep being served.
        return await run_in_threadpool(self._change, request.path_params["action"], submitted)

    def _change(self, action: str, submitted: dict[str, str]) -> Response:
        step = self.step_of(submitted.get("step", ""))
        version = submitted.get("version", "")
        path = submitted.get("path", "")
        with self.speaking():
            try:
                if action == "value":
                    change = self.session.set_value(path, submitted.get("value"), version)
                elif action == "add":
                    change = self.session.add_item(path, version)
                elif action == "remove":
                    change = self.session.remove_item(path, version)
                elif action in ("up", "down"):
                    change = self.session.move_item(path, -1 if action == "up" else 1, version)
                else:
                    return Response(status_code=404)
            except StaleVersion:
                # Another program changed the file: the page is made anew from it, nothing is applied.
                return Response(status_code=200, headers={"HX-Refresh": "true"})
        if action == "value":
            # Only the findings that differ from those on the page the browser has (known by its version) are
            # sent: the largest step has some 200 fields, and replacing every box costs the browser more than
            # the whole check costs the server.
            response = self.page("live.html.j2", current=step, change=change, since=version)
        else:
            response = self.page("step_form.html.j2", current=step, change=change, focus=submitted.get("focus"))
        response.headers["Server-Timing"] = f"check;dur={change.check_ms:.1f}, total;dur={change.total_ms:.1f}"
        return response

    def preview(self, request: Request) -> Response:
        self.session.refresh()
        kind = request.path_params["document"]
        result = self.session.result
        if result is None or result.brief is None or not self._offers(kind):
            return self.page("message.html.j2", 409, title=_("No preview yet"), message=_(
                "The brief must pass the format's checks before it can be shown as a document; the checklist "
                "shows where the errors are."))
        try:
            body = markdown_to_html(pipeline.render_markdown(result.brief, kind))
        except ProblemBriefError as exc:
            return self.page("message.html.j2", 500, title=_("No preview"), message=str(exc))
        return self.page("preview.html.j2", document=kind, body=body, draft=result.exit_code() != 0)

    def download(self, request: Request) -> Response:
        self.session.refresh()
        kind, extension = request.path_params["document"], request.path_params["extension"]
        result = self.session.result
        if extension == "yaml" and kind == "brief":
            return Response(self.session.text.encode("utf-8"), media_type="application/yaml",
                            headers=_attachment(self.session.path.name))
        if extension not in ("docx", "pdf") or result is None or result.brief is None or not self._offers(kind):
            return self.page("message.html.j2", 409, title=_("No document yet"), message=_(
                "The brief must pass the format's checks before a document can be made."))
        brief = result.brief
        draft = result.exit_code() != 0
        with self.speaking():
            try:
                data, _warnings = pipeline.render_docx(brief, pipeline.render_markdown(brief, kind), kind, draft=draft)
                name = pipeline.output_name(self.session.path, brief, kind, f".{extension}").name
                if extension == "pdf":
                    data = _as_pdf(data, name)
            except ProblemBriefError as exc:
                return self.page("message.html.j2", 500, title=_("No document"), message=str(exc))
        media = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf"}[extension]
        return Response(data, media_type=media, headers=_attachment(name))

    def rule(self, request: Request) -> Response:
        code = request.path_params["code"].upper()
        with self.speaking():
            described = next((info for info in pipeline.describe_codes() if info.code == code), None)
        if described is None:
            return self.page("message.html.j2", 404, title=_("No such rule"),
                             message=_("There is no rule {code}.").format(code=code))
        return self.page("rule.html.j2", rule=described)


def _attachment(name: str) -> dict[str, str]:
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    return {"content-disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}


def _pdf_available() -> bool:
    from problembrief.pdf import PdfError, find_soffice

    try:
        find_soffice()
    except PdfError:
        return False
    return True


def _as_pdf(docx: bytes, name: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="problembrief-serve-") as work:
        source = Path(work) / Path(name).with_suffix(".docx").name
        source.write_bytes(docx)
        pdfs, _warnings = pipeline.export_pdfs([source])
        return pdfs[0].read_bytes()


def create_app(session: Session, guard: Guard) -> Starlette:
    application = Application(session, guard, _environment())
    routes = [
        Route("/", application.home),
        Route("/step/{step}", application.step),
        Route("/change/{action}", application.change, methods=["POST"]),
        Route("/preview/{document}", application.preview),
        Route("/download/{document}.{extension}", application.download),
        Route("/rules/{code}", application.rule),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(GuardMiddleware, guard=guard, speaking=application.speaking)
    app.state.application = application
    return app


# --- the server ----------------------------------------------------------------------------------------------
def starter_text(language: str = "da") -> bytes:
    from problembrief.render.environment import templates_dir

    return (templates_dir() / "init" / f"{language}.yaml").read_bytes()


def open_session(path: Path, lang: str | None, inform: Callable[[str], None]) -> Session:
    """The brief to edit; a brief that does not exist yet is written from the Danish starter first."""
    if not path.exists() and not path.is_symlink():
        pipeline.write_file(path, starter_text("da"))
        inform(_("wrote {file} from the Danish starter").format(file=path))
    elif not path.is_file():
        raise UsageError(_("{file} is not a file").format(file=path), path=path)
    session = Session(path=path, lang=lang, limits=Limits())
    session.open()
    return session


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 only (never every interface): `port` 0 lets the system choose."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise UsageError(_("cannot listen on 127.0.0.1:{port}: {reason}").format(
            port=port, reason=exc.strerror or exc)) from None
    sock.listen(64)
    return sock


def run(path: Path, *, port: int = 0, open_browser: bool = True, lang: str | None = None,
        announce: Callable[[str], None] = print, inform: Callable[[str], None] = print) -> None:
    """Serve the form until interrupted. The first line announced is the address with its token."""
    import uvicorn

    session = open_session(path, lang, inform)
    sock = bind(port)
    guard = Guard(token=secrets.token_urlsafe(32), port=sock.getsockname()[1], max_body=session.limits.max_bytes)
    app = create_app(session, guard)
    address = guard.address("/")
    announce(address)
    with i18n.language(session.language):
        inform(_("the form edits {file}; stop it with Ctrl+C").format(file=path))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if open_browser:
        threading.Thread(target=_open_later, args=(address,), daemon=True).start()
    server.run(sockets=[sock])


def _open_later(address: str) -> None:
    time.sleep(0.5)  # the server is listening already (the socket is bound); the browser may start slowly
    webbrowser.open(address)
