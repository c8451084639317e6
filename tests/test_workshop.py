"""The dashboard's state logic, without a browser: presets, comparison, intervention, downloads."""

import io

import pandas as pd
import pytest

from sim.config import ConfigError, make_config
from sim.dashboard.state import LEVERS, Settings, Workshop, errors, preset_values
from sim.engine.model import Organization
from sim.figures.colours import colour_of


def test_picking_a_preset_loads_its_lever_values():
    settings = Settings().with_preset("empowered_product_owner")
    governance = make_config("empowered_product_owner").governance
    assert settings.preset == "empowered_product_owner"
    for key in LEVERS:
        assert settings.levers[key] == getattr(governance, key)
    assert settings.levers["authority"] == 0.9 and settings.levers["kill_criteria"] is True
    assert preset_values("ticket_coordinator")["authority"] == 0.15


def test_comparison_runs_two_models_with_the_same_seed_and_requests():
    workshop = Workshop(
        Settings(
            preset="empowered_product_owner",
            levers=preset_values("empowered_product_owner"),
            seed=5,
        )
    )
    workshop.step(30)
    main, baseline = workshop.main, workshop.baseline
    assert baseline is not None and main.config.seed == baseline.config.seed == 5
    assert baseline.governance.name == "ticket_coordinator"
    assert main.steps == baseline.steps == 30
    # Same requests: the world stream does not depend on governance.
    n = min(len(main.work), len(baseline.work))
    assert n > 100
    assert (main.work.true_value[:n] == baseline.work.true_value[:n]).all()
    assert main.cumulative_value != baseline.cumulative_value
    # The baseline equals a standalone run of its preset with that seed.
    alone = Organization(make_config("ticket_coordinator", seed=5, replications=1))
    for _ in range(30):
        alone.step()
    assert alone.cumulative_value == baseline.cumulative_value
    metrics = workshop.metrics()
    assert set(metrics["run"]) == {
        "main (empowered_product_owner)",
        "baseline (ticket_coordinator)",
    }
    assert len(metrics) == 60


def test_intervention_switches_preset_at_the_chosen_week():
    workshop = Workshop(
        Settings(
            intervention=True, intervention_week=20, intervention_preset="empowered_product_owner"
        )
    )
    workshop.step(19)
    assert workshop.main.governance.name == "ticket_coordinator" and workshop.switched_at is None
    workshop.step(1)
    assert workshop.switched_at == 20
    assert workshop.main.governance.name == "empowered_product_owner"
    assert workshop.baseline.governance.name == "ticket_coordinator"
    frame = workshop.metrics()
    main = frame[frame["run"].str.startswith("main")]
    # The 19 weeks before the switch match the baseline exactly (same seed, same governance).
    base = frame[frame["run"].str.startswith("baseline")]
    pd.testing.assert_series_equal(
        main["cumulative_value"].iloc[:19].reset_index(drop=True),
        base["cumulative_value"].iloc[:19].reset_index(drop=True),
    )
    assert workshop.png()[:4] == b"\x89PNG", "the charts draw with the switch marked"
    # The coordinator never declines; from week 20 on the empowered owner does.
    assert main["declines"].iloc[:19].sum() == 0 and main["declines"].iloc[19:].sum() > 0
    # The page and the charts name what governs the main organization now, not what it started
    # with, and draw it in the colour of a governance that changed mid-run.
    assert list(workshop.models())[0] == "main (empowered_product_owner since week 20)"
    assert workshop.snapshot()["title"].startswith("empowered_product_owner since week 20")
    assert set(main["run"]) == {"main (empowered_product_owner since week 20)"}
    assert list(workshop.colours().values()) == [colour_of("", switched=True), "#c44e52"]


def test_every_text_of_the_dashboard_charts_is_at_least_12_points():
    """At the dashboard's 90 dpi, 12 points are 15 pixels in the picture; the browser test
    measures how wide the picture is shown at 1280x720 (tests/test_dashboard_e2e.py)."""
    from matplotlib.text import Text

    from sim.figures.dashboard import SMALLEST_TEXT, charts_figure

    workshop = Workshop(Settings(intervention=True, intervention_week=20))
    workshop.step(30)
    figure = charts_figure(workshop.snapshot())
    figure.canvas.draw()  # tick labels exist once drawn
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    assert len(sizes) > 60 and min(sizes) >= SMALLEST_TEXT == 12


def test_bad_settings_are_reported_per_control_not_raised():
    levers = {**preset_values("ticket_coordinator"), "authority": 1.5}
    found = errors(Settings(levers=levers))
    assert found == {"authority": "governance.authority=1.5: allowed: a number in [0.0, 1.0]"}
    found = errors(Settings(org={**Settings().org, "stakeholders": 0}))
    assert "stakeholders" in found and "org.stakeholders=0" in found["stakeholders"]
    found = errors(Settings(intervention=True, intervention_week=500))
    assert "intervention_week" in found
    found = errors(Settings(baseline="no_such_preset"))
    assert "no such preset" in found["baseline"]
    assert errors(Settings()) == {}
    with pytest.raises(ConfigError):
        Workshop(Settings(levers=levers))


def test_downloads_are_a_csv_of_both_runs_and_a_png():
    workshop = Workshop(Settings())
    assert workshop.png()[:8] == b"\x89PNG\r\n\x1a\n", "the charts draw before week 1"
    workshop.step(13)
    table = pd.read_csv(io.StringIO(workshop.csv()))
    assert len(table) == 26 and {"run", "week", "shipped", "cumulative_value"} <= set(table)
    assert workshop.png()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_simulation_stops_at_the_horizon():
    workshop = Workshop(Settings(ticks=10))
    workshop.step(25)
    assert workshop.week == 10 and workshop.finished
