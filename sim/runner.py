"""The plain Python API: run a validated configuration, get the summary, metrics and ledger.

No Hydra here: the command line (sim.cli), sweeps, notebooks and other tools all call `run`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd

from sim.config import SimConfig, room_config, to_dict, validate
from sim.config.inert import InertSettingWarning, inert_settings
from sim.config.labels import RunName, run_name
from sim.engine.area_summary import area_summary
from sim.engine.initiatives import NONE, STATUS_NAMES
from sim.engine.metrics import delivered_shares, summarize
from sim.engine.model import Organization

LEDGER_COLUMNS = (
    "replication",
    "id",
    "stakeholder",
    "stakeholder_name",
    "product_owner",
    "area",
    "objective",
    "aligned",
    "size",
    "planned_size",
    "true_value",
    "claimed_value",
    "estimated_value",
    "realized_value",
    "status",
    "created",
    "admitted",
    "started",
    "mvp",
    "finished",
    "killed",
    "closed",
    "rolled_back",
    "pushes",
    "yields",
    "escalations",
    "reversals",
    "zombie",
)


#: Per-initiative counts of contests (pushes, yields, escalations, reversals).
COUNTS = ("pushes", "yields", "escalations", "reversals")


@dataclass
class RunResult:
    """What a run produced: the config, one summary per replication, metrics and ledger."""

    config: SimConfig
    per_replication: list[dict[str, float]]
    metrics: pd.DataFrame
    ledger: pd.DataFrame
    stakeholders: pd.DataFrame
    areas: pd.DataFrame
    changes: list[tuple[int, str]]
    #: Per tick and product owner: leadership support, authority in effect and satisfaction.
    owners: pd.DataFrame | None = None

    @cached_property
    def name(self) -> RunName:
        """The run's name: its preset and the settings that differ (``sim.config.labels``)."""
        return run_name(self.config)

    @property
    def label(self) -> str:
        """The run's name for people (console, figure titles, report columns)."""
        return self.name.label

    @property
    def summary(self) -> dict[str, float]:
        """Mean of each summary metric over replications (NaNs ignored)."""
        frame = pd.DataFrame(self.per_replication).drop(columns="replication", errors="ignore")
        return {name: float(frame[name].mean()) for name in frame.columns}

    def per_area(self) -> list[dict]:
        """Each area's metrics, mean over replications, in the organization's order."""
        numbers = self.areas.drop(columns=["replication", "governance"])
        means = numbers.groupby("area", sort=False).mean()
        governance = self.areas.groupby("area", sort=False)["governance"].last()
        return [
            {"area": area, "governance": governance[area], **row.to_dict()}
            for area, row in means.iterrows()
        ]

    def as_json(self) -> dict:
        """The summary.json document."""
        g = self.config
        return {
            "label": self.label,
            "governance": g.governance.name,
            "seed": g.seed,
            "ticks": g.ticks,
            "replications": g.replications,
            "config": to_dict(g),
            "metrics": self.summary,
            "per_area": self.per_area(),
            "timeline": [{"week": week, "change": label} for week, label in self.changes],
            "per_replication": self.per_replication,
        }


def ledger_frame(model: Organization) -> pd.DataFrame:
    """The initiative ledger of one model: one row per initiative ever requested."""
    cols = model.work.columns()
    n = len(model.work)

    def ticks(name: str) -> pd.Series:
        values = cols[name].astype("int64")
        return pd.Series(values, dtype="Int64").mask(values == NONE)

    shipped = cols["finished"] != NONE  # including work later rolled back
    frame = pd.DataFrame(
        {
            "replication": np.full(n, model.replication),
            "id": np.arange(n),
            "stakeholder": cols["stakeholder"],
            "stakeholder_name": np.array([s.name for s in model.stakeholder_list])[
                cols["stakeholder"]
            ],
            "product_owner": cols["product_owner"],
            "area": np.array(model.area_names)[cols["product_owner"]],
            "objective": pd.Series(cols["objective"], dtype="Int64").mask(
                cols["objective"] == NONE
            ),
            "aligned": cols["objective"] != NONE,
            **{name: cols[name] for name in ("size", "planned_size", "true_value")},
            **{name: cols[name] for name in ("claimed_value", "estimated_value")},
            # Value the release added to the run-rate (after compounding); empty until shipped.
            "realized_value": pd.Series(cols["realized_value"]).where(shipped),
            "status": pd.Categorical.from_codes(cols["status"], categories=list(STATUS_NAMES)),
            "created": cols["created"],
            **{name: ticks(name) for name in ("admitted", "started", "mvp", "finished")},
            **{name: ticks(name) for name in ("killed", "closed", "rolled_back")},
            **{name: cols[name].astype("int64") for name in COUNTS},
            "zombie": cols["zombie"],
        }
    )
    return frame[list(LEDGER_COLUMNS)]


def stakeholder_frame(model: Organization) -> pd.DataFrame:
    """One row per stakeholder: influence, alignment and share of all delivered initiatives."""
    influence, share = delivered_shares(model)
    return pd.DataFrame(
        {
            "replication": model.replication,
            "stakeholder": np.arange(len(influence)),
            "name": [s.name for s in model.stakeholder_list],
            "influence": influence,
            "alignment": [s.alignment for s in model.stakeholder_list],
            "delivered_share": share,
        }
    )


def metrics_frame(model: Organization) -> pd.DataFrame:
    """The data collector's per-tick metrics, with ``replication`` and ``tick`` columns first."""
    metrics = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    metrics.insert(0, "tick", np.arange(len(metrics)))
    metrics.insert(0, "replication", model.replication)
    return metrics


class Replication(NamedTuple):
    """What one replication produced."""

    summary: dict[str, float]
    metrics: pd.DataFrame
    ledger: pd.DataFrame
    stakeholders: pd.DataFrame
    areas: pd.DataFrame
    changes: list[tuple[int, str]]
    owners: pd.DataFrame


def owners_frame(model: Organization) -> pd.DataFrame:
    """Each owner's support, authority in effect and satisfaction per tick."""
    record = np.array(model.owner_record).reshape(-1, len(model.product_owner_list), 3)
    ticks, owners = record.shape[0], record.shape[1]
    return pd.DataFrame(
        {
            "replication": model.replication,
            "tick": np.repeat(np.arange(ticks), owners),
            "area": np.tile(np.array(model.area_names, dtype=object), ticks),
            "support": record[:, :, 0].ravel(),
            "authority": record[:, :, 1].ravel(),
            "satisfaction": record[:, :, 2].ravel(),
        }
    )


def run_replication(
    config: SimConfig, replication: int, on_tick: Callable[[], None] | None = None
) -> Replication:
    """Run replication ``replication`` of ``config``."""
    model = Organization(config, replication=replication)
    while model.running:
        model.step()
        if on_tick is not None:
            on_tick()
    metrics = metrics_frame(model)
    ledger = ledger_frame(model)
    summary = {"replication": replication, **summarize(model, metrics, ledger)}
    areas = pd.DataFrame(area_summary(model, ledger))
    areas.insert(0, "replication", replication)
    return Replication(
        summary,
        metrics,
        ledger,
        stakeholder_frame(model),
        areas,
        model.changes_applied,
        owners_frame(model),
    )


def run(config: SimConfig, progress: bool = False) -> RunResult:
    """Run every replication of a validated configuration in this process.

    Args:
        config: the configuration (validated again here; a bad one raises ConfigError).
        progress: show a progress bar over ticks (on a terminal).
    """
    validate(config)
    if config.policy:  # a replayed game runs in the room's organization and world
        config = room_config(config)
    for line in inert_settings(config):
        warnings.warn(line, InertSettingWarning, stacklevel=2)
    bar = None
    if progress:
        from tqdm import tqdm

        from sim.timing import ticking_with_estimate

        bar = tqdm(
            total=config.replications * config.ticks,
            unit="week",
            desc=f"{config.replications} replications x {config.ticks} weeks",
            leave=False,
            smoothing=0,
            disable=None,  # no bar when nobody watches a terminal; its estimate is still said
        )
    on_tick = ticking_with_estimate(bar, config) if bar is not None else None
    parts = [run_replication(config, k, on_tick) for k in range(config.replications)]
    if bar is not None:
        bar.close()
    return RunResult(
        config,
        [part.summary for part in parts],
        pd.concat([part.metrics for part in parts], ignore_index=True),
        pd.concat([part.ledger for part in parts], ignore_index=True),
        pd.concat([part.stakeholders for part in parts], ignore_index=True),
        pd.concat([part.areas for part in parts], ignore_index=True),
        parts[0].changes,
        pd.concat([part.owners for part in parts], ignore_index=True),
    )
