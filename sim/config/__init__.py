"""The configuration: the schema of every setting, the presets, organization files, timelines and
replay logs built on it, and the validation of a whole configuration.

Imports run one way, bottom to top: ``errors`` and ``preset_files``; ``schema``; ``organization``,
``timeline`` and ``replay``; ``validation`` and ``make``. No module here imports the engine or
an interface (``tests/test_architecture.py`` checks it). This package's names are the ones to
import: ``from sim.config import SimConfig, make_config, ConfigError``.
"""

from sim.config.errors import CONFIG_DIR, ConfigError
from sim.config.make import make_config, what_differs, with_overrides
from sim.config.preset_files import describe_preset, load_preset, options, presets
from sim.config.schema import (
    GROUPS,
    TOP_LEVEL,
    GovernanceConfig,
    OrgConfig,
    SimConfig,
    ValueConfig,
    allowed,
    check_field,
    fields_of,
    flat_keys,
    keyword_parameters,
    to_dict,
)
from sim.config.validation import from_dict, room_config, validate

__all__ = [
    "CONFIG_DIR",
    "GROUPS",
    "TOP_LEVEL",
    "ConfigError",
    "GovernanceConfig",
    "OrgConfig",
    "SimConfig",
    "ValueConfig",
    "allowed",
    "check_field",
    "describe_preset",
    "fields_of",
    "flat_keys",
    "from_dict",
    "keyword_parameters",
    "load_preset",
    "make_config",
    "options",
    "presets",
    "room_config",
    "to_dict",
    "validate",
    "what_differs",
    "with_overrides",
]
