"""Configurations built from a governance preset (the top of ``sim.config``, beside validation).

``make_config`` builds a validated configuration from a preset plus flat (``authority=0.5``) or
dotted overrides; ``with_overrides`` changes a configuration; ``what_differs`` says in words how
some presets differ (for titles).
"""

from __future__ import annotations

from typing import Any

from sim.config.errors import ConfigError
from sim.config.preset_files import load_preset
from sim.config.schema import GROUPS, TOP_LEVEL, SimConfig, flat_keys, to_dict
from sim.config.validation import from_dict


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def make_config(preset: str = "ticket_coordinator", **params: Any) -> SimConfig:
    """A validated config from a governance preset plus flat or dotted overrides.

    Example: ``make_config("empowered_product_owner", authority=0.5, ticks=52)`` or
    ``make_config(**{"governance.authority": 0.5})``.
    """
    data = _merge(to_dict(SimConfig()), load_preset(preset))
    return _apply(data, params)


def with_overrides(config: SimConfig, **params: Any) -> SimConfig:
    """A validated copy of ``config`` with flat or dotted overrides applied."""
    return _apply(to_dict(config), params)


def _apply(data: dict[str, Any], params: dict[str, Any]) -> SimConfig:
    keys = flat_keys()
    for name, value in params.items():
        dotted = keys.get(name, name)
        group, _, key = dotted.partition(".")
        if key and group in GROUPS and key in data[group]:
            data[group][key] = value
        elif not key and dotted in TOP_LEVEL:
            data[dotted] = value
        else:
            raise ConfigError(name, value, "unknown setting; allowed: " + ", ".join(keys))
    return from_dict(data)


def what_differs(names: list[str]) -> str:
    """Which governance settings differ among some presets, and which they share (for titles).

    Example: "differ in authority, support, ...; the same skill 0.7, wip_limit 2".
    """
    governance = [to_dict(make_config(name))["governance"] for name in names]
    keys = [k for k in governance[0] if k not in ("name", "description")]
    differ = [k for k in keys if len({str(g[k]) for g in governance}) > 1]
    same = [f"{k} {governance[0][k]}".lower() for k in keys if k not in differ]
    return f"differ in {', '.join(differ) or 'nothing'}; the same {', '.join(same)}"
