"""Run many parameter sets without Hydra: the API for notebooks, SALib and EMA Workbench.

``run_grid(points, replications=10)`` runs every (point, replication) pair in a pool of warm
worker processes and returns the same tidy table as a sweep's ``results.parquet``: one row per
point and replication, a column per parameter, the seed, the replication and every summary
metric. Replication k of a point always uses streams from (seed, k), so the table is identical
whatever the number of workers. A point that fails gets rows with status ``failed`` and its
error; the other points are unaffected. Bad settings are refused before anything runs.

Keep a ``GridRunner`` open to reuse its workers over many calls (each fresh Python with Mesa
imported costs most of a second).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from sim.config import SimConfig, make_config
from sim.engine.metrics import SUMMARY_METRICS


def _evaluate(task: tuple[int, SimConfig, int]) -> tuple[int, int, dict[str, Any] | str]:
    """Run one replication of one point (in a worker); return its summary or the error."""
    from sim.runner import run_replication

    point, config, replication = task
    try:
        summary = run_replication(config, replication).summary
        return point, replication, summary
    except Exception as exc:  # a failed point is reported in the table, not raised
        return point, replication, f"{type(exc).__name__}: {exc}"


class GridRunner:
    """A pool of warm worker processes for repeated ``run`` calls.

    Args:
        workers: worker processes (default: the machine's cores); 1 runs in this process.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> GridRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _map(self, tasks: list) -> Iterable:
        if self.workers == 1:
            return map(_evaluate, tasks)
        if self._pool is None:
            # Mesa forces the spawn start method anyway; say so explicitly.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        chunk = max(1, len(tasks) // (4 * self.workers))
        return self._pool.map(_evaluate, tasks, chunksize=chunk)

    def run(
        self,
        points: list[Mapping[str, Any]],
        replications: int = 10,
        preset: str = "ticket_coordinator",
        progress: bool = False,
        **base: Any,
    ) -> pd.DataFrame:
        """Evaluate every point ``replications`` times; return the tidy results table.

        Args:
            points: parameter dicts with flat (``authority``) or dotted
                (``governance.authority``) keys; a ``preset`` key picks a governance preset.
            replications: replications per point (seeds (seed, 0..replications-1)).
            preset: governance preset for points without their own.
            progress: show a progress bar.
            **base: settings shared by every point (``ticks=52``, ``seed=3``).
        """
        points = [dict(p) for p in points]
        presets = [p.pop("preset", preset) for p in points]
        configs = [
            make_config(name, **{**base, **point})
            for name, point in zip(presets, points, strict=True)
        ]
        tasks = [(i, c, k) for i, c in enumerate(configs) for k in range(replications)]
        first: list = []
        if progress and tasks:
            from sim.timing import QUIET_SECONDS, estimate_line

            # Time the first run here and say how long the grid will take; its result is kept.
            first, per_run = _timed(tasks[0])
            seconds = len(tasks) * per_run / self.workers
            if seconds > QUIET_SECONDS:
                print(
                    estimate_line(
                        f"grid of {len(configs)} settings x {replications} replications",
                        len(tasks),
                        per_run,
                        self.workers,
                        "fewer settings or replications for a quicker look",
                    ),
                    file=sys.stderr,
                    flush=True,
                )
            tasks = tasks[1:]
        outcomes = itertools.chain(first, self._map(tasks))
        if progress:
            from tqdm import tqdm

            # smoothing=0: the estimate is the average pace so far, steady from the first runs
            # (the default follows the last few, and the first waits for the workers to start).
            points_n = len(configs)
            desc = f"{points_n} settings x {replications} replications"
            total = len(tasks) + len(first)
            outcomes = tqdm(outcomes, total=total, unit="run", desc=desc, smoothing=0)
        rows = []
        for point, replication, outcome in outcomes:
            row: dict[str, Any] = {"point": point, "preset": presets[point], **points[point]}
            row["seed"] = configs[point].seed
            row["replication"] = replication
            if isinstance(outcome, str):
                row.update(status="failed", error=outcome)
                row.update(dict.fromkeys(SUMMARY_METRICS, np.nan))
            else:
                row.update(status="done", error=None)
                row.update({m: outcome[m] for m in SUMMARY_METRICS})
            rows.append(row)
        params = list(dict.fromkeys(k for p in points for k in p))
        columns = ["point", "preset", *params, "status", "error", "seed", "replication"]
        frame = pd.DataFrame(rows, columns=[*columns, *SUMMARY_METRICS])
        frame = frame.sort_values(["point", "replication"], kind="stable").reset_index(drop=True)
        return frame.astype({m: "float64" for m in SUMMARY_METRICS})


def _timed(task) -> tuple[list, float]:
    """One task run here, and its wall-clock seconds."""
    start = time.perf_counter()
    outcome = _evaluate(task)
    return [outcome], time.perf_counter() - start


def run_grid(
    points: list[Mapping[str, Any]],
    replications: int = 10,
    workers: int | None = None,
    preset: str = "ticket_coordinator",
    progress: bool = False,
    **base: Any,
) -> pd.DataFrame:
    """Evaluate parameter sets in a pool of ``workers`` processes (see ``GridRunner.run``).

    Example::

        table = sim.run_grid([{"authority": a} for a in (0.1, 0.5, 0.9)],
                             preset="empowered_product_owner", replications=20, ticks=104)
    """
    with GridRunner(workers) as runner:
        return runner.run(points, replications, preset, progress, **base)
