"""The workshop dashboard end to end: a real Solara server driven by Playwright in Chromium.

Needs Debian's Chromium (/usr/bin/chromium; .ci/run installs it). Outside CI the test skips, with
the reason, when Chromium or Playwright is missing; under CI (the CI variable set) it fails.
Saves a screenshot and the measured rendering rate to test-artifacts/.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sim.preset_library import describe_preset

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def server():
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {missing}")
        pytest.skip(missing)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "dashboard_server.log", "w")  # noqa: SIM115 - closed below
    app = str(ROOT / "sim" / "dashboard" / "page.py")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "solara",
            "run",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--production",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        log.close()
        text = (ARTIFACTS / "dashboard_server.log").read_text()
        pytest.fail("the dashboard server did not start: " + text[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def chart_source(page) -> str:
    """The charts' image URL (a new blob each time the figure is redrawn)."""
    return page.locator("img.widget-image").first.get_attribute("src")  # solara.Image


def test_a_facilitator_picks_a_preset_moves_authority_and_runs_a_year(server):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1150})
        page.goto(server, wait_until="networkidle")
        expect(page.get_by_text("Week 0 of 156")).to_be_visible(timeout=60_000)
        empty_chart = chart_source(page)

        # Pick a preset: the levers take its values, the explanation changes.
        page.locator(".v-select").filter(has_text="Governance preset").click()
        page.get_by_role("option", name="kill_criteria_without_authority").click()
        # The card shows the preset's description from its YAML file.
        description = describe_preset("kill_criteria_without_authority")
        expect(page.get_by_text(description[:40])).to_be_visible()
        expect(page.get_by_text("Authority: 0.15")).to_be_visible()
        expect(page.get_by_text("Kill criteria", exact=True)).to_be_visible()

        # Move the authority slider with the keyboard, as a facilitator's arrow keys would.
        slider = page.locator(".v-slider").filter(has=page.locator("input")).nth(0)
        slider.locator("[role=slider]").focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        expect(page.get_by_text("Authority: 0.35")).to_be_visible()

        before_run = chart_source(page)
        page.get_by_role("button", name="Run a year").click()
        expect(page.get_by_text("Week 52 of 156")).to_be_visible(timeout=60_000)
        status = page.get_by_text(re.compile(r"main \(kill_criteria_without_authority\): \d+"))
        expect(status).to_be_visible()
        shipped = int(re.search(r": (\d+) initiatives shipped", status.inner_text()).group(1))
        assert shipped > 50, status.inner_text()
        expect(
            page.get_by_text(re.compile(r"baseline \(ticket_coordinator\): \d+"))
        ).to_be_visible()
        # The charts are redrawn with the year's data (a new picture arrives).
        for _ in range(60):
            if chart_source(page) not in (before_run, empty_chart):
                break
            page.wait_for_timeout(250)
        assert chart_source(page) not in (before_run, empty_chart), "charts redrawn after the run"
        page.wait_for_timeout(1000)
        assert page.locator(".v-alert.error").count() == 0
        assert "Traceback" not in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

        # A bad value shows its message next to its control; the page keeps working.
        field = page.get_by_label("Stakeholders")
        field.fill("0")
        field.press("Enter")
        expect(
            page.get_by_text("org.stakeholders=0: allowed: an integer in [1, 10000]")
        ).to_be_visible()
        field.fill("24")
        field.press("Enter")
        expect(page.get_by_text("Week 0 of 156")).to_be_visible()

        # Rendering rate while playing at the default speed (4 weeks per second).
        page.get_by_role("button", name="Play").click()
        start = time.time()
        page.wait_for_timeout(6000)
        page.get_by_role("button", name="Pause").click()
        elapsed = time.time() - start
        week = int(re.search(r"Week (\d+) of", page.inner_text("body")).group(1))
        rate = week / elapsed
        (ARTIFACTS / "dashboard_rate.txt").write_text(
            f"{week} weeks in {elapsed:.1f} s while playing at the default speed: "
            f"{rate:.1f} weeks per second\n"
        )
        print(f"\ndashboard: {rate:.1f} weeks/s rendered at default speed")
        assert week > 5, "playing advances the simulation"
        assert page.locator(".v-alert.error").count() == 0
        browser.close()
