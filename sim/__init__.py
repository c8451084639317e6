"""An agent-based simulator of product governance: ticket coordination versus outcome ownership.

The Python API: ``sim.run(sim.make_config("empowered_product_owner"))`` or
``sim.Organization(seed=1)`` for a Mesa model.
"""

from sim.batch import GridRunner, run_grid
from sim.config import ConfigError, SimConfig, validate
from sim.model import Organization
from sim.presets import make_config, presets
from sim.runner import RunResult, run, run_replication

__all__ = [
    "ConfigError",
    "GridRunner",
    "Organization",
    "RunResult",
    "SimConfig",
    "make_config",
    "presets",
    "run",
    "run_grid",
    "run_replication",
    "validate",
]
