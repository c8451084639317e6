"""A room that survives a real room: a fair comparison (A/A), turns that cannot be lost, a
warm-up that leaves something to decide, advance modes, and rooms rebuilt after a restart."""

import time

import pandas as pd
import pytest

from sim.engine.decisions import bot_decisions
from sim.game.room import Room, RoomError
from sim.game.store import Rooms
from sim.runner import ledger_frame


def _ledger(model) -> pd.DataFrame:
    return ledger_frame(model).drop(columns=["stakeholder_name", "area"])


def test_a_room_nobody_joined_equals_its_benchmark(tmp_path):
    """Every seat a bot, all under the coordinator: the room and the coordinator benchmark are
    the same organization deciding on the same cadence, so their ledgers are identical."""
    room = Room(seats=3, turns=3, mix="coordinator", log_dir=tmp_path)
    for _ in range(3):
        room.play_turn()
    pd.testing.assert_frame_equal(
        _ledger(room.model), _ledger(room.benchmarks["ticket_coordinator"])
    )


@pytest.mark.parametrize("mix", ["coordinator", "empowered"])
def test_a_seat_that_decides_as_its_bot_would_earns_exactly_the_bots_value(tmp_path, mix):
    """A/A: people submit, every turn, exactly what their governance's bot would decide; the
    room's ledger equals that of the benchmark with the same governance (both decide at turn
    boundaries), and every seat's value equals the benchmark's same area."""
    room = Room(seats=3, turns=3, mix=mix, log_dir=tmp_path)
    seats = [room.join(room.code, name)[0] for name in ("Ann", "Bob", "Cy")]
    for turn in range(1, 4):
        for seat in seats:
            owner = room.model.product_owner_list[seat]
            room.submit(seat, bot_decisions(owner), turn=turn)
        room.play_turn()
    benchmark = room.benchmarks[
        "ticket_coordinator" if mix == "coordinator" else "empowered_product_owner"
    ]
    pd.testing.assert_frame_equal(_ledger(room.model), _ledger(benchmark))
    name = benchmark.config.governance.name
    rows = room.standings()
    for row in rows:
        assert row["value_per_week"] == pytest.approx(row[f"{name}_value"], abs=1e-9)
    assert any(row["value_per_week"] != 0 for row in rows), "the seats earned something"


def test_decisions_for_a_played_turn_are_refused_not_applied_to_the_next(tmp_path):
    room = Room(seats=2, turns=3, log_dir=tmp_path)
    seat, _ = room.join(room.code, "Ann")
    room.play_turn()  # turn 1 is played while Ann's page still shows it
    owner = room.model.product_owner_list[seat]
    with pytest.raises(RoomError, match="Turn 1 has been played: here is turn 2"):
        room.submit(seat, bot_decisions(owner), turn=1)
    assert room.seats[seat].decisions is None, "nothing saved for turn 2"
    room.submit(seat, bot_decisions(owner), turn=2)
    assert room.seats[seat].decisions is not None


def test_two_clicks_on_next_turn_play_one_turn(tmp_path):
    room = Room(seats=2, turns=3, log_dir=tmp_path)
    seen = room.turn
    assert room.next_turn(seen) == "Turn 1 has been played."
    assert room.next_turn(seen) == "Turn 2 is on (turn 1 was played just before)."
    assert room.turn == 1


def test_the_warm_up_leaves_every_seat_something_to_decide(tmp_path):
    """At turn 1, with the default mix (every seat the coordinator), every seat has a backlog to
    order, work in progress to kill and requests to triage. Empowered seats decline what they
    estimate to lose value, so their backlogs are short and a team can even be idle (the owner
    declined everything): each still has requests to triage. The inbox holds the warm-up's last
    third of a turn: about 2 requests a week for 4 weeks."""
    for seed in (0, 1, 2):
        room = Room(seats=4, turns=2, seed=seed, log_dir=tmp_path / f"c{seed}")
        for seat in range(4):
            view = room.view(seat)
            assert view["backlog"] and view["wip"] and view["inbox"], (seed, seat)
            assert len(view["inbox"]) <= 16, (seed, seat, len(view["inbox"]))
        room = Room(seats=4, turns=2, seed=seed, mix="empowered", log_dir=tmp_path / f"e{seed}")
        for seat in range(4):
            view = room.view(seat)
            assert view["inbox"], (seed, seat)


def test_advance_when_everyone_joined_has_decided(tmp_path):
    room = Room(seats=3, turns=2, advance="all decided", log_dir=tmp_path)
    ann, _ = room.join(room.code, "Ann")
    bob, _ = room.join(room.code, "Bob")
    room.start()
    room.submit(ann, bot_decisions(room.model.product_owner_list[ann]), turn=1)
    assert not room.play_if_ready(), "Bob has not decided"
    room.submit(bob, bot_decisions(room.model.product_owner_list[bob]), turn=1)
    assert room.play_if_ready() and room.turn == 1
    facilitated = Room(seats=2, turns=2, advance="facilitator", timer_seconds=10, log_dir=tmp_path)
    facilitated.start()
    facilitated.deadline = time.time() - 1  # the timer ran out: the facilitator still decides
    assert not facilitated.play_if_ready()
    with pytest.raises(RoomError, match="advance"):
        Room(advance="whenever", log_dir=tmp_path)


def test_a_restart_rebuilds_every_open_room_from_its_log(tmp_path):
    """Stop the server mid-game (a new store on the same folder), start it: the room is back,
    identical, with its seat and facilitator links, and the game continues."""
    store = Rooms(tmp_path)
    room = store.open(seats=3, turns=3, mix="half", timer_seconds=60)
    ann, token = room.join(room.code, "Ann $ ∂ عربى")
    room.start()
    view = room.view(ann)
    declined = [r["id"] for r in view["inbox"]][:3]
    from sim.engine.decisions import Decisions

    room.submit(
        ann, Decisions(decline=declined, ranking=[r["id"] for r in view["backlog"]]), turn=1
    )
    room.play_turn()
    store.close()

    again = Rooms(tmp_path)
    back = again.find(room.code)
    assert back is not room and back.turn == 1 and back.started
    assert back.rejoin(token) == ann and back.seats[ann].player == "Ann $ ∂ عربى"
    assert back.facilitator_key == room.facilitator_key
    pd.testing.assert_frame_equal(_ledger(back.model), _ledger(room.model))
    for r in (room, back):
        r.benchmarks_ahead(r.turn)  # played ahead in the background: here, now
    for name, bot in room.benchmarks.items():
        pd.testing.assert_frame_equal(_ledger(back.benchmarks[name]), _ledger(bot))
    # The game continues in both, identically.
    for r in (room, back):
        r.submit(ann, bot_decisions(r.model.product_owner_list[ann]), turn=2)
        r.play_turn()
    pd.testing.assert_frame_equal(_ledger(back.model), _ledger(room.model))
    again.close()
    # A finished room is not reopened at start; asked for (its reveal, its downloads after a
    # restart) it is read back, finished; a new room never reuses a code on disk.
    back.play_turn()
    assert back.finished
    third = Rooms(tmp_path)
    assert room.code not in third._rooms
    finished = third.find(room.code)
    assert finished.finished and finished.standings() == back.standings()
    with pytest.raises(RoomError, match="game is over"):
        finished.submit(ann, bot_decisions(finished.model.product_owner_list[ann]), turn=4)
    with pytest.raises(RoomError, match="No room has that code"):
        third.find("QQQQ" if room.code != "QQQQ" else "ZZZZ")
    assert room.code in third._logged_codes()
    third.close()
