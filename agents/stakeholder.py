"""Stakeholders: they ask for work, push for it when it waits, and escalate decisions against it.

Influence is heavy-tailed (most stakeholders have little, a few a lot) and is scaled by
``org.influence_scale`` wherever it acts (0: no politics). A stakeholder whose admitted work has
waited longer than ``org.patience`` weeks pushes to have it moved up: each week with probability
``escalation_propensity * influence``, for one item at a time, the one they value most. When the
product owner holds a decision against them (an order, a decline, a kill, a prune), they escalate
with the same probability, and leadership reverses the decision when influence beats its support
(with noise: politics is not exact).

How hard they fight depends on their conviction that the decision is wrong. With
``org.stakeholder_insight`` 0 their claims are upbeat noise and they fight every decision with
their full influence (conviction 1). An informed stakeholder (insight 1) knows roughly what the
idea is worth: they let a decision against an idea they believe worth nothing pass, and fight the
harder the further their claim lies above the owner's estimate. Between the two, conviction
blends linearly.
"""

from __future__ import annotations

import mesa


class Stakeholder(mesa.Agent):
    """Someone who wants things built.

    Args:
        model: the Organization.
        index: position among the stakeholders (the ``stakeholder`` column of the ledger).
        influence: organizational power in [0, 1] (before ``org.influence_scale``).
        alignment: probability that a request serves a strategic objective.
        home_area: the product area (product owner) most requests go to.
        name: how the organization calls them (default ``stakeholder <index + 1>``).
        request_rate: requests per week (default ``org.request_rate``).
        escalation_propensity: weight of pushing and escalating (default the org's).
    """

    def __init__(
        self,
        model,
        index: int,
        influence: float,
        alignment: float,
        home_area: int,
        name: str = "",
        request_rate: float | None = None,
        escalation_propensity: float | None = None,
    ):
        super().__init__(model)
        org = model.config.org
        self.index = index
        self.name = name or f"stakeholder {index + 1}"
        self.influence = float(influence)
        self.alignment = float(alignment)
        self.home_area = home_area
        self.request_rate = org.request_rate if request_rate is None else request_rate
        self.escalation_propensity = (
            org.escalation_propensity if escalation_propensity is None else escalation_propensity
        )
        self.satisfaction = 0.5
        self.delivered = 0

    @property
    def clout(self) -> float:
        """Influence as it acts in contests and pressure: scaled by ``org.influence_scale``."""
        return self.influence * self.model.config.org.influence_scale

    @property
    def pressure(self) -> float:
        """Weekly probability of pushing (and of escalating a decision that went against them)."""
        return min(1.0, self.escalation_propensity * self.clout)

    def submit_requests(self) -> None:
        """Ask for this tick's new work: a Poisson number of requests (``request_rate``).

        The model turns all of a tick's requests into initiatives in one vectorized draw
        (``Organization.receive_requests``).
        """
        n = int(self.model.world_rng.poisson(self.request_rate))
        if n:
            self.model.intake.append((self, n))

    def push(self, initiative: int) -> None:
        """Press the initiative's product owner to move it up: a contest over priority."""
        work = self.model.work
        work.pushes[initiative] += 1
        self.model.tally["pushes"] += 1
        owner = self.model.product_owner_list[work.product_owner[initiative]]
        if not owner.contest(initiative):
            work.jumped[initiative] = True

    def conviction(self, initiative: int) -> float:
        """How strongly this stakeholder believes a decision against the initiative is wrong.

        (1 - insight) + insight * informed, where informed is 0 when their claim says the idea
        is worth nothing (claim <= 0), else (claim - view) / (|claim| + |view|) clipped to
        [0, 1]: 1 when the owner thinks it worthless, near 0 when the owner values it as they
        do. The owner's view is its reason for the decision: the measured outcome of shipped
        work (a rollback), the MVP signal of work past its MVP (a kill), else its estimate.
        """
        insight = self.model.config.org.stakeholder_insight
        if insight <= 0:
            return 1.0
        work = self.model.work
        claim = work.claimed_value[initiative]
        if work.finished[initiative] >= 0:
            view = work.outcome[initiative]
        elif work.mvp[initiative] >= 0:
            view = work.signal[initiative]
        else:
            view = work.estimated_value[initiative]
        informed = 0.0
        if claim > 0:
            informed = min(1.0, max(0.0, (claim - view) / (abs(claim) + abs(view))))
        return (1.0 - insight) + insight * informed

    def escalate(self, support: float, conviction: float = 1.0) -> tuple[bool, bool]:
        """React to a decision the product owner held against one of this stakeholder's items.

        Args:
            support: the leadership support behind the product owner.
            conviction: how wrong the stakeholder believes the decision is (see ``conviction``);
                it scales the chance of escalating, the weight of their influence with
                leadership, and how much losing costs their satisfaction.

        Returns:
            (escalated, reversed): whether the stakeholder went over the owner's head, and
            whether leadership then reversed the decision.
        """
        model = self.model
        if model.rng.random() >= self.pressure * conviction:
            self.satisfaction -= 0.1 * conviction * self.satisfaction
            return False, False
        noise = model.rng.normal(0.0, model.config.org.politics_noise)
        reversed_ = bool(self.clout * conviction + noise > support)
        model.tally["escalations"] += 1
        model.tally["reversals"] += int(reversed_)
        if not reversed_:
            self.satisfaction -= 0.1 * conviction * self.satisfaction
        return True, reversed_

    def hear_delivery(self) -> None:
        """One of this stakeholder's initiatives shipped."""
        self.delivered += 1
        self.satisfaction += 0.1 * (1.0 - self.satisfaction)
