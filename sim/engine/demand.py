"""Supply against demand: how much of what stakeholders ask for the teams can deliver.

Demand is the expected number of points requested a week: every stakeholder's request rate
times the mean initiative size (sizes are lognormal, so the mean is the median times
exp(sigma^2 / 2)). Supply is the teams' capacity at the start. Their ratio, against how much of
the demand an owner admits, decides how much saying no costs: while the backlog holds work a
declined idea is replaced by the next one; once it runs dry teams sit idle (``Team.deliver``), so
a declined good idea is a real loss. An owner who admits everything runs dry only above 1; one
who declines half can run dry well below it.

With ``org.capacity_to_demand`` above 0 the teams' starting capacities are derived from it
(scaled together, so an organization file's differences between areas are kept); at 0 they are
``org.team_capacity`` (or the file's), and the ratio they imply is reported.
"""

from __future__ import annotations

import math

from sim.config import ConfigError


def mean_size(value) -> float:
    """Mean initiative size in points: the lognormal's median x exp(sigma^2 / 2)."""
    return value.size_median * math.exp(value.size_sigma**2 / 2.0)


def demand_points(config, request_rates) -> float:
    """Expected points requested a week by stakeholders with these request rates."""
    return float(sum(request_rates)) * mean_size(config.value)


def team_capacities(config, spec, request_rates) -> list[float]:
    """Each area's starting team capacity, and the supply it gives against demand.

    The area's own capacity (organization file) or ``org.team_capacity``; with
    ``org.capacity_to_demand`` above 0, all scaled so that together they deliver that share of
    the points requested a week.
    """
    org = config.org
    given = [area.team_capacity or org.team_capacity for area in spec.areas]
    if org.capacity_to_demand <= 0:
        return given
    demand = demand_points(config, request_rates)
    if demand <= 0:
        raise ConfigError(
            "org.capacity_to_demand",
            org.capacity_to_demand,
            "allowed: 0 when nobody requests work (every request rate is 0)",
        )
    scale = org.capacity_to_demand * demand / sum(given)
    return [capacity * scale for capacity in given]


def area_demand_points(config, homes, request_rates, areas: int) -> list[float]:
    """Expected points requested a week of each area: a stakeholder sends ``org.home_share`` of
    their requests home and the rest evenly to the other areas."""
    share = config.org.home_share if areas > 1 else 1.0
    away = (1.0 - share) / (areas - 1) if areas > 1 else 0.0
    size = mean_size(config.value)
    out = [0.0] * areas
    for home, rate in zip(homes, request_rates, strict=True):
        for area in range(areas):
            out[area] += rate * size * (share if area == home else away)
    return out


def capacity_to_demand(config, capacities, request_rates) -> float:
    """Starting capacity as a share of the points requested a week (inf without demand)."""
    demand = demand_points(config, request_rates)
    return float(sum(capacities) / demand) if demand > 0 else math.inf
