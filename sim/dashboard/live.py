"""What keeps a game page live: a redraw when the room changes, and a countdown on its own.

Each hook's thread ends when the session's page goes (Solara sets ``cancel``), so a closed tab
leaves no thread behind.
"""

from __future__ import annotations

import threading
import time

import solara

from sim.game.room import Room, RoomError
from sim.game.store import ROOMS


def use_clock(seconds: float = 1.0) -> int:
    """Re-render this component every ``seconds`` (a countdown: keep such components small)."""
    tick = solara.use_reactive(0)

    def run(cancel: threading.Event):
        # Ends when the session's page goes (Solara sets ``cancel``), so a closed tab leaves
        # no thread behind.
        while not cancel.wait(seconds):
            tick.set(tick.value + 1)

    solara.use_thread(run, dependencies=[])
    return tick.value


def use_room_version(code: str, seconds: float = 0.25) -> int:
    """Re-render this component when the room changes (a join, a decision, a new turn), not
    every second: a page redraws only what moved, so twenty pages cost the server little."""
    version = solara.use_reactive(-1)

    def run(cancel: threading.Event):
        while not cancel.wait(seconds):
            try:
                now = ROOMS.find(code).version
            except RoomError:
                now = -2
            if now != version.value:
                version.set(now)

    solara.use_thread(run, dependencies=[code])
    return version.value


@solara.component
def Countdown(room: Room, prefix: str = "", classes: list[str] | None = None):
    """The seconds left in the turn, redrawn every second on its own."""
    use_clock()
    left = max(0, int(room.deadline - time.time()))
    solara.Text(f"{prefix}{left} s left", classes=classes or [])
