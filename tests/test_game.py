"""The game's state without a browser: rooms, seats, turns, the bot fallback, the decision log
and its replay as a policy."""

import json
import re

import pandas as pd
import pytest

import sim
from sim.engine.decisions import Decisions
from sim.game.debrief import QUESTIONS, debrief_html
from sim.game.room import NameTaken, Room, RoomError
from sim.game.store import ROOMS
from tests.conftest import command


@pytest.fixture
def room(tmp_path):
    return Room(seats=3, turns=2, timer_seconds=60, log_dir=tmp_path)


def test_joining_needs_the_code_and_a_free_seat_and_a_returning_player_keeps_theirs(room):
    with pytest.raises(RoomError, match="not this room's"):
        room.join("XXXX" if room.code != "XXXX" else "YYYY", "Eve")
    seat, token = room.join(room.code.lower(), "  Ann   <b>x</b> ")
    assert seat == 0 and room.seats[0].player == "Ann <b>x</b>"
    with pytest.raises(RoomError, match="taken"):
        room.join(room.code, "Bob", seat=0)
    assert room.rejoin(token) == 0
    with pytest.raises(RoomError):
        room.rejoin("not-a-token")
    with pytest.raises(RoomError, match="No room has that code"):
        ROOMS.find("QQQQ" if room.code != "QQQQ" else "ZZZZ")


def test_the_first_turn_has_requests_waiting_and_work_in_progress(room):
    seat, _ = room.join(room.code, "Ann")
    view = room.view(seat)
    assert view["inbox"] and view["wip"], "the warm-up filled the seat"
    assert {"requester", "influence", "claim", "estimate"} <= set(view["inbox"][0])
    # Support is leadership's current support: it moved with results and discontent.
    owner = room.model.product_owner_list[seat]
    assert view["authority"] == 0.15 and view["support"] == round(owner.support, 2)


def test_a_turn_applies_decisions_under_the_contests_and_falls_back_to_the_bot(room):
    ann, _ = room.join(room.code, "Ann")
    bob, _ = room.join(room.code, "Bob")
    view = room.view(ann)
    declined = [r["id"] for r in view["inbox"]]
    killed = [r["id"] for r in view["wip"]][:1]
    room.submit(ann, Decisions(decline=declined, kill=killed))
    room.play_turn()
    work = room.model.work
    statuses = {int(work.status[i]) for i in declined}
    # Every decline was contested: declined (1), or admitted because the owner gave in or
    # leadership reversed it (2, 3 or later statuses); each says so.
    messages = room.view(ann)["messages"]
    # Each outcome names the request: its id and its requester's name.
    for i in declined:
        named = [m for m in messages if f"#{i} (" in m]
        assert len(named) == 1, (i, messages)
        assert any(k in named[0] for k in ("You declined", "gave in on", "reversed your decline"))
        requester = room.model.stakeholder_list[room.model.work.stakeholder[i]].name
        assert requester in named[0] and "stakeholder " not in named[0]
    assert statuses - {1, 2, 3, 4} == set()
    assert (work.yields[declined].sum() + (work.status[declined] == 1).sum()) >= 1
    assert room.view(bob)["messages"][0] == "No decisions in time: the bot decided this turn."
    assert room.turn == 1 and not room.finished
    lines = [json.loads(line) for line in room.log_path.read_text().splitlines()]
    decisions = [e for e in lines if e.get("decision") in ("decline", "kill", "bot")]
    assert {e["decision"] for e in decisions} == {"decline", "kill", "bot"}
    assert all({"turn", "seat", "decision", "initiative", "outcome"} <= set(e) for e in decisions)


def test_standings_put_each_seat_beside_both_bots_facing_the_same_requests(room):
    room.play_turn()
    rows = room.standings()
    assert [r["seat"] for r in rows] == ["Area 1", "Area 2", "Area 3"]
    assert {"ticket_coordinator_value", "empowered_product_owner_value"} <= set(rows[0])
    # Common random numbers: the bots' organizations received the very same requests.
    for bot in room.benchmarks.values():
        n = min(len(bot.work), len(room.model.work))
        assert (bot.work.planned_size[:n] == room.model.work.planned_size[:n]).all()
        assert (bot.work.product_owner[:n] == room.model.work.product_owner[:n]).all()


def test_the_decision_log_replays_the_room_exactly(room):
    ann, _ = room.join(room.code, "Ann")
    view = room.view(ann)
    order = [r["id"] for r in view["backlog"]][::-1]
    room.submit(ann, Decisions(decline=[r["id"] for r in view["inbox"]][:3], ranking=order))
    room.play_turn()
    room.join(room.code, "Bob")  # joins late: the seat was a bot in turn 1
    room.play_turn()
    assert room.finished
    replayed = sim.run(sim.make_config(policy=f"replay:{room.log_path}", replications=1))
    frame = room.model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    mine = replayed.metrics.drop(columns=["replication", "tick"])
    pd.testing.assert_frame_equal(mine, frame, check_dtype=False)
    assert replayed.summary["cumulative_value"] == pytest.approx(room.model.cumulative_value)


def test_a_replay_runs_the_rooms_settings_and_refuses_others(room):
    room.play_turn()
    room.play_turn()
    policy = f"replay:{room.log_path}"
    model = sim.Organization(sim.make_config(policy=policy))
    assert model.config.organization == room.config.organization
    assert model.config.ticks == room.config.ticks
    with pytest.raises(sim.ConfigError, match="room's own settings"):
        sim.run(sim.make_config(policy=policy, seed=5, replications=1))


def test_a_replay_policy_must_be_a_decision_log(tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"turn": 1}\n')
    with pytest.raises(sim.ConfigError, match="not a decision log"):
        sim.make_config(policy=f"replay:{bad}")
    with pytest.raises(sim.ConfigError, match="replay:PATH"):
        sim.make_config(policy="random")


def test_the_debrief_has_the_figures_decisions_and_three_questions_with_names_escaped(room):
    seat, _ = room.join(room.code, "<script>alert(1)</script>")
    view = room.view(seat)
    room.submit(seat, Decisions(decline=[r["id"] for r in view["inbox"]]))
    room.play_turn()
    room.play_turn()
    page = debrief_html(room)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<svg") == 3 and len(QUESTIONS) == 3
    assert all(q.split(":")[0][:30] in page.replace("&#x27;", "'") for q in QUESTIONS)
    assert "Earned most" in page and "Cost most" in page
    # Decisions of the game's turn 1 (of 2), numbered as the game did, not as the log does.
    turns = {int(t) for t in re.findall(r"Turn (\d+): (?:decline|kill)", page)}
    assert turns == {1}, turns
    assert 'name="viewport"' in page or "name='viewport'" in page


def test_the_command_line_replays_a_room(room, tmp_path):

    room.join(room.code, "Ann")
    room.play_turn()
    room.play_turn()
    out = tmp_path / "replay"
    proc = command(
        "sim", f"policy=replay:{room.log_path}", "replications=1", f"out={out}", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["metrics"]["cumulative_value"] == pytest.approx(room.model.cumulative_value)
    weeks = room.config.ticks
    assert f"replayed room: 3 seats (3 ticket_coordinator), {weeks} weeks" in proc.stdout
    # Without out=, the folder is named as the summary is: by the room's configuration.
    named = command("sim", f"policy=replay:{room.log_path}", "replications=1", cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    latest = next((tmp_path / "outputs").glob("*/latest"))
    document = json.loads((latest / "summary.json").read_text())
    from sim.config import from_dict
    from sim.config.labels import run_name

    ran = run_name(from_dict(document["config"]))
    assert (latest.parent.name, document["label"]) == (ran.slug, ran.label)
    assert "organization own-" in ran.label  # the room's organization, not the default

    # Other settings, or a file that is not a decision log: one line, status 2, no folder.
    junk = tmp_path / "notes.txt"
    junk.write_text("not json at all\n")
    for args, expected in (
        ((f"policy=replay:{room.log_path}", "ticks=52"), "room's own settings"),
        ((f"policy=replay:{junk}",), "not a decision log"),
    ):
        refused = tmp_path / "refused"
        proc = command("sim", *args, f"out={refused}", cwd=tmp_path)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2 and len(lines) == 1 and expected in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr and not refused.exists()


def test_the_same_person_rejoining_gets_the_same_seat_and_a_seated_name_is_asked(room):
    """By the device's token, or by name when they confirm it is them; never a second seat."""
    seat, token = room.join(room.code, "Ann")
    assert room.join(room.code, "someone else", token=token) == (seat, token)
    with pytest.raises(NameTaken, match="Ann is already seated .*If that is you, say so"):
        room.join(room.code, " ann ")
    assert room.join(room.code, "ANN", same=True) == (seat, token)
    assert [s.player for s in room.seats].count("Ann") == 1
    assert room.seats[1].player is None, "no second seat was taken"


def test_a_late_joiner_is_told_when_they_joined_not_that_they_missed_a_turn(room):
    room.join(room.code, "Ann")
    room.start()
    room.play_turn()
    late, _ = room.join(room.code, "Bob")
    assert room.seats[late].joined_turn == 2
    assert room.view(late)["messages"] == [
        "You joined at turn 2: until then the bot played this seat."
    ]
    room.play_turn()  # Bob did not decide in his first turn: now the bot's message is his
    assert any("bot decided" in m for m in room.view(late)["messages"])
