"""A person's decisions for a product owner's seat, applied under the same rules as always.

In the game (and when a decision log is replayed), a seat's product owner is ``played``: new
requests wait for a decision, and at the start of each turn the person's decisions are applied:
admit or decline each waiting request, a ranking of the backlog, and initiatives to kill. A
decline or a kill is a contest like any other (two gates of standing: the owner may have to give
in, the stakeholder may escalate and leadership may reverse it); undecided requests are admitted.
A seat whose person did not decide gets the bot's decisions for the turn: its governance's
automatic rules (entry criteria, value ordering, kill criteria).

Each decision comes back with its outcome, in words a participant reads ("the Head of Sales
escalated; leadership reversed your decline").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config.replay import DecisionLog, Decisions
from sim.engine.initiatives import BACKLOG, DECLINED, IN_PROGRESS, NONE


@dataclass(frozen=True)
class Outcome:
    """One decision and what came of it."""

    decision: str  # admit, decline, rank, kill, bot
    initiative: int
    outcome: str  # a short code: declined, admitted, yielded, reversed, killed, kept, ...
    message: str  # for the participant


def contested(owner, initiative: int, past: str, noun: str, act) -> tuple[bool, str, str]:
    """Run ``act`` (a contest over a decline or a kill) and say how it went."""
    work, model = owner.model.work, owner.model
    before = int(work.escalations[initiative]), int(work.reversals[initiative])
    stood = act(initiative)
    escalated = work.escalations[initiative] > before[0]
    reversed_ = work.reversals[initiative] > before[1]
    requester = model.stakeholder_list[work.stakeholder[initiative]].name
    item = f"#{initiative} ({requester}'s request)"
    if stood:
        extra = f"; {requester} escalated and leadership backed you" if escalated else ""
        return True, past, f"You {past} {item}{extra}."
    if reversed_:
        return (
            False,
            "reversed",
            f"{requester} escalated; leadership reversed your {noun} of {item}.",
        )
    return False, "yielded", f"{requester}'s influence was too much: you gave in on {item}."


def apply(owner, decisions: Decisions) -> list[Outcome]:
    """Apply one seat's decisions now (at the start of a turn); return each one's outcome."""
    work, model = owner.model.work, owner.model
    outcomes = []
    waiting = {int(i) for i in owner.waiting}
    declined = sorted(set(decisions.decline) & waiting)
    admitted = waiting - set(declined)  # undecided requests are admitted
    for i in declined:
        stood, code, message = contested(owner, i, "declined", "decline", owner.contest)
        if stood:
            work.transition(i, DECLINED, model.tick)
            model.tally["declines"] += 1
        else:
            admitted.add(i)
        outcomes.append(Outcome("decline", i, code, message))
    admitted = sorted(admitted)
    work.transition(np.array(admitted, np.int64), BACKLOG, model.tick)
    explicit = set(decisions.admit)
    outcomes += [Outcome("admit", i, "admitted", "Admitted.") for i in admitted if i in explicit]
    owner.backlog = np.concatenate([owner.backlog, np.array(admitted, np.int64)])
    owner.waiting = np.empty(0, dtype=np.int64)
    in_backlog = {int(i) for i in owner.backlog}
    owner.ranking = {i: k for k, i in enumerate(x for x in decisions.ranking if x in in_backlog)}
    if owner.ranking:
        outcomes.append(Outcome("rank", -1, "ranked", f"Your order of {len(owner.ranking)} items."))
    for i in decisions.kill:
        outcomes.append(kill(owner, i))
    return outcomes


def kill(owner, initiative: int) -> Outcome:
    """Try to stop one initiative in progress (a contest, unless a won contest shields it)."""
    work, model = owner.model.work, owner.model
    if work.status[initiative] != IN_PROGRESS or initiative not in owner.team.wip:
        message = f"#{initiative} was no longer in progress."
        return Outcome("kill", initiative, "not_in_progress", message)
    if work.protected_until[initiative] > model.tick:
        message = f"A contest its stakeholder won still shields #{initiative}: it carries on."
        return Outcome("kill", initiative, "shielded", message)
    _, code, message = contested(owner, initiative, "killed", "kill", owner.try_kill)
    return Outcome("kill", initiative, code, message)


def bot_decisions(owner) -> Decisions:
    """What the seat's governance would decide now, as a person's decisions.

    Decline the waiting requests whose estimated value per point is below the entry threshold
    (with entry criteria), keep the governance's own order (no ranking), and kill the work in
    progress whose MVP signal is below the kill threshold and that no won contest shields (with
    kill criteria). Submitted as a person's, these decisions play exactly as the bot does.
    """
    g, work, tick = owner.governance, owner.model.work, owner.model.tick
    decline: list[int] = []
    if g.entry_criteria and owner.waiting.size:
        density = work.estimated_value[owner.waiting] / work.size[owner.waiting]
        decline = [int(i) for i in owner.waiting[density < g.entry_threshold]]
    kill: list[int] = []
    if g.kill_criteria and owner.team.wip:
        wip = np.array(owner.team.wip)
        failing = (work.mvp[wip] != NONE) & (work.signal[wip] < g.kill_threshold)
        kill = [int(i) for i in wip[failing & (work.protected_until[wip] <= tick)]]
    admit = [int(i) for i in owner.waiting if int(i) not in set(decline)]
    return Decisions(admit=admit, decline=decline, ranking=[], kill=kill)


def as_bot(owner) -> list[Outcome]:
    """The seat's governance decides this turn: entry criteria, value order, kill criteria."""
    waiting = owner.waiting
    owner.waiting = np.empty(0, dtype=np.int64)
    owner.ranking = {}
    if waiting.size:
        owner.admit_or_decline(waiting)
    played, owner.played = owner.played, False
    try:
        owner.kill_failing()
    finally:
        owner.played = played
    return [Outcome("bot", -1, "bot", "No decisions in time: the bot decided this turn.")]


def decide_for_played_seats(model) -> None:
    """Apply the decisions waiting for played seats (None: the seat's bot decides)."""
    for area, decisions in model.pending_decisions.items():
        owner = model.product_owner_list[area]
        if decisions is None and not owner.played and not owner.waiting.size:
            continue  # a bot's seat with nothing waiting: nothing to decide
        model.last_outcomes[area] = as_bot(owner) if decisions is None else apply(owner, decisions)
    model.pending_decisions = {}


def set_played(model, played: list[int], decisions: dict[int, Decisions | None]) -> None:
    """Before a turn: which seats decide at turn boundaries, and their decisions.

    Every seat gets a decision at the turn's start (a person's, or the bot's: None), so that
    requests waiting from an earlier turn are triaged; then the ``played`` seats wait for the
    next turn's decisions, the others decide weekly by their governance. A room plays every seat
    (and its benchmarks every owner) this way, so people and bots decide on the same cadence.
    """
    model.pending_decisions = {
        area: decisions.get(area) for area in range(len(model.product_owner_list))
    }
    for area, owner in enumerate(model.product_owner_list):
        owner.played = area in played


def start_turn(model, log: DecisionLog, turn: int) -> None:
    """Set up a turn as the room did: who played, and their decisions (None: the bot's)."""
    if turn not in log.played_in:
        return  # the warm-up (or a turn the room never played)
    played = log.played_in[turn]
    set_played(model, played, {seat: log.decisions.get((turn, seat)) for seat in played})
