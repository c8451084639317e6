"""The governance presets' files in ``configs/governance/`` (read, not yet validated).

A preset is a YAML file with governance settings and a plain-language ``description`` (the
parameter reference, the dashboard and the course pack all show that text). A preset whose first
line is ``# @package _global_`` may also set org and value settings.
"""

from __future__ import annotations

from typing import Any

import yaml

from sim.config.errors import CONFIG_DIR, ConfigError


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
