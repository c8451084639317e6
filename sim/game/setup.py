"""A room's organization: its areas with the seats' governance, and the two benchmarks'."""

from __future__ import annotations

from sim.config import SimConfig
from sim.preset_library import make_config

#: How the seats' governance is set: everyone as the coordinator, everyone empowered, or half.
MIXES = ("coordinator", "empowered", "half")
#: The stakeholders of each area of a room without an organization file, by role.
ROLES = (
    "Head of Sales",
    "Head of Marketing",
    "Customer Support Lead",
    "Finance Director",
    "Head of Operations",
    "Key Account Manager",
)


def stakeholders_of(areas: list[dict]) -> list[dict]:
    """Six named stakeholders per area, at home there (their influence and alignment drawn)."""
    return [
        {"name": f"{role}, {area['name']}", "home": area["name"]}
        for area in areas
        for role in ROLES
    ]


def room_config(seats: int, mix: str, ticks: int, seed: int, organization) -> SimConfig:
    """The room's organization: the file's areas, or ``seats`` areas; governance per mix."""
    if organization is None:
        names = [{"name": f"Area {i + 1}"} for i in range(seats)]
        organization = {"areas": names, "stakeholders": stakeholders_of(names)}
    areas = []
    for i, area in enumerate(organization["areas"]):
        empowered = mix == "empowered" or (mix == "half" and i % 2 == 1)
        preset = "empowered_product_owner" if empowered else "ticket_coordinator"
        areas.append({**area, "governance": preset})
    stakeholders = 6 * len(areas)
    return make_config(
        "ticket_coordinator",
        organization={**organization, "areas": areas},
        ticks=ticks,
        seed=seed,
        replications=1,
        stakeholders=stakeholders,
    )


def benchmark_config(config: SimConfig, preset: str) -> SimConfig:
    """The room's organization and world with every owner under one preset."""
    org = config.organization
    areas = [{**a, "governance": preset} for a in org["areas"]]
    return make_config(
        preset,
        organization={**org, "areas": areas},
        ticks=config.ticks,
        seed=config.seed,
        replications=1,
        stakeholders=config.org.stakeholders,
    )
