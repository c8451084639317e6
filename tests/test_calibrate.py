"""Numbers from an issue tracker: the Jira reader, the estimates and the round trip."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.calibration.estimates import estimate
from sim.calibration.export import write_jira_csv
from sim.calibration.tracker import read_export
from sim.cli.calibrate import main
from sim.config import ConfigError

#: The sample export the facilitator's guide points to (a small Jira export with odd rows).
FIXTURE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "jira_export.csv"


def test_a_hand_written_jira_export_is_read_with_every_odd_row_reported():
    export = read_export(FIXTURE)
    refused = dict(zip(export.bad_rows["key"], export.bad_rows["reason"], strict=True))
    assert refused == {
        "SHOP-6": "created date not in the format %d/%b/%y %I:%M %p",
        "SHOP-7": "negative points",
        "SHOP-8": "resolved before created",
        "": "no issue key",
    }
    issues = export.issues.set_index("key")
    assert len(issues) == 10
    # Jira's dates and ISO 8601 (with an offset, converted to UTC) both parse.
    assert issues.loc["SHOP-1", "created"] == pd.Timestamp("2024-01-02 09:15")
    assert issues.loc["SHOP-4", "created"] == pd.Timestamp("2024-01-08 08:00")
    assert issues.loc["SHOP-12", "resolved"] == pd.Timestamp("2024-03-04")
    # Won't Do, Duplicate and Cannot Reproduce are not done; an empty estimate is unestimated.
    assert set(issues.index[issues["not_done"]]) == {"SHOP-3", "SHOP-5", "SHOP-10"}
    assert np.isnan(issues.loc["SHOP-11", "points"])
    numbers = estimate(export.issues)
    assert numbers["not_done_share"]["value"] == pytest.approx(3 / 8)
    assert numbers["request_rate"]["Head of Sales"]["issues"] == 4


def test_a_generic_csv_works_through_the_column_mapping(tmp_path):
    frame = pd.read_csv(FIXTURE, dtype=str).rename(
        columns={"Custom field (Story Points)": "Estimate", "Reporter": "Requested by"}
    )
    path = tmp_path / "generic.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ConfigError, match="columns.reporter"):
        read_export(path)
    export = read_export(path, {"points": "Estimate", "reporter": "Requested by"})
    assert export.mapping["points"] == "Estimate" and len(export.issues) == 10


def test_a_file_without_usable_rows_is_refused_in_one_line_with_its_bad_rows(tmp_path, capsys):
    """Most rows refused: one line with the top reasons, counts and an example value; only
    bad_rows.csv is written."""
    path = tmp_path / "bad.csv"
    path.write_text("Issue key,Created,Reporter\nX-1,someday,Ann\nX-2,,Bob\n")
    out = tmp_path / "out"
    assert main([f"tracker={path}", f"out={out}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: tracker='{path}': 2 of 2 rows refused")
    assert "created date not in the format" in err[0] and "'someday'" in err[0]
    assert sorted(p.name for p in out.iterdir()) == ["bad_rows.csv"]


def test_a_file_without_story_points_counts_sizes_in_items(tmp_path, capsys):
    frame = pd.read_csv(FIXTURE, dtype=str).drop(columns=["Custom field (Story Points)"])
    path = tmp_path / "no_points.csv"
    frame.to_csv(path, index=False)
    assert main([f"tracker={path}", f"out={tmp_path / 'out'}", "replications=2"]) == 0
    assert "sizes are counted in items" in capsys.readouterr().out
    estimates = json.loads((tmp_path / "out" / "estimates.json").read_text())
    assert estimates["size"]["unit"] == "items" and estimates["size"]["data_median"] == 1.0


def test_the_command_writes_estimates_an_organization_file_and_the_comparison(tmp_path, capsys):
    out = tmp_path / "cal"
    assert main([f"tracker={FIXTURE}", f"out={out}", "replications=2"]) == 0
    printed = capsys.readouterr().out
    assert "4 rows refused" in printed and "SHOP-7: negative points" in printed
    estimates = json.loads((out / "estimates.json").read_text())
    assert estimates["bad_rows"] == 4
    org = yaml.safe_load((out / "organization.yaml").read_text())
    names = [s["name"] for s in org["stakeholders"]]
    assert names == sorted(
        ["Head of Sales", "Head of Marketing", "Category manager", "Support lead"]
    )
    assert all(s["influence"] is None and s["alignment"] is None for s in org["stakeholders"])
    assert "TODO facilitator" in (out / "organization.yaml").read_text()
    assert (out / "modelled_vs_actual.png").stat().st_size > 10_000
    # The written file runs as it is.
    sim.make_config("ticket_coordinator", org_file=str(out / "organization.yaml"))


def test_the_round_trip_recovers_request_rates_size_and_throughput(tmp_path):
    """Simulate an organization with known rates, export its ledger in Jira's format, read it
    back: the request rates, the size median and the throughput come back."""
    rates = [0.2, 0.4, 0.6, 0.8, 1.0]
    org = {
        "areas": [{"name": "Team", "governance": "ticket_coordinator", "team_capacity": 20}],
        "stakeholders": [{"name": f"R{i}", "request_rate": r} for i, r in enumerate(rates)],
    }
    result = sim.run(sim.make_config("ticket_coordinator", organization=org, replications=1))
    path = write_jira_csv(result.ledger, tmp_path / "jira.csv")
    export = read_export(path)
    assert export.bad_rows.empty
    numbers = estimate(export.issues)
    weeks, covered = numbers["window"]["weeks"], 0
    asked = result.ledger.groupby("stakeholder_name").size()
    for i, rate in enumerate(rates):
        found = numbers["request_rate"][f"R{i}"]["rate"]
        # Exact: what each reporter asked for over the window.
        assert found["value"] == pytest.approx(asked[f"R{i}"] / weeks, rel=1e-9)
        covered += found["low"] <= rate <= found["high"]
        # Tolerance: within 30% of the true rate (Poisson, 3 years).
        assert found["value"] == pytest.approx(rate, rel=0.3)
    # 95% intervals: the true rate inside at least 4 of 5 (all 5 with probability about 0.77).
    assert covered >= 4, covered
    # Size: the lognormal median of 10 points (sigma 1), within 15% (about 480 issues).
    assert numbers["size"]["median"]["value"] == pytest.approx(10.0, rel=0.15)
    assert numbers["size"]["sigma"] == pytest.approx(1.0, abs=0.15)
    # Throughput: the same issues the model shipped, per week (the window is 1 week shorter).
    shipped = result.metrics["shipped"].sum() / numbers["window"]["weeks"]
    assert numbers["throughput_per_week"]["value"] == pytest.approx(shipped, rel=0.02)
