"""The diagnosis by simulation, tried as a delivery manager would: one command on an export,
and the inference itself checked against simulated exports whose truth is known."""

import json
import logging
import re

import numpy as np
import pandas as pd
import pytest

import sim
from experiments.diagnosis_calibration import measure, standard_world
from sim.calibration.export import write_jira_csv
from sim.calibration.signature import FEATURES
from sim.cli.diagnose import main
from sim.diagnosis import misfit
from sim.diagnosis.inference import features
from sim.diagnosis.reference import reference_table


def export(tmp_path, preset: str, weeks: int, seed: int = 5):
    logging.getLogger("MESA").setLevel(logging.WARNING)
    result = sim.run(sim.make_config(preset, ticks=weeks, replications=1, seed=seed))
    return write_jira_csv(result.ledger, tmp_path / f"{preset}.csv")


@pytest.fixture(scope="module")
def calibration():
    """A small version of experiments.diagnosis_calibration: 400 reference simulations (base
    seed 0) and 60 test exports at base seed 2000, which the reference never saw; 40 weeks."""
    world = standard_world(40)
    reference = reference_table(world, 400, seed=0, workers=2, progress=False)
    tests = reference_table(world, 60, seed=2000, workers=2, progress=False)
    return reference, measure(reference, tests)


def test_one_command_gives_the_fit_the_family_the_halves_and_what_ifs(tmp_path, capsys):
    path = export(tmp_path, "empowered_product_owner", 40)
    out = tmp_path / "diagnosis"
    arguments = [f"tracker={path}", f"out={out}", "budget=200", "draws=5", "horizon=8"]
    assert main([*arguments, "progress=false"]) == 0
    printed = capsys.readouterr().out
    for words in ("budget: 200 simulations", "misfit:", "fit:", "governance family", "settings"):
        assert words in printed
    assert "what-ifs: value added over the next 8 weeks" in printed
    assert not re.search(r"\bnan\b", printed.lower())
    result = json.loads((out / "diagnosis.json").read_text())
    assert result["budget"]["reference"] == 200
    for name in ("families.csv", "parameters.csv", "misfit.csv", "whatifs.csv", "posterior.png"):
        assert (out / name).is_file(), name
    reference = pd.read_csv(out / "reference.csv.gz")
    assert len(reference) == 200 and set(reference["family"]) == {
        "ticket_coordinator",
        "entry_criteria_without_kill_criteria",
        "entry_and_kill_criteria",
    }
    runs = pd.read_csv(out / "whatif_runs.csv")
    # Every scenario switches after the window: the observed weeks are the same run.
    same = runs.groupby("posterior_row")["shipped_per_week"].nunique()
    assert (same == 1).all()
    whatifs = pd.read_csv(out / "whatifs.csv")
    assert list(whatifs["scenario"])[0] == "as it is" and len(whatifs) == 4
    assert (whatifs["value_10%"] <= whatifs["value_90%"]).all()
    if result["misfit"]["fits"]:
        probabilities = result["family"]["probabilities"]
        assert abs(sum(probabilities.values()) - 1) < 1e-6
        assert set(result["halves"]) == {"first", "second"}


def test_an_export_under_26_weeks_is_refused_and_nothing_is_written(tmp_path, capsys):
    path = export(tmp_path, "ticket_coordinator", 20)
    out = tmp_path / "diagnosis"
    assert main([f"tracker={path}", f"out={out}", "progress=false"]) != 0
    error = capsys.readouterr().err
    assert "tracker" in error and "at least 26 weeks" in error
    assert not out.exists()


def test_an_export_filtered_to_closed_work_is_refused(tmp_path, capsys):
    path = export(tmp_path, "ticket_coordinator", 40)
    frame = pd.read_csv(path)
    frame[frame["Resolution"] != "Unresolved"].to_csv(path, index=False)
    out = tmp_path / "diagnosis"
    assert main([f"tracker={path}", f"out={out}", "progress=false"]) != 0
    assert "filtered to closed work" in capsys.readouterr().err
    assert not out.exists()


def test_the_reference_table_is_the_same_on_one_worker_two_and_a_dask_cluster():
    """Draw i depends only on (seed, i): the table does not depend on where it ran."""
    from distributed import LocalCluster

    world = standard_world(30)
    one = reference_table(world, 12, seed=3, workers=1, progress=False, chunk=4)
    two = reference_table(world, 12, seed=3, workers=2, progress=False, chunk=4)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        dask = reference_table(
            world, 12, seed=3, scheduler=cluster.scheduler_address, progress=False, chunk=4
        )
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one, dask)
    assert one["family"].nunique() > 1


def test_calls_at_stated_probability_are_right_about_that_often(calibration):
    """Reliability: calls stated at 0.9 or more are right at least 80% of the time, and overall
    the share right is within 0.15 of the mean stated probability (60 test exports)."""
    _, result = calibration
    calls = result["calls"]
    print("\n", result["reliability"], f"\naccuracy {result['accuracy']:.2f}")
    assert result["accuracy"] >= 0.6  # chance is 1/3
    assert abs(calls["right"].mean() - calls["probability"].mean()) <= 0.15
    sure = calls[calls["probability"] >= 0.9]
    assert len(sure) >= 10 and sure["right"].mean() >= 0.8


def test_the_authority_interval_covers_the_truth_about_80_percent(calibration):
    """80% intervals cover the true authority in 60-95% of 60 test exports (70-90% in the full
    table; the tolerance is wider for 60)."""
    _, result = calibration
    print(f"\ncoverage {result['coverage']:.2f}")
    assert 0.6 <= result["coverage"] <= 0.95


def test_the_halves_agree_and_the_models_own_exports_fit(calibration):
    _, result = calibration
    print(f"\nhalves {result['halves_agree']:.2f} false misfit {result['false_misfit']:.3f}")
    assert result["halves_agree"] >= 0.6
    assert result["false_misfit"] <= 0.1


def test_an_export_unlike_any_simulation_is_called_outside_with_the_signal_named(calibration):
    reference, _ = calibration
    simulated = features(reference, "whole")
    row = reference.iloc[0]
    own = {f: row[f"whole.{f}"] for f in FEATURES}
    own["kill_share"] = 0.9  # nine in ten started items abandoned
    x = pd.Series(own).reindex(list(FEATURES)).fillna(-1.0).to_numpy(dtype=float)[None, :]
    verdict = misfit.check(simulated, x, own)
    assert not verdict["fits"]
    assert verdict["words"].startswith("outside what this model produces: kill_share is 0.9")
    inside = misfit.check(simulated, features(reference.iloc[[5]], "whole"), {})
    assert np.isfinite(inside["outlier_p"])


def test_without_start_dates_or_points_the_simulations_are_read_without_them_too(tmp_path):
    """An export without start dates cannot tell a kill from a decline: the reference reads the
    simulated exports the same way, so their kill share is zero and their declines include the
    kills, like the user's. Without story points, the simulated exports show no size either."""
    from sim.diagnosis.families import draws
    from sim.diagnosis.reference import simulate
    from sim.diagnosis.world import World

    values = next(v for v in draws(40, seed=1) if v["family"] == "entry_and_kill_criteria")
    world = standard_world(40)
    blind = World(**{**world.__dict__, "started_dates": False})
    seen = simulate(world, values, tmp_path)
    unseen = simulate(blind, values, tmp_path)
    assert seen["whole.kill_share"] > 0
    assert unseen["whole.kill_share"] == 0
    assert unseen["whole.decline_share"] > seen["whole.decline_share"]
    unsized = simulate(World(**{**world.__dict__, "unit": "items"}), values, tmp_path)
    assert seen["whole.points_median"] > 0 and np.isnan(unsized["whole.points_median"])


def test_posterior_draws_keep_the_family_odds_and_take_fresh_seeds(calibration):
    from sim.diagnosis.inference import FamilyModel, ParameterModel, posterior_draws

    reference, _ = calibration
    x = features(reference.iloc[[3]], "whole")
    call = FamilyModel(reference, "whole", 0).call(x)
    posteriors = ParameterModel(reference, "whole", 0).posteriors(x)
    draws = posterior_draws(reference, call, posteriors, 200, seed=0)
    assert not set(draws["seed"]) & set(reference["seed"])
    share = (draws["family"] == call.map_family).mean()
    assert abs(share - call.probabilities[call.map_family]) <= 0.1


def test_a_posterior_that_misses_the_export_is_said_before_its_family():
    """When the posterior's runs do not reproduce the export (throughput outside their band, or
    more signals outside theirs than a 20% chance rate would put there at 5%), a caution comes
    before the family; within chance, none."""
    import pandas as pd

    from sim.cli.diagnosis_report import caution_lines

    runs = pd.DataFrame({"scenario": ["as it is"] * 5, "shipped_per_week": [4.0, 4.5, 5, 5.5, 6]})
    signals = [f"s{k}" for k in range(16)]

    def check(outside: int) -> pd.DataFrame:
        """16 signals at 0.5, each band 0-1 except the first ``outside`` (0-0.1)."""
        high = [0.1 if k < outside else 1.0 for k in range(16)]
        return pd.DataFrame({"signal": signals, "low": [0.0] * 16, "high": high})

    own = {"whole": {"done_per_week": 5.0, **{s: 0.5 for s in signals}}}
    assert caution_lines(runs, check(2), own, 1500) == []
    assert caution_lines(runs, check(4), own, 1500) == []  # 4 of 16: chance (p = 0.6)
    many = caution_lines(runs, check(9), own, 200)
    assert len(many) == 1 and "9 of 16 signals are outside, more than chance" in many[0]
    assert "this one 200" in many[0]
    slow = {"whole": {**own["whole"], "done_per_week": 8.0}}
    (line,) = caution_lines(runs, check(0), slow, 1500)
    assert "its throughput is outside their band" in line and "signals" not in line
