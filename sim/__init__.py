"""An agent-based simulator of product governance: ticket coordination versus outcome ownership.

The Python API: ``sim.run(sim.make_config("empowered_product_owner"))`` or
``sim.Organization(seed=1)`` for a Mesa model; ``sim.run_grid`` for many parameter sets.

The names are loaded on first use (PEP 562), so that importing a part of the engine (for example
``agents``, whose modules use ``sim.engine.initiatives``) does not import the whole model first.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "ConfigError": "sim.config",
    "SimConfig": "sim.config",
    "validate": "sim.config",
    "make_config": "sim.config",
    "presets": "sim.config",
    "Organization": "sim.engine.model",
    "RunResult": "sim.runner",
    "run": "sim.runner",
    "run_replication": "sim.runner",
    "GridRunner": "sim.batch",
    "run_grid": "sim.batch",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
