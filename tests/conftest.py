"""Shared helpers for the tests: replicated runs through the grid API, cached per session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim


def column(table: pd.DataFrame, name: str) -> np.ndarray:
    """One metric over replications 0..n-1 (the table is sorted by replication)."""
    return table[name].to_numpy(dtype=float)


@pytest.fixture(scope="session")
def grid_runner():
    """Two warm worker processes shared by every test of the session."""
    with sim.GridRunner(workers=2) as runner:
        yield runner


@pytest.fixture(scope="session")
def replicated(grid_runner):
    """replicated(preset, n, seed=0, **params): summaries of replications 0..n-1, cached."""
    cache: dict = {}

    def get(preset: str, n: int, seed: int = 0, **params) -> pd.DataFrame:
        key = (preset, n, seed, tuple(sorted(params.items())))
        if key not in cache:
            table = grid_runner.run([params], replications=n, preset=preset, seed=seed)
            assert (table["status"] == "done").all(), table["error"].dropna().tolist()
            cache[key] = table.sort_values("replication").reset_index(drop=True)
        return cache[key]

    return get


ROOT = Path(__file__).resolve().parent.parent


def command(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``python -m module args`` on this checkout's code, in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="session", autouse=True)
def generous_browser_waits():
    """Browser assertions wait for the page's state for up to 30 s, not Playwright's 5 s: a
    server round trip on a loaded 2-core machine can take longer (each expect still returns as
    soon as the page shows what it waits for)."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        yield
        return
    expect.set_options(timeout=30_000)
    yield
