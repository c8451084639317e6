"""Hydra callback: at the end of a sweep, build the results table and figures.

Hydra skips ``on_multirun_end`` only if the sweeper raises; the outcome sweeper does not raise on
failed jobs, so the table is built with their rows marked failed. Hydra swallows exceptions from
callbacks, so the number of failed jobs is handed back to ``sim.cli.main`` for the exit status.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

#: Failed or unfinished job count of the last sweep run in this process (read by sim.cli).
LAST_SWEEP: dict[str, Any] = {}


class SweepResults(Callback):
    """Aggregate the sweep folder into results.parquet/.csv, timeseries.parquet and figures."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        from sim.cli.aggregate import RESULTS_PARQUET, aggregate, result_parameters
        from sim.figures.tables import READING, comparison_table

        sweep_dir = Path(config.hydra.sweep.dir)
        results, _ = aggregate(sweep_dir)
        jobs = results.drop_duplicates("job")
        not_done = jobs[jobs["status"] != "done"]
        LAST_SWEEP.update(sweep_dir=sweep_dir, jobs=len(jobs), not_done=not_done)
        params = result_parameters(results)
        print(READING)
        print(comparison_table(results, params))
        if params == ["governance"]:
            from sim.config import presets, what_differs

            names = [str(v) for v in results["governance"].dropna().unique()]
            if set(names) <= set(presets()):
                print("The presets " + what_differs(names) + ".")
        print(f"results: {sweep_dir / RESULTS_PARQUET} ({len(results)} rows)")
        figures = sorted(p.name for p in sweep_dir.glob("*.png"))
        if figures:
            print(f"figures: {sweep_dir} ({', '.join(figures)})")
        if sweep_dir.name[:4].isdigit():  # a dated folder: multirun/<experiment>/latest
            from sim.outputs import point_latest

            latest = point_latest(sweep_dir)
            if latest:
                print(f"latest: {latest}")
