"""The state behind the workshop dashboard, without any user interface (testable on its own).

A ``Workshop`` holds the organization being shown and, in comparison mode, a baseline
organization with the same seed under another preset (default ticket_coordinator): both face the
same requests, so the room sees only the effect of governance. An intervention switches the main
organization to another preset at a chosen week ("empower the product owners at week 52"). The
settings are validated with the same schema as the command line; errors are reported per
control instead of raised.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.config import ConfigError, load_preset, make_config, presets
from sim.engine.metrics import delivered_shares
from sim.engine.model import Organization

#: Governance levers the dashboard exposes, in display order: key -> (label, tooltip).
LEVERS = {
    "authority": (
        "Authority",
        "Whether the product owner can make an unpopular decision at all (decline, hold the "
        "order against a push, stop) against a stakeholder's influence",
    ),
    "support": (
        "Leadership support",
        "Whether leaders uphold the owner's decision when a stakeholder escalates it",
    ),
    "skill": ("Skill", "How well the product owner estimates value (training)"),
    "entry_criteria": ("Entry criteria", "Decline requests estimated to be worth too little"),
    "entry_threshold": ("Entry threshold", "Minimum estimated value per point to be admitted"),
    "kill_criteria": ("Kill criteria", "Stop initiatives whose first results (MVP) disappoint"),
    "kill_threshold": ("Kill threshold", "MVP result below which an initiative is stopped"),
    "review_interval": ("Weeks between reviews", "How often evidence meets the backlog"),
    "outcome_focus": (
        "Outcome focus",
        "0: small tickets first (activity); 1: value per point first",
    ),
    "wip_limit": ("WIP limit", "Initiatives a team works on at once"),
}
#: Organization settings the dashboard exposes: key -> (label, tooltip).
ORG_SETTINGS = {
    "stakeholders": ("Stakeholders", "People who ask for work"),
    "product_owners": ("Product owners (teams)", "One team per product owner"),
    "team_capacity": ("Team capacity", "Points a team delivers per week at the start"),
    "request_rate": ("Demand", "Requests per stakeholder per week"),
}

#: Presets offered in the picker (perfect_information is a test fixture, not a scenario).
WORKSHOP_PRESETS = [p for p in presets() if p != "perfect_information"]


def preset_values(name: str) -> dict[str, Any]:
    """The lever values a preset sets (what the sliders show when it is picked)."""
    governance = make_config(name).governance
    return {key: getattr(governance, key) for key in LEVERS}


def default_org() -> dict[str, Any]:
    org = make_config().org
    return {key: getattr(org, key) for key in ORG_SETTINGS}


@dataclass
class Settings:
    """Everything the facilitator chooses before pressing play."""

    preset: str = "ticket_coordinator"
    levers: dict[str, Any] = field(default_factory=lambda: preset_values("ticket_coordinator"))
    org: dict[str, Any] = field(default_factory=default_org)
    seed: int = 0
    compare: bool = True
    baseline: str = "ticket_coordinator"
    intervention: bool = False
    intervention_week: int = 52
    intervention_preset: str = "empowered_product_owner"
    ticks: int = 156

    def with_preset(self, name: str) -> Settings:
        """The settings with a preset picked: its lever values replace the current ones."""
        return dataclasses.replace(self, preset=name, levers=preset_values(name))


def errors(settings: Settings) -> dict[str, str]:
    """Validation messages keyed by the control they belong to (empty when all is well)."""
    found: dict[str, str] = {}
    try:
        main_config(settings)
    except ConfigError as exc:
        control = exc.key.split(".")[-1]
        found[control if control in {**LEVERS, **ORG_SETTINGS} else "preset"] = str(exc)
    for name, control in (
        (settings.baseline, "baseline"),
        (settings.intervention_preset, "intervention_preset"),
    ):
        try:
            load_preset(name)
        except ConfigError as exc:
            found[control] = str(exc)
    if settings.intervention and not 1 <= settings.intervention_week < settings.ticks:
        found["intervention_week"] = (
            f"intervention week={settings.intervention_week!r}: allowed: an integer in "
            f"[1, {settings.ticks - 1}]"
        )
    return found


def main_config(settings: Settings):
    """The validated configuration of the main organization (raises ConfigError).

    The intervention is a timeline of one change: week N is the first week under the preset.
    """
    timeline = None
    if settings.intervention:
        change = {"governance": settings.intervention_preset}
        timeline = [{"week": settings.intervention_week, "set": change}]
    return make_config(
        settings.preset,
        seed=settings.seed,
        ticks=settings.ticks,
        replications=1,
        timeline=timeline,
        **settings.levers,
        **settings.org,
    )


def baseline_config(settings: Settings):
    """The baseline: its preset, with the same organization and seed as the main one."""
    return make_config(
        settings.baseline, seed=settings.seed, ticks=settings.ticks, replications=1, **settings.org
    )


class Workshop:
    """One (or two, in comparison mode) organizations stepping together, week by week.

    Raises ConfigError when the settings are invalid (the dashboard checks ``errors`` first).
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.main = Organization(main_config(settings))
        self.baseline = Organization(baseline_config(settings)) if settings.compare else None
        # Held while stepping and while reading data, so a chart thread never sees half a week.
        self.lock = threading.Lock()

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return self.main.steps

    @property
    def switched_at(self) -> int | None:
        """The week the intervention took effect (None before it, or without one)."""
        applied = self.main.changes_applied
        return applied[0][0] if applied else None

    @property
    def finished(self) -> bool:
        return not self.main.running

    def step(self, weeks: int = 1) -> None:
        """Advance both organizations (the main one's timeline applies the intervention)."""
        for _ in range(weeks):
            with self.lock:
                self._step_once()

    def _step_once(self) -> None:
        if self.finished:
            return
        self.main.step()
        if self.baseline is not None:
            self.baseline.step()

    def metrics(self) -> pd.DataFrame:
        """Per-week metrics of both organizations, long by organization (``run`` column)."""
        frames = []
        for name, model in self.models().items():
            frame = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
            frame.insert(0, "week", np.arange(1, len(frame) + 1))
            frame.insert(0, "run", name)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    @property
    def governance(self) -> str:
        """The main organization's governance now: its preset, and the switch once it happened."""
        if self.switched_at is None:
            return self.settings.preset
        return f"{self.settings.intervention_preset} since week {self.switched_at}"

    def models(self) -> dict[str, Organization]:
        """The organizations by the name the page and the charts show: what governs them now."""
        out = {f"main ({self.governance})": self.main}
        if self.baseline is not None:
            out[f"baseline ({self.settings.baseline})"] = self.baseline
        return out

    @property
    def levers_changed(self) -> bool:
        """Do the facilitator's levers differ from the preset's (a governance of its own)?"""
        return self.settings.levers != preset_values(self.settings.preset)

    def colours(self) -> dict[str, str]:
        """Each organization's colour: its governance's (``sim.figures.colours``); the main
        organization's turns purple once its governance changed mid-run."""
        from sim.figures.colours import colour_of

        main, *baseline = self.models()
        switched = self.switched_at is not None
        out = {main: colour_of(self.settings.preset, self.levers_changed, switched)}
        if baseline:
            out[baseline[0]] = colour_of(self.settings.baseline)
        return out

    def delivery_by_stakeholder(self) -> dict[str, pd.DataFrame]:
        """Influence and share of delivered initiatives of each stakeholder, per organization."""
        out = {}
        for name, model in self.models().items():
            influence, share = delivered_shares(model)
            out[name] = pd.DataFrame({"influence": influence, "share": share})
        return out

    def csv(self) -> str:
        return self.metrics().to_csv(index=False)

    def snapshot(self) -> dict[str, Any]:
        """A consistent copy of what the charts need (taken under the lock)."""
        with self.lock:
            return {
                "week": self.week,
                "runs": list(self.models()),
                "metrics": self.metrics(),
                "delivery": self.delivery_by_stakeholder(),
                "switched_at": self.switched_at,
                "switch_to": self.settings.intervention_preset,
                "colours": self.colours(),
                "title": f"{self.governance}, week {self.week}",
            }

    def png(self, dpi: int | None = None, size: tuple[float, float] | None = None) -> bytes:
        """All charts on one PNG (the dashboard's picture and its download); by default at the
        dashboard's size and resolution."""
        from sim.figures.dashboard import DPI, SIZE, charts_png

        return charts_png(self.snapshot(), dpi=dpi or DPI, size=size or SIZE)
