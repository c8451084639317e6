"""Load check of a room: ``python -m benchmarks.room_load [sizes=10,30,100] [turns=4]
[browsers=3]`` (or ``make bench-room``).

For each size N it starts ``make app``'s server (``python -m sim.dashboard.server``) in a fresh
folder, opens a room of N seats (timer mode, a long timer: the countdown runs on every page) and
fills it with N participants: ``browsers`` real Chromium phones (Playwright) and the rest plain
HTTP clients that do what the page does (join, read their seat, follow the room's event
stream, read their seat again when the turn changes, submit). Then, turn after turn, every
participant submits and the facilitator ends the turn. Measured, from the server process's own
CPU time (/proc):

- the server's CPU per turn advance: from the facilitator's request until every participant
  shows the new turn (the room's weeks played, every seat sent its new turn, the projector's
  standings read);
- the benchmarks' turn, played ahead in the background while people decide (its CPU follows the
  advance by a few seconds: measured until the server is quiet again);
- a hurried advance: the last turn is ended right after the one before, before the benchmarks
  were played ahead, so their turn is part of the advance (the worst case);
- the server's CPU per submit (the mean over a turn's N submits);
- an idle room: N pages and the projector connected, the countdown running, nobody clicking,
  over 30 s: share of a core;
- time from the facilitator's request until each participant shows the new turn: p50, p95.

Prints a table, writes benchmarks/room_load.json (kept with the code: the measured figures) and
puts the table in the facilitator's guide (between its room-load markers). Not a test: wall-clock
figures depend on the machine and on what else it is doing (the clients run on the same two
cores as the server).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def cpu_seconds(pid: int) -> float:
    """The server process's CPU time so far, threads that ended included (10 ms resolution)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_live(pid: int) -> float:
    """The CPU time of the server's live threads, to the nanosecond (schedstat): for a window
    as short as a few submits, which the 10 ms ticks above would round to nothing or a tick.
    Threads that end in the window are missed: use it only where none does."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):  # a thread that just ended
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Participant:
    """A plain HTTP participant: joins, reads its seat, follows the stream (which brings each
    new turn's view), submits: what the page does."""

    def __init__(self, client, api: str, code: str, name: str):
        self.client, self.api, self.code, self.name = client, api, code, name
        self.token = ""
        self.view: dict = {}
        self.shown: dict[int, float] = {}  # turn -> when its view arrived (monotonic)

    async def join(self) -> None:
        reply = await self.client.post(
            f"{self.api}/join", json={"code": self.code, "name": self.name}
        )
        reply.raise_for_status()
        self.token = reply.json()["token"]
        await self.read()

    async def read(self) -> None:
        reply = await self.client.get(f"{self.api}/{self.code}/seat", params={"token": self.token})
        self.view = reply.json()
        self.shown.setdefault(self.view["turn"], time.monotonic())

    async def follow(self) -> None:
        from httpx_sse import aconnect_sse

        url = f"{self.api}/{self.code}/events"
        async with aconnect_sse(self.client, "GET", url, params={"token": self.token}) as events:
            async for event in events.aiter_sse():
                state = json.loads(event.data)
                if "view" in state:  # a new turn comes with the seat's view, as on a page
                    self.view = state["view"]
                    self.shown.setdefault(self.view["turn"], time.monotonic())
                if state["finished"]:
                    return

    async def submit(self) -> None:
        inbox = self.view.get("inbox") or []
        payload = {
            "token": self.token,
            "turn": self.view["turn"],
            "decline": [r["id"] for r in inbox[:1]],
            "ranking": [],
            "kill": [],
        }
        reply = await self.client.post(f"{self.api}/{self.code}/submit", json=payload)
        reply.raise_for_status()


IDLE_SECONDS = 30


async def projector(client, api: str, code: str, key: str) -> None:
    """The facilitator's page: its stream (who decided, the turn), the standings each turn."""
    from httpx_sse import aconnect_sse

    charted = None
    url = f"{api}/{code}/events"
    async with aconnect_sse(client, "GET", url, params={"key": key}) as events:
        async for event in events.aiter_sse():
            state = json.loads(event.data)
            if state["turn"] != charted and not state["resolving"]:
                charted = state["turn"]
                await client.get(f"{api}/{code}/standings", params={"key": key})
            if state["finished"]:
                return


async def quiet(pid: int, rate: float = 0.05, seconds: float = 0.5, limit: float = 30) -> float:
    """Wait until the server uses under ``rate`` of a core over ``seconds``; its CPU then."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        before = cpu_seconds(pid)
        await asyncio.sleep(seconds)
        if cpu_seconds(pid) - before < rate * seconds:
            break
    return cpu_seconds(pid)


async def room(url: str, pid: int, size: int, turns: int, browsers: int) -> dict:
    import httpx
    from playwright.async_api import async_playwright, expect

    from sim.game.room import LOOKAHEAD_DELAY
    from tests.browser import ARGS, CHROMIUM

    api = url + "play/api"
    limits = httpx.Limits(max_connections=size + 20, max_keepalive_connections=size + 20)
    async with (
        httpx.AsyncClient(timeout=120, limits=limits) as client,
        async_playwright() as p,
    ):
        form = {"seats": size, "turns": turns, "turn_weeks": 13, "timer_seconds": 3600}
        opened = await client.post(f"{api}/open", data={**form, "advance": "timer"})
        opened.raise_for_status()
        code, key = opened.json()["code"], opened.json()["key"]
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        phones = []
        for k in range(min(browsers, size)):
            page = await (
                await browser.new_context(viewport={"width": 390, "height": 844})
            ).new_page()
            await page.goto(url + f"play?room={code}")
            await page.get_by_label("Your name").fill(f"Phone {k + 1}")
            await page.get_by_role("button", name="Join").click()
            await expect(page.get_by_text("turn 1 of", exact=False)).to_be_visible(timeout=60_000)
            phones.append(page)
        people = [
            Participant(client, api, code, f"Client {k + 1}") for k in range(size - len(phones))
        ]
        for person in people:
            await person.join()
        streams = [asyncio.create_task(person.follow()) for person in people]
        # The projector: the facilitator's stream, and the standings once per turn.
        streams.append(asyncio.create_task(projector(client, api, code, key)))
        await client.post(f"{api}/{code}/start", params={"key": key})
        await asyncio.sleep(2)

        # An idle room: every page connected, the countdown running, nobody clicking, for
        # longer than a stream's heartbeat (15 s).
        await quiet(pid)
        before, start = cpu_seconds(pid), time.monotonic()
        await asyncio.sleep(IDLE_SECONDS)
        idle = (cpu_seconds(pid) - before) / (time.monotonic() - start)

        advance, lookahead, submit, arrival, fast = [], [], [], [], []
        for turn in range(1, turns + 1):
            # The last turn is ended at once, before the benchmarks were played ahead (a
            # facilitator in a hurry): their turn is then part of the advance.
            hurry = turn == turns and turns > 1
            if not hurry:
                await quiet(pid)
            before = cpu_live(pid)
            for person in people:  # one after another: the cost of one submit
                await person.submit()
            for page in phones:
                await page.get_by_role("button", name="Submit decisions").click()
                await expect(page.get_by_text(f"decisions for turn {turn} are in")).to_be_visible()
            submit.append((cpu_live(pid) - before) / size)
            if not hurry:
                await quiet(pid)
            before, clicked, epoch = cpu_seconds(pid), time.monotonic(), time.time()
            await client.post(f"{api}/{code}/next", params={"key": key}, json={"turn": turn - 1})
            shown = f"turn {turn + 1} of" if turn < turns else "the game is over"
            waits = [
                expect(page.get_by_text(shown, exact=False)).to_be_visible(timeout=120_000)
                for page in phones
            ]
            await asyncio.gather(*waits)
            drawn = [await page.evaluate(f"window.roomShown[{turn + 1}]") for page in phones]
            target = turn + 1  # a finished game's view says turn N + 1, game over
            while not all(target in person.shown for person in people):
                await asyncio.sleep(0.02)
            (fast if hurry else advance).append(cpu_seconds(pid) - before)
            arrival += [person.shown[target] - clicked for person in people]
            arrival += [when - epoch for when in drawn]
            if not hurry and turn < turns - 1:
                await asyncio.sleep(LOOKAHEAD_DELAY + 0.5)  # the benchmarks' turn, ahead
                lookahead.append(await quiet(pid) - before - advance[-1])
        for stream in streams:
            stream.cancel()
        await browser.close()
    return {
        "participants": size,
        "browsers": len(phones),
        "turns": turns,
        "advance_cpu_s": statistics.median(advance),
        "advance_cpu_max_s": max(advance),
        "lookahead_cpu_s": statistics.median(lookahead),
        "hurried_advance_cpu_s": statistics.median(fast),
        "submit_cpu_ms": 1000 * statistics.median(submit),
        "idle_core_share": idle,
        "new_turn_p50_s": statistics.median(arrival),
        "new_turn_p95_s": percentile(arrival, 0.95),
    }


def main(argv: list[str]) -> int:
    from tests.browser import SERVERS, serve_app

    args = dict(a.split("=", 1) for a in argv)
    sizes = [int(n) for n in args.get("sizes", "10,30,100").split(",")]
    turns, browsers = int(args.get("turns", 4)), int(args.get("browsers", 3))
    os.environ.setdefault("CI", "")  # the server helper fails loudly only in CI
    results = []
    print(f"Load check: rooms of {sizes} participants ({browsers} in Chromium), {turns} turns")
    for size in sizes:
        with (
            tempfile.TemporaryDirectory() as folder,
            serve_app(f"room_load_{size}.log", Path(folder)) as url,
        ):
            results.append(asyncio.run(room(url, SERVERS[url].pid, size, turns, browsers)))
        print(table(results[-1:], header=len(results) == 1))
    (HERE / "room_load.json").write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + table(results))
    if sizes == [10, 30, 100]:  # the guide quotes the full check only
        write_guide(results)
    return 0


GUIDE = HERE.parent / "docs" / "guides" / "facilitator.md"
MARKERS = ("<!-- room-load: start -->", "<!-- room-load: end -->")


def write_guide(results: list[dict]) -> None:
    """The guide's load table, replaced by these results (the one source of its figures)."""
    text = GUIDE.read_text()
    head, rest = text.split(MARKERS[0])
    _, tail = rest.split(MARKERS[1])
    GUIDE.write_text(f"{head}{MARKERS[0]}\n{table(results)}\n{MARKERS[1]}{tail}")


COLUMNS = (
    ("participants", "participants", "{:d}"),
    ("advance_cpu_s", "CPU per advance (s)", "{:.2f}"),
    ("lookahead_cpu_s", "CPU after: benchmarks ahead (s)", "{:.2f}"),
    ("hurried_advance_cpu_s", "CPU per hurried advance (s)", "{:.2f}"),
    ("submit_cpu_ms", "CPU per submit (ms)", "{:.2f}"),
    ("idle_core_share", "idle room (core)", "{:.1%}"),
    ("new_turn_p50_s", "new turn p50 (s)", "{:.2f}"),
    ("new_turn_p95_s", "new turn p95 (s)", "{:.2f}"),
)


def table(results: list[dict], header: bool = True) -> str:
    """The results as a Markdown table (the facilitator's guide quotes it)."""
    lines = []
    if header:
        lines.append("| " + " | ".join(title for _, title, _ in COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
    for r in results:
        lines.append("| " + " | ".join(f.format(r[k]) for k, _, f in COLUMNS) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
