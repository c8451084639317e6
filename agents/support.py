"""What leadership sees of a product owner's area: results, and its stakeholders' complaints.

Leadership support for each owner moves (``ProductOwner.update_support``) towards the
governance's declared support plus results (in [-1, 1]) minus discontent (in [0, 1]). The same
two readings are taken for every owner, whatever its governance.
"""

from __future__ import annotations

import numpy as np

from sim.engine.periods import QUARTER


def results(owner) -> float:
    """What leadership sees: net share of measured value among last quarter's releases.

    sum(outcome) / sum(|outcome|) over the area's releases of the last 13 weeks, in [-1, 1];
    0 when nothing shipped.
    """
    since = owner.model.tick - QUARTER
    while owner.releases and owner.releases[0][0] <= since:
        owner.releases.popleft()
    if not owner.releases:
        return 0.0
    outcomes = np.array([v for _, v in owner.releases])
    total = np.abs(outcomes).sum()
    return float(outcomes.sum() / total) if total > 0 else 0.0


def weighted_satisfaction(owner, satisfaction: np.ndarray) -> float:
    """Influence-weighted satisfaction of the area's stakeholders (plain mean without politics;
    NaN for an area nobody calls home). ``satisfaction``: every stakeholder's, this week."""
    mine = satisfaction[owner.constituents]
    if mine.size == 0:
        return float("nan")
    weight = owner.constituent_clout
    total = weight.sum()
    return float(np.dot(weight, mine) / total) if total > 0 else float(mine.mean())


def discontent(owner, satisfaction: np.ndarray) -> float:
    """Influence-weighted complaints of the area's stakeholders, in [0, 1].

    Twice each stakeholder's satisfaction below their starting 0.5 counts as discontent,
    weighted by their influence as it acts (0 without politics). Satisfaction above 0.5 counts
    as nothing: contented stakeholders are silent, so they do not lift support above its
    declared level (only results do).
    """
    weight = owner.constituent_clout
    if weight.size == 0 or weight.sum() <= 0:
        return 0.0
    below = np.maximum(0.5 - satisfaction[owner.constituents], 0.0)
    return float(2.0 * np.dot(weight, below) / weight.sum())
