"""A real `problembrief serve` in a subprocess, and Debian's Chromium driven by Playwright's Python API.

Playwright's own browser download is not used (it is not available everywhere, and CI must not download at
test time): the tests point Playwright at the Chromium of the system (`/usr/bin/chromium`, or
PROBLEMBRIEF_CHROMIUM). Without one the tests skip locally and fail under CI=true, where `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium() -> str:
    found = os.environ.get("PROBLEMBRIEF_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("the browser tests need Chromium (apt-get install chromium); .ci/run installs it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


@contextmanager
def serving(path: Path, *extra: str) -> Iterator[str]:
    """`problembrief serve PATH --no-browser --port 0`; yields the address with its token (its first line)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "problembrief", "serve", str(path), "--no-browser", "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        if not address.startswith("http://127.0.0.1:"):
            process.kill()
            _out, err = process.communicate(timeout=10)
            raise AssertionError(f"serve did not start: {address!r} {err}")
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()
