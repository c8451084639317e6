"""The governance families a tracker can tell apart, and the priors the diagnosis draws from.

A family is a set of practices that leaves a trace in an export: whether requests are declined
at intake against entry criteria and ordered by value per point (the other families order small
tickets first), and whether started work is stopped against kill criteria. Authority, the
standing to apply those practices against a stakeholder who pushes, is not part of a family:
it is a setting of every family, drawn from the same prior, and its posterior is reported (so
"kill criteria without authority" and "the empowered product owner" are the same family at low
and high authority). Skill, leadership support, how hard stakeholders push, capacity growth and
how old a backlog item may grow before it is pruned leave little trace
(experiments/identifiability.py), so they are nuisance settings drawn from stated priors in
every family, never reported as found. Review cadence is a setting of every family, log-uniform
from weekly to yearly.

The world's settings come from the export itself: each reporter is a stakeholder at their
observed request rate, the initiative size is the data's lognormal fit; the priors scale those
(``request_scale``, ``size_scale``), set supply against demand (``capacity_to_demand``), which
an export shows only through what it leaves undone, and the number of teams.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: What each family fixes (the rest of the governance comes from the draw).
FAMILIES: dict[str, dict] = {
    "ticket_coordinator": {
        "entry_criteria": False,
        "kill_criteria": False,
        "outcome_focus": 0.2,
    },
    "entry_criteria_without_kill_criteria": {
        "entry_criteria": True,
        "kill_criteria": False,
        "outcome_focus": 1.0,
    },
    "entry_and_kill_criteria": {
        "entry_criteria": True,
        "kill_criteria": True,
        "outcome_focus": 1.0,
    },
}
#: Authority at or above this is "the standing to decline" in the report.
STANDING = 0.5


@dataclass(frozen=True)
class Prior:
    """One setting's prior: uniform on [low, high], or log-uniform when ``log``."""

    low: float
    high: float
    log: bool = False
    integer: bool = False

    def draw(self, rng: np.random.Generator) -> float:
        if self.log:
            value = float(np.exp(rng.uniform(np.log(self.low), np.log(self.high))))
        else:
            value = float(rng.uniform(self.low, self.high))
        return float(round(value)) if self.integer else value


#: The settings a tracker can inform (the posterior is reported for each).
PARAMETERS: dict[str, Prior] = {
    "authority": Prior(0.05, 1.0),
    "review_interval": Prior(1, 52, log=True, integer=True),
    "request_scale": Prior(0.6, 1.5),
    "size_scale": Prior(0.5, 2.0, log=True),
    "capacity_to_demand": Prior(0.2, 1.5),
    "teams": Prior(0.5, 6.49, integer=True),  # 1 to 6 teams, about equally likely
}
#: Nuisance settings: drawn, never reported as found.
NUISANCE: dict[str, Prior] = {
    "skill": Prior(0.3, 0.95),
    "support": Prior(0.05, 0.8),
    "escalation_propensity": Prior(0.1, 0.9),
    "capacity_growth": Prior(0.0, 0.06),
    "max_backlog_age": Prior(13, 104, integer=True),
}
#: Plain names, for the report and the figure.
LABELS = {
    "authority": "authority to decline, order and stop work",
    "review_interval": "weeks between reviews",
    "request_scale": "request rate (times the export's)",
    "size_scale": "initiative size (times the export's)",
    "capacity_to_demand": "supply against demand",
    "teams": "teams delivering the work",
}


def draw(rng: np.random.Generator) -> dict:
    """One draw from the prior: a family (equally likely), its parameters and the nuisances."""
    names = list(FAMILIES)
    family = names[int(rng.integers(len(names)))]
    values = {name: prior.draw(rng) for name, prior in PARAMETERS.items()}
    values.update({name: prior.draw(rng) for name, prior in NUISANCE.items()})
    return {"family": family, **values}


def draws(n: int, seed: int) -> list[dict]:
    """``n`` prior draws; draw i depends only on (seed, i), so any split of the work agrees."""
    return [
        {"draw": i, "seed": _run_seed(seed, i), **draw(np.random.default_rng([seed, i]))}
        for i in range(n)
    ]


def _run_seed(seed: int, i: int) -> int:
    """The simulation's seed for draw i (distinct from the draw's own generator)."""
    return int(np.random.SeedSequence([seed, i, 1]).generate_state(1)[0] % (2**31 - 1))


def governance(values: dict) -> dict:
    """The governance mapping of a draw (an organization file's area governance)."""
    return {
        **FAMILIES[values["family"]],
        "authority": float(values["authority"]),
        "skill": float(values["skill"]),
        "support": float(values["support"]),
        "review_interval": int(values["review_interval"]),
        "max_backlog_age": int(values["max_backlog_age"]),
        "wip_limit": 2,
        "entry_threshold": 0.0,
        "kill_threshold": 0.0,
    }
