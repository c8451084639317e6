"""Intervention timelines: governance changes at given weeks, for every area or for one.

A timeline is a list of changes, each ``{week: N, area: NAME (optional), set: {...}}``. Week N is
the first week under the change (week 1 is the first week of the run). ``set`` holds
``governance: PRESET`` (switch to a preset), ``governance: {preset: ..., key: value}`` or dotted
keys ``governance.KEY: value`` (change one lever, keeping the rest). Changes apply in week order;
every one is checked before the run starts, against the governance it will change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.config.errors import ConfigError
from sim.config.organization import OrganizationSpec, governance_of
from sim.config.schema import GovernanceConfig, SimConfig


@dataclass(frozen=True)
class Change:
    """One change of governance: the week it starts, its area (None: all) and what it sets."""

    week: int
    area: int | None
    governance: Any  # a preset name or a mapping, as governance_of reads it
    label: str

    def apply(self, current: GovernanceConfig, key: str = "timeline") -> GovernanceConfig:
        return governance_of(self.governance, current, key, "")


def _settings(entry: dict, key: str) -> Any:
    """The ``set`` mapping as one governance entry (preset name or mapping of keys)."""
    settings = entry.get("set")
    if not isinstance(settings, dict) or not settings:
        raise ConfigError(f"{key}.set", settings, "allowed: a mapping such as {governance: PRESET}")
    out: dict[str, Any] = {}
    for name, value in settings.items():
        if name == "governance" and isinstance(value, str):
            out["preset"] = value
        elif name == "governance" and isinstance(value, dict):
            out.update(value)
        elif name.startswith("governance."):
            out[name.partition(".")[2]] = value
        else:
            allowed = "allowed: governance (a preset or a mapping) or governance.KEY"
            raise ConfigError(f"{key}.set.{name}", value, allowed)
    return out


def changes_of(timeline: Any, spec: OrganizationSpec, ticks: int) -> list[Change]:
    """The timeline's changes in week order (raises ConfigError naming the bad entry)."""
    if timeline is None:
        return []
    if not isinstance(timeline, list):
        raise ConfigError("timeline", timeline, "allowed: a list of {week, area, set}")
    names = [a.name for a in spec.areas]
    changes = []
    for i, entry in enumerate(timeline):
        key = f"timeline[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(key, entry, "allowed: a mapping {week, area, set}")
        unknown = set(entry) - {"week", "area", "set"}
        if unknown:
            name = sorted(unknown)[0]
            raise ConfigError(f"{key}.{name}", entry[name], "unknown key; allowed: week, area, set")
        week = entry.get("week")
        if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= ticks:
            raise ConfigError(f"{key}.week", week, f"allowed: an integer in [1, {ticks}]")
        area = entry.get("area")
        if area is not None and area not in names:
            raise ConfigError(f"{key}.area", area, "allowed: an area: " + ", ".join(names))
        index = names.index(area) if area is not None else None
        settings = _settings(entry, key)
        label = ", ".join(f"{k}={v}" for k, v in settings.items())
        changes.append(Change(week, index, settings, f"{area or 'all areas'}: {label}"))
    return sorted(changes, key=lambda c: c.week)


def check_timeline(timeline: Any, spec: OrganizationSpec, config: SimConfig) -> None:
    """Check every change against the governance it will change, in week order."""
    current = [a.governance for a in spec.areas]
    for i, change in enumerate(changes_of(timeline, spec, config.ticks)):
        targets = range(len(current)) if change.area is None else [change.area]
        for t in targets:
            current[t] = change.apply(current[t], f"timeline[{i}].set")
