"""The command line end to end, in a subprocess: outputs exist; bad input fails cleanly."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from sim.engine.metrics import TICK_METRICS
from sim.runner import LEDGER_COLUMNS

SUMMARY_METRICS = {
    "cumulative_value",
    "final_value_rate",
    "initiatives_shipped",
    "throughput_first_year",
    "throughput_last_year",
    "kills",
    "declines",
    "escalations",
    "reversals",
    "zombie_capacity_share",
    "waste_capacity_share",
    "backlog_final",
    "mean_lead_time",
    "mean_wip",
    "influence_delivery_correlation",
}


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_a_run_writes_every_output(tmp_path):
    out = tmp_path / "run"
    proc = run_cli(
        "governance=empowered_product_owner",
        "ticks=60",
        "replications=3",
        "seed=4",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "cumulative value" in proc.stdout and "shipped per quarter" in proc.stdout

    summary = json.loads((out / "summary.json").read_text())
    assert summary["governance"] == "empowered_product_owner"
    assert (summary["seed"], summary["ticks"], summary["replications"]) == (4, 60, 3)
    assert set(summary["metrics"]) >= SUMMARY_METRICS
    assert len(summary["per_replication"]) == 3
    means = pd.DataFrame(summary["per_replication"])["cumulative_value"].mean()
    assert summary["metrics"]["cumulative_value"] == pytest.approx(means)

    metrics = pd.read_csv(out / "metrics.csv")
    assert list(metrics.columns) == ["replication", "tick", *TICK_METRICS]
    assert len(metrics) == 3 * 60
    ledger = pd.read_csv(out / "initiatives.csv")
    assert list(ledger.columns) == list(LEDGER_COLUMNS)
    assert set(ledger["replication"]) == {0, 1, 2}
    done = ledger[ledger["status"] == "done"]
    assert done["finished"].notna().all() and done["killed"].isna().all()
    assert ledger.groupby("replication")["id"].count().sum() == len(ledger)
    assert (out / "run.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / ".hydra" / "config.yaml").exists()


def test_the_python_api_and_the_cli_agree(tmp_path):
    import sim

    out = tmp_path / "run"
    proc = run_cli("ticks=30", "replications=2", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    api = sim.run(sim.make_config(ticks=30, replications=2))
    assert summary["metrics"]["cumulative_value"] == pytest.approx(api.summary["cumulative_value"])


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("governance.authority=1.5", "governance.authority=1.5: allowed: a number in [0.0, 1.0]"),
        ("org.team_capacity=-3", "org.team_capacity=-3"),
        ("ticks=0", "ticks=0: allowed: an integer in [1, 100000]"),
        ("governance=no_such_preset", "governance='no_such_preset': no such"),
        ("org.stakeholders=abc", "org.stakeholders='abc': allowed: an integer"),
    ],
)
def test_bad_input_fails_with_one_line_and_writes_nothing(tmp_path, override, expected):
    out = tmp_path / "run"
    proc = run_cli(override, f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr
    assert not out.exists()
    assert not list(tmp_path.rglob("summary.json"))
