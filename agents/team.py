"""Teams: they pull work from their product owner's backlog and deliver it.

Capacity starts at the area's team capacity (``org.team_capacity`` unless an organization file
gives one) points per tick and grows by ``org.capacity_growth`` per
quarter; every shipped point adds ``org.maintenance_rate`` points per tick of maintenance load,
forever. Rework owed for rollbacks is paid first. What is left is split evenly over the work in
progress (at most the WIP limit); capacity freed by finished work in a tick goes to the rest, and
to newly pulled work. A team whose backlog runs dry sits idle for the rest of the week: its
capacity is lost (``idle_points``), which is what declining and killing cost when supply
exceeds demand. Zombies (work that carries on after a failed MVP) grow in scope every week
they keep failing, whatever the review cadence.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.engine.initiatives import IN_PROGRESS, NONE
from sim.engine.periods import QUARTER, quarter_of

_EPS = 1e-9


def total(values: list[float]) -> float:
    """The sum numpy gives for these values (in order below 8 items, pairwise from 8 on)."""
    if len(values) >= 8:
        return float(np.sum(values))
    out = 0.0
    for v in values:
        out += v
    return out


class Team(mesa.Agent):
    """A delivery team serving one product owner.

    Args:
        model: the Organization.
        product_owner: the owner whose backlog this team pulls from.
        team_capacity: points per tick at the start (the area's, or ``org.team_capacity``).
    """

    def __init__(self, model, product_owner, team_capacity: float):
        super().__init__(model)
        self.product_owner = product_owner
        self.team_capacity = team_capacity
        product_owner.team = self
        self.wip: list[int] = []
        self.shipped_points = 0.0
        self.available_points = 0.0  # capacity net of maintenance, over the run
        self.zombie_points = 0.0  # of which spent on zombies
        self.rework = 0.0  # points owed for rollbacks, paid before new work

    @property
    def capacity(self) -> float:
        """Points per tick before maintenance: grows each quarter as delivery matures."""
        org = self.model.config.org
        return self.team_capacity * (1.0 + org.capacity_growth) ** quarter_of(self.model.tick)

    @property
    def maintenance_load(self) -> float:
        """Points per tick that keeping everything shipped so far running takes."""
        return self.model.config.org.maintenance_rate * self.shipped_points

    def pull(self) -> None:
        """Fill free WIP slots from the top of the product owner's backlog."""
        free = self.product_owner.governance.wip_limit - len(self.wip)
        ids = self.product_owner.hand_over(free)
        if ids.size:
            self.model.work.transition(ids, IN_PROGRESS, self.model.tick)
            self.wip.extend(int(i) for i in ids)

    def deliver(self) -> None:
        """Spend this tick's capacity (net of maintenance) on the work in progress."""
        tally, work = self.model.tally, self.model.work
        available = max(0.0, self.capacity - self.maintenance_load)
        tally["capacity"] += self.capacity
        tally["maintenance_load"] += self.maintenance_load
        tally["available_capacity"] += available
        self.available_points += available
        self.let_zombies_grow()
        paid = min(available, self.rework)
        self.rework -= paid
        tally["rollback_points"] += paid
        left = available - paid
        # The work in progress is a handful of items (at most the WIP limit): plain Python loops
        # over it are faster than numpy calls on tiny arrays, and ``total`` adds in numpy's order.
        size, done = work.size, work.done_points
        while True:
            self.pull()
            if not self.wip:
                # Nothing left to pull: demand ran out, and the rest of the week is idle.
                tally["idle_points"] += max(left, 0.0)
                break
            if left <= _EPS:
                break
            ids = self.wip
            need = [size[i] - done[i] for i in ids]
            share = left / len(ids)
            finishing = [n <= share for n in need]
            if not any(finishing):
                self.work_on(list(ids), [share] * len(ids), finishing)
                break
            chosen = [i for i, f in zip(ids, finishing, strict=True) if f]
            points = [n for n, f in zip(need, finishing, strict=True) if f]
            self.work_on(chosen, points, [True] * len(chosen))
            left -= total(points)

    def work_on(self, ids: list[int], points: list[float], finishing: list[bool]) -> None:
        """Spend points on initiatives: account for waste, observe MVPs, ship what is finished."""
        model, work = self.model, self.model.work
        tally = model.tally
        tally["points_done"] += total(points)
        zombie = total([p for i, p in zip(ids, points, strict=True) if work.zombie[i]])
        tally["zombie_points"] += zombie
        self.zombie_points += zombie
        misaligned = [p for i, p in zip(ids, points, strict=True) if work.objective[i] == NONE]
        tally["misaligned_points"] += total(misaligned)
        negative = [p for i, p in zip(ids, points, strict=True) if work.true_value[i] < 0]
        tally["negative_points"] += total(negative)
        mvp_fraction = model.config.value.mvp_fraction
        reached = []
        for i, p, f in zip(ids, points, finishing, strict=True):
            work.done_points[i] += p
            if work.mvp[i] == NONE and work.done_points[i] >= mvp_fraction * work.size[i] - _EPS:
                reached.append(i)
                work.mvp[i] = model.tick
                # A failed MVP (negative signal) turns continued work into a zombie; work that
                # finishes in the same step never continues after the signal.
                work.zombie[i] = work.signal[i] < 0 and not f
        if reached:
            self.product_owner.observe_mvp(reached)
        shipped = [i for i, f in zip(ids, finishing, strict=True) if f]
        if shipped:
            self.ship(np.array(shipped, dtype=np.int64))

    def ship(self, ids: np.ndarray) -> None:
        """Release finished initiatives: they start earning and adding maintenance load."""
        model, work = self.model, self.model.work
        work.done_points[ids] = work.size[ids]
        done = set(ids.tolist())
        self.wip = [i for i in self.wip if i not in done]
        self.shipped_points += work.size[ids].sum()
        model.release(ids)

    def let_zombies_grow(self) -> None:
        """Escalation of commitment: failing work that carries on grows in scope, every week.

        Each zombie's size grows by ``value.scope_creep`` of its planned size per quarter it has
        been failing (from the week after its failed MVP), up to ``value.scope_creep_limit`` of
        its planned size. The rule does not depend on reviews, so every governance meets it alike.
        """
        if not self.wip:
            return
        work, value = self.model.work, self.model.config.value
        ids = np.array(self.wip)
        ids = ids[work.zombie[ids] & (work.mvp[ids] < self.model.tick)]
        if ids.size:
            planned = work.planned_size[ids]
            grown = work.size[ids] + value.scope_creep * planned / QUARTER
            work.size[ids] = np.minimum(grown, planned * (1.0 + value.scope_creep_limit))

    def roll_back(self, initiative: int) -> None:
        """Undo a release: its upkeep ends, and the rollback is owed as rework."""
        size = self.model.work.size[initiative]
        self.shipped_points -= size
        self.rework += self.model.config.value.rollback_cost * size

    def stop(self, initiative: int) -> None:
        """Drop a killed initiative; its remaining points are freed, spent points are sunk."""
        self.wip.remove(int(initiative))
