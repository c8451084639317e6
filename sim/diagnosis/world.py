"""The world a diagnosis simulates: the export's own stakeholders, sizes and window.

Each reporter becomes a stakeholder at the request rate the export shows (influence, alignment and
home area drawn, as for any stakeholder); initiative sizes follow the export's lognormal fit. An
export does not say how many teams deliver its work, so the number of teams (each an area with
its own product owner, all under the same governance) is a setting of the draw; the teams share
the capacity that supply against demand gives. A prior draw (sim.diagnosis.families) scales the
request rates and sizes and sets the governance, the capacity and the nuisances.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.diagnosis.families import governance

AREA = "Team"


@dataclass(frozen=True)
class World:
    """What the export fixes: its reporters' request rates, sizes and window length."""

    request_rates: dict[str, float]
    size_median: float
    size_sigma: float
    weeks: int
    #: "items" when the export has no story points: the simulated exports are then read without
    #: their points too, and sizes follow the model's default spread (median 10 points, lognormal
    #: sigma 1): real work varies in size whether or not it is estimated.
    unit: str = "points"
    #: Whether the export records when work started; without it, a tracker cannot tell an item
    #: abandoned after it started from one declined at intake, and the simulated exports are
    #: read without their start dates too.
    started_dates: bool = True

    @classmethod
    def from_estimates(cls, estimates: dict, started_dates: bool = True) -> World:
        size = estimates["size"]
        median = size["median"]["value"]
        if size["unit"] == "items":
            size = {**size, "sigma": 1.0}
            median = 10.0
        return cls(
            request_rates={
                str(name): float(entry["rate"]["value"])
                for name, entry in estimates["request_rate"].items()
            },
            size_median=float(np.clip(median if np.isfinite(median) else 1.0, 0.1, 1000.0)),
            size_sigma=float(np.clip(size["sigma"] if np.isfinite(size["sigma"]) else 0.0, 0, 3)),
            weeks=max(int(round(estimates["window"]["weeks"])), 1),
            unit=size["unit"],
            started_dates=started_dates,
        )

    def organization(self, values: dict) -> dict:
        """The organization (as an organization file's mapping) under one draw."""
        scale = float(values["request_scale"])
        return {
            "areas": [
                {"name": f"{AREA} {i + 1}", "governance": governance(values)}
                for i in range(int(values["teams"]))
            ],
            "stakeholders": [
                {"name": name, "request_rate": float(min(rate * scale, 100.0))}
                for name, rate in self.request_rates.items()
            ],
        }

    def settings(self, values: dict, weeks: int | None = None) -> dict:
        """The flat run settings of one draw (sim.make_config's keywords)."""
        return {
            "organization": self.organization(values),
            "ticks": int(weeks or self.weeks),
            "replications": 1,
            "seed": int(values["seed"]),
            "capacity_to_demand": float(values["capacity_to_demand"]),
            "capacity_growth": float(values["capacity_growth"]),
            "escalation_propensity": float(values["escalation_propensity"]),
            "size_median": float(np.clip(self.size_median * values["size_scale"], 0.1, 10_000)),
            "size_sigma": self.size_sigma,
        }
