"""Settings that have no effect under the chosen governance (no dead configuration).

A setting the user changed from its preset (or from the defaults) that the run's governance
never reads is named in one line, with the setting that would make it act: a pruning age when no
area has entry criteria, a kill threshold when none has kill criteria, a standing erosion with
support that never moves, and so on. ``inert_settings`` lists them; ``sim.run`` warns with each
(``InertSettingWarning``), and the command line prints each as one ``warning:`` line.

A timeline can switch a practice on mid-run, so with a timeline only the settings no timeline
could wake are named.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.config.make import make_config
from sim.config.organization import organization_of, uniform
from sim.config.preset_files import presets
from sim.config.schema import SimConfig, to_dict


class InertSettingWarning(UserWarning):
    """A changed setting that the run's governance never reads."""


def _areas(config: SimConfig):
    """The run's product areas (an organization file's, or ``org.product_owners`` alike)."""
    return (organization_of(config) or uniform(config)).areas


def _no_area(config: SimConfig, practice: str) -> bool:
    """No product area's governance has this practice (an organization file's areas may)."""
    return not any(getattr(area.governance, practice) for area in _areas(config))


def _team_capacity_unused(config: SimConfig) -> bool:
    """Every area has its own capacity, or capacities are derived from supply against demand
    and no area has its own (then scaling cancels ``org.team_capacity``)."""
    own = [area.team_capacity is not None for area in _areas(config)]
    return all(own) or (config.org.capacity_to_demand > 0 and not any(own))


#: (dotted setting, when it is inert, what would make it act).
RULES: tuple[tuple[str, Callable[[SimConfig], bool], str], ...] = (
    (
        "governance.entry_threshold",
        lambda c: _no_area(c, "entry_criteria"),
        "declining needs governance.entry_criteria=true",
    ),
    (
        "governance.max_backlog_age",
        lambda c: _no_area(c, "entry_criteria"),
        "pruning (exit criteria) needs governance.entry_criteria=true",
    ),
    (
        "governance.kill_threshold",
        lambda c: _no_area(c, "kill_criteria"),
        "killing needs governance.kill_criteria=true",
    ),
    (
        "org.standing_erosion",
        lambda c: c.org.support_sensitivity == 0,
        "support never moves with org.support_sensitivity=0, so standing cannot erode",
    ),
    (
        "value.rollback_cost",
        lambda c: not c.org.rollbacks,
        "rollbacks are off (org.rollbacks=false)",
    ),
    (
        "org.team_capacity",
        _team_capacity_unused,
        "every team's capacity comes from the organization's areas or from org.capacity_to_demand",
    ),
)

#: Settings a timeline can make act (by switching a practice on mid-run).
_WOKEN_BY_TIMELINE = {
    "governance.entry_threshold",
    "governance.max_backlog_age",
    "governance.kill_threshold",
}


def _reference(config: SimConfig) -> dict:
    preset = config.governance.name
    return to_dict(make_config(preset) if preset in presets() else SimConfig())


def inert_settings(config: SimConfig) -> list[str]:
    """One line for each changed setting that has no effect in this configuration."""
    given, reference = to_dict(config), _reference(config)
    lines = []
    for dotted, inert, reason in RULES:
        group, _, key = dotted.partition(".")
        if given[group][key] == reference[group][key] or not inert(config):
            continue
        if config.timeline and dotted in _WOKEN_BY_TIMELINE:
            continue
        lines.append(f"{dotted}={given[group][key]!r} has no effect: {reason}")
    return lines
