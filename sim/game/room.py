"""A room: one organization whose product owners' seats people play, turn by turn.

The facilitator opens a room (an organization, the governance each seat plays under, the number
of turns, a turn's length in weeks, the timer and how turns advance) and gets a short code.
Participants join with the code and a display name and take a seat: one product area's owner. A
seat nobody takes is played by its governance's rules (a bot). Each turn, every participant
decides for their seat (admit or decline each waiting request, rank the backlog, mark work to
kill); then the model plays the turn's weeks under the same rules as always. A seat whose
participant has not decided when the turn is played gets the bot's decisions for that turn.

Fair by construction: every seat, played by a person or by a bot, and every owner of the two
benchmark organizations decides at the same turn boundaries; between them requests wait. So a
seat whose person submits what the bot would decide earns exactly what the bot earns. Two
warm-up turns, played weekly by every seat's governance, fill the backlogs before the first turn
people play (the requests of the warm-up's last half turn wait for their first decisions).

Two benchmark organizations face the very same requests (same seed, same organization: common
random numbers) with every owner a bot: the ticket coordinator and the empowered owner. Every
decision and its outcome is written to the room's decision log (JSON lines), which replays as a
policy (``python -m sim policy=replay:PATH``).

Rooms live in a server-side store shared by every browser session, guarded by locks.
"""

# Longer than 300 lines: one class, the room, whose every action (join, submit, play a turn,
# log it) takes the same lock; the store (sim.game.store) and views (sim.game.views) are apart.
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sim.config import to_dict
from sim.engine.decisions import Decisions, Outcome, set_played
from sim.engine.model import Organization
from sim.engine.periods import QUARTER
from sim.game.setup import MIXES, RoomError, benchmark_config, room_config
from sim.game.views import (
    BENCHMARKS,
    benchmark_results,
    pressure_messages,
    seat_view,
    standings,
    turn_results,
)

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: read aloud and typed on phones
WARMUP_TURNS = 2
#: How a turn ends: the facilitator's Next turn only; also when every joined seat has decided;
#: also when the timer runs out (the facilitator can always end a turn).
ADVANCE = ("facilitator", "all decided", "timer")
MAX_SEATS = 100
#: Seconds after a turn is played before the benchmarks' next turn is played ahead: the pages
#: get their new turn first (a turn ended sooner plays the benchmarks then, as part of it).
LOOKAHEAD_DELAY = 2.0


class NameTaken(RoomError):
    """A display name already seated in the room: the same person, or someone else?"""


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(4))


@dataclass
class Seat:
    """One product owner's seat: the area, its governance and who plays it."""

    area: int
    name: str
    governance: str
    player: str | None = None
    token: str | None = None  # lets a participant who closed the tab come back to the seat
    joined_turn: int = 0  # the turn (1-based) being decided when the participant sat down
    decisions: Decisions | None = None  # this turn's, once submitted
    messages: list[str] = field(default_factory=list)  # what came of last turn's decisions


class Room:
    """The state of one game (thread-safe: every method takes the room's lock)."""

    def __init__(
        self,
        seats: int = 4,
        mix: str = "coordinator",
        turns: int = 8,
        turn_weeks: int = QUARTER,
        timer_seconds: int = 300,
        seed: int = 0,
        organization: dict | None = None,
        log_dir: Path = Path("outputs/rooms"),
        taken_codes: tuple[str, ...] = (),
        advance: str = "timer",
    ):
        if advance not in ADVANCE:
            raise RoomError(f"advance={advance!r}: allowed: " + ", ".join(ADVANCE))
        if mix not in MIXES:
            raise RoomError(f"mix={mix!r}: allowed: " + ", ".join(MIXES))
        if not 1 <= seats <= MAX_SEATS or not 1 <= turns <= 40 or not 1 <= turn_weeks <= 52:
            raise RoomError(f"allowed: 1-{MAX_SEATS} seats, 1-40 turns, 1-52 weeks a turn")
        if not 10 <= timer_seconds <= 3600:
            raise RoomError(f"timer={timer_seconds}: allowed: 10 to 3600 seconds")
        if organization is not None and not 1 <= len(organization.get("areas") or []) <= MAX_SEATS:
            raise RoomError(
                f"An organization file for a room needs 1 to {MAX_SEATS} areas (the seats)."
            )
        taken = set(taken_codes)
        code = next(c for c in iter(new_code, None) if c not in taken)
        config = room_config(seats, mix, (turns + WARMUP_TURNS) * turn_weeks, seed, organization)
        # The facilitator's page needs this key, not just the code.
        key = secrets.token_urlsafe(12)
        self._build(config, code, key, turns, turn_weeks, timer_seconds, advance, Path(log_dir))
        self._log(
            {
                "type": "room",
                "code": self.code,
                "facilitator_key": self.facilitator_key,
                "turn_weeks": turn_weeks,
                "turns": turns,
                "timer_seconds": timer_seconds,
                "advance": advance,
                "warmup_turns": WARMUP_TURNS,
                "played_from": self.played_from,
                "config": to_dict(self.config),
            }
        )

    def _build(self, config, code, key, turns, turn_weeks, timer_seconds, advance, log_dir):
        """The room's state up to its first turn: models, seats, the warm-up."""
        self.code, self.facilitator_key = code, key
        self.turns, self.turn_weeks, self.timer_seconds = turns, turn_weeks, timer_seconds
        self.advance = advance
        self.resolving = False  # a turn is being played (the pages say so)
        self.version = 0  # bumped on every change a page shows: pages redraw only then
        self.stage = 0  # bumped when every page must redraw: started, resolving, a new turn
        self.restoring = False  # replaying the log after a restart: nothing is logged again
        self.lock = threading.RLock()
        self.config = config
        self.model = Organization(self.config)
        owners = self.model.product_owner_list
        self.seats = [
            Seat(i, name, owner.governance.name)
            for i, (name, owner) in enumerate(zip(self.model.area_names, owners, strict=True))
        ]
        self.benchmarks = {
            name: Organization(benchmark_config(self.config, name)) for name in BENCHMARKS
        }
        # The benchmarks never depend on people: each turn of theirs is played ahead, in the
        # background while people decide, so a turn's advance plays the room's model alone.
        self._benchmark_lock = threading.Lock()
        self._benchmark_results: list[dict] = []  # per played turn: each benchmark's areas
        self._lookahead: threading.Timer | None = None
        # The last third of a turn of the warm-up: its requests wait for the first decisions.
        warmup = WARMUP_TURNS * turn_weeks
        self.played_from = warmup - turn_weeks // 3 + 1  # the first week (1-based) played
        self._step_weeks(self.played_from - 1)
        for model in (self.model, *self.benchmarks.values()):
            for owner in model.product_owner_list:
                owner.played = True  # from now on every seat decides at turn boundaries
        self._step_weeks(warmup - self.played_from + 1)
        self.turn = 0
        self.started = False  # the lobby: people join; the first turn's timer starts on "Start"
        self.deadline = float("inf")
        self.history: list[dict] = []  # per turn: each seat's and benchmark's results
        self.log_path = Path(log_dir) / f"room_{self.code}.jsonl"
        self._look_ahead(0, delay=0)  # the benchmarks' first turn, while people join

    def _log(self, entry: dict) -> None:
        if self.restoring:
            return
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # The header creates the log; a log of that name from another room is never appended to.
        with self.log_path.open("x" if entry.get("type") == "room" else "a") as log:
            log.write(json.dumps(entry) + "\n")

    # -- participants

    def join(
        self, code: str, name: str, seat: int | None = None, *, token: str = "", same: bool = False
    ) -> tuple[int, str]:
        """Take a seat; return (seat, rejoin token).

        A participant who comes back is given their seat again: by the token their device kept,
        or by their name when they confirm (``same``) that the person already seated under it
        is them. A name already seated is refused otherwise (NameTaken), so two people never
        share a name in the standings. Else the first free seat, unless one is given.
        """
        name = " ".join(str(name).split())[:40]
        with self.lock:
            if str(code).strip().upper() != self.code:
                raise RoomError("That room code is not this room's.")
            for s in self.seats:
                if token and s.token == token:
                    return s.area, token
            if not name:
                raise RoomError("Please give a display name.")
            mine = [s for s in self.seats if s.player and s.player.casefold() == name.casefold()]
            if mine and same:
                return mine[0].area, str(mine[0].token)
            if mine:
                raise NameTaken(
                    f"{mine[0].player} is already seated ({mine[0].name}). If that is you, "
                    "say so to get your seat back; if not, choose another name."
                )
            free = [s.area for s in self.seats if s.player is None]
            if seat is None:
                if not free:
                    raise RoomError("Every seat is taken.")
                seat = free[0]
            if seat not in free:
                raise RoomError("That seat is taken.")
            token = secrets.token_urlsafe(12)
            joined = self.turn + 1 if self.started else 0
            taken = self.seats[seat]
            taken.player, taken.token, taken.joined_turn = name, token, joined
            self._log(
                {"type": "join", "seat": seat, "player": name, "token": token, "turn": joined}
            )
            self.version += 1
            return seat, token

    def rejoin(self, token: str) -> int:
        """The seat of a returning participant (by the token the page kept).

        Without the lock, on purpose: a seat's token is set once, and the web server asks this
        on its event loop, which must not wait for a turn being played."""
        for seat in self.seats:
            if token and seat.token == token:
                return seat.area
        raise RoomError("That seat is not yours any more.")

    def waiting(self, seat: int) -> list[int]:
        """The requests waiting for the seat's decision."""
        with self.lock:
            return [int(i) for i in self.model.product_owner_list[seat].waiting]

    def submit(self, seat: int, decisions: Decisions, turn: int | None = None) -> None:
        """Take a seat's decisions for ``turn`` (1-based, as the page showed it).

        Decisions made on a turn that has been played since are refused, never applied to
        another turn.
        """
        with self.lock:
            if self.finished:
                raise RoomError("The game is over.")
            if turn is not None and turn != self.turn + 1:
                raise RoomError(
                    f"Turn {turn} has been played: here is turn {self.turn + 1}. "
                    "Your decisions were not used; decide again."
                )
            self.seats[seat].decisions = decisions
            self.version += 1

    # -- the turn

    @property
    def finished(self) -> bool:
        return self.turn >= self.turns

    def decided(self) -> list[tuple[str, str, bool]]:
        """Who has decided this turn: (seat, player, decided) for seats with a participant.

        Without the lock, on purpose (a snapshot of attributes, as rejoin): the facilitator's
        stream asks it on the event loop while a turn may be in play."""
        return [(s.name, s.player, s.decisions is not None) for s in self.seats if s.player]

    def start(self) -> None:
        """Close the lobby: the first turn's timer starts now."""
        with self.lock:
            if not self.started:
                self.started = True
                self.deadline = time.time() + self.timer_seconds
                self._log({"type": "start"})
                self.version += 1
                self.stage += 1

    def next_turn(self, expected: int) -> str:
        """The facilitator's Next turn for turn ``expected`` (0-based): play it, or say why not."""
        if self.play_turn(expected):
            return f"Turn {expected + 1} has been played."
        if self.finished:
            return "The game is over."
        # A second click, or the timer was first: nothing is wrong, the room is on the next turn.
        return f"Turn {self.turn + 1} is on (turn {expected + 1} was played just before)."

    def play_turn(self, expected: int | None = None) -> bool:
        """Resolve the turn: decisions (or the bot's) applied, then the turn's weeks played.

        ``expected``: the turn the caller saw (0-based); if the room has moved on (a double
        click, or the timer just played it), nothing happens. Returns whether a turn was played.
        """
        with self.lock:
            if expected is not None and expected != self.turn:
                return False
            if self.finished:
                raise RoomError("The game is over.")
            self.started, self.resolving = True, True
            self.version += 1
            self.stage += 1
            try:
                self._play({s.area: s.decisions for s in self.seats if s.player})
            finally:
                self.resolving = False
                self.version += 1
                self.stage += 1
            return True

    def _play(self, decisions: dict[int, Decisions | None]) -> None:
        """Every seat decides now (a person's decisions, else the bot's), then the weeks play."""
        seats = self.seats
        every = [s.area for s in seats]
        self._log({"type": "turn", "turn": self.turn + WARMUP_TURNS, "played": every})
        set_played(self.model, every, decisions)
        before = self._counts()
        for _ in range(self.turn_weeks):
            self.model.step()
        after = self._counts()
        self.benchmarks_ahead(self.turn)
        for seat in seats:
            outcomes = self.model.last_outcomes.get(seat.area, [])
            self._record(seat, outcomes)
            seat.messages = [o.message for o in outcomes if o.decision != "admit"]
            seat.messages += pressure_messages(before[seat.area], after[seat.area])
            seat.decisions = None
        self.history.append(turn_results(self, self._benchmark_results[self.turn]))
        self.turn += 1
        self.deadline = time.time() + self.timer_seconds
        if not self.finished and not self.restoring:
            self._look_ahead(self.turn, LOOKAHEAD_DELAY)

    def _look_ahead(self, turn: int, delay: float) -> None:
        """Play the benchmarks' ``turn`` in the background, ``delay`` seconds from now."""
        self._lookahead = threading.Timer(delay, self.benchmarks_ahead, (turn,))
        self._lookahead.daemon = True
        self._lookahead.start()

    def benchmarks_ahead(self, turn: int) -> None:
        """Play the benchmarks up to the end of ``turn`` (0-based), if not played yet.

        Their bots decide at the same turn boundaries as the room's seats (common random
        numbers: the same requests), and nothing people do reaches them.
        """
        every = [s.area for s in self.seats]
        with self._benchmark_lock:
            while len(self._benchmark_results) <= turn:
                for bot in self.benchmarks.values():
                    set_played(bot, every, {})
                    for _ in range(self.turn_weeks):
                        bot.step()
                self._benchmark_results.append(benchmark_results(self))

    def ready(self) -> bool:
        """Whether the turn should be played now, by the room's way of advancing."""
        if self.finished or not self.started or self.advance == "facilitator":
            return False
        if time.time() >= self.deadline:
            return True
        joined = [s for s in self.seats if s.player]
        return (
            self.advance == "all decided"
            and bool(joined)
            and all(s.decisions is not None for s in joined)
        )

    def play_if_ready(self) -> bool:
        """Play the turn if the room's way of advancing says so (the room clock calls this)."""
        with self.lock:
            return self.ready() and self.play_turn()

    def _step_weeks(self, weeks: int) -> None:
        """The warm-up: the room's model and the benchmarks, week by week."""
        for _ in range(weeks):
            self.model.step()
            for bot in self.benchmarks.values():
                bot.step()

    def _counts(self) -> list[tuple[int, int]]:
        """Per area: pushes over its items, and items that jumped the queue, so far."""
        work = self.model.work
        return [
            (int(work.pushes[mine].sum()), int(work.jumped[mine].sum()))
            for mine in (work.product_owner == s.area for s in self.seats)
        ]

    def _record(self, seat: Seat, outcomes: list[Outcome]) -> None:
        """Write the seat's decisions and outcomes to the log (turn numbers as in the model)."""
        turn = self.turn + WARMUP_TURNS
        base = {"turn": turn, "seat": seat.area, "player": seat.player}
        if seat.player is not None and seat.decisions is not None:
            # The replay needs to know a person decided, even if nothing changed.
            self._log({**base, "decision": "submit", "initiative": -1, "outcome": "submitted"})
            for i in seat.decisions.admit:
                self._log({**base, "decision": "admit", "initiative": i, "outcome": "admitted"})
            if seat.decisions.ranking:
                self._log(
                    {
                        **base,
                        "decision": "rank",
                        "initiative": -1,
                        "outcome": "ranked",
                        "ranking": seat.decisions.ranking,
                    }
                )
        for o in outcomes:
            if o.decision in ("decline", "kill", "bot"):
                self._log(
                    {
                        **base,
                        "decision": o.decision,
                        "initiative": o.initiative,
                        "outcome": o.outcome,
                    }
                )

    # -- what the pages show (sim.game.views)

    def standings(self) -> list[dict]:
        with self.lock:
            return standings(self)

    def view(self, seat: int) -> dict:
        with self.lock:
            return seat_view(self, seat)
