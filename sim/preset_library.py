"""Governance presets and the configurations built from them.

A preset is a YAML file in ``configs/governance/`` with governance settings and a plain-language
``description`` (the README, the dashboard and the course pack all show that text). A preset whose
first line is ``# @package _global_`` may also set org and value settings. ``make_config`` builds a
validated configuration from a preset plus flat (``authority=0.5``) or dotted overrides.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from sim.config import (
    CONFIG_DIR,
    GROUPS,
    TOP_LEVEL,
    ConfigError,
    GovernanceConfig,
    SimConfig,
    flat_keys,
    from_dict,
    to_dict,
)


def options(group: str) -> list[str]:
    """Names of the YAML files of a config group folder (``governance``, ``experiment``, ...)."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def presets() -> list[str]:
    """Names of the governance presets shipped in configs/governance/."""
    return options("governance")


def describe_preset(name: str) -> str:
    """A preset's plain-language description (its ``description`` in configs/governance/)."""
    data = load_preset(name)
    return " ".join(data["governance"].get("description", "").split())


def load_preset(name: str) -> dict[str, Any]:
    """A governance preset as a nested override mapping ({"governance": {...}, maybe "org": ...}).

    Presets marked ``# @package _global_`` may also set org and value settings.
    """
    path = CONFIG_DIR / "governance" / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError("governance", name, f"no such preset; allowed: {', '.join(presets())}")
    text = path.read_text()
    data = yaml.safe_load(text) or {}
    data.pop("defaults", None)
    if "@package _global_" in text.splitlines()[0]:
        return data
    return {"governance": data}


def resolve_governance(
    preset: str | None, base: GovernanceConfig, overrides: dict[str, Any]
) -> GovernanceConfig:
    """A governance: a preset's (or ``base`` without one), with governance keys overridden."""
    start = base
    if preset is not None:
        start = from_dict({"governance": load_preset(preset)["governance"]}).governance
    if not overrides:
        return start
    changed = ", ".join(f"{k} {v}" for k, v in overrides.items() if k != "name")
    name = overrides.get("name") or f"{start.name} with {changed}"
    return dataclasses.replace(start, **{**overrides, "name": name})


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
