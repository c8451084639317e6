"""Shared set-up of the browser tests: the app's server and Debian's Chromium via Playwright.

Outside CI a browser test skips, with the reason, when Chromium or Playwright is missing; under
CI (the CI variable set) it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
#: The facilitator's guide shows the room as the browser tests see it: the tests that check these
#: pages write their screenshots here, so the guide's pictures are the last run's.
GUIDE_PICTURES = ROOT / "docs" / "assets" / "room"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def require_browser() -> None:
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)


#: The server process behind each served address (for tests that measure or stop it).
SERVERS: dict[str, subprocess.Popen] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_app(log_name: str, cwd: Path | None = None, port: int | None = None):
    """Run ``make app``'s server (the dashboard at /, the game at /play) on ``port`` (default a
    free one; the same port again: a restart the open pages reconnect to)."""
    require_browser()
    if port is None:
        port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")  # noqa: SIM115 - closed below
    command = [sys.executable, "-m", "sim.dashboard.server", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=cwd or ROOT, env=env)
    url = f"http://127.0.0.1:{port}/"
    SERVERS[url] = proc
    deadline = time.time() + 90
    try:
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(
                "the app server did not start: " + (ARTIFACTS / log_name).read_text()[-2000:]
            )
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def watch_errors(page, errors: list[str]) -> None:
    """Collect the page's console errors and uncaught exceptions into ``errors``."""
    page.on(
        "console",
        lambda m: (
            errors.append(f"console: {m.text} at {m.location.get('url')}")
            if m.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
