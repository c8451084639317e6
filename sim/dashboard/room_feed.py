"""What wakes a room's open pages: one watcher for the whole server, not one per page.

A room counts two kinds of change: its ``stage`` (the lobby closed, a turn resolving, a new turn,
the game over), which every page of the room needs, and its ``version`` (also every join and
every submit), which only the facilitator's page needs. One task polls the open rooms' counters
a few times a second and wakes the streams waiting on what moved, so a submit wakes the
facilitator alone: its cost does not grow with the room, and an idle room costs nothing but
that poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sim.game.room import RoomError

LOG = logging.getLogger(__name__)
#: How often the watcher reads the rooms' counters: a page sees a change within this.
POLL_SECONDS = 0.1


class Feed:
    """The events the room's streams wait on, keyed by (room code, "stage" or "version")."""

    def __init__(self, rooms):
        self.rooms = rooms
        self._events: dict[tuple[str, str], asyncio.Event] = {}
        self._seen: dict[tuple[str, str], int] = {}
        self._watcher: asyncio.Task | None = None

    async def changed(self, code: str, kind: str, seen: int, timeout: float) -> None:
        """Wait until the room's ``kind`` counter is no longer ``seen``, or ``timeout`` passes.

        The caller read ``seen`` before it last looked at the room: a change since then returns
        at once (nothing runs on this loop between the check and the wait)."""
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._watch())
        if self._counter(code, kind) != seen:
            return
        event = self._events.setdefault((code, kind), asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    def _counter(self, code: str, kind: str) -> int:
        try:
            return getattr(self.rooms.find(code), kind)
        except RoomError:
            return -1  # the room is gone (finished and closed): wake its pages

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                for key in list(self._events):
                    now = self._counter(*key)
                    if now != self._seen.get(key):
                        self._seen[key] = now
                        # Every waiter of the old event wakes; later ones wait on a new one.
                        self._events.pop(key).set()
            except Exception:  # never let the one watcher die: pages would wait for nothing
                LOG.exception("the room feed's watcher")
