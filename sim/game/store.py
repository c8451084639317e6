"""The server's rooms: a store shared on purpose by every session, rebuilt from the logs.

The decision logs are the source of truth: on start the store rebuilds every unfinished room from
its log (the replay reproduces a room exactly), so seat and facilitator links work again after a
restart. One clock thread for the whole store plays a room's turn when its way of advancing says
so (the pages only read).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path

from sim.game.room import Room, RoomError


def restore_room(path: Path) -> Room:
    """Rebuild a room from its decision log (the source of truth), after a restart.

    The same configuration and world, the same joins (seat links keep working), the same
    decisions at the same turns: the replay reproduces the room exactly. Decisions submitted
    for a turn that had not been played are not in the log: those seats decide again.
    """
    from sim.config import from_dict
    from sim.config.replay import read_log

    path = Path(path)
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    header = lines[0]
    room = Room.__new__(Room)
    room._build(
        from_dict(header["config"]),
        header["code"],
        header["facilitator_key"],
        int(header["turns"]),
        int(header["turn_weeks"]),
        int(header["timer_seconds"]),
        header["advance"],
        path.parent,
    )
    for entry in lines:
        if entry.get("type") == "join":
            seat = room.seats[int(entry["seat"])]
            seat.player, seat.token = entry["player"], entry["token"]
            seat.joined_turn = int(entry.get("turn", 0))
        elif entry.get("type") == "start":
            room.started = True
    log = read_log(f"replay:{path}")
    room.restoring = True
    try:
        for turn in sorted(log.played_in):
            decisions = {s.area: log.decisions.get((turn, s.area)) for s in room.seats}
            room._play(decisions)
    finally:
        room.restoring = False
    room.started = room.started or room.turn > 0
    room.deadline = time.time() + room.timer_seconds if room.started else float("inf")
    return room


class Rooms:
    """The server-side store of open rooms (shared on purpose by every session; locked).

    On creation it rebuilds every unfinished room from the decision logs in ``log_dir`` (a
    restart loses no room). One clock thread for the whole store plays each room's turn when
    its way of advancing says so; it stops when the store is closed.
    """

    def __init__(self, log_dir: Path = Path("outputs/rooms"), clock_seconds: float = 1.0):
        self.log_dir = Path(log_dir)
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._clock: threading.Thread | None = None
        self.clock_seconds = clock_seconds
        self.restore_errors: dict[str, str] = {}
        for path in sorted(self.log_dir.glob("room_*.jsonl")):
            try:
                room = restore_room(path)
            except Exception as exc:  # a damaged log is reported, never fatal for the others
                self.restore_errors[path.name] = f"{type(exc).__name__}: {exc}"
                continue
            if not room.finished:
                self._rooms[room.code] = room
        if self._rooms:
            self._start_clock()

    def open(self, **settings) -> Room:
        settings.setdefault("log_dir", self.log_dir)
        with self._lock:
            room = Room(**settings, taken_codes=tuple(self._rooms) + self._logged_codes())
            self._rooms[room.code] = room
        self._start_clock()
        return room

    def _logged_codes(self) -> tuple[str, ...]:
        """Codes of every log on disk (finished rooms too): a new room never reuses one."""
        return tuple(p.stem.removeprefix("room_") for p in self.log_dir.glob("room_*.jsonl"))

    def find(self, code: str) -> Room:
        """The open room of that code; a finished room's log is read again when asked for (its
        reveal and downloads after a restart), else "No room has that code"."""
        code = str(code).strip().upper()
        with self._lock:
            room = self._rooms.get(code)
        if (
            room is None
            and code.isalpha()
            and (path := self.log_dir / f"room_{code}.jsonl").is_file()
        ):
            try:
                room = restore_room(path)
            except Exception as exc:  # a damaged log: the room is gone, said plainly
                raise RoomError(f"Room {code} could not be read back from its log.") from exc
            with self._lock:
                room = self._rooms.setdefault(code, room)
        if room is None:
            raise RoomError("No room has that code.")
        return room

    def _start_clock(self) -> None:
        with self._lock:
            if self._clock is None or not self._clock.is_alive():
                self._clock = threading.Thread(target=self._tick, name="room-clock", daemon=True)
                self._clock.start()

    def _tick(self) -> None:
        while not self._stop.wait(self.clock_seconds):
            with self._lock:
                rooms = list(self._rooms.values())
            for room in rooms:
                with contextlib.suppress(RoomError):  # a game over has nothing to play
                    room.play_if_ready()

    def close(self) -> None:
        """Stop the clock (the rooms stay on disk)."""
        self._stop.set()
        if self._clock is not None:
            self._clock.join(timeout=5)


ROOMS = Rooms()
