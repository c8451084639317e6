"""A room's organization: its areas with the seats' governance, and the two benchmarks'."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from sim.config import SimConfig, make_config

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


class RoomError(ValueError):  # noqa: N818 - read as "a room error", shown to the person
    """A request the room refuses (wrong code, taken seat, game over), in words for the page."""


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


#: The folder of organization files a facilitator may choose from (never a typed server path).
ORG_DIR_VARIABLE = "ROOM_ORG_DIR"


def org_files() -> dict[str, Path]:
    """The organization files offered in the room form: those in ``$ROOM_ORG_DIR`` (default
    the project's configs/org) that hold areas, by file name."""
    folder = Path(os.environ.get(ORG_DIR_VARIABLE) or Path(__file__).parents[2] / "configs" / "org")
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            organization_from_upload(path.name, path.read_bytes())
        except ValueError:
            continue  # a settings file of the org group, not an organization
        out[path.name] = path
    return out


def organization_from_upload(name: str, data: bytes) -> dict:
    """An uploaded organization file's mapping, checked; one clear message if it is not one."""
    try:
        mapping = yaml.safe_load(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError):
        raise RoomError(f"{name}: not a YAML organization file (text with areas).") from None
    if isinstance(mapping, dict) and set(mapping) == {"organization"}:
        mapping = mapping["organization"]
    if not isinstance(mapping, dict) or not isinstance(mapping.get("areas"), list):
        raise RoomError(f"{name}: an organization file needs a list of areas.")
    return mapping


def whole_number(field: str, text: str, low: int, high: int) -> int:
    """A form field's whole number in [low, high]; else a RoomError naming the field."""
    value = str(text).strip()
    if not value.lstrip("-").isdigit():
        raise RoomError(f"{field}: {value!r} is not a whole number (allowed: {low} to {high}).")
    if not low <= int(value) <= high:
        raise RoomError(f"{field}: {value} is out of range (allowed: {low} to {high}).")
    return int(value)
