"""Combine a sweep's job folders into one tidy table: ``python -m sim.aggregate SWEEP_DIR``.

``out=DIR`` writes the tables and figures to DIR instead of the sweep folder.

Reads ``jobs.json`` (every planned job) and each job's status and results, and writes, atomically,
into the sweep folder (or ``out``):

- ``results.parquet`` and ``results.csv``: one row per job and replication, with the experiment,
  the job's key, its status (``done``, ``failed``, ``running`` or ``missing``) and error, a column
  per swept parameter, the seed, the replication and every summary metric (empty unless done);
- ``timeseries.parquet``: the per-tick metrics of every finished job, with the job's key and
  swept parameters;
- the sweep figures (``sim.figures.sweeps``).

It works on a sweep where some jobs failed or never ran, and never changes a job's own files.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.cli.arguments import Option, command, parse_options
from sim.cli.job_status import JOBS_FILE, METRICS_FILE, SUMMARY_FILE, read_status
from sim.config import ConfigError
from sim.engine.metrics import SUMMARY_METRICS
from sim.figures.tables import comparison_table
from sim.outputs import atomic_write

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


def job_rows(sweep_dir: Path, job: dict, experiment, params: list[str]):
    """One job's result rows (one per replication) and its per-tick frame (None unless done)."""
    job_dir = sweep_dir / job["key"]
    status = read_status(job_dir)
    state = status["status"] if status else "missing"
    overrides = dict(_parse(o) for o in job["overrides"])
    base = {
        "experiment": experiment,
        "job": job["key"],
        "status": state,
        "error": status.get("error") if status else None,
        **{p: overrides.get(p) for p in params},
    }
    summary_file = job_dir / SUMMARY_FILE
    if state != "done" or not summary_file.is_file():
        empty = dict.fromkeys(SUMMARY_METRICS, np.nan)
        reps = range(job.get("replications") or 1)
        return [{**base, "seed": job.get("seed"), "replication": r, **empty} for r in reps], None
    summary = json.loads(summary_file.read_text())
    rows = [
        {
            **base,
            "seed": summary["seed"],
            "replication": rep["replication"],
            **{m: rep.get(m) for m in SUMMARY_METRICS},
        }
        for rep in summary["per_replication"]
    ]
    frame = pd.read_parquet(job_dir / METRICS_FILE)
    for offset, name in enumerate(["job", *params]):
        frame.insert(offset, name, base[name])
    return rows, frame


def results_frame(rows: list[dict], params: list[str]) -> pd.DataFrame:
    """The results table with its documented column order and dtypes."""
    columns = [*ID_COLUMNS, *params, "seed", "replication", *SUMMARY_METRICS]
    results = pd.DataFrame(rows, columns=columns)
    for name in SUMMARY_METRICS:
        results[name] = results[name].astype("float64")
    results["seed"] = results["seed"].astype("Int64")
    results["replication"] = results["replication"].astype("int64")
    for name in ID_COLUMNS:
        results[name] = results[name].astype("string")
    return results


def aggregate(sweep_dir: Path, out: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build the results and time-series tables of a sweep folder; write them (and figures).

    Args:
        sweep_dir: the sweep folder (``jobs.json`` and one folder per job).
        out: where to write the tables and figures (default: the sweep folder itself).
    """
    sweep_dir = Path(sweep_dir)
    out = Path(out) if out is not None else sweep_dir
    experiment, jobs = load_plan(sweep_dir)
    params = swept_parameters(jobs)
    rows, series = [], []
    for job in jobs:
        job_results, frame = job_rows(sweep_dir, job, experiment, params)
        rows.extend(job_results)
        if frame is not None:
            series.append(frame)
    results = results_frame(rows, params)
    timeseries = pd.concat(series, ignore_index=True) if series else pd.DataFrame()

    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / RESULTS_PARQUET, lambda tmp: results.to_parquet(tmp, index=False))
    atomic_write(out / RESULTS_CSV, lambda tmp: results.to_csv(tmp, index=False))
    atomic_write(out / TIMESERIES_PARQUET, lambda tmp: timeseries.to_parquet(tmp, index=False))
    from sim.figures.sweeps import sweep_figures

    sweep_figures(results, params, experiment, out)
    return results, timeseries


def result_parameters(results: pd.DataFrame) -> list[str]:
    """The swept parameters' columns of a results table."""
    fixed = {*ID_COLUMNS, "seed", "replication", *SUMMARY_METRICS}
    return [c for c in results.columns if c not in fixed]


@command
def main(argv: list[str]) -> int:
    """``python -m sim.aggregate SWEEP_DIR [out=DIR]`` (out defaults to SWEEP_DIR)."""
    folders = [a for a in argv if "=" not in a]
    options = parse_options([a for a in argv if "=" in a], OPTIONS)
    if len(folders) != 1:
        given = " ".join(folders) or None
        raise ConfigError("SWEEP_DIR", given, "allowed: one folder written by python -m sim -m")
    sweep_dir = Path(folders[0])
    if not (sweep_dir / JOBS_FILE).is_file():
        raise ConfigError(
            "SWEEP_DIR", str(sweep_dir), f"allowed: a sweep folder (with {JOBS_FILE})"
        )
    out = options["out"] or sweep_dir
    results, _ = aggregate(sweep_dir, out)
    print(comparison_table(results, result_parameters(results)))
    counts = results.drop_duplicates("job")["status"].value_counts().to_dict()
    print(f"jobs: {counts}; table: {out / RESULTS_PARQUET}")
    return 0


OPTIONS = {"out": Option(None, "folder for the tables and figures (default: SWEEP_DIR)", Path)}

if __name__ == "__main__":
    raise SystemExit(main())
