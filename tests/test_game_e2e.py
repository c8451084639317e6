"""The game end to end: a facilitator and two participants in three browser contexts.

A real server (``make app``'s), Debian's Chromium through Playwright: the facilitator opens a
room; a wrong code is refused; two participants join with the code; one declines a request and
kills an item, the other lets the timer run out (and gets the bot's decisions); two turns are
played; the standings show both bots; the reveal appears and the debrief downloads. Screenshots
of a participant's turn and of the reveal go to test-artifacts/.
"""

import re
from pathlib import Path

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM, serve_app, watch_errors


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app("game_server.log", cwd=tmp_path_factory.mktemp("game")) as url:
        yield url


def test_a_room_plays_two_turns_with_two_participants_and_a_facilitator(server):
    from playwright.sync_api import expect, sync_playwright

    play = server + "play"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        errors: list[str] = []
        pages = []
        for _ in range(3):
            page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            watch_errors(page, errors)
            page.goto(play, wait_until="networkidle")
            pages.append(page)
        facilitator, ann, bob = pages

        # The facilitator opens a room: 3 seats, 2 turns, a 25-second timer.
        facilitator.get_by_role("button", name="Open a room (facilitator)").click()
        # A bad value is refused by the field's name, and nothing opens.
        seats = facilitator.get_by_label("Seats (product areas, 1-30)")
        seats.fill("12x")
        facilitator.get_by_role("button", name="Open the room").click()
        expect(facilitator.get_by_text("Seats: '12x' is not a whole number")).to_be_visible()
        for label, value in (
            ("Seats (product areas, 1-30)", "3"),
            ("Turns (1-40)", "2"),
            ("Turn timer in seconds (10-3600)", "25"),
        ):
            field = facilitator.get_by_label(label)
            field.fill(value)
            field.press("Enter")
        facilitator.get_by_role("button", name="Open the room").click()
        big = facilitator.locator(".room-code")
        expect(big).to_be_visible(timeout=30_000)
        code = big.inner_text().strip()
        assert re.fullmatch(r"[A-Z]{4}", code), code
        size = big.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 32, f"room code at {size} px"
        expect(facilitator.get_by_text(f"/play?room={code}", exact=False)).to_be_visible()
        assert facilitator.locator(".join-qr svg").count() == 1, "the QR code is drawn"
        # The lobby shows Start only.
        assert facilitator.get_by_role("button", name=re.compile("End turn")).count() == 0

        # A wrong code is refused; the right one seats each participant (names are escaped).
        def join(page, room_code, name):
            page.get_by_label("Room code").fill(room_code)
            page.get_by_label("Your name").fill(name)
            page.get_by_role("button", name="Join").click()

        wrong = "QQQQ" if code != "QQQQ" else "ZZZZ"
        join(ann, wrong, "Ann")
        expect(ann.get_by_text("No room has that code.")).to_be_visible()
        join(ann, code, "Ann <b>bold</b>")
        expect(ann.get_by_text("Area 1 (Ann <b>bold</b>), turn 1 of 2")).to_be_visible(
            timeout=30_000
        )
        join(bob, code, "Bob")
        expect(bob.get_by_text("Area 2 (Bob), turn 1 of 2")).to_be_visible(timeout=30_000)
        expect(facilitator.get_by_text("The lobby: 2 joined.", exact=False)).to_be_visible(
            timeout=10_000
        )
        expect(ann.get_by_text("has not started the turn yet", exact=False)).to_be_visible()
        facilitator.get_by_role("button", name="Start the first turn").click()
        expect(facilitator.get_by_text(re.compile(r"Turn 1 of 2: \d+ s left"))).to_be_visible()
        # The participants' pages redraw when the turn starts: wait for that before clicking.
        for page in (ann, bob):
            expect(page.get_by_text("has not started the turn yet", exact=False)).to_have_count(
                0, timeout=10_000
            )

        # Ann declines a request and kills an item in progress, then submits.
        # (Vuetify draws its own checkbox over the input: a person clicks the label.)
        ann.locator("label", has_text=re.compile(r"claims .* your estimate")).first.click()
        ann.locator("label", has_text=re.compile(r"points, (no MVP yet|MVP signal)")).first.click()
        expect(ann.locator("input[type=checkbox][aria-checked=true]")).to_have_count(2)
        ann.screenshot(path=str(ARTIFACTS / "game_participant_turn.png"), full_page=True)
        ann.get_by_role("button", name="Submit decisions").click()
        expect(ann.get_by_text("Your decisions for turn 1 are in.")).to_be_visible()
        expect(facilitator.get_by_text("1 of 2 decided")).to_be_visible(timeout=10_000)

        # Bob lets the timer run out: the turn plays by itself and Bob gets the bot's decisions.
        expect(facilitator.get_by_text(re.compile(r"Turn 2 of 2"))).to_be_visible(timeout=60_000)
        expect(bob.get_by_text("No decisions in time: the bot decided this turn.")).to_be_visible(
            timeout=10_000
        )
        outcome = ann.get_by_text(re.compile(r"declined #|gave in on #|reversed your decline of #"))
        expect(outcome.first).to_be_visible(timeout=10_000)
        expect(
            ann.get_by_text(re.compile(r"killed #|gave in on #|reversed your kill|shields")).first
        ).to_be_visible()

        # The standings beside both bots, readable from the back of the room.
        charts = facilitator.locator("svg")
        expect(charts.first).to_be_visible(timeout=10_000)
        legend = [t.strip() for t in charts.locator("text").all_text_contents()]
        assert "coordinator bot" in legend and "empowered bot" in legend, legend
        assert facilitator.locator("svg").count() <= 4, "no more than four charts at once"
        sizes = facilitator.locator("svg text").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert sizes and min(sizes) >= 14, f"chart text heights {min(sizes):.1f} px"

        # Second turn: the facilitator plays it now; the reveal and the debrief follow.
        facilitator.get_by_role("button", name="End turn 2 now").click()
        expect(facilitator.get_by_text("The reveal", exact=False)).to_be_visible(timeout=30_000)
        facilitator.screenshot(path=str(ARTIFACTS / "game_reveal.png"), full_page=True)
        with facilitator.expect_download() as download:
            facilitator.get_by_text("Download the debrief (HTML)").click()
        page_text = Path(download.value.path()).read_text()
        assert "For the discussion" in page_text and "Ann &lt;b&gt;bold&lt;/b&gt;" in page_text
        assert "<b>bold</b>" not in page_text
        expect(ann.get_by_text(re.compile("the game is over"))).to_be_visible(timeout=10_000)
        assert errors == [], errors
        browser.close()
