"""A room in a real browser, as a facilitator with a projector and a participant on a phone.

Debian's Chromium through Playwright against ``make app``'s server: a 30-seat room is opened;
a participant on a 390x844 phone joins by the QR code's address (the code filled in), and the
"Submit decisions" button is the element at its own centre (nothing covers it); a double click
on "End turn" plays one turn, not two. Screenshots of the phone's turn and the 30-seat
projector go to test-artifacts/.
"""

import os
import re
import time

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM, SERVERS, serve_app, watch_errors


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app("room_server.log", cwd=tmp_path_factory.mktemp("room")) as url:
        yield url


def test_a_phone_can_submit_and_a_double_click_plays_one_turn(server):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        errors: list[str] = []
        projector = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        ).new_page()
        for page in (projector, phone):
            watch_errors(page, errors)
        projector.goto(server + "play", wait_until="networkidle")
        projector.get_by_role("button", name="Open a room (facilitator)").click()
        for label, value in (("Seats (product areas, 1-30)", "30"), ("Turns (1-40)", "3")):
            field = projector.get_by_label(label)
            field.fill(value)
            field.press("Enter")
        projector.locator(".v-select").filter(has_text="A turn ends").click()
        projector.get_by_role("option", name="facilitator").click()
        projector.get_by_role("button", name="Open the room").click()
        big = projector.locator(".room-code")
        expect(big).to_be_visible(timeout=60_000)
        code = big.inner_text().strip()

        # The phone follows the join address (what the QR code holds): the code is filled in.
        address = projector.locator(".join-address b").inner_text()
        phone.goto(address.replace("http://127.0.0.1:8765/", server), wait_until="networkidle")
        expect(phone.get_by_label("Room code")).to_have_value(code)
        phone.get_by_label("Your name").fill("Zoë 🚀 $$ علي")
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_text("Area 1 (Zoë 🚀 $$ علي), turn 1 of 3")).to_be_visible(
            timeout=30_000
        )
        projector.get_by_role("button", name="Start the first turn").click()
        expect(projector.get_by_text("0 of 1 decided")).to_be_visible(timeout=10_000)
        # The phone redraws when the turn starts: wait for it before touching the page.
        expect(phone.get_by_text("has not started the turn yet", exact=False)).to_have_count(
            0, timeout=10_000
        )

        submit = phone.get_by_role("button", name="Submit decisions")
        submit.scroll_into_view_if_needed()
        on_top = submit.evaluate(
            """b => { const r = b.getBoundingClientRect();
                      const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                      return b === e || b.contains(e); }"""
        )
        phone.screenshot(path=str(ARTIFACTS / "room_phone_turn.png"), full_page=True)
        assert on_top, "something covers the centre of Submit decisions"
        submit.tap()
        expect(phone.get_by_text("Your decisions for turn 1 are in.")).to_be_visible()
        expect(projector.get_by_text("1 of 1 decided")).to_be_visible(timeout=10_000)

        # Two clicks on End turn: one turn is played, and the button said it was resolving.
        end = projector.get_by_role("button", name="End turn 1 now")
        end.dblclick()
        expect(projector.get_by_text(re.compile(r"^Turn 2 of 3"))).to_be_visible(timeout=60_000)
        expect(projector.get_by_role("button", name="End turn 2 now")).to_be_visible(timeout=30_000)
        expect(phone.get_by_text("turn 2 of 3", exact=False)).to_be_visible(timeout=10_000)
        charts = projector.locator(".standings svg")
        expect(charts.first).to_be_visible(timeout=10_000)
        assert projector.locator("text=deciding...").count() == 0, "a count, not a list of names"
        projector.screenshot(path=str(ARTIFACTS / "room_projector_30_seats.png"))
        assert errors == [], errors
        browser.close()


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and its threads, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_restart_keeps_the_room_and_an_idle_server_is_idle(tmp_path):
    """Stop the server mid-game and start it again on the same folder: the participant's
    address shows their seat and turn, and the facilitator's page its room. Then every browser
    closes: within a minute (sessions end 40 s after their last page) the server uses under 2%
    of a core."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        errors: list[str] = []
        with serve_app("restart_1.log", cwd=tmp_path) as first:
            facilitator = browser.new_page()
            participant = browser.new_page()
            for page in (facilitator, participant):
                watch_errors(page, errors)
            facilitator.goto(first + "play", wait_until="networkidle")
            facilitator.get_by_role("button", name="Open a room (facilitator)").click()
            facilitator.get_by_role("button", name="Open the room").click()
            expect(facilitator.locator(".room-code")).to_be_visible(timeout=60_000)
            code = facilitator.locator(".room-code").inner_text().strip()
            facilitator_path = facilitator.url.split("/", 3)[3]
            participant.goto(first + f"play?room={code}", wait_until="networkidle")
            participant.get_by_label("Your name").fill("Ann")
            participant.get_by_role("button", name="Join").click()
            expect(participant.get_by_text("turn 1 of 4", exact=False)).to_be_visible(
                timeout=30_000
            )
            seat_path = participant.url.split("/", 3)[3]
            facilitator.get_by_role("button", name="Start the first turn").click()
            facilitator.get_by_role("button", name="End turn 1 now").click()
            expect(participant.get_by_text("turn 2 of 4", exact=False)).to_be_visible(
                timeout=60_000
            )
        # The server is stopped; a new one starts on the same folder.
        with serve_app("restart_2.log", cwd=tmp_path) as second:
            participant.goto(second + seat_path, wait_until="networkidle")
            expect(participant.get_by_text("Area 1 (Ann), turn 2 of 4")).to_be_visible(
                timeout=60_000
            )
            facilitator.goto(second + facilitator_path, wait_until="networkidle")
            expect(facilitator.locator(".room-code")).to_have_text(code, timeout=60_000)
            expect(facilitator.get_by_role("button", name="End turn 2 now")).to_be_visible()
            for _ in range(4):  # a few more sessions, then every browser goes
                extra = browser.new_page()
                extra.goto(second + f"play?room={code}", wait_until="networkidle")
            # While the server was down the open pages could not reach it: expected.
            errors = [e for e in errors if "ERR_CONNECTION_REFUSED" not in e]
            assert errors == [], errors
            browser.close()
            pid = SERVERS[second].pid
            time.sleep(55)
            before, start = _cpu_seconds(pid), time.monotonic()
            time.sleep(10)
            share = (_cpu_seconds(pid) - before) / (time.monotonic() - start)
            print(f"\nidle server: {share:.1%} of a core")
            assert share < 0.02, f"idle server uses {share:.1%} of a core"
