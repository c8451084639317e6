"""Load check of a room: ``python -m benchmarks.room_load [participants=30] [turns=4]``
(or ``make bench-room``).

Starts ``make app``'s server, opens a room with one seat per participant in Debian's Chromium
(Playwright), and has every scripted participant join in a browser context of its own, decide
(decline the first request of its inbox) and submit, for each turn. The facilitator ends each
turn; the time from the click on "End turn" until each participant's page shows the new turn is
recorded. Every participant is a Chromium renderer of its own on this machine: with 30 on two
cores the browsers, not the server, are most of the load, and a page whose connection drops is
reported as where the run stopped. Prints the p50 and p95 of those times (over participants
and turns) and the server's memory (resident set) after the last turn, and writes
benchmarks/room_load.json (not tracked). Not a test:
wall-clock figures depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def scenario(url: str, participants: int, turns: int) -> dict:
    from playwright.async_api import async_playwright, expect

    from tests.browser import ARGS, CHROMIUM

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        facilitator = await (await browser.new_context()).new_page()
        await facilitator.goto(url + "play", wait_until="networkidle")
        await facilitator.get_by_role("button", name="Open a room (facilitator)").click()
        seats = facilitator.get_by_label("Seats (product areas, 1-30)")
        await seats.fill(str(participants))
        await facilitator.get_by_label("Turns (1-40)").fill(str(turns))
        await facilitator.locator(".v-select").filter(has_text="A turn ends").click()
        await facilitator.get_by_role("option", name="facilitator").click()
        await facilitator.get_by_role("button", name="Open the room").click()
        await expect(facilitator.locator(".room-code")).to_be_visible(timeout=120_000)
        code = (await facilitator.locator(".room-code").inner_text()).strip()

        async def join(k: int):
            page = await (
                await browser.new_context(viewport={"width": 390, "height": 844})
            ).new_page()
            await page.goto(url + f"play?room={code}", wait_until="networkidle")
            await page.get_by_label("Your name").fill(f"P{k}")
            await page.get_by_role("button", name="Join").click()
            await expect(page.get_by_text("turn 1 of", exact=False)).to_be_visible(timeout=120_000)
            return page

        pages = []
        for k in range(participants):  # one at a time: 30 people do not press Join at once
            pages.append(await join(k))
        await facilitator.get_by_role("button", name="Start the first turn").click()
        seconds: list[float] = []
        failure = ""
        for turn in range(1, turns + 1):

            async def decide(page, turn=turn):
                boxes = page.locator("label", has_text="claims")
                if await boxes.count():
                    await boxes.first.click()
                await page.get_by_role("button", name="Submit decisions").click()
                await expect(page.get_by_text(f"decisions for turn {turn} are in")).to_be_visible(
                    timeout=120_000
                )

            try:
                await asyncio.gather(*(decide(page) for page in pages))
            except AssertionError as exc:  # a page lost its session: report how far it got
                failure = f"turn {turn}: {str(exc).splitlines()[0]}"
                break
            clicked = time.monotonic()
            await facilitator.get_by_role("button", name=f"End turn {turn} now").click()
            shown = f"turn {turn + 1} of" if turn < turns else "the game is over"

            async def arrival(page, shown=shown, clicked=clicked):
                await expect(page.get_by_text(shown, exact=False)).to_be_visible(timeout=300_000)
                return time.monotonic() - clicked

            times = await asyncio.gather(*(arrival(page) for page in pages))
            print(f"turn {turn}: p50 {statistics.median(times):.1f} s, max {max(times):.1f} s")
            seconds += times
        await browser.close()
    return {"seconds": seconds, "failure": failure}


def main(argv: list[str]) -> int:
    from tests.browser import SERVERS, serve_app

    args = dict(a.split("=", 1) for a in argv)
    participants, turns = int(args.get("participants", 30)), int(args.get("turns", 4))
    import tempfile

    os.environ.setdefault("CI", "")  # the server helper fails loudly only in CI
    with tempfile.TemporaryDirectory() as folder, serve_app("room_load.log", Path(folder)) as url:
        result = asyncio.run(scenario(url, participants, turns))
        memory = rss_mb(SERVERS[url].pid)
    times = sorted(result["seconds"]) or [float("nan")]
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    report = {
        "participants": participants,
        "turns": turns,
        "turns_measured": len(result["seconds"]) // max(participants, 1),
        "next_turn_to_page_p50_s": p50,
        "next_turn_to_page_p95_s": p95,
        "server_rss_mb": memory,
        "failure": result["failure"],
    }
    (HERE / "room_load.json").write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"{participants} participants, {report['turns_measured']} of {turns} turns: End turn to "
        f"every page showing the new turn p50 {p50:.1f} s, p95 {p95:.1f} s; server memory "
        f"{memory:.0f} MB" + (f"; stopped at {result['failure']}" if result["failure"] else "")
    )
    return 0 if not result["failure"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
