"""What-ifs from the posterior: the export's world run on, as it is and under other governance.

Each posterior draw (sim.diagnosis.inference.posterior_draws: a family, settings and nuisances,
and a fresh seed) runs the export's world for the observed weeks plus a horizon; in a what-if
every area switches, at the first week after the observed window, to a preset's governance
(authority, leadership support, criteria, ordering and review cadence) while keeping the drawn
owner's skill, which a change of governance does not change. The same draw and seed run every
scenario, so each difference is paired. The observed weeks of the "as it is" runs are the fit:
their throughput beside the export's. Value is reported as an interval across draws, never as
one number: the interval carries what the export could not tell, including each reporter's
influence and alignment, drawn anew in every run.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from sim.diagnosis.reference import CHUNK, run_chunks
from sim.diagnosis.world import World

AS_IT_IS = "as it is"
#: The what-ifs: the presets every export is run under after its window.
WHAT_IFS = ("empowered_product_owner", "annual_planning", "ticket_coordinator")


def whatif_chunk(world: World, chunk: list[dict], horizon: int, presets: tuple) -> list[dict]:
    """Run some posterior draws under every scenario (a worker's task)."""
    import sim
    from sim.config.inert import InertSettingWarning

    logging.getLogger("MESA").setLevel(logging.WARNING)
    rows = []
    for values in chunk:
        for scenario in (AS_IT_IS, *presets):
            settings = world.settings(values, world.weeks + horizon)
            if scenario != AS_IT_IS:
                governance = {"preset": scenario, "skill": float(values["skill"])}
                switch = {"week": world.weeks + 1, "set": {"governance": governance}}
                settings["timeline"] = [switch]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", InertSettingWarning)
                metrics = sim.run(sim.make_config("ticket_coordinator", **settings)).metrics
            observed = metrics["tick"] < world.weeks  # ticks count from 0
            rows.append(
                {
                    "posterior_row": int(values["posterior_row"]),
                    "family": values["family"],
                    "scenario": scenario,
                    "shipped_per_week": float(metrics.loc[observed, "shipped"].mean()),
                    "value": float(metrics.loc[~observed, "value_added"].sum()),
                }
            )
    return rows


def what_ifs(
    world: World,
    posterior: pd.DataFrame,
    horizon: int = 52,
    presets: tuple = WHAT_IFS,
    workers: int | None = None,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """One row per posterior draw and scenario."""
    draws = posterior.to_dict("records")
    chunks = [draws[i : i + CHUNK] for i in range(0, len(draws), CHUNK)]
    rows = []
    for finished in run_chunks(whatif_chunk, world, chunks, workers, scheduler, horizon, presets):
        rows.extend(finished)
    table = pd.DataFrame(rows)
    return table.sort_values(["scenario", "posterior_row"]).reset_index(drop=True)


def intervals(table: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: value over the horizon (10/50/90% across draws) and the paired difference
    from "as it is" (10/50/90%), and the share of draws where the scenario earns more."""
    base = table[table["scenario"] == AS_IT_IS].set_index("posterior_row")["value"]
    rows = []
    for scenario, group in table.groupby("scenario", sort=False):
        value = group.set_index("posterior_row")["value"]
        gain = value - base.reindex(value.index)
        low, mid, high = np.percentile(value, [10, 50, 90])
        g_low, g_mid, g_high = np.percentile(gain, [10, 50, 90])
        rows.append(
            {
                "scenario": scenario,
                "value_10%": low,
                "value_50%": mid,
                "value_90%": high,
                "gain_10%": g_low,
                "gain_50%": g_mid,
                "gain_90%": g_high,
                "more_than_as_it_is": float((gain > 0).mean()),
            }
        )
    order = {s: i for i, s in enumerate((AS_IT_IS, *WHAT_IFS))}
    out = pd.DataFrame(rows)
    return out.sort_values("scenario", key=lambda s: s.map(order)).reset_index(drop=True)
