"""The reference table: prior draws simulated and read back as a tracker export would be.

Each draw (sim.diagnosis.families) runs the export's world (sim.diagnosis.world) for the export's
number of weeks; the run's ledger is written as a Jira CSV and read back by the same importer as
the user's export, and its signature is taken on the whole window and on each half. A draw's
result depends only on the base seed and its index, so the table is the same on one core, on
every core, or on a Dask cluster.

Work goes out in chunks: to a pool of local processes by default, or to a ``dask.distributed``
scheduler when one is given. A progress bar counts the simulations.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from sim.calibration.signature import FEATURES
from sim.diagnosis.families import draws
from sim.diagnosis.world import World

#: Draws per task: enough to amortize a worker's start, few enough for a smooth progress bar.
CHUNK = 10
PARTS = ("whole", "first", "second")


def simulate(world: World, values: dict, folder: Path) -> dict:
    """One draw's signatures on the whole window and on each half (columns ``part.signal``)."""
    import sim
    from sim.calibration.export import write_jira_csv
    from sim.calibration.signature import signature
    from sim.calibration.tracker import read_export
    from sim.calibration.window import halves
    from sim.config.inert import InertSettingWarning

    with warnings.catch_warnings():
        # A family fixes some settings that its own governance never reads; that is expected.
        warnings.simplefilter("ignore", InertSettingWarning)
        result = sim.run(sim.make_config("ticket_coordinator", **world.settings(values)))
    path = write_jira_csv(result.ledger, folder / f"draw-{values['draw']}.csv")
    issues = read_export(path).issues
    path.unlink()
    if not world.started_dates:  # read as the user's export was: without start dates
        issues["started"] = pd.NaT
    if world.unit == "items":  # ... and without story points
        issues["points"] = float("nan")
    row = dict(values)
    first, second = halves(issues)
    for part, frame in zip(PARTS, (issues, first, second), strict=True):
        row.update({f"{part}.{k}": v for k, v in _signature(frame, signature).items()})
    return row


def _signature(frame: pd.DataFrame, signature) -> dict:
    """The signature, or all missing when a half holds no issue at all."""
    if frame.empty:
        return dict.fromkeys(FEATURES, float("nan"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a constant column's rank correlation
        return signature(frame)


def simulate_chunk(world: World, chunk: list[dict]) -> list[dict]:
    """Simulate some draws in one worker (the entry point for process pools and Dask)."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        return [simulate(world, values, Path(folder)) for values in chunk]


def reference_table(
    world: World,
    n: int,
    seed: int = 0,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    chunk: int = CHUNK,
) -> pd.DataFrame:
    """``n`` prior draws simulated, one row each, in draw order.

    ``workers`` local processes (default: every core), or the Dask scheduler at ``scheduler``
    (an address such as ``tcp://host:8786``), which then decides where the work runs.
    """
    from tqdm import tqdm

    todo = draws(n, seed)
    chunks = [todo[i : i + chunk] for i in range(0, n, chunk)]
    rows: list[dict] = []
    bar = tqdm(
        total=n, desc="simulations", unit="run", disable=not progress, leave=False, smoothing=0
    )
    try:
        for finished in run_chunks(simulate_chunk, world, chunks, workers, scheduler):
            rows.extend(finished)
            bar.update(len(finished))
    finally:
        bar.close()
    return pd.DataFrame(rows).sort_values("draw").reset_index(drop=True)


def run_chunks(task, world, chunks, workers=None, scheduler=None, *extra):
    """``task(world, chunk, *extra)`` for every chunk; the results as they finish."""
    if scheduler:
        from distributed import Client
        from distributed import as_completed as dask_completed

        with Client(scheduler) as client:
            n = len(chunks)
            futures = client.map(task, [world] * n, chunks, *[[e] * n for e in extra], pure=False)
            for future in dask_completed(futures):
                yield future.result()
        return
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for part in chunks:
            yield task(world, part, *extra)
        return
    # Mesa sets the spawn start method; say so explicitly so that no platform differs.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(task, world, part, *extra) for part in chunks]
        for future in as_completed(futures):
            yield future.result()


def seconds_per_run(world: World, seed: int = 0, runs: int = 3) -> float:
    """The time one simulation takes here, to state a budget's duration: the fastest of a few
    after the first (which pays for imports and warm-up, as a worker does only once)."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for values in draws(runs, seed + 7919):
            start = time.perf_counter()
            simulate(world, values, Path(folder))
            times.append(time.perf_counter() - start)
    return float(min(times[1:] or times))
