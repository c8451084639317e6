"""The room's web routes: a small static client at ``/play`` and the JSON it exchanges.

The browser draws every page of the room (``sim/dashboard/static/room``); the server sends it
small JSON: a seat's view when its turn changes, and a stream of server-sent events that says
when that happens. A participant's stream carries only its seat's state and the room's stage;
the facilitator's stream also carries who has decided. The room's state stays in ``sim.game``;
these handlers only translate HTTP to its methods and its refusals (RoomError) to a 4xx reply
whose ``error`` the page shows as it is.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from sim.config import ConfigError
from sim.dashboard import room_projector as projector
from sim.dashboard.room_http import BOOT, FEED, body, facilitated, refused, seated, stage_state
from sim.engine.decisions import Decisions
from sim.game.room import ADVANCE, MAX_SEATS, MIXES, RoomError
from sim.game.setup import org_files, organization_from_upload, whole_number
from sim.game.store import ROOMS

STATIC = Path(__file__).parent / "static" / "room"
#: A stream sends a heartbeat at least this often (proxies close silent connections).
HEARTBEAT_SECONDS = 15


# -- pages


def _page() -> str:
    """The client's page, its script and style addressed by their content's hash: a browser
    that kept an old copy fetches the new one after an upgrade."""
    text = (STATIC / "index.html").read_text()
    for name in ("room.js", "room.css"):
        digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
        text = text.replace(f"/play/static/{name}", f"/play/static/{name}?v={digest}")
    return text


async def page(request: Request) -> Response:
    return HTMLResponse(_page(), headers={"Cache-Control": "no-cache"})


async def options(request: Request) -> Response:
    """What the facilitator's form offers."""
    return JSONResponse(
        {
            "mixes": list(MIXES),
            "advance": list(ADVANCE),
            "organizations": ["(numbered areas)", *org_files()],
            "max_seats": MAX_SEATS,
        }
    )


async def open_room(request: Request) -> Response:
    """Open a room from the facilitator's form: every field checked by name."""
    form = await request.form()
    try:
        numbers = {
            "seats": whole_number("Seats", form.get("seats", ""), 1, MAX_SEATS),
            "turns": whole_number("Turns", form.get("turns", ""), 1, 40),
            "turn_weeks": whole_number("Weeks a turn", form.get("turn_weeks", ""), 1, 52),
            "timer_seconds": whole_number(
                "Turn timer (seconds)", form.get("timer_seconds", ""), 10, 3600
            ),
        }
        organization = None
        upload = form.get("file")
        chosen = str(form.get("organization", ""))
        if upload is not None and getattr(upload, "filename", ""):
            organization = organization_from_upload(upload.filename, await upload.read())
        elif chosen in (files := org_files()):
            organization = organization_from_upload(chosen, files[chosen].read_bytes())
        room = await run_in_threadpool(
            ROOMS.open,
            **numbers,
            mix=str(form.get("mix", "coordinator")),
            advance=str(form.get("advance", "timer")),
            organization=organization,
        )
    except (RoomError, ConfigError) as exc:
        return refused(exc)
    return JSONResponse({"code": room.code, "key": room.facilitator_key})


async def join(request: Request) -> Response:
    try:
        data = await body(request)
        room = ROOMS.find(str(data.get("code", "")))
        seat, token = await run_in_threadpool(
            room.join,
            room.code,
            str(data.get("name", "")),
            token=str(data.get("token") or ""),
            same=bool(data.get("same")),
        )
    except RoomError as exc:
        return refused(exc)
    return JSONResponse({"code": room.code, "seat": seat, "token": token})


async def seat_view(request: Request) -> Response:
    try:
        room, seat = seated(request, request.query_params.get("token", ""))
    except RoomError as exc:
        return refused(exc, 404)
    view = await run_in_threadpool(room.view, seat)  # waits for a turn being played
    return JSONResponse({**view, "boot": BOOT, "now": time.time()})


async def submit(request: Request) -> Response:
    """A seat's decisions for the turn its page showed; a played turn's are refused (409)."""
    try:
        data = await body(request)
        room, seat = seated(request, str(data.get("token", "")))
        declined = [int(i) for i in data.get("decline", [])]
        ranking = [int(i) for i in data.get("ranking", [])]
        kill, turn = [int(i) for i in data.get("kill", [])], int(data.get("turn", 0))

        def decide() -> None:  # in a thread: the room's lock may be held by a turn in play
            decisions = Decisions(
                admit=[i for i in room.waiting(seat) if i not in set(declined)],
                decline=declined,
                ranking=ranking,
                kill=kill,
            )
            room.submit(seat, decisions, turn=turn)

        await run_in_threadpool(decide)
    except RoomError as exc:
        return refused(exc, 409)
    except (TypeError, ValueError):
        return refused(RoomError("Decisions are lists of request numbers."))
    return JSONResponse({"decided": True})


# -- the streams


async def events(request: Request) -> Response:
    """Server-sent events: a seat's (``?token=``) or the facilitator's (``?key=``) stream.

    A participant's stream wakes when the room's stage moves (start, resolving, a new turn),
    not on others' joins and submits; the facilitator's on every change.
    """
    code = request.path_params["code"]
    key = request.query_params.get("key")
    try:
        if key is not None:
            room, seat, kind = facilitated(request), None, "version"
        else:
            (room, seat), kind = seated(request, request.query_params.get("token", "")), "stage"
    except (RoomError, PermissionError) as exc:
        return refused(exc, 403)

    def state() -> dict:
        out = stage_state(room)
        if seat is None:
            seats = room.decided()
            out["joined"] = len(seats)
            out["decided"] = sum(done for _, _, done in seats)
        else:
            out["decided"] = room.seats[seat].decisions is not None
        return out

    async def stream():
        last, shown = None, None
        while True:
            seen = getattr(room, kind)  # read first: a change while we work is not missed
            now = state()
            sent = {k: v for k, v in now.items() if k != "now"}
            if sent != last:
                last = sent
                # A seat's new turn (or the lobby closing, or the game's end) comes with the
                # seat's view: the page draws it without asking again.
                turn = (now["turn"], now["started"], now["finished"])
                if seat is not None and turn != shown and not now["resolving"]:
                    shown, now["view"] = turn, await run_in_threadpool(room.view, seat)
                yield {"event": "state", "data": json.dumps(now)}
            if room.finished and seat is not None:
                return
            await FEED.changed(code, kind, seen, HEARTBEAT_SECONDS)

    return EventSourceResponse(stream(), ping=HEARTBEAT_SECONDS, send_timeout=10)


async def old_play_address(request: Request) -> Response:
    return RedirectResponse(request.url.replace(path="/play"))


def routes() -> list:
    api = [
        Route("/options", options),
        Route("/open", open_room, methods=["POST"]),
        Route("/join", join, methods=["POST"]),
        Route("/{code}/seat", seat_view),
        Route("/{code}/submit", submit, methods=["POST"]),
        Route("/{code}/events", events),
        Route("/{code}/facilitator", projector.facilitator),
        Route("/{code}/start", projector.start, methods=["POST"]),
        Route("/{code}/next", projector.next_turn, methods=["POST"]),
        Route("/{code}/standings", projector.standings),
        Route("/{code}/reveal.svg", projector.reveal),
        Route("/{code}/debrief.html", projector.debrief),
        Route("/{code}/log", projector.decision_log),
    ]
    return [
        Route("/play", page),
        Route("/play/", old_play_address),
        Mount("/play/api", routes=api),
        Mount("/play/static", app=StaticFiles(directory=STATIC)),
    ]
