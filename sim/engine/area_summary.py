"""Each product area's results in one replication: the ``per_area`` of summary.json."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.engine.demand import area_demand_points
from sim.engine.periods import QUARTER


def area_summary(model, ledger: pd.DataFrame) -> list[dict]:
    """Each product area's results in one replication (the ``per_area`` of summary.json).

    An area's value is what its releases contributed to cumulative value: each release's
    run-rate, eroding from the tick it shipped to the end of the run (or to its rollback).
    """
    ticks, decay = model.steps, model.value_decay
    # Per week and owner: (support, authority in effect, satisfaction).
    record = np.array(model.owner_record).reshape(-1, len(model.product_owner_list), 3)
    demand = area_demand_points(
        model.config,
        [s.home_area for s in model.stakeholder_list],
        [s.request_rate for s in model.stakeholder_list],
        len(model.product_owner_list),
    )
    out = []
    for i, (owner, team) in enumerate(zip(model.product_owner_list, model.team_list, strict=True)):
        items = ledger[ledger["product_owner"] == i]
        done = items[items["finished"].notna()]  # shipped, including work later rolled back
        # A rollback at a review in week r stops the run-rate from week r on.
        until = done["rolled_back"].astype("Float64").fillna(ticks).to_numpy(dtype=float)
        weeks = until - done["finished"].to_numpy(dtype=float)
        factor = weeks if decay == 1.0 else (1 - decay**weeks) / (1 - decay)
        realized = done["realized_value"].to_numpy(dtype=float)
        points = float(done["size"].sum())
        out.append(
            {
                "area": model.area_names[i],
                "governance": owner.governance.name,
                "throughput": len(done) * QUARTER / max(ticks, 1),
                "value": float((realized * factor).sum()),
                "value_added": float(realized.sum()),
                "value_per_point": float(realized.sum() / points) if points else float("nan"),
                "zombie_share": team.zombie_points / team.available_points
                if team.available_points
                else 0.0,
                "backlog": int(owner.backlog.size),
                "escalations": int(items["escalations"].sum()),
                "reversals": int(items["reversals"].sum()),
                "yields": int(items["yields"].sum()),
                "capacity_to_demand": team.team_capacity / demand[i] if demand[i] else math.inf,
                "declared_support": float(owner.governance.support),
                "mean_support": float(record[:, i, 0].mean()) if len(record) else float("nan"),
                "declared_authority": float(owner.governance.authority),
                "mean_authority": float(record[:, i, 1].mean()) if len(record) else float("nan"),
            }
        )
    return out
