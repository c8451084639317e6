"""The configuration schema: every setting with its range and meaning, and the range checks.

Three groups of settings, as in EMA Workbench's vocabulary: `governance` holds the levers leadership
controls (authority, kill criteria, review cadence, ...), `org` and `value` hold the world it does
not control (demand, capacity, how valuable ideas are). Every field carries its allowed range in its
metadata; `check_field` checks one value and raises one `ConfigError` naming the key, the bad value
and what is allowed (``sim.config.validation`` checks a whole configuration).

This module does not import Hydra: the Hydra entry point registers these dataclasses in its
ConfigStore, and the Python API, the tests and the dashboard load the same YAML presets directly.
"""

# Longer than 300 lines: the schema is one table of every setting with its range and meaning,
# and it reads best in one place.
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from sim.config.errors import CONFIG_DIR, ConfigError  # noqa: F401 (re-exported)
from sim.config.preset_files import describe_preset


def _num(default, low, high, help_text, integer=False):
    """A numeric field with its inclusive allowed range and a plain-language meaning."""
    meta = {"range": (low, high), "integer": integer, "help": help_text}
    return field(default=default, metadata=meta)


def _switch(default, help_text):
    return field(default=default, metadata={"switch": True, "help": help_text})


@dataclass
class GovernanceConfig:
    """The levers: how much a product owner may decide, and the forums that let them decide."""

    name: str = field(default="ticket_coordinator", metadata={"help": "preset name"})
    description: str = field(
        # The default governance is the ticket coordinator preset: same words as its file.
        default_factory=lambda: _default_description(),
        metadata={"help": "what the preset represents, in plain language"},
    )
    authority: float = _num(
        0.15, 0.0, 1.0, "formal authority to decline, order and kill work (0 none, 1 full)"
    )
    skill: float = _num(0.7, 0.0, 1.0, "skill at estimating value (sets estimate noise)")
    support: float = _num(
        0.1, 0.0, 1.0, "leadership support: upholds an escalated decision against influence"
    )
    entry_criteria: bool = _switch(
        False, "decline requests whose estimated value per point is below the entry threshold"
    )
    entry_threshold: float = _num(
        0.0, -5.0, 5.0, "minimum estimated value per point (value per tick per point of size)"
    )
    kill_criteria: bool = _switch(
        False, "stop initiatives whose MVP signal is below the kill threshold"
    )
    kill_threshold: float = _num(
        0.0, -10.0, 10.0, "MVP signal (value per tick) below which an initiative is stopped"
    )
    review_interval: int = _num(
        52, 1, 520, "ticks between reviews that fold in evidence and take kill decisions", True
    )
    outcome_focus: float = _num(
        0.2, 0.0, 1.0, "ordering weight on value per point (1) versus small tickets (0)"
    )
    wip_limit: int = _num(2, 1, 50, "initiatives a team works on at once", True)
    max_backlog_age: int = _num(
        52, 1, 10_000, "exit criterion: backlog items older than this are pruned", True
    )


@dataclass
class OrgConfig:
    """The organization: who asks for work, who decides, who delivers."""

    stakeholders: int = _num(24, 1, 10_000, "stakeholders who request work", True)
    product_owners: int = _num(4, 1, 1_000, "product owners, each with one team and area", True)
    team_capacity: float = _num(12.0, 0.01, 10_000.0, "points a team delivers per tick at start")
    capacity_to_demand: float = _num(
        0.0,
        0.0,
        10.0,
        "supply against demand: the teams' starting capacity as a share of the points requested "
        "a week (0: teams start at team_capacity, about 0.35 of demand at the defaults)",
    )
    capacity_growth: float = _num(0.03, 0.0, 1.0, "relative capacity growth per quarter")
    maintenance_rate: float = _num(
        0.001, 0.0, 0.1, "maintenance points per tick added by every shipped point, forever"
    )
    request_rate: float = _num(0.35, 0.0, 100.0, "requests per stakeholder per tick (Poisson)")
    home_share: float = _num(0.8, 0.0, 1.0, "share of requests sent to the stakeholder's home area")
    objectives: int = _num(3, 1, 100, "strategic objectives (OKRs)", True)
    escalation_propensity: float = _num(
        0.5, 0.0, 1.0, "weekly push and escalation probability of a stakeholder, times influence"
    )
    influence_scale: float = _num(
        1.0, 0.0, 3.0, "multiplies every stakeholder's influence (0: no politics)"
    )
    influence_value_correlation: float = _num(
        0.0, -1.0, 1.0, "correlation of a stakeholder's influence with the value of their ideas"
    )
    patience: int = _num(
        8, 0, 520, "weeks admitted work waits before its stakeholder starts pushing for it", True
    )
    protection_weeks: int = _num(
        13, 0, 520, "weeks a contest the stakeholder won shields the initiative from the next", True
    )
    influence_alpha: float = _num(0.7, 0.01, 100.0, "Beta shape a of stakeholder influence")
    influence_beta: float = _num(2.0, 0.01, 100.0, "Beta shape b of stakeholder influence")
    alignment_alpha: float = _num(2.0, 0.01, 100.0, "Beta shape a of stakeholder alignment")
    alignment_beta: float = _num(2.0, 0.01, 100.0, "Beta shape b of stakeholder alignment")
    politics_noise: float = _num(
        0.1, 0.0, 1.0, "sd of the noise in every contest of standing against influence"
    )
    initial_backlog: int = _num(0, 0, 100_000, "requests already waiting at tick 0", True)
    stakeholder_insight: float = _num(
        0.2,
        0.0,
        1.0,
        "how much a stakeholder's claim carries the idea's true value, sign included (0: upbeat "
        "noise); informed stakeholders fight only decisions they believe wrong",
    )
    support_sensitivity: float = _num(
        0.02,
        0.0,
        1.0,
        "weekly rate at which leadership support moves with results and with stakeholders' "
        "discontent (0: support fixed)",
    )
    standing_erosion: float = _num(
        1.0,
        0.0,
        5.0,
        "how far an owner's authority in effect falls with support below its declared level: "
        "authority x min(1, support / declared support) ^ this (0: authority never erodes)",
    )
    rollbacks: bool = _switch(
        True, "at reviews, shipped work whose measured outcome loses value can be rolled back"
    )


@dataclass
class ValueConfig:
    """What ideas are worth, how well anyone can tell, and how value compounds."""

    objective_mean: float = _num(
        0.0,
        -5.0,
        5.0,
        "mean hidden potential of leadership's objectives (0: strategy no better than random)",
    )
    objective_sd: float = _num(0.7, 0.0, 10.0, "sd of an objective's hidden potential")
    idea_mean: float = _num(
        0.0,
        -5.0,
        5.0,
        "mean own value of a request, before its objective (0: an average idea is worth nothing)",
    )
    idiosyncratic_sigma: float = _num(
        1.0, 0.0, 5.0, "sigma of the lognormal magnitude of an idea's own value"
    )
    near_zero_sd: float = _num(0.05, 0.0, 5.0, "sd of the idea's own value in the 'flat' third")
    misaligned_scale: float = _num(0.3, 0.0, 1.0, "magnitude factor of misaligned work")
    misaligned_offset: float = _num(
        -0.1, -5.0, 5.0, "value offset of misaligned work (the complexity it adds)"
    )
    synergy: float = _num(
        0.02, 0.0, 1.0, "capability gained per aligned success shipped, lost per aligned failure"
    )
    complexity_cost: float = _num(
        0.001, 0.0, 0.1, "capability every objective loses per misaligned release (bloat)"
    )
    capability_floor: float = _num(0.25, 0.0, 1.0, "lowest capability an objective can fall to")
    half_life: float = _num(
        52.0, 0.0, 10_000.0, "weeks in which shipped value halves as rivals copy it (0: never)"
    )
    scope_creep: float = _num(
        0.1, 0.0, 2.0, "zombie scope growth per quarter of failing, share of planned size"
    )
    scope_creep_limit: float = _num(
        1.0, 0.0, 10.0, "most a zombie's scope can grow, share of its planned size"
    )
    size_median: float = _num(10.0, 0.1, 10_000.0, "median initiative size in points")
    size_sigma: float = _num(1.0, 0.0, 5.0, "lognormal sigma of initiative size")
    mvp_fraction: float = _num(0.2, 0.01, 1.0, "share of the size done before the MVP signal")
    signal_noise: float = _num(0.3, 0.0, 10.0, "sd of the MVP signal around the true value")
    estimate_noise: float = _num(
        2.0, 0.0, 20.0, "estimate noise sd added at skill 0 (scaled by 1 - skill)"
    )
    estimate_noise_floor: float = _num(0.3, 0.0, 20.0, "estimate noise sd even at skill 1")
    prior_weight: float = _num(3.0, 0.0, 1_000.0, "weight of the prior, in signals")
    learning_limit: float = _num(
        0.3, 0.0, 1.0, "share of the gap to full skill that learning by doing can close"
    )
    learning_signals: float = _num(
        40.0, 1.0, 10_000.0, "MVP signals seen by the time half of that gain is learned"
    )
    claim_optimism: float = _num(1.5, 0.0, 20.0, "factor on |true value| in stakeholder claims")
    claim_noise: float = _num(0.5, 0.0, 20.0, "sd of the noise in stakeholder claims")
    potentials_known: bool = _switch(False, "product owners know every objective's potential")
    rollback_cost: float = _num(
        0.2, 0.0, 5.0, "capacity a rollback takes, share of the initiative's size"
    )


@dataclass
class SimConfig:
    """A whole run: the three groups plus seed, horizon and replications."""

    governance: GovernanceConfig = field(default_factory=GovernanceConfig)
    org: OrgConfig = field(default_factory=OrgConfig)
    value: ValueConfig = field(default_factory=ValueConfig)
    seed: int = _num(0, 0, 2**63 - 1, "base seed; replication k uses streams from (seed, k)", True)
    ticks: int = _num(156, 1, 100_000, "weeks to simulate", True)
    replications: int = _num(10, 1, 100_000, "replications run in-process", True)
    org_file: str = field(
        default="",
        metadata={
            "help": "an organization file: named areas and stakeholders (empty: none)",
            "allowed": "a path to a YAML organization file, or empty",
        },
    )
    organization: Any = field(
        default=None,
        metadata={
            "help": "named areas and stakeholders, as in an organization file (null: none)",
            "allowed": "a mapping with areas and stakeholders (see Your own organization)",
        },
    )
    policy: str = field(
        default="",
        metadata={
            "help": "who decides for played seats: empty (the governance), or a game's log",
            "allowed": "empty, or replay:PATH (a decision log written by the game)",
        },
    )
    timeline: Any = field(
        default=None,
        metadata={
            "help": "governance changes during the run: a list of {week, area, set}",
            "allowed": "a list of changes (see Intervention timelines)",
        },
    )


GROUPS = {"governance": GovernanceConfig, "org": OrgConfig, "value": ValueConfig}
TOP_LEVEL = (
    "seed",
    "ticks",
    "replications",
    "org_file",
    "organization",
    "timeline",
    "policy",
)


def _default_description() -> str:
    return describe_preset("ticket_coordinator")


def fields_of(cls) -> dict[str, dataclasses.Field]:
    """A schema dataclass's fields by name."""
    return {f.name: f for f in dataclasses.fields(cls)}


def describe_allowed(meta: dict[str, Any]) -> str:
    if "allowed" in meta:
        return "allowed: " + meta["allowed"]
    if meta.get("switch"):
        return "allowed: true or false"
    if "range" not in meta:
        return "allowed: any text"
    low, high = meta["range"]
    kind = "an integer" if meta["integer"] else "a number"
    return f"allowed: {kind} in [{low}, {high}]"


def allowed(key: str) -> str:
    """What is allowed for a dotted key such as ``governance.authority``."""
    group, _, name = key.partition(".")
    if name and group in GROUPS:
        fields = {f.name: f for f in dataclasses.fields(GROUPS[group])}
    else:
        fields, name = {f.name: f for f in dataclasses.fields(SimConfig)}, group
    if name not in fields:
        return "unknown setting; allowed: " + ", ".join(fields)
    if not fields[name].metadata:
        return "allowed: a preset name or a mapping of settings"
    return describe_allowed(fields[name].metadata)


def check_field(key: str, value: Any, meta: dict[str, Any], source: str = "") -> None:
    """Check one value against its field's range or switch (``source`` prefixes the key)."""
    if not meta or "range" not in meta and not meta.get("switch"):
        return
    named = f"{source}: {key}" if source else key
    if meta.get("switch"):
        if not isinstance(value, bool):
            raise ConfigError(named, value, describe_allowed(meta))
        return
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if not is_number or (meta["integer"] and not float(value).is_integer()):
        raise ConfigError(named, value, describe_allowed(meta))
    low, high = meta["range"]
    if not math.isfinite(value) or not low <= value <= high:
        raise ConfigError(named, value, describe_allowed(meta))


def coerce(key: str, value: Any, meta: dict[str, Any]) -> Any:
    """Convert integral floats for integer fields (YAML and sweeps give 2.0 for 2)."""
    if meta.get("integer") and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_dict(config: SimConfig) -> dict[str, Any]:
    """The configuration as a plain nested dict (JSON-ready)."""
    return dataclasses.asdict(config)


def flat_keys() -> dict[str, str]:
    """Map each flat parameter name (``authority``) to its dotted key (``governance.authority``).

    Field names are unique across groups, so models can take flat keyword arguments, as
    ``mesa.batch_run`` passes them.
    """
    keys = {name: name for name in TOP_LEVEL}
    for group, cls in GROUPS.items():
        for f in dataclasses.fields(cls):
            assert f.name not in keys, f"duplicate parameter name {f.name}"
            keys[f.name] = f"{group}.{f.name}"
    return keys


def keyword_parameters() -> dict[str, tuple[str, Any, str]]:
    """Each flat parameter name with its dotted key, default and meaning (for docstrings)."""
    defaults = to_dict(SimConfig())
    out = {}
    for name, dotted in flat_keys().items():
        group, _, key = dotted.partition(".")
        cls = GROUPS[group] if key else SimConfig
        meta = {f.name: f for f in dataclasses.fields(cls)}[key or group].metadata
        default = defaults[group][key] if key else defaults[group]
        out[name] = (dotted, default, meta.get("help", ""))
    return out


def group_from_dict(group: str, data: dict[str, Any]):
    """One group's dataclass from a mapping (unknown keys refused; ranges not yet checked)."""
    cls = GROUPS[group]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for key, value in data.items():
        if key not in fields:
            raise ConfigError(
                f"{group}.{key}", value, f"unknown setting; allowed: {', '.join(fields)}"
            )
        values[key] = coerce(key, value, fields[key].metadata)
    return cls(**values)


def check_group(group: str, values) -> None:
    """Range-check every field of one group's dataclass (``governance``, ``org``, ``value``)."""
    for f in dataclasses.fields(values):
        check_field(f"{group}.{f.name}", getattr(values, f.name), f.metadata)
