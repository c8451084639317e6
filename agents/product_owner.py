"""Product owners: they triage requests, order the backlog, review evidence and stop failing work.

The owner's order is the owner's own judgement: estimated value per point and small size, weighed
by outcome focus; no influence term. Influence acts through contests. Every unpopular decision
(declining, holding the order against a push, killing, pruning, rolling back) passes two gates of
standing: the owner makes it only if its authority in effect beats the requester's influence
(otherwise the owner yields), and if the requester then escalates, leadership upholds it only if
its current support beats influence (otherwise it is reversed). Authority in effect is the
declared ``governance.authority`` scaled by how much of its declared support leadership still
gives, ``min(1, support / governance.support) ** org.standing_erosion``: an owner who loses
leadership's backing loses standing with stakeholders too, and regains it as results restore
support. The requester fights in
proportion to their conviction that the decision is wrong (``Stakeholder.conviction``). A contest
the stakeholder wins moves the item to the top (a push or a reversed decline) and shields it from
the next decision against it for ``org.protection_weeks``. Evidence from MVPs is folded into the
owner's beliefs only at reviews (every ``governance.review_interval`` ticks), where failing work
is killed and shipped work that loses value is rolled back.

Leadership support is state, not a constant: it starts at ``governance.support`` and moves each
week, at rate ``org.support_sensitivity``, towards the governance's support plus the results
leadership sees (the net share of measured value among the area's releases of the last quarter)
minus the influence-weighted complaints of the area's stakeholders. Declared support is thus
where support rests with neutral results and nobody complaining: contented stakeholders do not
lift it (leadership hears complaints, not contentment). The same rule holds for every owner:
results earn support, and lost contests cost it.
"""

# Longer than 300 lines: one Mesa agent class with every verb of the owner as a method (triage,
# contests, ordering, reviews, kills, pruning, rollbacks, support), as the agents' layout has it.
from __future__ import annotations

from collections import deque

import mesa
import numpy as np

from agents.support import discontent, results
from sim.engine.initiatives import BACKLOG, DECLINED, DONE, KILLED, NONE, PRUNED
from sim.engine.value import estimate

#: Score boost that puts an item whose stakeholder won a contest at the top of the backlog.
JUMP_BOOST = 1_000.0
#: Score of the top of a person's ranking (above any judgement score, below jumped items).
RANKED = 100.0


def _z(x: np.ndarray) -> np.ndarray:
    """Standardize within the backlog (zeros when all equal)."""
    deviation = x - x.mean()
    sd = np.sqrt(np.dot(deviation, deviation) / x.size)  # np.std, without its Python overhead
    return deviation / sd if sd > 0 else np.zeros_like(x)


class ProductOwner(mesa.Agent):
    """The owner of one product area, its backlog and one team.

    Args:
        model: the Organization.
        area: the product area (index among product owners).
        governance: the GovernanceConfig this owner works under.
    """

    def __init__(self, model, area: int, governance):
        super().__init__(model)
        self.area = area
        self.governance = governance  # its own: areas may differ, and a timeline may change it
        self.team = None
        # Shipped work whose measured outcome lost value: candidates for a rollback at reviews.
        self.shipped_failures: list[int] = []
        # (tick, measured outcome) of the area's releases: the results leadership sees.
        self.releases: deque[tuple[int, float]] = deque()
        # The area's stakeholders and their influence as it acts (set by the model).
        self.constituents = np.empty(0, dtype=np.int64)
        self.constituent_clout = np.empty(0)
        self.inbox: list[np.ndarray] = []
        self.backlog = np.empty(0, dtype=np.int64)  # ids in admission order
        objectives = model.config.org.objectives
        self.evidence_sum = np.zeros(objectives)
        self.evidence_count = np.zeros(objectives)
        self.signals_seen = 0
        self.pending_signals: list[int] = []
        self.last_review = 0
        # A seat played by a person (the game, or a replayed decision log): new requests wait in
        # ``waiting`` for their decision, the person's ranking orders the backlog, and entry, kill
        # and exit criteria are the person's decisions (see sim.engine.decisions), not automatic.
        self.played = False
        self.waiting = np.empty(0, dtype=np.int64)
        self.ranking: dict[int, int] = {}

    @property
    def governance(self):
        return self._governance

    @governance.setter
    def governance(self, governance) -> None:
        """A new governance (an intervention); one that changes declared support restates it,
        keeping the share of its declared level that support had lost (lost standing is not
        restored by a declaration alone)."""
        old = getattr(self, "_governance", None)
        self._governance = governance
        if old is None:
            self.support = governance.support
        elif old.support != governance.support:
            kept = min(1.0, self.support / old.support) if old.support > 0 else 1.0
            self.support = governance.support * kept

    # -- state derived from governance (read each time: a timeline can change it mid-run)

    @property
    def effective_skill(self) -> float:
        """Trained skill plus learning by doing, with diminishing returns and a bound.

        Learning closes at most ``learning_limit`` of the gap to full skill, half of that after
        ``learning_signals`` MVP signals: experience helps, but does not make everyone an expert.
        """
        value = self.model.config.value
        skill = self.governance.skill
        learned = value.learning_limit * (1.0 - 0.5 ** (self.signals_seen / value.learning_signals))
        return skill + (1.0 - skill) * learned

    def belief_error(self) -> np.ndarray:
        """Believed minus true potential per objective (posterior mean with a prior at zero)."""
        if self.model.config.value.potentials_known:
            return np.zeros_like(self.evidence_sum)
        prior = self.model.config.value.prior_weight
        count = self.evidence_count + prior
        belief = np.divide(
            self.evidence_sum, count, out=np.zeros_like(self.evidence_sum), where=count > 0
        )
        return belief - self.model.potentials

    @property
    def authority_in_effect(self) -> float:
        """Declared authority, eroded as support falls below its declared level.

        ``authority * min(1, support / declared support) ** org.standing_erosion``: the same
        rule for every governance. Without declared support there is nothing to lose (at
        declared support 0 authority never erodes; at any level above 0 it can fall to 0).
        """
        g = self.governance
        declared = g.support
        if declared <= 0 or self.support >= declared:
            return g.authority
        return g.authority * (self.support / declared) ** self.model.config.org.standing_erosion

    # -- verbs

    def triage(self) -> None:
        """Estimate new requests; with entry criteria, try to decline those below the threshold."""
        if not self.inbox:
            return
        work, model = self.model.work, self.model
        ids = np.concatenate(self.inbox)
        self.inbox.clear()
        work.estimate_noise[ids] = model.rng.standard_normal(ids.size)
        self.estimate(ids)
        if self.played:
            self.waiting = np.concatenate([self.waiting, ids])
            return
        self.admit_or_decline(ids)

    def admit_or_decline(self, ids: np.ndarray) -> None:
        """Admit requests; with entry criteria, try to decline those below the threshold."""
        work, model = self.model.work, self.model
        admit = np.ones(ids.size, dtype=bool)
        if self.governance.entry_criteria:
            density = work.estimated_value[ids] / work.size[ids]
            for i in np.flatnonzero(density < self.governance.entry_threshold):
                admit[i] = not self.contest(ids[i])
        work.transition(ids[~admit], DECLINED, model.tick)
        model.tally["declines"] += int((~admit).sum())
        work.transition(ids[admit], BACKLOG, model.tick)
        self.backlog = np.concatenate([self.backlog, ids[admit]])

    def contest(self, initiative: int) -> bool:
        """Try to hold an unpopular decision about one initiative; return whether it stands.

        Gate 1: the owner makes the decision only if its authority in effect + noise beats the
        requester's influence, else yields. Gate 2: the requester may escalate; leadership
        upholds the decision only if support + noise beats influence, else reverses it (the item
        jumps the queue). A contest the stakeholder wins shields the item for
        ``org.protection_weeks``.
        """
        work, model = self.model.work, self.model
        org = model.config.org
        requester = model.stakeholder_list[work.stakeholder[initiative]]
        conviction = requester.conviction(initiative)
        noise = model.rng.normal(0.0, org.politics_noise)
        if self.authority_in_effect + noise <= requester.clout * conviction:
            work.yields[initiative] += 1
            model.tally["yields"] += 1
            work.protected_until[initiative] = model.tick + org.protection_weeks
            return False
        escalated, reversed_ = requester.escalate(self.support, conviction)
        work.escalations[initiative] += escalated
        if reversed_:
            work.reversals[initiative] += 1
            work.jumped[initiative] = True
            work.protected_until[initiative] = model.tick + org.protection_weeks
        return not reversed_

    def estimate(self, ids: np.ndarray) -> None:
        """(Re-)estimate the value of some initiatives with current beliefs and skill."""
        work = self.model.work
        work.estimated_value[ids] = estimate(
            work.true_value[ids],
            work.objective[ids],
            work.claimed_value[ids],
            work.estimate_noise[ids],
            self.belief_error(),
            self.effective_skill,
            self.model.config.value,
        )

    def scores(self) -> np.ndarray:
        """Priority of each backlog item (in backlog order); higher is nearer the top.

        score = focus * z(estimated value per point) + (1 - focus) * z(-size): the owner's own
        judgement, whatever the owner's authority; items whose stakeholder won a contest go on
        top (ordered among themselves by the same score).
        """
        work, g = self.model.work, self.governance
        ids = self.backlog
        size = work.size[ids]
        merit = g.outcome_focus * _z(work.estimated_value[ids] / size)
        merit += (1.0 - g.outcome_focus) * _z(-size)
        if self.ranking:  # a person's ranking: ranked items first, in that order
            rank = np.array([self.ranking.get(int(i), -1) for i in ids])
            merit = np.where(rank >= 0, RANKED - 0.001 * rank, merit)
        return merit + JUMP_BOOST * work.jumped[ids]

    def order_backlog(self) -> np.ndarray:
        """The backlog's ids, best first; ties go to the oldest request."""
        if self.backlog.size == 0:
            return self.backlog
        # Stable sort on the admission-ordered backlog keeps ties with the oldest request.
        return self.backlog[np.argsort(-self.scores(), kind="stable")]

    def hand_over(self, k: int) -> np.ndarray:
        """Give the team the top ``k`` backlog items (they leave the backlog).

        Selects the top k in linear time (a partition, then a stable sort of the few candidates)
        rather than sorting the whole backlog: the coordinator's backlog grows without bound.
        """
        n = self.backlog.size
        if k <= 0 or n == 0:
            return np.empty(0, dtype=np.int64)
        score = self.scores()
        if k < n:
            threshold = np.partition(score, n - k)[n - k]  # the k-th highest score
            candidates = np.flatnonzero(score >= threshold)
        else:
            candidates = np.arange(n)
        # Same order as a stable sort of the whole backlog: by score, then admission order.
        chosen = candidates[np.argsort(-score[candidates], kind="stable")[:k]]
        top = self.backlog[chosen]
        keep = np.ones(n, dtype=bool)
        keep[chosen] = False
        self.backlog = self.backlog[keep]  # still in admission order
        return top

    def observe_mvp(self, ids: np.ndarray) -> None:
        """Note MVP signals; they are folded into beliefs at the next review."""
        self.pending_signals.extend(int(i) for i in ids)

    def review(self) -> None:
        """On the review cadence: learn from signals, re-estimate, kill failing work, prune."""
        if (self.model.tick + 1) % self.governance.review_interval != 0:
            return
        self.learn()
        if self.backlog.size:
            self.estimate(self.backlog)
        self.kill_failing()
        self.prune_stale()
        self.roll_back_failures()
        self.last_review = self.model.tick

    def learn(self) -> None:
        """Fold MVP signals into the beliefs about objective potentials (and gain skill)."""
        if not self.pending_signals:
            return
        work = self.model.work
        ids = np.array(self.pending_signals)
        self.pending_signals.clear()
        self.signals_seen += ids.size
        aligned = ids[work.objective[ids] != NONE]
        # The MVP shows the initiative's own value; what is left is evidence about the objective.
        evidence = work.signal[aligned] - work.own_value[aligned]
        np.add.at(self.evidence_sum, work.objective[aligned], evidence)
        np.add.at(self.evidence_count, work.objective[aligned], 1)

    def kill_failing(self) -> None:
        """With kill criteria: stop in-progress work whose MVP signal is below the threshold."""
        g = self.governance
        if self.played or not g.kill_criteria or not self.team.wip:
            return
        work, model = self.model.work, self.model
        wip = np.array(self.team.wip)
        shielded = work.protected_until[wip] > model.tick
        failing = wip[(work.mvp[wip] != NONE) & (work.signal[wip] < g.kill_threshold) & ~shielded]
        for initiative in failing:
            self.try_kill(initiative)

    def try_kill(self, initiative: int) -> bool:
        """Stop one initiative in progress if the contest lets the owner; return whether it did."""
        if not self.contest(initiative):
            return False
        self.team.stop(initiative)
        self.model.work.transition(initiative, KILLED, self.model.tick)
        self.model.tally["kills"] += 1
        return True

    def prune_stale(self) -> None:
        """Exit criteria (with entry criteria on): drop backlog items older than the limit."""
        g = self.governance
        if self.played or not g.entry_criteria or self.backlog.size == 0:
            return
        work, model = self.model.work, self.model
        ids = self.backlog
        shielded = work.protected_until[ids] > model.tick
        stale = ids[(model.tick - work.admitted[ids] > g.max_backlog_age) & ~shielded]
        pruned = [i for i in stale if self.contest(i)]
        if pruned:
            work.transition(np.array(pruned), PRUNED, model.tick)
            self.backlog = np.setdiff1d(self.backlog, pruned, assume_unique=True)
            model.tally["pruned"] += len(pruned)

    def note_release(self, ids: np.ndarray) -> None:
        """Record releases: their measured outcome is what leadership sees of this area."""
        work, tick = self.model.work, self.model.tick
        self.releases.extend((tick, float(v)) for v in work.outcome[ids])
        self.shipped_failures.extend(int(i) for i in ids[work.outcome[ids] < 0])

    def roll_back_failures(self) -> None:
        """At a review: undo shipped work whose measured outcome loses value (``org.rollbacks``).

        The rule is the same for every owner: each such release not shielded by a contest its
        requester won is a decision against its requester, settled by the two gates. A rollback
        stops the value it loses and its maintenance, and costs the team ``value.rollback_cost``
        of its size in rework.
        """
        if not self.model.config.org.rollbacks or not self.shipped_failures:
            return
        work, model = self.model.work, self.model
        kept = []
        for initiative in self.shipped_failures:
            if work.status[initiative] != DONE:
                continue
            if work.protected_until[initiative] > model.tick or not self.contest(initiative):
                kept.append(initiative)
                continue
            model.roll_back(initiative)
            self.team.roll_back(initiative)
        self.shipped_failures = kept

    def update_support(self, satisfaction: np.ndarray) -> None:
        """Leadership support moves towards its declared level plus results minus complaints.

        ``satisfaction``: every stakeholder's this week (read once by the model for all owners).
        """
        rate = self.model.config.org.support_sensitivity
        if rate <= 0:
            return
        target = self.governance.support + results(self) - discontent(self, satisfaction)
        target = min(1.0, max(0.0, target))
        self.support += rate * (target - self.support)
