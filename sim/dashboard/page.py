"""The workshop dashboard: what-if scenarios in the browser (``make app``, then open the URL).

A Solara page over ``sim.dashboard.state``: pick a governance preset or move the levers, press
play, and watch throughput, value, backlog, waste, politics and who gets their work delivered,
week by week, next to a baseline organization that faces the same requests. An intervention
switches the organization to another preset at a chosen week. Every change of settings is
validated with the command line's schema; a bad value shows its message next to its control and
the page keeps the last valid simulation.
"""

# Longer than 300 lines: one page whose components share the session's reactive state.
from __future__ import annotations

import logging
import time
from dataclasses import replace

import solara
import solara.lab

from sim.config import GovernanceConfig, OrgConfig, describe_preset
from sim.dashboard.company_page import Company
from sim.dashboard.state import (
    LEVERS,
    ORG_SETTINGS,
    WORKSHOP_PRESETS,
    Settings,
    Workshop,
    errors,
)
from sim.dashboard.text import Prose
from sim.figures.colours import colour_name
from sim.figures.dashboard import CHARTS, DPI, SIZE

logging.getLogger("MESA").setLevel(logging.WARNING)

#: Chart picture size: small enough to redraw about once a second on a laptop.
CHART_DPI, CHART_SIZE = DPI, SIZE

# Per-session state. Solara keeps a separate value per browser session, but a default value is
# shared: so the defaults are immutable (the simulation itself is created for each session in
# ``Page``, never shared), and every change assigns a new object.
settings = solara.reactive(Settings())
workshop = solara.reactive(None)  # this session's Workshop, created on its first render
version = solara.reactive(0)  # bumped after every step: week counter and status
playing = solara.reactive(False)
speed = solara.reactive(4.0)  # weeks per second while playing
charts = solara.reactive(b"")

_SCHEMA = {
    **{f.name: f for f in GovernanceConfig.__dataclass_fields__.values()},
    **{f.name: f for f in OrgConfig.__dataclass_fields__.values()},
}


def redraw() -> None:
    charts.value = workshop.value.png(CHART_DPI, CHART_SIZE)


def change(new: Settings) -> None:
    """Adopt new settings; restart the simulation from week 0 if they are valid."""
    playing.value = False
    settings.value = new
    if not errors(new):
        workshop.value = Workshop(new)
        version.value += 1
        redraw()


def advance(weeks: int, draw: bool = True) -> None:
    workshop.value.step(weeks)
    version.value += 1
    if draw:
        redraw()


@solara.component
def FieldError(control: str, found: dict[str, str]):
    message = found.get(control)
    if message:
        solara.Error(message, dense=True, icon=True)


@solara.component
def LeverControl(key: str, found: dict[str, str]):
    label, tip = LEVERS[key]
    current = settings.value
    value = current.levers[key]

    def set_value(new):
        change(replace(current, levers={**current.levers, key: new}))

    meta = _SCHEMA[key].metadata
    with solara.Tooltip(tip), solara.Column(gap="0px"):
        if meta.get("switch"):
            solara.Switch(label=label, value=value, on_value=set_value)
        elif meta.get("integer"):
            low, high = meta["range"]
            solara.SliderInt(
                f"{label}: {value}", value=value, min=low, max=min(high, 52), on_value=set_value
            )
        else:
            low, high = meta["range"]
            low, high = max(low, -2.0), min(high, 2.0)
            solara.SliderFloat(
                f"{label}: {value:g}",
                value=value,
                min=low,
                max=high,
                step=0.05,
                on_value=set_value,
            )
    FieldError(key, found)


@solara.component
def OrgControl(key: str, found: dict[str, str]):
    label, tip = ORG_SETTINGS[key]
    current = settings.value
    value = current.org[key]

    def set_value(new):
        change(replace(current, org={**current.org, key: new}))

    with solara.Tooltip(tip):
        if _SCHEMA[key].metadata.get("integer"):
            solara.InputInt(label, value=value, on_value=set_value)
        else:
            solara.InputFloat(label, value=value, on_value=set_value)
    FieldError(key, found)


@solara.component
def Sidebar():
    current = settings.value
    found = errors(current)  # validated once per change, shown next to each control
    Prose("### Governance")
    with solara.Tooltip("Load an archetype: its values replace the levers below"):
        solara.Select(
            "Governance preset",
            values=WORKSHOP_PRESETS,
            value=current.preset,
            on_value=lambda name: change(current.with_preset(name)),
        )
    FieldError("preset", found)
    for key in LEVERS:
        LeverControl(key, found)
    Prose("### Organization")
    for key in ORG_SETTINGS:
        OrgControl(key, found)
    solara.InputInt(
        "Seed",
        value=current.seed,
        on_value=lambda seed: change(replace(current, seed=seed)),
    )
    Prose("### Comparison")
    solara.Checkbox(
        label="Compare with a baseline (same seed, same requests)",
        value=current.compare,
        on_value=lambda on: change(replace(current, compare=on)),
    )
    if current.compare:
        solara.Select(
            "Baseline preset",
            values=WORKSHOP_PRESETS,
            value=current.baseline,
            on_value=lambda name: change(replace(current, baseline=name)),
        )
        FieldError("baseline", found)
    Prose("### Intervention")
    solara.Checkbox(
        label="Switch governance mid-course",
        value=current.intervention,
        on_value=lambda on: change(replace(current, intervention=on)),
    )
    if current.intervention:
        solara.InputInt(
            "At week",
            value=current.intervention_week,
            on_value=lambda w: change(replace(current, intervention_week=w)),
        )
        FieldError("intervention_week", found)
        solara.Select(
            "Switch to preset",
            values=WORKSHOP_PRESETS,
            value=current.intervention_preset,
            on_value=lambda name: change(replace(current, intervention_preset=name)),
        )


@solara.component
def Player():
    def loop():
        """Step at the chosen speed; the charts are redrawn by their own thread meanwhile."""
        while playing.value and not workshop.value.finished:
            time.sleep(1.0 / speed.value)
            if playing.value:
                advance(1, draw=False)
        playing.value = False
        redraw()

    def draw_while_playing():
        """Redraw the charts as fast as matplotlib allows, without holding up the steps."""
        while playing.value:
            redraw()
            time.sleep(0.05)

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)
    solara.use_thread(draw_while_playing, dependencies=[playing.value])
    version.value  # noqa: B018 - subscribe to steps (the week counter)
    ws = workshop.value
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button("Reset", icon_name="mdi-restart", on_click=lambda: change(settings.value))
        solara.Button(
            "Step",
            icon_name="mdi-step-forward",
            on_click=lambda: advance(1),
            disabled=playing.value or ws.finished,
        )
        solara.Button(
            "Run a quarter", on_click=lambda: advance(13), disabled=playing.value or ws.finished
        )
        solara.Button(
            "Run a year", on_click=lambda: advance(52), disabled=playing.value or ws.finished
        )
        if playing.value:
            solara.Button(
                "Pause", icon_name="mdi-pause", color="warning", on_click=lambda: playing.set(False)
            )
        else:
            solara.Button(
                "Play",
                icon_name="mdi-play",
                color="primary",
                on_click=lambda: playing.set(True),
                disabled=ws.finished,
            )
        with solara.Tooltip("How many weeks the simulation advances per second while playing"):
            solara.SliderFloat("Speed (weeks per second)", value=speed, min=0.5, max=20, step=0.5)
        solara.Text(f"Week {ws.week} of {ws.settings.ticks}", classes=["week-counter"])


@solara.component
def Status():
    version.value  # noqa: B018 - subscribe to steps
    ws = workshop.value
    lines = []
    for name, model in ws.models().items():
        frame = model.datacollector.get_model_vars_dataframe()
        shipped = int(frame["shipped"].sum()) if len(frame) else 0
        lines.append(
            f"**{name}**: {shipped} initiatives shipped, cumulative value "
            f"{model.cumulative_value:,.0f}, backlog {model.backlog_size()}"
        )
    if ws.switched_at is not None:
        lines.append(f"Switched to **{ws.settings.intervention_preset}** at week {ws.switched_at}.")
    Prose("  \n".join(lines))


@solara.component
def Legend():
    """Which line is which, in the colours the charts use (redrawn when the governance switches)."""
    version.value  # noqa: B018 - subscribe to steps (a switch changes the main line's colour)
    current, ws = settings.value, workshop.value
    switched = ws.switched_at is not None
    main = colour_name(current.preset, ws.levers_changed, switched)
    text = f"Solid {main}: this organization ({ws.governance})."
    if current.compare:
        text += (
            f" Dashed {colour_name(current.baseline)}: the baseline, **{current.baseline}**, "
            "facing the same requests."
        )
    Prose(text)


@solara.component
def Charts():
    if charts.value:
        solara.Image(charts.value, width="100%", classes=["dashboard-charts"])


@solara.component
def Downloads():
    version.value  # noqa: B018
    ws = workshop.value
    with solara.Row():
        solara.FileDownload(
            lambda: ws.csv().encode(),
            filename=f"workshop_week{ws.week}.csv",
            label="Download metrics (CSV)",
        )
        solara.FileDownload(
            ws.png, filename=f"workshop_week{ws.week}.png", label="Download charts (PNG)"
        )


@solara.component
def Findings():
    """What the model says across many worlds, as the documented map states it."""
    from sim.analysis.discovery import documented_map

    lines = ["### Where empowerment pays (200 worlds, docs/calibration.md)"]
    for baseline, label in (
        ("ticket_coordinator", "Against the ticket coordinator"),
        ("kill_criteria_without_authority", "Against the same practices without standing"),
    ):
        text = documented_map(baseline)
        if text:
            lines.append(f"**{label}.** {text}")
    lines.append(
        "Inputs, not findings: supply against demand (teams can deliver 0.35 of what is asked: "
        "with more supply, an owner who declines leaves its team idle, and coordinating comes "
        "close), rising throughput (capacity grows 3% a quarter) and the value of an average "
        "idea and of leadership's objectives (0 by default). Leadership support moves with "
        "results and stakeholders' complaints (the thick faint lines), and an owner's authority "
        "in effect follows it."
    )
    Prose("\n\n".join(lines))


def start_session() -> None:
    """Give this browser session its own simulation (once)."""
    if workshop.value is None:
        workshop.value = Workshop(settings.value)
        redraw()


@solara.component
def Page():
    solara.use_effect(start_session, [])
    solara.Title("Outcome ownership: a governance workshop")
    if workshop.value is None:
        solara.Text("Preparing the simulation...")
        return
    with solara.Sidebar():
        Sidebar()
    Prose("### Ticket coordination or outcome ownership?")
    current = settings.value
    with solara.Card(current.preset.replace("_", " ")):
        Prose(describe_preset(current.preset))
        Legend()
    Player()
    Status()
    Charts()
    Prose("Charts: " + "; ".join(CHARTS) + ".")
    Downloads()
    Company()
    Findings()
