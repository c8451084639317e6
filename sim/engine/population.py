"""The stakeholders of a run: drawn from the distributions, then the organization file applied.

Every stakeholder's influence, alignment and home are drawn from the world stream whether or not
the file names them, so a file that names nothing reproduces a run without it (common random
numbers hold across files that differ only in what they name).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from agents import Stakeholder


def create_stakeholders(model, spec) -> tuple[list[Stakeholder], np.ndarray]:
    """Create the stakeholders: drawn from the distributions, then named values applied.

    Every stakeholder's influence, alignment and home are drawn whether or not the file
    names them, so a file that names nothing reproduces a run without a file.
    """
    org, world = model.config.org, model.world_rng
    people = spec.stakeholders
    n = len(people) if people else org.stakeholders
    influence = world.beta(org.influence_alpha, org.influence_beta, n)
    alignment = world.beta(org.alignment_alpha, org.alignment_beta, n)
    home = world.integers(0, len(spec.areas), n)
    stakeholders = []
    for i in range(n):
        named = people[i] if people else None
        given = {} if named is None else dataclasses.asdict(named)
        stakeholders.append(
            Stakeholder(
                model,
                i,
                _given(given, "influence", influence[i]),
                _given(given, "alignment", alignment[i]),
                int(_given(given, "home", home[i])),
                name=given.get("name") or f"stakeholder {i + 1}",
                request_rate=_given(given, "request_rate", org.request_rate),
                escalation_propensity=_given(
                    given, "escalation_propensity", org.escalation_propensity
                ),
            )
        )
        influence[i] = stakeholders[-1].influence
    return stakeholders, influence


def _given(named: dict, key: str, drawn):
    """A stakeholder's value from the organization file if it gives one, else the drawn one."""
    value = named.get(key)
    return float(drawn) if value is None else value
