"""The workshop dashboard end to end: a real Solara server driven by Playwright in Chromium.

Needs Debian's Chromium (/usr/bin/chromium; .ci/run installs it). Outside CI the test skips, with
the reason, when Chromium or Playwright is missing; under CI (the CI variable set) it fails.
Saves a screenshot and the measured rendering rate to test-artifacts/.
"""

import re
import time

import pytest

from sim.config import describe_preset
from tests.browser import ARGS, ARTIFACTS, CHROMIUM, ROOT, serve_app, watch_errors


@pytest.fixture(scope="module")
def server():
    with serve_app("dashboard_server.log") as url:
        yield url


def chart_source(page) -> str:
    """The charts' image URL (a new blob each time the figure is redrawn)."""
    return page.locator("img.widget-image").first.get_attribute("src")  # solara.Image


def test_a_facilitator_picks_a_preset_moves_authority_and_runs_a_year(server):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=ARGS,
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1150})
        errors: list[str] = []
        watch_errors(page, errors)
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
        assert errors == [], errors
        browser.close()


def test_two_browsers_keep_their_own_simulation(server):
    """One user's run never shows up in another's session (nor in a session opened later)."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        first, second = browser.new_context(), browser.new_context()
        a, b = first.new_page(), second.new_page()
        errors: list[str] = []
        for page in (a, b):
            watch_errors(page, errors)
            page.goto(server, wait_until="networkidle")
            expect(page.get_by_text("Week 0 of 156")).to_be_visible(timeout=60_000)
        a.get_by_role("button", name="Run a year").click()
        expect(a.get_by_text("Week 52 of 156")).to_be_visible(timeout=60_000)
        b.reload(wait_until="networkidle")
        expect(b.get_by_text("Week 0 of 156")).to_be_visible(timeout=60_000)
        third = browser.new_context().new_page()
        third.goto(server, wait_until="networkidle")
        expect(third.get_by_text("Week 0 of 156")).to_be_visible(timeout=60_000)
        expect(a.get_by_text("Week 52 of 156")).to_be_visible()
        assert errors == [], errors
        browser.close()


def test_chart_text_is_at_least_14_pixels_on_a_1280_by_720_screen(server):
    """A projector's resolution: the picture is shown at (nearly) its own size, so its smallest
    text (12 points at 90 dpi, 15 pixels in the picture) stays at least 14 pixels on screen."""
    from playwright.sync_api import expect, sync_playwright

    from sim.figures.dashboard import DPI, SMALLEST_TEXT

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(server, wait_until="networkidle")
        expect(page.get_by_text("Week 0 of 156")).to_be_visible(timeout=60_000)
        image = page.locator("img.widget-image").first
        expect(image).to_be_visible()
        page.wait_for_function("() => document.querySelector('img.widget-image').naturalWidth > 0")
        shown, natural = image.evaluate("e => [e.clientWidth, e.naturalWidth]")
        smallest = SMALLEST_TEXT * DPI / 72 * shown / natural
        assert smallest >= 14, f"smallest chart text {smallest:.1f} px ({shown} of {natural} px)"
        browser.close()


def drop_file(page, selector: str, name: str, text: str) -> None:
    """Drop a file on a drop zone, as a facilitator drags it from their desktop.

    A script cannot make the operating system's drag, and a script's DataTransfer has no file
    system entries, which Solara's drop zone asks for (webkitGetAsEntry): the entry is given
    here, over the very File dropped; everything after it is Solara's own code."""
    page.locator(selector).first.evaluate(
        """(zone, [name, text]) => {
            DataTransferItem.prototype.webkitGetAsEntry = function () {
                const file = this.getAsFile();
                return { isFile: true, file: (resolve) => resolve(file) };
            };
            const data = new DataTransfer();
            data.items.add(new File([text], name, { type: "application/x-yaml" }));
            zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
        }""",
        [name, text],
    )


def test_a_facilitator_runs_their_own_organizations_what_ifs(server, tmp_path):
    """Drop a broken file: refused in the page, saying why. Drop a good one: its what-ifs run
    side by side and the comparison downloads as CSV."""
    from playwright.sync_api import expect, sync_playwright

    from sim.dashboard.company import WHAT_IFS

    organization = (ROOT / "docs" / "examples" / "organization.yaml").read_text()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1150})
        errors: list[str] = []
        watch_errors(page, errors)
        page.goto(server, wait_until="networkidle")
        card = page.locator(".company")
        expect(card).to_be_visible(timeout=60_000)
        drop_file(
            page,
            ".company .solara-file-drop",
            "ours.yaml",
            "areas:\n  - {name: A, team_capacity: -3}\n",
        )
        expect(card.locator(".company-error")).to_contain_text(
            "ours.yaml: organization: areas[0].team_capacity=-3: allowed"
        )
        drop_file(page, ".company .solara-file-drop", "ours.yaml", organization)
        expect(card.get_by_text("4 product areas (Checkout, Catalog", exact=False)).to_be_visible()
        expect(card.locator(".company-error")).to_have_count(0)
        card.get_by_role("button", name="Run the what-ifs").click()
        table = card.locator("table.what-ifs")
        expect(table).to_be_visible(timeout=120_000)
        for label, _ in WHAT_IFS:
            expect(table.get_by_text(label)).to_be_visible()
        # The card says how long they took here, rather than promising a time.
        expect(card.get_by_text(re.compile(r"They took \d+ s on this machine"))).to_be_visible()
        with page.expect_download() as download:
            card.get_by_text("Download the comparison (CSV)").click()
        import pandas as pd

        frame = pd.read_csv(download.value.path())
        assert list(frame["what-if"]) == [label for label, _ in WHAT_IFS]
        assert frame.loc[0, "gain_over_file_mean"] == 0
        page.screenshot(path=str(ARTIFACTS / "dashboard_company.png"), full_page=True)
        assert errors == [], errors
        browser.close()
