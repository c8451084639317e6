"""The facilitator's form that opens a room: every field checked by name, the organization from
the configured folder or an upload (never a path typed into the page)."""

from __future__ import annotations

from typing import cast

import solara

from sim.config import ConfigError
from sim.dashboard.text import Prose
from sim.game.room import ADVANCE, MIXES, RoomError
from sim.game.setup import org_files, organization_from_upload, whole_number
from sim.game.store import ROOMS


@solara.component
def OpenRoom():
    router = solara.use_router()
    seats, turns = solara.use_reactive("4"), solara.use_reactive("4")
    timer, weeks = solara.use_reactive("180"), solara.use_reactive("13")
    mix, advance = solara.use_reactive("coordinator"), solara.use_reactive("timer")
    chosen = solara.use_reactive("(numbered areas)")
    uploaded = solara.use_reactive(cast(dict | None, None))
    error = solara.use_reactive("")
    files = org_files()

    def upload(file):
        try:
            uploaded.set(organization_from_upload(file["name"], file["data"] or b""))
            chosen.set(f"uploaded: {file['name']}")
            error.set("")
        except RoomError as exc:
            error.set(str(exc))

    def open_room():
        try:
            # Every field is checked by name, and nothing opens while one is wrong.
            numbers = {
                "seats": whole_number("Seats", seats.value, 1, 30),
                "turns": whole_number("Turns", turns.value, 1, 40),
                "turn_weeks": whole_number("Weeks a turn", weeks.value, 1, 52),
                "timer_seconds": whole_number("Turn timer (seconds)", timer.value, 10, 3600),
            }
            organization = None
            if chosen.value.startswith("uploaded: "):
                organization = uploaded.value
            elif chosen.value in files:
                organization = organization_from_upload(
                    chosen.value, files[chosen.value].read_bytes()
                )
            room = ROOMS.open(
                **numbers, mix=mix.value, advance=advance.value, organization=organization
            )
        except (RoomError, ConfigError) as exc:
            error.set(str(exc))
            return
        router.push(f"/play?facilitate={room.code}&key={room.facilitator_key}")

    Prose("### Open a room")
    solara.InputText("Seats (product areas, 1-30)", value=seats, continuous_update=True)
    solara.Select("Governance of the seats", values=list(MIXES), value=mix)
    options = ["(numbered areas)", *files]
    if uploaded.value is not None and chosen.value.startswith("uploaded: "):
        options.append(chosen.value)
    solara.Select("Organization", values=options, value=chosen)
    solara.FileDrop(
        label="... or drop an organization file (YAML) here", on_file=upload, lazy=False
    )
    solara.InputText("Turns (1-40)", value=turns, continuous_update=True)
    solara.InputText("Weeks a turn (1-52)", value=weeks, continuous_update=True)
    solara.InputText("Turn timer in seconds (10-3600)", value=timer, continuous_update=True)
    solara.Select("A turn ends", values=list(ADVANCE), value=advance)
    solara.Button("Open the room", on_click=open_room, color="primary", classes=["open-room"])
    if error.value:
        solara.Error(error.value, classes=["open-error"])
