"""Stakeholders: they ask for work, argue for it, and escalate when a decision goes against them.

Influence is heavy-tailed (most stakeholders have little, a few a lot). A declined, killed or pruned
stakeholder escalates with probability ``escalation_propensity * influence``; leadership reverses
the decision when the stakeholder's influence beats the product owner's authority plus support
(with noise: politics is not exact).
"""

from __future__ import annotations

import mesa


class Stakeholder(mesa.Agent):
    """Someone who wants things built.

    Args:
        model: the Organization.
        index: position among the stakeholders (the ``stakeholder`` column of the ledger).
        influence: organizational power in [0, 1].
        alignment: probability that a request serves a strategic objective.
        home_area: the product area (product owner) most requests go to.
    """

    def __init__(self, model, index: int, influence: float, alignment: float, home_area: int):
        super().__init__(model)
        self.index = index
        self.influence = influence
        self.alignment = alignment
        self.home_area = home_area
        self.satisfaction = 0.5
        self.delivered = 0

    def submit_requests(self) -> None:
        """Ask for this tick's new work: a Poisson number of requests (``org.request_rate``).

        The model turns all of a tick's requests into initiatives in one vectorized draw
        (``Organization.receive_requests``).
        """
        n = int(self.model.world_rng.poisson(self.model.config.org.request_rate))
        if n:
            self.model.intake.append((self, n))

    def escalate(self, standing: float) -> tuple[bool, bool]:
        """React to a decision against one of this stakeholder's initiatives.

        Args:
            standing: the product owner's authority plus leadership support.

        Returns:
            (escalated, reversed): whether the stakeholder went over the owner's head, and
            whether leadership then reversed the decision.
        """
        model = self.model
        org = model.config.org
        if model.rng.random() >= org.escalation_propensity * self.influence:
            self.satisfaction -= 0.1 * self.satisfaction
            return False, False
        reversed_ = self.influence + model.rng.normal(0.0, org.politics_noise) > standing
        model.tally["escalations"] += 1
        model.tally["reversals"] += int(reversed_)
        if not reversed_:
            self.satisfaction -= 0.1 * self.satisfaction
        return True, bool(reversed_)

    def hear_delivery(self) -> None:
        """One of this stakeholder's initiatives shipped."""
        self.delivered += 1
        self.satisfaction += 0.1 * (1.0 - self.satisfaction)
