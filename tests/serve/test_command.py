"""`problembrief serve` as a command: its first line is the address with its token, it listens on 127.0.0.1
only, and a real HTTP client without the token, or naming another host, gets nothing."""

from __future__ import annotations

import http.client
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from browser import serving
from typer.testing import CliRunner

from helpers import EXAMPLES
from problembrief.cli import app

FALL = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre.yaml")


def _get(address: str, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    parts = urlsplit(address)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    return connection.getresponse()


def test_the_first_line_is_the_address_with_its_token_on_the_loopback(tmp_path: Path) -> None:
    target = tmp_path / FALL.name
    shutil.copyfile(FALL, target)
    with serving(target) as address:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{40,}", address)
        parts = urlsplit(address)
        host = f"127.0.0.1:{parts.port}"
        assert _get(address, "/step/basics", {"Host": host}).status == 403  # no token
        login = _get(address, f"/?{parts.query}", {"Host": host})
        assert login.status == 303
        cookie = login.getheader("set-cookie", "").split(";")[0]
        assert _get(address, "/step/basics", {"Host": host, "Cookie": cookie}).status == 200
        rebound = _get(address, "/step/basics", {"Host": f"attacker.example:{parts.port}", "Cookie": cookie})
        assert rebound.status == 400


def test_a_path_that_is_a_folder_is_refused_with_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", str(tmp_path), "--no-browser", "--lang", "en"])
    assert result.exit_code == 2
    assert "is not a file" in result.output
