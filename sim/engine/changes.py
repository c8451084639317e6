"""A timeline's governance changes applied to a running organization, in the week they start.

The changes are read and checked with the configuration (``sim.config.timeline``); here each
change replaces the governance of the owners it names (every area's when it names none, and then
the run's governance too), so a reorganization mid-run acts through the same mechanisms as a
governance set from the start.
"""

from __future__ import annotations

import dataclasses


def apply_changes(model) -> None:
    """Apply the timeline's changes that start this week (``model.steps``, 1-based)."""
    while model.changes and model.changes[0].week == model.steps:
        change = model.changes.pop(0)
        owners = model.product_owner_list
        for owner in owners if change.area is None else [owners[change.area]]:
            owner.governance = change.apply(owner.governance)
        if change.area is None:  # the run's governance changes with every area's
            governance = change.apply(model.config.governance)
            model.config = dataclasses.replace(model.config, governance=governance)
        model.changes_applied.append((change.week, change.label))
        model.tally["changes"] += 1
