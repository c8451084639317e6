"""The facilitator's routes: the join card, starting and ending turns, the standings the
projector draws once per turn, the reveal's chart and the downloads. Each needs the room's
facilitator key."""

from __future__ import annotations

import threading

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from sim.dashboard.join import join_address, qr_svg, this_machine_only
from sim.dashboard.room_http import body, facilitated, refused
from sim.figures.game import reveal_chart
from sim.game.debrief import debrief_html
from sim.game.room import RoomError


async def facilitator(request: Request) -> Response:
    try:
        room = facilitated(request)
    except (RoomError, PermissionError) as exc:
        return refused(exc, 403)
    address = join_address(room.code)
    return JSONResponse(
        {
            "code": room.code,
            "address": address,
            "qr": qr_svg(address),
            "local_only": this_machine_only(address),
            "turns": room.turns,
            "advance": room.advance,
            "seats": len(room.seats),
        }
    )


async def start(request: Request) -> Response:
    try:
        await run_in_threadpool(facilitated(request).start)
    except (RoomError, PermissionError) as exc:
        return refused(exc, 403)
    return JSONResponse({"started": True})


async def next_turn(request: Request) -> Response:
    """End the turn the facilitator's page showed (a double click plays one turn)."""
    try:
        room = facilitated(request)
        expected = int((await body(request)).get("turn", -1))
        message = await run_in_threadpool(room.next_turn, expected)
    except (RoomError, PermissionError, ValueError) as exc:
        return refused(exc, 409)
    return JSONResponse({"message": message})


async def standings(request: Request) -> Response:
    try:
        room = facilitated(request)
    except (RoomError, PermissionError) as exc:
        return refused(exc, 403)
    rows = await run_in_threadpool(room.standings)
    return JSONResponse({"turn": room.turn, "rows": rows})


#: Each finished room's reveal chart, drawn once.
_REVEALS: dict[str, str] = {}
#: matplotlib's pyplot is not thread-safe: one chart at a time.
_DRAWING = threading.Lock()


def _locked(draw, *args):
    with _DRAWING:
        return draw(*args)


async def reveal(request: Request) -> Response:
    """The reveal's chart, drawn once per finished room (matplotlib, the debrief's figure)."""
    try:
        room = facilitated(request)
    except (RoomError, PermissionError) as exc:
        return refused(exc, 403)
    if not room.finished:
        return refused(RoomError("The reveal comes after the last turn."), 409)
    if room.code not in _REVEALS:
        rows = await run_in_threadpool(room.standings)
        _REVEALS[room.code] = await run_in_threadpool(_locked, reveal_chart, rows)
    return Response(_REVEALS[room.code], media_type="image/svg+xml")


async def debrief(request: Request) -> Response:
    try:
        room = facilitated(request)
    except (RoomError, PermissionError) as exc:
        return refused(exc, 403)
    html = await run_in_threadpool(_locked, debrief_html, room)
    disposition = f'attachment; filename="debrief_{room.code}.html"'
    return Response(html, media_type="text/html", headers={"Content-Disposition": disposition})


async def decision_log(request: Request) -> Response:
    try:
        room = facilitated(request)
    except (RoomError, PermissionError) as exc:
        return refused(exc, 403)
    return FileResponse(room.log_path, filename=room.log_path.name)
