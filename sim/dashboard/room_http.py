"""What the room's web handlers share: the replies that carry a refusal, reading a request's
JSON, finding the room and the seat (or the facilitator's key) a request is for, and the state
every page of a room is sent."""

from __future__ import annotations

import hmac
import time
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse

from sim.dashboard.room_feed import Feed
from sim.game.room import NameTaken, Room, RoomError
from sim.game.store import ROOMS

#: Changes with every start of the server: a page that sees a new one says the server restarted.
BOOT = uuid.uuid4().hex[:8]
FEED = Feed(ROOMS)


def refused(exc: Exception, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": str(exc), "name_taken": isinstance(exc, NameTaken)}, status)


async def body(request: Request) -> dict:
    try:
        data = await request.json()
    except ValueError:
        raise RoomError("The request was not JSON.") from None
    if not isinstance(data, dict):
        raise RoomError("The request was not a JSON object.")
    return data


def facilitated(request: Request) -> Room:
    """The room of a facilitator's request (its key checked)."""
    room = ROOMS.find(request.path_params["code"])
    if not hmac.compare_digest(request.query_params.get("key", ""), room.facilitator_key):
        raise PermissionError("This page needs the facilitator's key (the address it opened at).")
    return room


def seated(request: Request, token: str) -> tuple[Room, int]:
    room = ROOMS.find(request.path_params["code"])
    return room, room.rejoin(token)


def stage_state(room: Room) -> dict:
    """What every page of the room needs: the turn and its deadline, the room's stage."""
    started = room.started and room.deadline < float("inf")
    return {
        "stage": room.stage,
        "turn": room.turn + 1,
        "turns": room.turns,
        "started": room.started,
        "resolving": room.resolving,
        "finished": room.finished,
        "advance": room.advance,
        "deadline": room.deadline if started else None,
        "now": time.time(),
        "boot": BOOT,
    }
