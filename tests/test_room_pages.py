"""The room's pages in a real browser: a facilitator (the projector) and participants on phones.

A real server (``make app``'s: ``python -m sim.dashboard.server``) and Debian's Chromium through
Playwright. What only a browser shows is checked here: names shown as typed, refusals shown, the
countdown in view while the inbox scrolls, ticks kept over a reload, the same seat on rejoining,
a late joiner told so, the reveal's names and downloads within a 1280x720 screen. Screenshots go
to test-artifacts/.
"""

import os
import re
import time
from pathlib import Path

import pytest

from tests.browser import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    GUIDE_PICTURES,
    SERVERS,
    free_port,
    serve_app,
    watch_errors,
)

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app("room_pages.log", cwd=tmp_path_factory.mktemp("room")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_room(page, url: str, **fields) -> str:
    """The facilitator's form, filled and sent; returns the room's code."""
    from playwright.sync_api import expect

    page.goto(url + "play")
    page.get_by_role("button", name="Open a room (facilitator)").click()
    for label, value in fields.items():
        page.get_by_label(label, exact=False).fill(str(value))
    page.get_by_role("button", name="Open the room").click()
    expect(page.locator(".room-code")).to_be_visible(timeout=120_000)
    return page.locator(".room-code").inner_text().strip()


def join(page, url: str, code: str, name: str) -> None:
    page.goto(url + f"play?room={code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()


def inside(box, viewport) -> bool:
    return (
        box is not None
        and box["x"] >= -1
        and box["y"] >= -1
        and box["x"] + box["width"] <= viewport["width"] + 1
        and box["y"] + box["height"] <= viewport["height"] + 1
    )


def test_a_room_played_on_phones_from_joining_to_the_reveal(server, browser):
    from playwright.sync_api import expect

    errors: list[str] = []
    facilitator = browser.new_page(viewport=PROJECTOR)
    watch_errors(facilitator, errors)
    # A bad field is refused by name, in the page, and nothing opens.
    facilitator.goto(server + "play")
    facilitator.get_by_role("button", name="Open a room (facilitator)").click()
    facilitator.get_by_label("Seats (product areas", exact=False).fill("12x")
    facilitator.get_by_role("button", name="Open the room").click()
    expect(facilitator.get_by_text("Seats: '12x' is not a whole number")).to_be_visible()
    code = open_room(facilitator, server, **{"Seats (product areas": 3, "Turns (1-40)": 2})
    assert "key=" not in facilitator.url, "the facilitator's key is not shown on the projector"
    expect(facilitator.get_by_text(f"/play?room={code}", exact=False)).to_be_visible()
    expect(facilitator.locator(".join-local-only")).to_contain_text("HOST=0.0.0.0")

    phones = {}
    for name in ("Ann <b>bold</b>", "Bob"):
        phone = browser.new_context(viewport=PHONE).new_page()
        watch_errors(phone, errors)
        join(phone, server, code, name)
        phones[name] = phone
    ann, bob = phones.values()
    expect(ann.get_by_text("Area 1 (Ann <b>bold</b>), turn 1 of 2")).to_be_visible()
    expect(bob.get_by_text("Area 2 (Bob), turn 1 of 2")).to_be_visible()
    # Scanning the QR code again on the same phone: the same seat, no second one.
    bob.goto(server + f"play?room={code}")
    expect(bob.get_by_text("Area 2 (Bob), turn 1 of 2")).to_be_visible()
    expect(ann.get_by_text("has not started the turn yet", exact=False)).to_be_visible()
    expect(facilitator.get_by_text("The lobby: 2 joined.", exact=False)).to_be_visible()

    # The same name again, from another phone: asked, then the same seat, not a second one.
    again = browser.new_context(viewport=PHONE).new_page()
    watch_errors(again, errors)
    join(again, server, code, "bob")
    expect(again.locator(".join-error")).to_contain_text("Bob is already seated (Area 2)")
    again.get_by_role("button", name="That is me: take my seat again").click()
    expect(again.get_by_text("Area 2 (Bob), turn 1 of 2")).to_be_visible()
    expect(facilitator.get_by_text("The lobby: 2 joined.", exact=False)).to_be_visible()

    facilitator.get_by_role("button", name="Start the first turn").click()
    expect(facilitator.get_by_text(re.compile(r"Turn 1 of 2: \d+:\d\d left"))).to_be_visible()
    expect(ann.locator(".clock")).to_have_text(re.compile(r"\d+:\d\d left"))

    # Ann ticks a decline and a kill; a reload keeps both (they live on the phone until sent).
    ann.locator("details.group summary").first.click()
    decline = ann.locator("details.group").first.locator("input[type=checkbox]").first
    decline.check()
    kill = ann.locator("h2:has-text('In progress') ~ label.item input").first
    kill.check()
    ann.reload()
    ann.locator("details.group summary").first.click()
    expect(ann.locator("details.group").first.locator("input[type=checkbox]").first).to_be_checked()
    expect(ann.locator("h2:has-text('In progress') ~ label.item input").first).to_be_checked()
    # Scrolled to the bottom, the countdown is still in view and nothing covers the button.
    ann.mouse.wheel(0, 20_000)
    assert inside(ann.locator(".clock").bounding_box(), PHONE)
    submit = ann.get_by_role("button", name="Submit decisions")
    box = submit.bounding_box()
    assert inside(box, PHONE)
    hit = ann.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).textContent",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == "Submit decisions"
    # Every label at full contrast: near-black on white, not light grey.
    colour = ann.locator("label.item span").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(17, 17, 17)", colour
    # The inbox is folded by requester: a turn is a few screens, not 5,000 pixels of scrolling.
    height = ann.evaluate("document.documentElement.scrollHeight")
    assert height < 3 * PHONE["height"], f"a phone turn is {height} px long"
    ARTIFACTS.mkdir(exist_ok=True)
    ann.screenshot(path=str(GUIDE_PICTURES / "room_phone_turn.png"), full_page=False)
    submit.click()
    expect(ann.get_by_text("Your decisions for turn 1 are in.")).to_be_visible()
    expect(facilitator.get_by_text("1 of 2 decided")).to_be_visible()

    # Bob's page still shows turn 1 when the turn is played: his submit is refused, visibly.
    facilitator.get_by_role("button", name="End turn 1 now").click()
    expect(facilitator.get_by_text(re.compile(r"Turn 2 of 2"))).to_be_visible()
    expect(facilitator.locator("svg.standings")).to_have_count(2)
    expect(bob.get_by_text("turn 2 of 2", exact=False)).to_be_visible()
    expect(bob.get_by_text("No decisions in time: the bot decided this turn.")).to_be_visible()
    outcome = ann.get_by_text(re.compile(r"declined #|gave in on #|reversed your decline of #"))
    expect(outcome.first).to_be_visible()

    # A late joiner is told they joined at turn 2, not that they missed a turn.
    late = browser.new_context(viewport=PHONE).new_page()
    watch_errors(late, errors)
    join(late, server, code, "Cy")
    expect(
        late.get_by_text("You joined at turn 2: until then the bot played this seat.")
    ).to_be_visible()

    facilitator.get_by_role("button", name="End turn 2 now").click()
    expect(facilitator.get_by_text("The reveal: throughput", exact=False)).to_be_visible()
    expect(facilitator.locator(".reveal svg")).to_be_visible()
    for name in ("Ann <b>bold</b>", "Bob", "Cy"):
        expect(facilitator.locator(".reveal svg").get_by_text(name, exact=False)).to_have_count(1)
    for link in ("Download the debrief (HTML)", "Download the decision log"):
        assert inside(facilitator.get_by_text(link).bounding_box(), PROJECTOR), link
    facilitator.screenshot(path=str(GUIDE_PICTURES / "room_reveal.png"))
    with facilitator.expect_download() as download:
        facilitator.get_by_text("Download the debrief (HTML)").click()
    debrief = Path(download.value.path()).read_text()
    assert "Ann &lt;b&gt;bold&lt;/b&gt;" in debrief and "viewport" in debrief
    assert not re.search(r"Turn [2-9]: ", debrief), "turns numbered as the game did"
    expect(ann.get_by_text(re.compile("the game is over"))).to_be_visible()
    # The browser logs every refused request (a 4xx) once: the bad field and the seated name,
    # both shown in the page above. Nothing else may reach the console.
    refusals = [e for e in errors if "status of 400" in e and re.search("/api/(open|join)", e)]
    assert len(refusals) == 2 and len(errors) == 2, errors


def test_a_stale_submit_shows_its_refusal(server, browser):
    """A phone that missed the new turn (its stream cut) submits for the old one: refused, and
    the refusal and the new turn are shown."""
    from playwright.sync_api import expect

    facilitator = browser.new_page(viewport=PROJECTOR)
    code = open_room(
        facilitator, server, **{"Seats (product areas": 2, "Turns (1-40)": 3, "Turn timer": 600}
    )
    phone = browser.new_context(viewport=PHONE).new_page()
    join(phone, server, code, "Dee")
    facilitator.get_by_role("button", name="Start the first turn").click()
    expect(phone.locator(".clock")).to_have_text(re.compile(r"\d+:\d\d left"))
    phone.evaluate("() => window.stop()")  # the event stream drops: the page stays on turn 1
    phone.context.set_offline(True)
    facilitator.get_by_role("button", name="End turn 1 now").click()
    expect(facilitator.get_by_text(re.compile(r"Turn 2 of 3"))).to_be_visible()
    phone.context.set_offline(False)
    phone.get_by_role("button", name="Submit decisions").click()
    expect(phone.locator(".refused")).to_contain_text("Turn 1 has been played: here is turn 2.")
    expect(phone.get_by_text("Area 1 (Dee), turn 2 of 3")).to_be_visible()


def test_thirty_seats_fit_the_projector_and_the_reveal_fits_the_screen(server, browser):
    """At 1280x720 every one of 30 seats' bars and labels is on screen, none overlapping."""
    from playwright.sync_api import expect

    facilitator = browser.new_page(viewport=PROJECTOR)
    code = open_room(
        facilitator, server, **{"Seats (product areas": 30, "Turns (1-40)": 2, "Weeks a turn": 4}
    )
    phone = browser.new_context(viewport=PHONE).new_page()
    join(phone, server, code, "A rather long display name, forty chars")
    facilitator.get_by_role("button", name="Start the first turn").click()
    facilitator.get_by_role("button", name="End turn 1 now").click()
    expect(facilitator.locator("svg.standings")).to_have_count(2)
    facilitator.screenshot(path=str(GUIDE_PICTURES / "room_projector_30.png"))
    for chart in range(2):
        labels = facilitator.locator("svg.standings").nth(chart).locator("text.seat-label")
        expect(labels).to_have_count(30)
        boxes = [labels.nth(k).bounding_box() for k in range(30)]
        assert all(inside(b, PROJECTOR) for b in boxes), "a seat's label is off the screen"
        for upper, lower in zip(boxes, boxes[1:], strict=False):
            assert upper["y"] + upper["height"] <= lower["y"] + 1, "labels overlap"
        # Read from the back of the room: the names' rendered size, in screen pixels.
        size = labels.first.evaluate(
            "t => t.getScreenCTM().a * parseFloat(t.getAttribute('font-size'))"
        )
        assert size >= 11, f"seat labels are {size:.1f} px on a 1280x720 projector"
    facilitator.get_by_role("button", name="End turn 2 now").click()
    expect(facilitator.locator(".reveal svg")).to_be_visible()
    svg_box = facilitator.locator(".reveal svg").bounding_box()
    assert inside(svg_box, PROJECTOR), svg_box
    key = facilitator.locator(".reveal svg text", has_text=re.compile(r"^\d+\. .*\(Area \d+\)$"))
    expect(key).to_have_count(30)
    assert all(inside(key.nth(k).bounding_box(), PROJECTOR) for k in range(30))
    for link in ("Download the debrief (HTML)", "Download the decision log"):
        assert inside(facilitator.get_by_text(link).bounding_box(), PROJECTOR), link


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_after_a_restart_pages_reconnect_say_so_and_keep_the_ticks(browser, tmp_path):
    """The server stops mid-turn, after a phone sent its decisions, and starts again on the same
    port and folder: the open pages reconnect by themselves, say the server restarted, and the
    phone says its decisions were lost with it and shows its ticks again. Then, with the pages
    open and the countdown running, the idle server uses under 5% of a core."""
    from playwright.sync_api import expect

    port = free_port()
    with serve_app("room_restart_1.log", cwd=tmp_path, port=port) as url:
        facilitator = browser.new_page(viewport=PROJECTOR)
        code = open_room(facilitator, url, **{"Turn timer": 900})
        phone = browser.new_context(viewport=PHONE).new_page()
        join(phone, url, code, "Eve")
        facilitator.get_by_role("button", name="Start the first turn").click()
        expect(phone.locator(".clock")).to_have_text(re.compile(r"\d+:\d\d left"))
        phone.locator("details.group summary").first.click()
        phone.locator("details.group").first.locator("input[type=checkbox]").first.check()
        phone.get_by_role("button", name="Submit decisions").click()
        expect(phone.get_by_text("Your decisions for turn 1 are in.")).to_be_visible()
        expect(facilitator.get_by_text("1 of 1 decided")).to_be_visible()
    expect(phone.get_by_text("Connection lost: reconnecting")).to_be_visible()
    # The server's console: no traceback, and no library warning repeated on every page load.
    log = (ARTIFACTS / "room_restart_1.log").read_text()
    assert "Traceback" not in log and "Warning" not in log, log[-2000:]
    with serve_app("room_restart_2.log", cwd=tmp_path, port=port) as url:
        expect(phone.get_by_text("The server restarted: your room was restored")).to_be_visible(
            timeout=60_000
        )
        expect(phone.get_by_text("were lost with it", exact=False)).to_be_visible()
        phone.locator("details.group summary").first.click()
        expect(
            phone.locator("details.group").first.locator("input[type=checkbox]").first
        ).to_be_checked()
        expect(phone.get_by_text("Connection lost")).to_have_count(0)
        expect(facilitator.get_by_text("The server restarted", exact=False)).to_be_visible()
        expect(facilitator.get_by_text("0 of 1 decided")).to_be_visible()
        pid = SERVERS[url].pid
        time.sleep(3)
        before, start = cpu_seconds(pid), time.monotonic()
        time.sleep(10)
        share = (cpu_seconds(pid) - before) / (time.monotonic() - start)
        print(f"\nidle room, 2 pages open, countdown running: {share:.1%} of a core")
        assert share < 0.05, f"an idle room uses {share:.1%} of a core"
