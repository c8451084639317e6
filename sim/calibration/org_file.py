"""Write an organization file from a tracker's estimates, with what the data cannot tell marked.

Reporters become named stakeholders with their estimated request rates; the one area gets the
estimated capacity. Influence, alignment and the owner's governance are for the facilitator to
fill in: they are written as ``null`` (drawn from the distributions until then) with a TODO.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.outputs import atomic_write


def organization_text(estimates: dict, source: str, area: str = "Team") -> str:
    """The YAML text of the organization file (comments carry the intervals and the TODOs)."""
    window = estimates["window"]
    unit = "items" if estimates["size"]["unit"] == "items" else "story points"
    placeholders = set(placeholder_reporters(estimates["request_rate"]))
    lines = [
        f"# Organization file written by python -m sim.calibrate from {source}:",
        f"# {window['issues']} issues over {window['weeks']:.0f} weeks. Request rates and the",
        "# team's capacity come from the data (95% intervals in the comments); influence,",
        "# alignment and governance are left for the facilitator (TODO): null means drawn.",
        "areas:",
        f"  - name: {json.dumps(area)}",
        "    governance: ticket_coordinator   # TODO facilitator: the owner's governance",
        f"    team_capacity: {max(estimates['points_per_week'], 0.01):.2f}"
        f"   # {unit} done per week",
        "stakeholders:",
    ]
    for name, entry in estimates["request_rate"].items():
        rate = entry["rate"]
        lines += [
            f"  - name: {json.dumps(name)}",
            f"    request_rate: {rate['value']:.4f}"
            f"   # {entry['issues']} issues; 95% interval {rate['low']:.3f}-{rate['high']:.3f}",
            "    influence: null   # TODO facilitator: 0 (none) to 1 (decides everything)"
            + ("; a placeholder account: likely many people" if name in placeholders else ""),
            "    alignment: null   # TODO facilitator: 0 (off strategy) to 1 (on strategy)",
        ]
    return "\n".join(lines) + "\n"


#: Words of names that are not a person: deleted, shared or automated accounts (lower case).
PLACEHOLDER_WORDS = (
    "inactive",
    "inativo",
    "inactivo",
    "former user",
    "deleted",
    "unassigned",
    "anonymous",
    "anonimo",
    "anónimo",
    "unknown",
    "desconhecido",
    "ehemalig",
    "automation",
    "system",
    "jira",
    "bot",
    "n/a",
)


def placeholder_reporters(names) -> list[str]:
    """Reporter names that look like placeholder accounts rather than a person."""
    found = []
    for name in names:
        text = str(name).strip().lower()
        words = text.replace("-", " ").replace("_", " ").split()
        if not text or any(
            w in text if " " in w or "/" in w else w in words for w in PLACEHOLDER_WORDS
        ):
            found.append(str(name))
    return found


def write_organization(estimates: dict, source: str, path: Path) -> Path:
    text = organization_text(estimates, source)
    return atomic_write(Path(path), lambda tmp: tmp.write_text(text))
