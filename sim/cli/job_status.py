"""One job of a sweep: run its replications, write its results and a status record.

A sweep folder holds ``jobs.json`` (every planned job, written before any job starts) and one
folder per job, named by its overrides (Hydra's ``override_dirname``), with ``summary.json``,
``metrics.parquet`` and ``status.json`` (``running``, then ``done`` or ``failed`` with the
error). A job whose status is ``done`` is complete and is skipped when the sweep runs again; a
failed or missing one runs again.
No Hydra here: the sweeper plugin and the callback call these functions.
"""

from __future__ import annotations

import json
import time
import traceback
from pathlib import Path
from typing import Any

from sim.config import SimConfig, to_dict
from sim.outputs import atomic_write, write_json
from sim.runner import run

JOBS_FILE = "jobs.json"
STATUS_FILE = "status.json"
SUMMARY_FILE = "summary.json"
METRICS_FILE = "metrics.parquet"


def read_status(job_dir: Path) -> dict[str, Any] | None:
    path = Path(job_dir) / STATUS_FILE
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError:
        return None


def is_done(job_dir: Path, overrides: list[str]) -> bool:
    """Whether the job in ``job_dir`` finished with exactly these overrides."""
    status = read_status(job_dir)
    return bool(
        status
        and status.get("status") == "done"
        and sorted(status.get("overrides", [])) == sorted(overrides)
        and (Path(job_dir) / SUMMARY_FILE).is_file()
    )


def write_plan(sweep_dir: Path, experiment: str | None, jobs: list[dict[str, Any]]) -> None:
    """Record every planned job (key, overrides, seed, replications) before any job starts."""
    write_json(Path(sweep_dir) / JOBS_FILE, {"experiment": experiment, "jobs": jobs})


def _status(job_dir: Path, overrides: list[str], state: str, **extra: Any) -> None:
    write_json(
        Path(job_dir) / STATUS_FILE,
        {"status": state, "overrides": list(overrides), "key": Path(job_dir).name, **extra},
    )


def run_job(config: SimConfig, job_dir: Path, overrides: list[str]) -> float:
    """Run one sweep job; record ``done`` or ``failed`` (and re-raise) in its status file.

    Returns the mean cumulative value (Hydra's job return value).
    """
    job_dir = Path(job_dir)
    started = time.time()
    _status(job_dir, overrides, "running", started=started)
    try:
        result = run(config)
        atomic_write(job_dir / METRICS_FILE, lambda tmp: result.metrics.to_parquet(tmp))
        write_json(job_dir / SUMMARY_FILE, result.as_json())
    except BaseException as exc:
        _status(
            job_dir,
            overrides,
            "failed",
            error=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
            started=started,
            seconds=time.time() - started,
        )
        raise
    _status(job_dir, overrides, "done", started=started, seconds=time.time() - started)
    return result.summary["cumulative_value"]


def plan_entry(key: str, overrides: list[str], config: SimConfig) -> dict[str, Any]:
    """What jobs.json records of one job (``key`` is its folder in the sweep folder)."""
    return {
        "key": key,
        "overrides": list(overrides),
        "seed": config.seed,
        "replications": config.replications,
        "config": to_dict(config),
    }
