"""The Organization: stakeholders ask, product owners decide, teams deliver, value accrues.

One tick is one week. Each tick, stakeholders submit requests; product owners triage them;
stakeholders whose work has waited push for it; on their review cadence, owners fold in evidence,
re-estimate, kill failing work, prune stale work and roll back shipped work that loses value;
shipped value erodes; teams pull from the top of their owner's backlog and deliver; shipped work
adds its value to the run-rate, and cumulative value grows by the run-rate every tick (shipping
early is worth more); leadership's support for each owner moves with results and discontent.

Randomness: replication k of seed s derives two independent streams from (s, k). The world stream
(stakeholders, objective potentials, every request with its size, value and MVP signal) never
depends on decisions, so two governance settings with the same seed face the same requests; the
decision stream (estimate noise, pushes, contests, escalations) is the model's ``rng``.
"""

# Longer than 300 lines: the Organization is the schedule and the state it steps (requests,
# pressure, releases, rollbacks), plus its generated keyword documentation.
from __future__ import annotations

import dataclasses
from functools import partial

import mesa
import numpy as np
from mesa.agent import AgentSet

from agents import ProductOwner, Stakeholder, Team
from agents.support import weighted_satisfaction
from sim.config import (
    GovernanceConfig,
    SimConfig,
    keyword_parameters,
    make_config,
    room_config,
    validate,
    with_overrides,
)
from sim.config.organization import organization_of, uniform
from sim.config.replay import read_log
from sim.config.timeline import changes_of
from sim.engine.changes import apply_changes
from sim.engine.decisions import Decisions, Outcome, decide_for_played_seats, start_turn
from sim.engine.demand import capacity_to_demand, team_capacities
from sim.engine.initiatives import DONE, NONE, ROLLED_BACK, InitiativeStore
from sim.engine.metrics import TICK_METRICS, tick_metric
from sim.engine.population import create_stakeholders
from sim.engine.value import capability_change, draw_potentials, draw_requests, erosion, realize

_TALLIES = (
    "requests",
    "declines",
    "pushes",
    "yields",
    "escalations",
    "reversals",
    "kills",
    "pruned",
    "rollbacks",
    "shipped",
    "changes",
    "value_added",
    "capacity",
    "maintenance_load",
    "available_capacity",
    "points_done",
    "idle_points",
    "zombie_points",
    "misaligned_points",
    "negative_points",
    "rollback_points",
)


def streams(seed: int, replication: int) -> tuple[np.random.Generator, np.random.Generator]:
    """The (world, decisions) generators of replication ``replication`` of ``seed``."""
    world, decisions = np.random.SeedSequence([seed, replication]).spawn(2)
    return np.random.default_rng(world), np.random.default_rng(decisions)


class Organization(mesa.Model):
    """A product organization under one governance regime.

    Args:
        config: a validated SimConfig; if omitted, built from ``preset`` and ``params``.
        preset: governance preset name used when ``config`` is omitted.
        seed: base seed (default: the config's seed).
        replication: replication index; streams derive from (seed, replication).
        **params: flat settings such as ``authority=0.8`` or ``ticks=52``, applied on top of
            the config or preset; this is how ``mesa.batch_run`` passes them. Every one is listed
            below under "Keyword parameters" (generated from the schema).
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        *,
        preset: str = "ticket_coordinator",
        seed: int | None = None,
        replication: int = 0,
        **params,
    ):
        if config is None:
            config = make_config(preset, **params)
        elif params:
            config = with_overrides(config, **params)
        else:
            validate(config)
        if seed is not None:
            config = dataclasses.replace(config, seed=int(seed))
        if config.policy:  # a replayed game runs in the room's organization and world
            config = room_config(config)
        self.config = config
        self.replication = replication
        self.world_rng, decisions = streams(config.seed, replication)
        super().__init__(rng=decisions)

        org = config.org
        self.ticks = config.ticks
        self.tick = 0
        self.work = InitiativeStore()
        self.potentials = draw_potentials(self.world_rng, org.objectives, config.value)
        self.capability = np.ones(org.objectives)
        self.value_rate = 0.0
        self.value_decay = erosion(config.value)
        self.cumulative_value = 0.0
        self.tally = dict.fromkeys(_TALLIES, 0.0)
        self.intake: list[tuple[Stakeholder, int]] = []

        spec = organization_of(config) or uniform(config)
        self.area_names = [area.name for area in spec.areas]
        self.stakeholder_list, influence = create_stakeholders(self, spec)
        self.product_owner_list = [
            ProductOwner(self, i, area.governance) for i, area in enumerate(spec.areas)
        ]
        home = np.array([s.home_area for s in self.stakeholder_list], dtype=np.int64)
        clout = np.array([s.clout for s in self.stakeholder_list])
        for owner in self.product_owner_list:
            owner.constituents = np.flatnonzero(home == owner.area)
            owner.constituent_clout = clout[owner.constituents]
        # Per week and owner: leadership's support, the owner's authority in effect and its
        # stakeholders' satisfaction.
        self.owner_record: list[np.ndarray] = []
        rates = [s.request_rate for s in self.stakeholder_list]
        capacities = team_capacities(config, spec, rates)
        # Supply against demand at the start (reported in every summary).
        self.capacity_to_demand = capacity_to_demand(config, capacities, rates)
        self.team_list = [
            Team(self, po, capacity)
            for po, capacity in zip(self.product_owner_list, capacities, strict=True)
        ]
        self.changes = changes_of(config.timeline, spec, config.ticks)
        self.changes_applied: list[tuple[int, str]] = []
        # Played seats (the game, or a replayed decision log): decisions wait here for the
        # start of the next week, and their outcomes are kept for the players to read.
        self.pending_decisions: dict[int, Decisions | None] = {}
        self.last_outcomes: dict[int, list[Outcome]] = {}
        self.replay = read_log(config.policy) if config.policy else None
        self.played_from = 0  # the week (1-based) from which the replayed seats are played
        if self.replay:
            self.played_from = self.replay.played_from
        sd = influence.std()
        # Standardized influence: the refutation lever ties ideas' value to it.
        self.influence_z = (influence - influence.mean()) / sd if sd > 0 else 0 * influence
        self.stakeholders = AgentSet(self.stakeholder_list, random=self.random)
        self.product_owners = AgentSet(self.product_owner_list, random=self.random)
        self.teams = AgentSet(self.team_list, random=self.random)

        if org.initial_backlog:
            n = len(self.stakeholder_list)
            who = self.world_rng.integers(0, n, org.initial_backlog)
            counts = np.bincount(who, minlength=n)
            self.intake = [
                (s, int(n)) for s, n in zip(self.stakeholder_list, counts, strict=False) if n
            ]

        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(tick_metric, name) for name in TICK_METRICS}
        )

    @property
    def governance(self) -> GovernanceConfig:
        """The run's governance (each product owner holds its own, see ``ProductOwner``)."""
        return self.config.governance

    def set_governance(self, governance: GovernanceConfig, area: int | None = None) -> None:
        """Switch governance from the next decision on (an intervention), in one area or all."""
        owners = self.product_owner_list if area is None else [self.product_owner_list[area]]
        for owner in owners:
            owner.governance = governance
        if area is None:
            self.config = validate(dataclasses.replace(self.config, governance=governance))

    def step(self) -> None:
        """One week, in the order of the schedule."""
        self.tick = self.steps - 1
        self.tally = dict.fromkeys(_TALLIES, 0.0)
        apply_changes(self)
        if self.replay and self.steps == self.played_from:
            for owner in self.product_owner_list:  # the warm-up's last requests wait
                owner.played = True
        if self.replay and (self.steps - 1) % self.replay.turn_weeks == 0:
            start_turn(self, self.replay, (self.steps - 1) // self.replay.turn_weeks)
        decide_for_played_seats(self)
        # Fixed order, not shuffled: requests consume the world stream in the same order always.
        self.stakeholders.do("submit_requests")
        self.receive_requests()
        self.product_owners.shuffle_do("triage")
        self.press_for_priority()
        self.product_owners.shuffle_do("review")
        # Shipped value erodes as rivals copy it and markets move; this week's releases add to it.
        self.value_rate *= self.value_decay
        self.teams.shuffle_do("deliver")
        self.cumulative_value += self.value_rate
        self.update_support()
        self.datacollector.collect(self)
        if self.steps >= self.ticks:
            self.running = False

    def update_support(self) -> None:
        """Each owner's leadership support moves with results and discontent (its own rule, in
        ``ProductOwner.update_support``); the week's support, authority in effect and
        satisfaction are recorded."""
        satisfaction = np.fromiter(
            (s.satisfaction for s in self.stakeholder_list), float, len(self.stakeholder_list)
        )
        for owner in self.product_owner_list:
            owner.update_support(satisfaction)
        self.owner_record.append(
            np.array(
                [
                    (
                        owner.support,
                        owner.authority_in_effect,
                        weighted_satisfaction(owner, satisfaction),
                    )
                    for owner in self.product_owner_list
                ]
            )
        )

    def receive_requests(self) -> None:
        """Turn this tick's intake into initiatives and put them in the owners' inboxes.

        Most requests go to the requester's home area, the rest to another area at random. Every
        number is drawn whatever its use, so the world stream stays the same across governance.
        """
        if not self.intake:
            return
        world, org = self.world_rng, self.config.org
        who = [s for s, n in self.intake for _ in range(n)]
        self.intake = []
        n = len(who)
        home = np.array([s.home_area for s in who])
        to_home = world.random(n) < org.home_share
        areas = len(self.product_owner_list)
        other = world.integers(0, max(areas - 1, 1), size=n)
        if areas == 1:
            to_home[:] = True
        area = np.where(to_home, home, (home + 1 + other) % areas)
        alignment = np.array([s.alignment for s in who])
        influence_z = self.influence_z[[s.index for s in who]]
        drawn = draw_requests(
            world,
            n,
            alignment,
            self.potentials,
            self.config.value,
            influence_z,
            org.influence_value_correlation,
            org.stakeholder_insight,
        )
        ids = self.work.add(
            self.tick,
            stakeholder=np.array([s.index for s in who]),
            product_owner=area,
            influence=np.array([s.influence for s in who]),
            **drawn,
        )
        self.tally["requests"] += n
        for a in np.unique(area):
            self.product_owner_list[a].inbox.append(ids[area == a])

    def press_for_priority(self) -> None:
        """Stakeholders whose admitted work waited past their patience push for it.

        Each stakeholder draws one coin a week (so the decision stream does not depend on the
        backlog) and, with probability ``escalation_propensity * influence``, pushes their most
        valued (by their own claim) waiting item. One push at a time: a stakeholder with an item
        already moved to the top waits until it is started, so pressure does not grow with the
        backlog.
        """
        coins = self.rng.random(len(self.stakeholder_list))
        pushing = coins < np.array([s.pressure for s in self.stakeholder_list])
        if not pushing.any():
            return
        work = self.work
        ids = np.concatenate([po.backlog for po in self.product_owner_list])
        # One push at a time: whoever already has an item waiting at the top waits for it.
        pushing[work.stakeholder[ids[work.jumped[ids]]]] = False
        waited = self.tick - work.admitted[ids] > self.config.org.patience
        ids = ids[waited & ~work.jumped[ids] & pushing[work.stakeholder[ids]]]
        if ids.size == 0:
            return
        # Most valued first within each stakeholder, then the first item of each stakeholder.
        ids = ids[np.lexsort((-work.claimed_value[ids], work.stakeholder[ids]))]
        who = work.stakeholder[ids]
        for initiative in ids[np.r_[True, who[1:] != who[:-1]]]:
            self.stakeholder_list[work.stakeholder[initiative]].push(int(initiative))

    def release(self, ids: np.ndarray) -> None:
        """Shipped initiatives start earning, and change what later work can earn.

        Positive aligned value is multiplied by its objective's capability; every release then
        moves capability (``value.capability_change``), never below ``value.capability_floor``.
        """
        work, cfg = self.work, self.config.value
        work.transition(ids, DONE, self.tick)
        for i in ids:
            objective = work.objective[i]
            aligned = objective != NONE
            capability = self.capability[objective] if aligned else 1.0
            value = realize(work.true_value[i], aligned, capability)
            work.realized_value[i] = value
            self.value_rate += value
            self.tally["value_added"] += value
            change = capability_change(work.true_value[i], aligned, cfg)
            target = objective if aligned else slice(None)
            self.capability[target] = np.maximum(
                self.capability[target] + change, cfg.capability_floor
            )
            self.stakeholder_list[work.stakeholder[i]].hear_delivery()
        self.tally["shipped"] += ids.size
        if ids.size:
            self.product_owner_list[work.product_owner[ids[0]]].note_release(ids)

    def roll_back(self, initiative: int) -> None:
        """Undo a release: the run-rate it still adds (after erosion) stops from now on.

        A release of tick f adds r to the run-rate, which erodes by the weekly factor each week
        after; at a review in week t (before this week's erosion) it adds r * factor^(t-1-f).
        The capability its release changed stays changed: users saw it, the code was bent.
        """
        work = self.work
        weeks = self.tick - 1 - int(work.finished[initiative])
        removed = work.realized_value[initiative] * self.value_decay**weeks
        self.value_rate -= removed
        # Value added is the week's net change of the run-rate by decisions (after this week's
        # erosion): releases add, rollbacks take away what they remove.
        self.tally["value_added"] -= removed * self.value_decay
        work.transition(initiative, ROLLED_BACK, self.tick)
        self.tally["rollbacks"] += 1

    # -- views used by the metrics

    def backlog_size(self) -> int:
        return sum(po.backlog.size for po in self.product_owner_list)

    def wip_ids(self) -> np.ndarray:
        return np.array([i for team in self.team_list for i in team.wip], dtype=np.int64)


# The keyword parameters, generated from the schema so that the docstring cannot go stale.
Organization.__doc__ += "\n    Keyword parameters (name: setting, default; meaning):\n" + "\n".join(
    f"        {name}: {dotted}, {default!r}; {meaning}"
    for name, (dotted, default, meaning) in keyword_parameters().items()
)
