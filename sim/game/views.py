"""What the game's pages show: a participant's seat, the turn's results and the standings."""

from __future__ import annotations

import time

from sim.engine.initiatives import DONE
from sim.engine.periods import QUARTER

BENCHMARKS = ("ticket_coordinator", "empowered_product_owner")


def pressure_messages(before: tuple[int, int], after: tuple[int, int]) -> list[str]:
    """What stakeholders did to a seat's backlog during the turn's weeks."""
    pushes, jumped = after[0] - before[0], after[1] - before[1]
    if not pushes and not jumped:
        return []
    return [
        f"During the turn stakeholders pushed {pushes} times for their work; {jumped} items "
        "jumped your queue (you gave in, or leadership reversed you)."
    ]


def area_results(model, area: int, weeks: int) -> tuple[float, float]:
    """An area's value per week (its releases' run-rate, eroded to now) and its throughput
    (initiatives shipped per quarter over the last ``weeks``)."""
    work = model.work
    done = (work.product_owner == area) & (work.status == DONE)
    recent = done & (work.finished >= model.tick + 1 - weeks)
    age = model.tick - work.finished[done]
    rate = float((work.realized_value[done] * model.value_decay**age).sum())
    return rate, float(recent.sum()) * QUARTER / weeks


def benchmark_results(room) -> dict:
    """Each benchmark's value per week and throughput, per area, where its model stands now."""
    weeks = room.turn_weeks
    return {
        name: [area_results(bot, s.area, weeks) for s in room.seats]
        for name, bot in room.benchmarks.items()
    }


def turn_results(room, benchmarks: dict) -> dict:
    """Each seat's value per week and throughput after this turn, beside the benchmarks' at
    the end of the same turn."""
    weeks = room.turn_weeks
    return {
        "turn": room.turn + 1,
        "seats": {s.area: area_results(room.model, s.area, weeks) for s in room.seats},
        "benchmarks": benchmarks,
    }


def standings(room) -> list[dict]:
    """The latest turn's results: one row per seat, with both benchmarks' same area."""
    if not room.history:
        return []
    last = room.history[-1]
    rows = []
    for seat in room.seats:
        value, throughput = last["seats"][seat.area]
        row = {
            "seat": seat.name,
            "player": seat.player or "(bot)",
            "governance": seat.governance,
            "value_per_week": value,
            "throughput": throughput,
        }
        for name in BENCHMARKS:
            v, t = last["benchmarks"][name][seat.area]
            row[f"{name}_value"], row[f"{name}_throughput"] = v, t
        rows.append(row)
    return rows


def seat_view(room, seat: int) -> dict:
    """What a participant sees: inbox, backlog, work in progress, standing, messages."""
    owner = room.model.product_owner_list[seat]
    work, people = room.model.work, room.model.stakeholder_list

    def row(i: int) -> dict:
        who = people[work.stakeholder[i]]
        return {
            "id": int(i),
            "requester": who.name,
            "influence": round(who.clout, 2),
            "claim": round(float(work.claimed_value[i]), 2),
            "estimate": round(float(work.estimated_value[i]), 2),
            "size": round(float(work.size[i]), 1),
        }

    wip = []
    for i in owner.team.wip:
        signal = round(float(work.signal[i]), 2) if work.mvp[i] >= 0 else None
        wip.append({**row(i), "done": round(float(work.done_points[i]), 1), "mvp_signal": signal})
    s = room.seats[seat]
    messages = list(s.messages)
    if s.joined_turn > 1 and s.joined_turn == room.turn + 1:
        # Last turn's outcomes were the bot's, before this person sat down.
        messages = [f"You joined at turn {s.joined_turn}: until then the bot played this seat."]
    return {
        "seat": s.name,
        "player": s.player,
        "turn": room.turn + 1,
        "turns": room.turns,
        "inbox": [row(i) for i in owner.waiting],
        "backlog": [row(i) for i in owner.order_backlog()],
        "wip": wip,
        "authority": owner.governance.authority,
        "support": round(owner.support, 2),  # leadership's support moves with results
        "governance": s.governance,
        "messages": messages,
        "joined_turn": s.joined_turn,
        "decided": s.decisions is not None,
        "advance": room.advance,
        "seconds_left": max(0, int(room.deadline - time.time())) if room.started else None,
        "deadline": room.deadline if room.started and room.deadline < float("inf") else None,
        "finished": room.finished,
    }
