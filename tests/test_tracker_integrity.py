"""Data integrity of a tracker export: the window's end, duplicate keys, unreadable points, names
written with underscores, and refusals that say what was found and what is missing.

Fixtures are the model's own export (Jira's columns), altered as real exports are.
"""

import pandas as pd
import pytest

import sim
from sim.calibration.estimates import estimate
from sim.calibration.export import jira_frame
from sim.calibration.tracker import normal, read_export
from sim.calibration.window import trim
from sim.cli.calibrate import main
from sim.config import ConfigError


@pytest.fixture(scope="module")
def base() -> pd.DataFrame:
    result = sim.run(sim.make_config("ticket_coordinator", replications=1, ticks=60, seed=8))
    return jira_frame(result.ledger)


def _write(frame: pd.DataFrame, tmp_path, name="export.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_names_match_ignoring_case_spaces_underscores_and_hyphens():
    assert normal("created_date") == normal("Created Date") == normal("CREATED-date")
    assert normal("WON'T_DO") == normal("won\u2019t do")


def test_columns_written_with_underscores_are_found(base, tmp_path):
    renamed = base.rename(
        columns={"Issue key": "issue_key", "Issue Type": "Issue_Type", "Created": "created_date"}
    )
    export = read_export(_write(renamed, tmp_path))
    assert export.mapping["type"] == "Issue_Type"
    assert export.mapping["created"] == "created_date"
    assert len(export.issues) == len(base)


def test_duplicate_keys_are_counted_once_and_warned_about(base, tmp_path, capsys):
    doubled = pd.concat([base, base.iloc[:200]], ignore_index=True)
    once = read_export(_write(base, tmp_path, "once.csv"))
    twice = read_export(_write(doubled, tmp_path, "twice.csv"))
    assert twice.notes["duplicate_keys"] == 200
    assert len(twice.issues) == len(once.issues)
    assert estimate(twice.issues)["throughput_per_week"]["value"] == pytest.approx(
        estimate(once.issues)["throughput_per_week"]["value"]
    )
    out = tmp_path / "out"
    assert main([f"tracker={tmp_path / 'twice.csv'}", f"out={out}", "replications=1"]) == 0
    assert "warning: 200 rows repeat an issue key: each key counted once" in capsys.readouterr().out


def test_unreadable_points_leave_the_issue_unestimated_not_refused(base, tmp_path, capsys):
    frame = base.copy()
    column = "Custom field (Story Points)"
    frame[column] = frame[column].astype(object)
    frame.loc[frame.index[:3], column] = ["3 SP", "?", "TBD"]
    export = read_export(_write(frame, tmp_path))
    assert export.bad_rows.empty
    assert len(export.issues) == len(base)
    assert export.issues["points"].iloc[:3].isna().all()
    assert export.notes["unreadable_points"] == 3
    out = tmp_path / "o"
    assert main([f"tracker={tmp_path / 'export.csv'}", f"out={out}", "replications=1"]) == 0
    assert "3 issues have points that are not a number (e.g. '3 SP')" in capsys.readouterr().out


def test_until_ends_the_window(base, tmp_path):
    """until= ends the window: its length is from the first issue to until, and work resolved
    later counts as open then."""
    issues = read_export(_write(base, tmp_path)).issues
    start = issues["created"].min()
    until = (start + pd.Timedelta(weeks=20)).strftime("%Y-%m-%d")
    kept, note = trim(issues, until=until)
    numbers = estimate(kept)
    assert numbers["window"]["weeks"] == pytest.approx(
        (pd.Timestamp(until) - start) / pd.Timedelta(days=7)
    )
    assert (kept["resolved"].dropna() <= pd.Timestamp(until)).all()
    assert note["reopened"] > 0 and note["end"] == until
    done = ((issues["resolved"] <= pd.Timestamp(until)) & issues["done"]).sum()
    assert kept["done"].sum() == done


def test_empty_created_dates_have_their_own_message(base, tmp_path):
    frame = base.copy()
    frame.loc[frame.index[:4], "Created"] = ""
    export = read_export(_write(frame, tmp_path))
    assert set(export.bad_rows["reason"]) == {"created date is empty"}


@pytest.mark.parametrize(
    ("alter", "expected"),
    [
        (
            lambda f: f.drop(columns=["Status", "Resolution", "Resolved"]),
            "no status, status category or resolved column was found (columns read: key=",
        ),
        (
            lambda f: f.assign(Resolved=""),
            "closed issues have no resolved, status-change or updated date",
        ),
        (
            lambda f: f.assign(Status="Parked", Resolution=""),
            "statuses seen: Parked (",
        ),
    ],
    ids=["no-status-column", "closed-without-dates", "unknown-status"],
)
def test_nothing_done_says_what_was_found(base, tmp_path, capsys, alter, expected):
    path = _write(alter(base.copy()), tmp_path)
    assert main([f"tracker={path}", f"out={tmp_path / 'out'}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert not (tmp_path / "out").exists()


def test_a_header_only_file_is_refused_as_such(base, tmp_path):
    path = _write(base.iloc[:0], tmp_path)
    with pytest.raises(ConfigError, match="header only: columns Issue key, Issue Type"):
        read_export(path)


def test_a_window_mostly_without_completions_stops_with_the_active_span(base, tmp_path, capsys):
    """Issues created a year before anything was closed: throughput over the whole window would
    be diluted, so the command stops and names the active span and the since=/until= to give;
    with since= the same file runs."""
    frame = base.copy()
    early = frame.iloc[:40].copy()
    early["Issue key"] = [f"OLD-{i}" for i in range(40)]
    early["Status"], early["Resolution"], early["Resolved"] = "To Do", "", ""
    created = pd.to_datetime(frame["Created"], format="%d/%b/%y %I:%M %p")
    spread = pd.to_timedelta(range(40), unit="W")
    early["Created"] = (created.min() - pd.Timedelta(weeks=60) + spread).strftime(
        "%d/%b/%y %I:%M %p"
    )
    path = _write(pd.concat([early, frame], ignore_index=True), tmp_path)
    out = tmp_path / "out"
    assert main([f"tracker={path}", f"out={out}"]) == 2
    (err,) = capsys.readouterr().err.strip().splitlines()
    assert "completions fall in only" in err and "give since=" in err
    assert not (out / "estimates.json").exists()
    since = err.split("give since=")[1].split()[0]
    assert main([f"tracker={path}", f"out={out}", f"since={since}", "replications=1"]) == 0


def test_an_export_filtered_to_closed_work_is_detected(base, tmp_path, capsys):
    closed = base[base["Status"] == "Done"]
    path = _write(closed, tmp_path)
    assert main([f"tracker={path}", f"out={tmp_path / 'out'}", "replications=1"]) == 0
    assert "warning: no issue is open: the export looks filtered to closed work" in (
        capsys.readouterr().out
    )


def test_placeholder_accounts_are_flagged_and_units_are_items_without_points(tmp_path, capsys):
    """A deleted user's placeholder name is warned about and marked in the organization file;
    an export without points writes capacity in items, not story points."""
    from sim.cli.calibrate import main

    rows = ["Issue key,Status,Created,Resolved,Reporter"]
    for i in range(60):
        reporter = "Usuário inativo" if i % 3 == 0 else f"Person {i % 5}"
        resolved = f"2024-{1 + i % 10:02d}-20" if i % 2 else ""
        status = "Done" if resolved else "To Do"
        rows.append(f"K-{i},{status},2024-{1 + i % 10:02d}-02,{resolved},{reporter}")
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([f"tracker={path}", f"out={out}", "replications=1"]) == 0
    printed = capsys.readouterr().out
    assert "placeholder accounts among the reporters: 'Usuário inativo' (20 issues)" in printed
    organization = (out / "organization.yaml").read_text(encoding="utf-8")
    assert "# items done per week" in organization and "story points" not in organization
    assert "a placeholder account" in organization


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[{"key": "A-1", "created": "2024-01-01"}]', "this is JSON, not a CSV"),
        ("key,reporter,status\nA-1,bob,Done\nA-2,al,To Do\n", "no date column at all"),
    ],
)
def test_a_json_file_and_a_file_without_dates_are_named_as_such(tmp_path, capsys, text, words):
    from sim.cli.calibrate import main

    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main([f"tracker={path}", f"out={out}"]) != 0
    error = capsys.readouterr().err
    assert words in error and error.count("\n") == 1
    assert not out.exists()
