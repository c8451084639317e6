"""Every preset runs; the Mesa model runs bare and under mesa.batch_run."""

import numpy as np
import pytest

import sim
from sim.engine.metrics import TICK_METRICS


@pytest.mark.parametrize("preset", sim.presets())
def test_every_preset_runs_a_short_horizon(preset):
    result = sim.run(sim.make_config(preset, ticks=20, replications=2))
    assert len(result.metrics) == 40
    assert list(result.metrics.columns) == ["replication", "tick", *TICK_METRICS]
    assert len(result.per_replication) == 2
    assert result.metrics["capacity"].gt(0).all()
    assert len(result.ledger) > 0


def test_organization_runs_with_no_arguments():
    model = sim.Organization()
    for _ in range(10):
        model.step()
    assert model.steps == 10 and model.running
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 10
    assert frame["requests"].sum() == len(model.work) > 0
    assert frame["shipped"].sum() > 0


def test_model_stops_at_the_horizon():
    model = sim.Organization(ticks=5)
    model.run_model()
    assert model.steps == 5 and not model.running


def test_mesa_batch_run_sweeps_flat_parameters():
    from mesa.batchrunner import batch_run

    rows = batch_run(
        sim.Organization,
        parameters={"authority": [0.1, 0.9], "ticks": 30, "seed": 3},
        iterations=2,
        max_steps=1000,
        number_processes=1,
        display_progress=False,
    )
    assert len(rows) == 4
    assert {row["authority"] for row in rows} == {0.1, 0.9}
    for authority in (0.1, 0.9):
        direct = sim.Organization(authority=authority, ticks=30, seed=3)
        direct.run_model()
        values = [r["cumulative_value"] for r in rows if r["authority"] == authority]
        # batch_run's last row is the model after its final (30th) tick, the same run as direct.
        assert values == [direct.cumulative_value] * 2
        assert np.isfinite(values[0])


def test_summaries_carry_exactly_the_documented_metrics():
    from sim.engine.metrics import SUMMARY_METRICS

    result = sim.run(sim.make_config("empowered_product_owner", ticks=30, replications=1))
    assert list(result.per_replication[0]) == ["replication", *SUMMARY_METRICS]
