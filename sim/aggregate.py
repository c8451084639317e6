"""Combine a sweep's job folders into one tidy table: ``python -m sim.aggregate SWEEP_DIR``.

Reads ``jobs.json`` (every planned job) and each job's status and results, and writes, atomically,
into the sweep folder:

- ``results.parquet`` and ``results.csv``: one row per job and replication, with the experiment,
  the job's key, its status (``done``, ``failed``, ``running`` or ``missing``) and error, a column
  per swept parameter, the seed, the replication and every summary metric (empty unless done);
- ``timeseries.parquet``: the per-tick metrics of every finished job, with the job's key and
  swept parameters;
- the sweep figures (``sim.sweep_plots``).

It works on a sweep where some jobs failed or never ran, and never changes a job's own files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.metrics import SUMMARY_METRICS
from sim.outputs import atomic_write
from sim.sweep import JOBS_FILE, METRICS_FILE, SUMMARY_FILE, read_status

RESULTS_PARQUET = "results.parquet"
RESULTS_CSV = "results.csv"
TIMESERIES_PARQUET = "timeseries.parquet"
ID_COLUMNS = ("experiment", "job", "status", "error")


def _parse(override: str) -> tuple[str, object]:
    key, _, value = override.lstrip("+~").partition("=")
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        parsed = value
    return key, parsed


def load_plan(sweep_dir: Path) -> tuple[str | None, list[dict]]:
    """The planned jobs; without jobs.json, the jobs found on disk."""
    sweep_dir = Path(sweep_dir)
    plan = sweep_dir / JOBS_FILE
    if plan.is_file():
        document = json.loads(plan.read_text())
        return document.get("experiment"), document["jobs"]
    jobs = []
    for status_file in sorted(sweep_dir.glob("*/status.json")):
        status = read_status(status_file.parent) or {}
        overrides = status.get("overrides", [])
        jobs.append({"key": status_file.parent.name, "overrides": overrides, "replications": None})
    return None, jobs


def swept_parameters(jobs: list[dict]) -> list[str]:
    """Override keys whose value differs between jobs (all override keys if only one job)."""
    values: dict[str, set] = {}
    for job in jobs:
        for override in job["overrides"]:
            key, value = _parse(override)
            if key != "experiment" and not key.startswith("hydra."):
                values.setdefault(key, set()).add(repr(value))
    varying = [k for k, v in values.items() if len(v) > 1]
    return varying if varying or len(jobs) > 1 else list(values)


def aggregate(sweep_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build the results and time-series tables of a sweep folder and write them there."""
    sweep_dir = Path(sweep_dir)
    experiment, jobs = load_plan(sweep_dir)
    params = swept_parameters(jobs)
    rows, series = [], []
    for job in jobs:
        job_dir = sweep_dir / job["key"]
        status = read_status(job_dir)
        state = status["status"] if status else "missing"
        error = status.get("error") if status else None
        overrides = dict(_parse(o) for o in job["overrides"])
        values = {p: overrides.get(p) for p in params}
        base = {"experiment": experiment, "job": job["key"], "status": state, "error": error}
        summary_file = job_dir / SUMMARY_FILE
        if state == "done" and summary_file.is_file():
            summary = json.loads(summary_file.read_text())
            for rep in summary["per_replication"]:
                metrics = {m: rep.get(m) for m in SUMMARY_METRICS}
                rows.append(
                    {
                        **base,
                        **values,
                        "seed": summary["seed"],
                        "replication": rep["replication"],
                        **metrics,
                    }
                )
            frame = pd.read_parquet(job_dir / METRICS_FILE)
            frame.insert(0, "job", job["key"])
            for offset, p in enumerate(params, start=1):
                frame.insert(offset, p, values[p])
            series.append(frame)
        else:
            replications = job.get("replications") or 1
            for rep in range(replications):
                rows.append(
                    {
                        **base,
                        **values,
                        "seed": job.get("seed"),
                        "replication": rep,
                        **dict.fromkeys(SUMMARY_METRICS, np.nan),
                    }
                )
    columns = [*ID_COLUMNS, *params, "seed", "replication", *SUMMARY_METRICS]
    results = pd.DataFrame(rows, columns=columns)
    for name in SUMMARY_METRICS:
        results[name] = results[name].astype("float64")
    results["seed"] = results["seed"].astype("Int64")
    results["replication"] = results["replication"].astype("int64")
    for name in ("experiment", "job", "status", "error"):
        results[name] = results[name].astype("string")
    timeseries = pd.concat(series, ignore_index=True) if series else pd.DataFrame()

    atomic_write(sweep_dir / RESULTS_PARQUET, lambda tmp: results.to_parquet(tmp, index=False))
    atomic_write(sweep_dir / RESULTS_CSV, lambda tmp: results.to_csv(tmp, index=False))
    atomic_write(
        sweep_dir / TIMESERIES_PARQUET, lambda tmp: timeseries.to_parquet(tmp, index=False)
    )
    from sim.sweep_plots import sweep_figures

    sweep_figures(results, params, experiment, sweep_dir)
    return results, timeseries


#: Headline columns of the printed comparison table.
TABLE_METRICS = (
    "throughput_first_year",
    "throughput_last_year",
    "cumulative_value",
    "zombie_capacity_share",
    "escalations",
    "reversals",
)


def comparison_table(results: pd.DataFrame) -> str:
    """Means over replications per job of the headline metrics, and each job's status."""
    params = [
        c
        for c in results.columns
        if c not in (*ID_COLUMNS, "seed", "replication", *SUMMARY_METRICS)
    ]
    keys = params or ["job"]
    grouped = results.groupby(keys, sort=False, dropna=False)
    table = grouped[list(TABLE_METRICS)].mean()
    table.insert(0, "status", grouped["status"].first())
    table.insert(1, "reps", grouped["replication"].count())
    with pd.option_context(
        "display.width", 200, "display.max_columns", 20, "display.float_format", "{:,.2f}".format
    ):
        return table.to_string()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(
            "usage: python -m sim.aggregate SWEEP_DIR (a folder written by python -m sim -m)",
            file=sys.stderr,
        )
        return 2
    results, _ = aggregate(Path(argv[0]))
    print(comparison_table(results))
    counts = results.drop_duplicates("job")["status"].value_counts().to_dict()
    print(f"jobs: {counts}; table: {Path(argv[0]) / RESULTS_PARQUET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
