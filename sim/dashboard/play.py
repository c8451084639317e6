"""The game's page (``/play``): the facilitator's room and the participants' seats.

Thin on purpose: the game's state lives in ``sim.game`` (tested without a browser). Everything a
session holds (its role, its room, its seat) is per session (``use_reactive`` inside the
components); the rooms are the one thing shared, in ``sim.game.store.ROOMS``. A participant's
seat is in the page's address (``?room=CODE&seat=KEY``), so closing the tab and coming back keeps
the seat.
"""

from __future__ import annotations

import threading
from urllib.parse import parse_qs

import solara

from sim.dashboard.join import JoinCard
from sim.dashboard.live import Countdown, use_room_version
from sim.dashboard.open_room import OpenRoom
from sim.dashboard.text import Prose
from sim.engine.decisions import Decisions
from sim.figures.game import reveal_chart, standings_chart
from sim.game.debrief import debrief_html
from sim.game.room import Room, RoomError
from sim.game.store import ROOMS


@solara.component
def Page():
    solara.Title("Play the product owner")
    router = solara.use_router()
    query = {k: v[0] for k, v in parse_qs(router.search or "").items()}
    role = solara.use_reactive("")
    if query.get("seat"):
        Participant(query.get("room", ""), query["seat"])
    elif query.get("facilitate"):
        Facilitator(query["facilitate"], query.get("key", ""))
    elif role.value == "facilitator":
        OpenRoom()
    else:
        Prose("### Play the product owner")
        with solara.Row():
            solara.Button("Open a room (facilitator)", on_click=lambda: role.set("facilitator"))
        JoinRoom(query.get("room", ""))


@solara.component
def JoinRoom(code_given: str = ""):
    router = solara.use_router()
    code, name = solara.use_reactive(code_given), solara.use_reactive("")
    error = solara.use_reactive("")

    def join():
        try:
            room = ROOMS.find(code.value)
            _, token = room.join(code.value, name.value)
        except RoomError as exc:
            error.set(str(exc))
            return
        router.push(f"/play?room={room.code}&seat={token}")

    Prose("### Join a room")
    solara.InputText("Room code", value=code, continuous_update=True)
    solara.InputText("Your name", value=name, continuous_update=True)
    solara.Button("Join", on_click=join, color="primary", classes=["join-room"])
    if error.value:
        solara.Error(error.value, classes=["join-error"])


@solara.component
def Facilitator(code: str, key: str):
    use_room_version(code)
    message = solara.use_reactive("")
    try:
        room = ROOMS.find(code)
    except RoomError as exc:
        solara.Error(str(exc))
        return
    if key != room.facilitator_key:
        solara.Error("This page needs the facilitator's key (the address the room opened at).")
        return
    JoinCard(room)
    if room.finished:
        Reveal(room)
        return
    seated = room.decided()
    decided = sum(done for _, _, done in seated)
    if not room.started:
        solara.Text(
            f"The lobby: {len(seated)} joined. Turn 1 starts when you press Start.",
            classes=["turn-clock"],
        )
        solara.Button("Start the first turn", on_click=room.start, color="primary")
        return
    if room.resolving:
        solara.Text(f"Turn {room.turn + 1} of {room.turns}: resolving...", classes=["turn-clock"])
    elif room.advance == "facilitator":
        solara.Text(f"Turn {room.turn + 1} of {room.turns}", classes=["turn-clock"])
    else:
        Countdown(room, f"Turn {room.turn + 1} of {room.turns}: ", ["turn-clock"])
    solara.Text(f"{decided} of {len(seated)} decided", classes=["decided-count"])
    turn = room.turn

    def next_turn():
        message.set(f"Resolving turn {turn + 1}...")
        # Played in the background: the page shows that the turn is resolving meanwhile.
        threading.Thread(target=lambda: message.set(room.next_turn(turn)), daemon=True).start()

    busy = room.resolving or message.value.startswith("Resolving")
    label = f"Resolving turn {turn + 1}..." if busy else f"End turn {turn + 1} now"
    solara.Button(label, on_click=next_turn, color="primary", disabled=busy, classes=["next-turn"])
    if message.value and not busy:
        solara.Info(message.value, dense=True)
    Standings(room, room.turn)


@solara.component
def Standings(room: Room, turn: int):
    """The projector's view after ``turn`` turns (drawn once per turn, not every second)."""
    charts = solara.use_memo(lambda: _standings_charts(room), [turn])
    if not charts:
        return
    with solara.Row(classes=["standings"]):
        for chart in charts:
            solara.HTML(tag="div", unsafe_innerHTML=chart)


def _standings_charts(room: Room) -> list[str]:
    rows = room.standings()
    if not rows:
        return []
    return [
        standings_chart(rows, "value_per_week", "Value per week"),
        standings_chart(rows, "throughput", "Shipped per quarter"),
    ]


@solara.component
def Reveal(room: Room):
    rows = room.standings()
    Prose("**The reveal**: throughput against value, every seat and both bots.")
    solara.HTML(tag="div", unsafe_innerHTML=reveal_chart(rows), classes=["reveal"])
    with solara.Row():
        solara.FileDownload(
            lambda: debrief_html(room).encode(),
            filename=f"debrief_{room.code}.html",
            label="Download the debrief (HTML)",
        )
        solara.FileDownload(
            lambda: room.log_path.read_bytes(),
            filename=room.log_path.name,
            label="Download the decision log",
        )


@solara.component
def Participant(code: str, token: str):
    use_room_version(code)
    try:
        room = ROOMS.find(code)
        seat = room.rejoin(token)
    except RoomError as exc:
        solara.Error(str(exc))
        return
    view = room.view(seat)
    if view["finished"]:
        Prose(f"### {view['seat']}: the game is over. Look at the projector.")
        return
    Turn(room, seat, view).key(f"turn-{view['turn']}")


#: What a participant who has decided reads, by the room's way of advancing.
WHEN = {
    "facilitator": "The turn plays when the facilitator ends it.",
    "all decided": "The turn plays when everyone has decided, or when the timer runs out.",
    "timer": "The turn plays when the timer runs out, or when the facilitator ends it.",
}


def group_by_requester(inbox: list[dict]) -> list[tuple[str, list[dict]]]:
    """The inbox grouped by requester, the most influential first (a turn's 20-odd requests
    read as a handful of people)."""
    groups: dict[str, list[dict]] = {}
    for r in inbox:
        groups.setdefault(r["requester"], []).append(r)
    return sorted(groups.items(), key=lambda kv: -kv[1][0]["influence"])


@solara.component
def Turn(room: Room, seat: int, view: dict):
    turn = view["turn"]
    # A new Turn component each turn (keyed by it in Participant): these start afresh.
    declines = solara.use_reactive(frozenset())
    kills = solara.use_reactive(frozenset())
    refused = solara.use_reactive("")
    order = solara.use_reactive(tuple(r["id"] for r in view["backlog"][:20]))
    Prose(
        f"### {view['seat']} ({view['player']}), turn {turn} of {view['turns']}\n"
        f"Your standing: authority {view['authority']:.2f} (can you make an unpopular decision "
        f"against a stakeholder's influence?), leadership support {view['support']:.2f} (will "
        f"leaders back it if they escalate?)."
    )
    if view["seconds_left"] is None:
        solara.Text("The facilitator has not started the turn yet.")
    elif view["advance"] != "facilitator":
        Countdown(room)
    for message in view["messages"]:
        solara.Info(message, dense=True, classes=["outcome"])
    if view["decided"]:
        solara.Success(f"Your decisions for turn {turn} are in. {WHEN[view['advance']]}")
        return
    Prose(
        f"**Inbox** ({len(view['inbox'])} requests, by requester: tick to decline; "
        "the rest are admitted)"
    )
    for requester, items in group_by_requester(view["inbox"]):
        Prose(f"**{requester}** (influence {items[0]['influence']}): {len(items)}")
        for r in items:
            label = (
                f"#{r['id']}: claims {r['claim']}, your estimate {r['estimate']}, "
                f"{r['size']} points"
            )

            def toggle(on, i=r["id"]):
                declines.set(declines.value | {i} if on else declines.value - {i})

            solara.Checkbox(label=label, value=r["id"] in declines.value, on_value=toggle)
    Prose("**Backlog** (your order, top first: move items up)")
    rows = {r["id"]: r for r in view["backlog"]}
    for k, i in enumerate(order.value):
        r = rows[i]

        def up(k=k):
            items = list(order.value)
            items[k - 1], items[k] = items[k], items[k - 1]
            order.set(tuple(items))

        with solara.Row(style={"align-items": "center"}):
            solara.Button("Up", on_click=up, disabled=k == 0, small=True)
            solara.Text(
                f"{k + 1}. #{i} {r['requester']}: estimate {r['estimate']}, {r['size']} points"
            )
    Prose("**In progress** (tick to kill)")
    for r in view["wip"]:
        signal = "no MVP yet" if r["mvp_signal"] is None else f"MVP signal {r['mvp_signal']}"
        label = f"#{r['id']} {r['requester']}: {r['done']} of {r['size']} points, {signal}"

        def toggle_kill(on, i=r["id"]):
            kills.set(kills.value | {i} if on else kills.value - {i})

        solara.Checkbox(label=label, value=r["id"] in kills.value, on_value=toggle_kill)

    def submit():
        declined = sorted(declines.value)
        admitted = [r["id"] for r in view["inbox"] if r["id"] not in declines.value]
        decisions = Decisions(
            admit=admitted, decline=declined, ranking=list(order.value), kill=sorted(kills.value)
        )
        try:
            room.submit(seat, decisions, turn=turn)  # refused if the turn has been played
        except RoomError as exc:
            refused.set(str(exc))

    if refused.value:
        solara.Warning(refused.value, classes=["refused"])
    solara.Button("Submit decisions", on_click=submit, color="primary", classes=["submit"])
    # Solara's fixed footer would cover the button's centre on a phone: room below it.
    solara.HTML(tag="div", unsafe_innerHTML="", style={"height": "96px"})
