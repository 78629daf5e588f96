"""The guided form's web application, driven over HTTP (Starlette's test client, no browser): its guards,
its pages, what a change does to the file, and what comes back to the page."""

from __future__ import annotations

import difflib
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from starlette.testclient import TestClient

from helpers import EXAMPLES, MINIMAL, all_text
from problembrief.load import load_text
from problembrief.serve.app import create_app, open_session
from problembrief.serve.guard import SECURITY_HEADERS, Guard

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"
TOKEN = "t0k3n-for-tests"
FALL = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre.yaml")


def _client(path: Path, *, login: bool = True) -> TestClient:
    session = open_session(path, None, lambda _message: None)
    guard = Guard(token=TOKEN, port=PORT, max_body=session.limits.max_bytes)
    client = TestClient(create_app(session, guard), base_url=ORIGIN, follow_redirects=False)
    if login:
        response = client.get(f"/?token={TOKEN}")
        assert response.status_code == 303
    return client


@pytest.fixture
def fall(tmp_path: Path) -> Path:
    target = tmp_path / FALL.name
    shutil.copyfile(FALL, target)
    return target


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    target = tmp_path / "brief.yaml"
    target.write_text(MINIMAL, encoding="utf-8")
    return target


def _version(html: str) -> str:
    found = re.search(r'id="doc-version" name="version" value="([0-9a-f]+)"', html)
    assert found, "the page carries the file's version"
    return found.group(1)


def _post(client: TestClient, action: str, step: str, path: str, version: str, value: str | None = None,
          **headers: str):
    data = {"step": step, "path": path, "version": version}
    if value is not None:
        data["value"] = value
    return client.post(f"/change/{action}", data=data, headers={"Origin": ORIGIN, "HX-Request": "true", **headers})


# --- the guards -------------------------------------------------------------------------------------------------
def test_the_token_becomes_a_cookie_and_leaves_the_address(minimal: Path) -> None:
    client = _client(minimal, login=False)
    response = client.get(f"/step/problem?token={TOKEN}")
    assert response.status_code == 303
    assert response.headers["location"] == "/step/problem"
    cookie = response.headers["set-cookie"]
    assert f"problembrief-{PORT}={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert client.get("/step/problem").status_code == 200


@pytest.mark.parametrize("token", [None, "wrong", TOKEN[:-1]])
def test_without_the_token_nothing_is_shown(minimal: Path, token: str | None) -> None:
    client = _client(minimal, login=False)
    response = client.get("/step/problem" + (f"?token={token}" if token else ""))
    assert response.status_code == 403
    assert "Mette" not in response.text


def test_a_cookie_for_another_port_is_not_the_token(minimal: Path) -> None:
    client = _client(minimal, login=False)
    client.cookies.set(f"problembrief-{PORT + 1}", TOKEN)
    assert client.get("/step/problem").status_code == 403


@pytest.mark.parametrize("host", ["evil.example:8765", f"127.0.0.1:{PORT + 1}", "127.0.0.1", "[::1]:8765",
                                  f"localhost.evil.example:{PORT}"])
def test_a_rebound_host_is_refused(minimal: Path, host: str) -> None:
    client = _client(minimal)
    response = client.get("/step/problem", headers={"Host": host})
    assert response.status_code == 400
    assert "Mette" not in response.text


def test_localhost_is_the_same_form(minimal: Path) -> None:
    client = _client(minimal)
    assert client.get("/step/problem", headers={"Host": f"localhost:{PORT}"}).status_code == 200


@pytest.mark.parametrize("headers", [
    {},  # no Origin: a form post from a page that hides it, or a script outside a browser
    {"Origin": "http://evil.example"},
    {"Origin": f"http://127.0.0.1:{PORT + 1}"},  # another local server
    {"Origin": "null"},  # a sandboxed frame or a file:// page
    {"Origin": ORIGIN, "Sec-Fetch-Site": "cross-site"},
])
def test_a_change_from_another_site_is_refused_and_the_file_is_untouched(minimal: Path, headers: dict) -> None:
    client = _client(minimal)
    version = _version(client.get("/step/basics").text)
    response = client.post("/change/value", data={"path": "brief.title", "value": "Hacked", "version": version,
                                                  "step": "basics"}, headers=headers)
    assert response.status_code == 403
    assert minimal.read_text(encoding="utf-8") == MINIMAL


def test_a_page_read_from_another_site_is_refused(minimal: Path) -> None:
    client = _client(minimal)
    assert client.get("/step/basics", headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.get("/step/basics", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_a_change_larger_than_a_brief_is_refused(minimal: Path) -> None:
    client = _client(minimal)
    version = _version(client.get("/step/basics").text)
    huge = "x" * (5 * 1024 * 1024 + 1)
    response = _post(client, "value", "basics", "brief.title", version, huge)
    assert response.status_code == 413
    assert minimal.read_text(encoding="utf-8") == MINIMAL


@pytest.mark.parametrize("url", ["/step/basics", "/static/form.css", "/rules/PB101", "/nowhere"])
def test_every_response_carries_the_security_headers(minimal: Path, url: str) -> None:
    client = _client(minimal)
    response = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    refused = _client(minimal, login=False).get(url)
    assert refused.headers.get("content-security-policy") == SECURITY_HEADERS["content-security-policy"]


def test_the_page_loads_nothing_from_outside_the_package(fall: Path) -> None:
    html = _client(fall).get("/step/procurement").text
    sources = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sources, "the page has links and scripts"
    assert all(s.startswith(("/", "#")) for s in sources), [s for s in sources if not s.startswith(("/", "#"))]


# --- pages ---------------------------------------------------------------------------------------------------
class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_every_step_of_an_example_shows_its_values_with_labels(fall: Path) -> None:
    client = _client(fall)
    html = client.get("/step/problem").text
    page = _parse(html)
    ids = {attrs.get("id") for _tag, attrs in page.tags}
    labelled = {attrs.get("for") for tag, attrs in page.tags if tag == "label"}
    inputs = [attrs for tag, attrs in page.tags if tag in ("input", "textarea", "select")
              and attrs.get("type") != "hidden"]
    assert inputs
    assert all(attrs["id"] in labelled for attrs in inputs), "every field has a label"
    assert "f-problem-summary" in ids
    assert "Beboere på vores plejecentre falder ofte om natten" in html
    assert 'lang="da"' in html


def test_a_finding_stands_beside_its_field_in_danish(minimal: Path) -> None:
    client = _client(minimal)
    version = _version(client.get("/step/outcomes").text)
    response = _post(client, "value", "outcomes", "outcomes[0].id", version, "1X")
    assert response.status_code == 200
    box = re.search(r'<div class="findings" id="f-outcomes-0-id-findings" hx-swap-oob="true">(.*?)</div>',
                    response.text, re.DOTALL)
    assert box and "PB016" in box.group(1) and "skal være et kort id" in box.group(1)
    assert 'href="/rules/PB016"' in box.group(1)
    # fixed: the box empties
    response = _post(client, "value", "outcomes", "outcomes[0].id", _version(response.text), "O1")
    box = re.search(r'<div class="findings" id="f-outcomes-0-id-findings" hx-swap-oob="true">(.*?)</div>',
                    response.text, re.DOTALL)
    assert box and box.group(1).strip() == ""
    assert minimal.read_text(encoding="utf-8") == MINIMAL


def test_changing_one_value_of_an_example_changes_that_line_only(fall: Path) -> None:
    before = fall.read_text(encoding="utf-8")
    client = _client(fall)
    version = _version(client.get("/step/basics").text)
    response = _post(client, "value", "basics", "contact.phone", version, "+45 76 81 00 01")
    assert response.status_code == 200
    after = fall.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ['-  phone: "+45 76 81 00 00"', '+  phone: "+45 76 81 00 01"'] or \
        (len(changed) == 2 and "76 81 00 01" in changed[1]), changed


def test_a_stale_page_is_made_anew_not_applied(minimal: Path) -> None:
    client = _client(minimal)
    version = _version(client.get("/step/basics").text)
    minimal.write_text(MINIMAL.replace("Færre fald om natten", "Ændret i en editor"), encoding="utf-8")
    response = _post(client, "value", "basics", "brief.title", version, "Fra formularen")
    assert response.headers.get("HX-Refresh") == "true"
    assert "Ændret i en editor" in minimal.read_text(encoding="utf-8")
    assert "Ændret i en editor" in client.get("/step/basics").text


def test_lists_grow_and_shrink(minimal: Path) -> None:
    client = _client(minimal)
    version = _version(client.get("/step/outcomes").text)
    response = _post(client, "add", "outcomes", "outcomes", version)
    assert response.status_code == 200
    assert 'id="f-outcomes-1"' in response.text
    assert len(load_text(minimal.read_text(encoding="utf-8")).data["outcomes"]) == 2
    response = _post(client, "remove", "outcomes", "outcomes[1]", _version(response.text))
    assert 'id="f-outcomes-1"' not in response.text
    assert len(load_text(minimal.read_text(encoding="utf-8")).data["outcomes"]) == 1


def test_an_unknown_field_is_refused_and_nothing_is_written(minimal: Path) -> None:
    client = _client(minimal)
    version = _version(client.get("/step/basics").text)
    response = _post(client, "value", "basics", "brief.evil", version, "x")
    assert "evil" not in minimal.read_text(encoding="utf-8")
    assert "refused" in response.text


# Text that is markup, template syntax, YAML syntax or invisible control: each reaches the file exactly as typed
# (or is refused with a finding at its field), and the page shows it as text, never as markup.
HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "{{ 7*7 }} {% raw %}",
    "[klik](javascript:alert(1))",
    "# Overskrift | a | b |",
    "*alias &anchor !!python/object:os.system",
    "key: value # not a comment",
    "- not a list",
    "1.10",
    "yes",
    "~",
    "  leading and trailing  ",
    "tab\tinside",
    "two\nlines",
    "\u202eevil\u2066iso",
    "emoji 👵🏻 and æøå ÆØÅ",
    "\x1b[31mred\x1b[0m",
    "nul\x00byte",
    "&amp; &lt; &#x3c;",
    "]]> <![CDATA[",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_reaches_the_file_as_typed_and_the_page_as_text(minimal: Path, text: str) -> None:
    client = _client(minimal)
    version = _version(client.get("/step/basics").text)
    response = _post(client, "value", "basics", "brief.title", version, text)
    assert response.status_code == 200
    saved = minimal.read_text(encoding="utf-8")
    if saved == MINIMAL:  # refused: the page says why
        assert "refused" in response.text
    else:
        assert load_text(saved).data["brief"]["title"] == text
    page = client.get("/step/basics").text
    parsed = _parse(page)
    scripts = [attrs.get("src") for tag, attrs in parsed.tags if tag == "script"]
    assert scripts == ["/static/vendor/htmx-2.0.11.min.js", "/static/form.js"]
    assert not [tag for tag, attrs in parsed.tags if tag == "img"]
    assert not [(tag, name) for tag, attrs in parsed.tags for name in attrs if name.startswith("on")]


def test_preview_and_word_download_of_an_example(fall: Path) -> None:
    client = _client(fall)
    html = client.get("/preview/tender").text
    assert "<h1 class=\"document-title\">Færre fald om natten på plejecentre</h1>" in html
    assert "Behovsbeskrivelse" in html
    response = client.get("/download/tender.docx")
    assert response.status_code == 200
    assert "faldforebyggelse-plejecentre-" in response.headers["content-disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert "Færre fald om natten på plejecentre" in all_text(document)
    dialogue = client.get("/download/dialogue.docx")
    assert dialogue.status_code == 200


def test_no_preview_while_the_format_is_broken(minimal: Path) -> None:
    minimal.write_text(MINIMAL.replace("  procedure: open\n", "  procedure: hemmelig\n"), encoding="utf-8")
    client = _client(minimal)
    assert client.get("/preview/tender").status_code == 409
    assert client.get("/download/tender.docx").status_code == 409


def test_a_file_that_is_not_yaml_is_shown_with_its_line(minimal: Path) -> None:
    minimal.write_text(MINIMAL.replace("title: Færre fald om natten", "title: Fald: om natten"), encoding="utf-8")
    html = _client(minimal).get("/step/basics").text
    assert "Linje 4" in html or "linje 4" in html
    assert 'name="value"' not in html


def test_the_rule_page_explains_in_the_briefs_language(minimal: Path) -> None:
    html = _client(minimal).get("/rules/PB101").text
    assert "PB101" in html and 'lang="da"' in html


def test_serve_without_a_file_starts_from_the_danish_starter(tmp_path: Path) -> None:
    target = tmp_path / "ny.yaml"
    said: list[str] = []
    session = open_session(target, None, said.append)
    assert target.is_file() and "language: da" in target.read_text(encoding="utf-8")
    assert session.language == "da"
    assert said and "ny.yaml" in said[0]


def test_a_value_the_browser_cannot_show_as_typed_stays_visible_with_its_finding(minimal: Path) -> None:
    # A date written as in a letter would be blank in a date picker; a decimal comma would be lost by a
    # number field. Both stay in text inputs, as written, with the finding that says what to write.
    minimal.write_text(MINIMAL.replace("title: Færre fald om natten",
                                       "title: Færre fald om natten\n  date: 1. marts 2027")
                       .replace("target: {value: 18, by: 2028-06-30}", "target: {value: 18,5, by: 2028-06-30}"),
                       encoding="utf-8")
    client = _client(minimal)
    basics = client.get("/step/basics").text
    assert re.search(r'<input type="text" id="f-brief-date" name="value" value="1. marts 2027"', basics)
    assert "PB0" in re.search(r'id="f-brief-date-findings">(.*?)</div>', basics, re.DOTALL).group(1)
    outcomes = client.get("/step/outcomes").text
    assert re.search(r'<input type="text" id="f-outcomes-0-target" ', outcomes) is None  # a group, not a field
    assert 'id="f-outcomes-0-target-findings"' in outcomes


def test_an_address_is_sent_as_typed(minimal: Path) -> None:
    client = _client(minimal)
    html = client.get("/step/basics").text
    assert re.search(r'<input type="text" id="f-contact-email" name="value" value="mette@vejle.dk" '
                     r'inputmode="email"', html)
    version = _version(html)
    _post(client, "value", "basics", "contact.email", version, "søren@kommune.dk")
    assert load_text(minimal.read_text(encoding="utf-8")).data["contact"]["email"] == "søren@kommune.dk"


def test_pdf_download_where_libreoffice_is_installed(fall: Path) -> None:
    import os

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is needed for the PDF download (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed")
    client = _client(fall)
    assert 'href="/download/tender.pdf"' in client.get("/preview/tender").text
    response = client.get("/download/tender.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-disposition"].endswith(".pdf")
