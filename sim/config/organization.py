"""Your own organization: named product areas and stakeholders, read from a YAML mapping.

An organization file has ``areas`` (each a name, its product owner's governance and optionally
its team's capacity) and ``stakeholders`` (each a name and optionally influence, alignment, home
area, request rate and escalation propensity). Governance is a preset name, or a mapping of
governance keys with an optional ``preset`` they start from (otherwise the run's governance).
Whatever is left out comes from the run's settings or, for stakeholders, from the distributions
(drawn as if the file were not there, so a file that names nothing reproduces a run without it).

Every value is checked before anything runs; an error names the file, the entry and the key:
``org.yaml: stakeholders[3].influence=1.7: allowed: a number in [0.0, 1.0]``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.config.errors import ConfigError
from sim.config.preset_files import load_preset, presets
from sim.config.schema import (
    GovernanceConfig,
    OrgConfig,
    SimConfig,
    check_field,
    check_group,
    fields_of,
    group_from_dict,
)

#: Optional numbers a stakeholder entry may give, checked against the org schema's ranges.
STAKEHOLDER_KEYS = {
    "influence": (0.0, 1.0),
    "alignment": (0.0, 1.0),
    "request_rate": fields_of(OrgConfig)["request_rate"].metadata["range"],
    "escalation_propensity": (0.0, 1.0),
}


@dataclass(frozen=True)
class Area:
    """A product area: its name, its product owner's governance and its team's capacity."""

    name: str
    governance: GovernanceConfig
    team_capacity: float | None = None


@dataclass(frozen=True)
class NamedStakeholder:
    """A stakeholder as the file describes them; None: drawn or taken from the settings."""

    name: str
    influence: float | None = None
    alignment: float | None = None
    home: int | None = None
    request_rate: float | None = None
    escalation_propensity: float | None = None


@dataclass(frozen=True)
class OrganizationSpec:
    """The organization a run simulates: its areas and (when named) its stakeholders."""

    areas: tuple[Area, ...]
    stakeholders: tuple[NamedStakeholder, ...] | None = None

    def area_index(self, name: str) -> int:
        return [a.name for a in self.areas].index(name)


def _error(source: str, key: str, value: Any, allowed: str):
    return ConfigError(f"{source}: {key}" if source else key, value, allowed)


def resolve_governance(
    preset: str | None, base: GovernanceConfig, overrides: dict[str, Any]
) -> GovernanceConfig:
    """A governance: a preset's (or ``base`` without one), with governance keys overridden."""
    start = base
    if preset is not None:
        start = group_from_dict("governance", load_preset(preset)["governance"])
        check_group("governance", start)
    if not overrides:
        return start
    changed = ", ".join(f"{k} {v}" for k, v in overrides.items() if k != "name")
    name = overrides.get("name") or f"{start.name} with {changed}"
    return dataclasses.replace(start, **{**overrides, "name": name})


def governance_of(entry: Any, base: GovernanceConfig, key: str, source: str) -> GovernanceConfig:
    """An area's governance: a preset name, or a mapping (optional ``preset`` + governance keys)."""
    if isinstance(entry, str):
        entry = {"preset": entry}
    if entry is None:
        return base
    if not isinstance(entry, dict):
        raise _error(source, key, entry, "allowed: a preset name or a mapping of governance keys")
    preset = entry.get("preset")
    if preset is not None and preset not in presets():
        raise _error(source, f"{key}.preset", preset, "allowed: " + ", ".join(presets()))
    overrides = {k: v for k, v in entry.items() if k != "preset"}
    known = fields_of(GovernanceConfig)
    for name, value in overrides.items():
        if name not in known or name == "description":
            allowed = ", ".join(n for n in known if n != "description")
            raise _error(source, f"{key}.{name}", value, "unknown setting; allowed: " + allowed)
        check_field(f"{key}.{name}", value, known[name].metadata, source)
    return resolve_governance(preset, base, overrides)


def parse(data: Any, base: GovernanceConfig, source: str = "") -> OrganizationSpec:
    """Check an organization mapping and build its spec (raises ConfigError naming the entry)."""
    if not isinstance(data, dict) or not data.get("areas"):
        raise _error(source, "areas", None, "allowed: a list of at least one area")
    unknown = set(data) - {"areas", "stakeholders"}
    if unknown:
        key = sorted(unknown)[0]
        raise _error(source, key, data[key], "unknown key; allowed: areas, stakeholders")
    areas = []
    for i, entry in enumerate(data["areas"]):
        key = f"areas[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise _error(source, f"{key}.name", entry, "allowed: a mapping with a name")
        unknown = set(entry) - {"name", "governance", "team_capacity"}
        if unknown:
            name = sorted(unknown)[0]
            allowed = "unknown key; allowed: name, governance, team_capacity"
            raise _error(source, f"{key}.{name}", entry[name], allowed)
        capacity = entry.get("team_capacity")
        if capacity is not None:
            meta = fields_of(OrgConfig)["team_capacity"].metadata
            check_field(f"{key}.team_capacity", capacity, meta, source)
        governance = governance_of(entry.get("governance"), base, f"{key}.governance", source)
        areas.append(Area(entry["name"], governance, capacity))
    names = [a.name for a in areas]
    if len(set(names)) < len(names):
        raise _error(source, "areas", names, "allowed: distinct area names")
    people = data.get("stakeholders")
    if people is None:
        return OrganizationSpec(tuple(areas))
    return OrganizationSpec(tuple(areas), tuple(_stakeholders(people, names, source)))


def _stakeholders(entries: Any, areas: list[str], source: str) -> list[NamedStakeholder]:
    if not isinstance(entries, list) or not entries:
        raise _error(source, "stakeholders", entries, "allowed: a list of at least one stakeholder")
    out = []
    for i, entry in enumerate(entries):
        key = f"stakeholders[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise _error(source, f"{key}.name", entry, "allowed: a mapping with a name")
        unknown = set(entry) - {"name", "home", *STAKEHOLDER_KEYS}
        if unknown:
            name = sorted(unknown)[0]
            allowed = "unknown key; allowed: name, home, " + ", ".join(STAKEHOLDER_KEYS)
            raise _error(source, f"{key}.{name}", entry[name], allowed)
        values = {}
        for name, (low, high) in STAKEHOLDER_KEYS.items():
            value = entry.get(name)
            if value is not None:
                meta = {"range": (low, high), "integer": False}
                check_field(f"{key}.{name}", value, meta, source)
            values[name] = value
        home = entry.get("home")
        if home is not None and home not in areas:
            raise _error(source, f"{key}.home", home, "allowed: an area: " + ", ".join(areas))
        home_index = areas.index(home) if home is not None else None
        out.append(NamedStakeholder(entry["name"], home=home_index, **values))
    return out


def read_file(path: str | Path) -> dict:
    """An organization file's mapping (raises ConfigError if missing or not YAML)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("org_file", str(path), "allowed: an existing YAML organization file")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError("org_file", str(path), f"not valid YAML ({exc.problem})") from None
    # A file written for the org= config group wraps the mapping in ``organization:``.
    if isinstance(data, dict) and set(data) == {"organization"}:
        data = data["organization"]
    return data


def organization_of(config: SimConfig) -> OrganizationSpec | None:
    """The run's organization: from ``organization``, or the file ``org_file``; None without."""
    if config.organization and config.org_file:
        raise ConfigError("org_file", config.org_file, "give org_file or organization, not both")
    if config.org_file:
        return parse(read_file(config.org_file), config.governance, Path(config.org_file).name)
    if config.organization:
        return parse(config.organization, config.governance, "organization")
    return None


def uniform(config: SimConfig) -> OrganizationSpec:
    """The organization a run without a file simulates: ``org.product_owners`` alike areas."""
    areas = tuple(
        Area(f"area {i + 1}", config.governance) for i in range(config.org.product_owners)
    )
    return OrganizationSpec(areas)
