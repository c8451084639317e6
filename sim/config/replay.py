"""Replay a game's decision log as a policy: ``python -m sim policy=replay:PATH``.

A room writes a log (JSON lines): a header with the room's configuration (organization, seed,
horizon, each seat's governance) and the turn length, then one line per decision (turn, seat,
decision, initiative, outcome). Replaying applies the same decisions at the same turns to the
same initiatives (the world stream makes the same requests with the same ids), so replication 0
reproduces the room, and a researcher can set the people's play beside the presets. A seat
without decisions in a turn gets the bot's, as in the room.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sim.config.errors import ConfigError
from sim.config.schema import SimConfig, to_dict

PREFIX = "replay:"


@dataclass
class Decisions:
    """What a person decided for one seat in one turn."""

    admit: list[int] = field(default_factory=list)
    decline: list[int] = field(default_factory=list)
    ranking: list[int] = field(default_factory=list)  # backlog ids, top first
    kill: list[int] = field(default_factory=list)


@dataclass
class DecisionLog:
    """A room's configuration, turn length, played seats and decisions by (turn, seat)."""

    config: dict
    turn_weeks: int
    warmup_turns: int = 0
    played_from: int = 1  # the first week (1-based) the seats wait for their people
    played_in: dict[int, list[int]] = field(default_factory=dict)  # turn -> seats people played
    decisions: dict[tuple[int, int], Decisions] = field(default_factory=dict)


def read_log(policy: str) -> DecisionLog:
    """Read ``replay:PATH`` (raises ConfigError naming the problem)."""
    if not policy.startswith(PREFIX):
        raise ConfigError("policy", policy, "allowed: empty, or replay:PATH")
    path = Path(policy[len(PREFIX) :])
    if not path.is_file():
        raise ConfigError("policy", policy, "allowed: replay:PATH of an existing decision log")
    try:
        return _parse([json.loads(line) for line in path.read_text().splitlines() if line.strip()])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        reason = f"{type(exc).__name__}: {exc}"[:120]
        allowed = f"not a decision log written by the game ({reason})"
        raise ConfigError("policy", policy, allowed) from None


def _parse(lines: list) -> DecisionLog:
    if not lines or not isinstance(lines[0], dict) or lines[0].get("type") != "room":
        raise ValueError("no room header")
    header = lines[0]
    log = DecisionLog(
        header["config"],
        int(header["turn_weeks"]),
        int(header.get("warmup_turns", 0)),
        int(header.get("played_from", 1)),
    )
    for entry in lines[1:]:
        kind = entry.get("type")
        if kind in ("join", "start"):  # who sat where, when the lobby closed: not decisions
            continue
        if kind == "turn":
            log.played_in[int(entry["turn"])] = list(entry["played"])
            continue
        key = (int(entry["turn"]), int(entry["seat"]))
        kind, initiative = entry["decision"], int(entry["initiative"])
        if kind == "bot":
            log.decisions[key] = None  # the bot decided that turn
            continue
        decisions = log.decisions.setdefault(key, Decisions())
        if kind in ("admit", "decline", "kill"):
            getattr(decisions, kind).append(initiative)
        elif kind == "rank":
            decisions.ranking = list(entry["ranking"])
    return log


def check_settings(config) -> DecisionLog:
    """The replay's log, if ``config`` gives no setting but the policy and replications (or the
    room's own); raises ConfigError otherwise (checked before any run or folder)."""
    log = read_log(config.policy)
    given, default, room = to_dict(config), to_dict(SimConfig()), dict(log.config)
    for settings in (given, default, room):
        settings.pop("policy", None)
        settings.pop("replications", None)
    if given not in (default, room):
        allowed = "a replay runs the room's own settings: give only replications besides it"
        raise ConfigError("policy", config.policy, allowed)
    return log


def describe(config) -> str:
    """A replayed room in words: its seats' governance mix and its length."""
    areas = (config.organization or {}).get("areas") or []
    mix: dict[str, int] = {}
    for area in areas:
        name = area.get("governance") if isinstance(area.get("governance"), str) else "custom"
        mix[name] = mix.get(name, 0) + 1
    seats = ", ".join(f"{n} {name}" for name, n in mix.items())
    return f"replayed room: {len(areas)} seats ({seats}), {config.ticks} weeks"
