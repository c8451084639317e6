"""A run's name, from what it changes: the preset, then every setting that differs from it.

Two runs of one preset with different settings must never share a name (a report would show one
column, an output folder would hold both). The label lists what differs from the defaults, in a
fixed order: the governance preset; governance keys that differ from that preset; organization
and value settings that differ from the defaults; the organization file (or "own organization"),
the timeline (the governance in effect in words, "ticket_coordinator -> empowered_product_owner
at week 40", when its changes are switches to a preset or single levers; else a fingerprint), a
replayed log (files with a fingerprint of their content, so two organizations never share a
name); the horizon and the seed. Replications are not part of the name:
they change the precision of a result, not what ran.

``label`` is for people (console, figure titles, report columns); ``slug`` is the same words as
a folder name (letters, digits, ``.``, ``_``, ``-`` and ``=``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.config.errors import CONFIG_DIR
from sim.config.make import make_config
from sim.config.preset_files import options, presets
from sim.config.schema import SimConfig, to_dict

#: The longest folder name written (file systems allow 255 bytes; leave room for suffixes).
_MAX_SLUG = 120


@dataclass(frozen=True)
class RunName:
    """A run's name for people (``label``) and for folders (``slug``)."""

    label: str
    slug: str
    changes: tuple[str, ...]  # "key value" for each setting that differs, in order
    governance_changed: bool = False  # does it change its preset's governance settings?


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)  # the shortest text that reads back as the same number: never rounded
    return str(v)


def fingerprint(content) -> str:
    """Eight hex digits of a content's hash: two different contents never share a name."""
    text = content if isinstance(content, bytes) else json.dumps(content, sort_keys=True).encode()
    return hashlib.sha1(text).hexdigest()[:8]


def _file(path: str) -> str:
    """A file named by its stem and its content's fingerprint (two org.yaml files differ)."""
    try:
        content = Path(path).read_bytes()
    except OSError:
        content = path.encode()
    return f"{Path(path).stem}-{fingerprint(content)}"


def _differences(given: dict, reference: dict, prefix: str, skip=()) -> list[tuple[str, str]]:
    return [
        (f"{prefix}{key}", _value(value))
        for key, value in given.items()
        if key not in skip and reference.get(key) != value
    ]


def run_name(config: SimConfig) -> RunName:
    """The run's name: its preset and the settings that differ (see the module docstring)."""
    data, defaults = to_dict(config), to_dict(SimConfig())
    preset = config.governance.name
    # A governance with a name of its own (not a preset) is compared with the defaults.
    reference = to_dict(make_config(preset)) if preset in presets() else defaults
    skip = ("name", "description")
    changes = _differences(data["governance"], reference["governance"], "", skip)
    governance_changed = bool(changes)
    for group in ("org", "value"):
        option = _option_of(group, data[group], reference[group])
        if option:  # a shipped option (org=large): its name says it all
            changes.append((group, option))
        else:
            changes += _differences(data[group], reference[group], f"{group}.")
    if config.org_file:
        changes.append(("org_file", _file(config.org_file)))
    elif config.organization:
        shipped = _organization_of(config.organization)
        changes.append(("organization", shipped or f"own-{fingerprint(config.organization)}"))
    if config.timeline:
        switches = _timeline_words(config.timeline)
        if switches:
            changes.append(("timeline", switches))
        else:
            n = len(config.timeline)
            word = "change" if n == 1 else "changes"
            changes.append(("timeline", f"{n} {word}-{fingerprint(config.timeline)}"))
    if config.policy:
        changes.append(("replay", _file(config.policy.partition(":")[2])))
    for key in ("ticks", "seed"):
        if data[key] != defaults[key]:
            changes.append((key, _value(data[key])))
    words = tuple(v if v.startswith("->") else f"{k} {v}" for k, v in changes)
    label = preset + "".join((" " if w.startswith("->") else ", ") + w for w in words)
    slug = "+".join((preset, *(f"{k}={v}" for k, v in changes)))
    return RunName(label, safe_folder_name(slug), words, governance_changed)


def _timeline_words(timeline) -> str | None:
    """The governance in effect, in words: "-> empowered_product_owner at week 40" (a switch of
    every area to a preset), "-> authority 0.9 in Checkout at week 13" (one lever), joined by
    ", then" in week order; None when a change is not that simple (its fingerprint names it)."""
    parts = []
    try:
        entries = sorted(timeline, key=lambda e: e["week"])
        for entry in entries:
            settings, where = entry["set"], f" in {entry['area']}" if entry.get("area") else ""
            if list(settings) == ["governance"] and isinstance(settings["governance"], str):
                what = settings["governance"]
            elif settings and all(str(k).startswith("governance.") for k in settings):
                what = ", ".join(f"{k.partition('.')[2]} {_value(v)}" for k, v in settings.items())
            else:
                return None
            parts.append(f"-> {what}{where} at week {entry['week']}")
    except (TypeError, KeyError, AttributeError):
        return None
    return ", then ".join(parts)


def _option_of(group: str, given: dict, reference: dict) -> str | None:
    """The shipped option of a group (``configs/org/large.yaml``) that gives these settings."""
    if given == reference:
        return None
    for name in options(group):
        data = _option_file(group, name)
        if "organization" in data or name == "default":
            continue
        if {**reference, **data} == given:
            return name
    return None


def _organization_of(organization: dict) -> str | None:
    """The shipped organization (``org=example_company``) that is this mapping, if any."""
    for name in options("org"):
        if _option_file("org", name).get("organization") == organization:
            return name
    return None


def _option_file(group: str, name: str) -> dict:
    data = yaml.safe_load((CONFIG_DIR / group / f"{name}.yaml").read_text()) or {}
    return data if isinstance(data, dict) else {}


def safe_folder_name(text: str) -> str:
    """A folder name: unsafe characters become ``_``; a long name keeps its start and a hash."""
    safe = re.sub(r"[^A-Za-z0-9._=+-]+", "_", text).strip("._") or "run"
    if len(safe) <= _MAX_SLUG:
        return safe
    digest = hashlib.sha1(safe.encode()).hexdigest()[:8]
    return f"{safe[: _MAX_SLUG - 9]}-{digest}"
