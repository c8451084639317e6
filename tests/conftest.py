"""Shared helpers for the tests: small configurations and replicated runs."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.run import run_replication


def replicate(preset: str, n: int, seed: int = 0, **params) -> list[dict[str, float]]:
    """Summaries of replications 0..n-1 of a preset (fixed seed)."""
    config = sim.make_config(preset, seed=seed, replications=1, **params)
    return [run_replication(config, k)[0] for k in range(n)]


def column(summaries: list[dict[str, float]], name: str) -> np.ndarray:
    return np.array([s[name] for s in summaries], dtype=float)


@pytest.fixture(scope="session")
def replicated():
    """Cached replicated runs, shared by the pattern tests: replicated(preset, n, **params)."""
    cache: dict = {}

    def get(preset: str, n: int, **params):
        key = (preset, n, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = replicate(preset, n, **params)
        return cache[key]

    return get
