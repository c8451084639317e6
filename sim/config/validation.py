"""A whole configuration checked before anything runs (the top of ``sim.config``).

``validate`` range-checks every setting, then the replay log, the organization and the timeline
(each raises one ``ConfigError`` naming the setting); ``from_dict`` builds a validated
configuration from a nested mapping, as Hydra, JSON and the presets give it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sim.config.organization import organization_of, uniform
from sim.config.replay import check_settings
from sim.config.schema import (
    GROUPS,
    ConfigError,
    SimConfig,
    check_field,
    check_group,
    coerce,
    describe_allowed,
    fields_of,
    group_from_dict,
)
from sim.config.timeline import check_timeline


def validate(config: SimConfig) -> SimConfig:
    """Range-check every setting; raise ConfigError on the first bad one, else return config."""
    for f in dataclasses.fields(SimConfig):
        if f.name in GROUPS:
            check_group(f.name, getattr(config, f.name))
        else:
            check_field(f.name, getattr(config, f.name), f.metadata)
    if config.policy:
        check_settings(config)  # raises ConfigError naming the file
    if not isinstance(config.org_file, str):
        raise ConfigError(
            "org_file", config.org_file, describe_allowed(fields_of(SimConfig)["org_file"].metadata)
        )
    spec = organization_of(config) or uniform(config)
    check_timeline(config.timeline, spec, config)
    return config


def from_dict(data: dict[str, Any]) -> SimConfig:
    """Build a validated SimConfig from a nested mapping (as Hydra or JSON gives it)."""
    known = {f.name for f in dataclasses.fields(SimConfig)}
    extra = set(data) - known
    if extra:
        key = sorted(extra)[0]
        raise ConfigError(key, data[key], f"unknown setting; allowed: {', '.join(sorted(known))}")
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(SimConfig):
        if f.name not in data:
            continue
        if f.name in GROUPS:
            kwargs[f.name] = group_from_dict(f.name, data[f.name] or {})
        else:
            kwargs[f.name] = coerce(f.name, data[f.name], f.metadata)
    return validate(SimConfig(**kwargs))


def room_config(config: SimConfig) -> SimConfig:
    """The configuration a replay runs: the room's, with this run's policy and replications.

    A replay runs in the room's own organization, world and horizon (so the logged decisions
    meet the same initiatives); any other setting given with it is refused, not ignored.
    """
    log = check_settings(config)
    data = {**log.config, "policy": config.policy, "replications": config.replications}
    return from_dict(data)
