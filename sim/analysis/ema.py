"""Export a results table to EMA Workbench's ``(experiments, outcomes)`` form.

    import pandas as pd, sim.ema
    experiments, outcomes = sim.ema.to_ema(pd.read_parquet("multirun/.../results.parquet"))
    # e.g. ema_workbench.analysis.prim.Prim(experiments, outcomes["cumulative_value"] > 10000, 0.8)

Works on a sweep's ``results.parquet`` and on ``sim.run_grid``'s table: experiments are the
parameter columns (plus seed and replication) of the finished rows, outcomes a dict of numpy
arrays, one per summary metric.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.engine.metrics import SUMMARY_METRICS

_BOOKKEEPING = ("experiment", "job", "status", "error", "point")


def to_ema(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """(experiments DataFrame, {outcome: array}) of the table's finished rows."""
    done = table[table["status"] == "done"].reset_index(drop=True)
    inputs = [c for c in done.columns if c not in SUMMARY_METRICS and c not in _BOOKKEEPING]
    experiments = done[inputs].copy()
    outcomes = {m: done[m].to_numpy(dtype=float) for m in SUMMARY_METRICS if m in done}
    return experiments, outcomes
