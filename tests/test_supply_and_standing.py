"""Supply against demand, standing that erodes, and declared settings that keep their meaning.

Exact checks of each mechanism (the ratio and the capacities derived from it, idle capacity,
authority in effect, where support rests, settings with no effect) and statistical checks of
what they produce, at fixed seeds that no documented table uses.
"""

import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from experiments import erosion
from sim.config.inert import InertSettingWarning, inert_settings
from sim.engine.demand import demand_points, mean_size


def _model(preset="ticket_coordinator", **params):
    return sim.Organization(preset=preset, replications=1, **params)


# -- supply against demand


def test_the_ratio_at_the_defaults_is_capacity_over_expected_demand():
    """24 stakeholders x 0.35 requests a week x mean size 10 e^0.5 points against 4 x 12."""
    model = _model()
    demand = 24 * 0.35 * 10 * math.exp(0.5)
    assert model.capacity_to_demand == pytest.approx(48 / demand)
    assert 0.34 < model.capacity_to_demand < 0.36


def test_a_declared_ratio_sets_the_teams_capacity_and_keeps_their_proportions():
    organization = {
        "areas": [
            {"name": "big", "team_capacity": 30},
            {"name": "small", "team_capacity": 10},
        ]
    }
    config = sim.make_config(capacity_to_demand=1.2, organization=organization)
    model = sim.Organization(config)
    capacities = [team.team_capacity for team in model.team_list]
    rates = [s.request_rate for s in model.stakeholder_list]
    assert sum(capacities) == pytest.approx(1.2 * demand_points(config, rates))
    assert capacities[0] == pytest.approx(3 * capacities[1])
    assert model.capacity_to_demand == pytest.approx(1.2)
    assert mean_size(config.value) == pytest.approx(10 * math.exp(0.5))


def test_the_ratio_is_in_every_summary_and_in_the_printed_summary(tmp_path):
    result = sim.run(sim.make_config(ticks=26, replications=2, capacity_to_demand=0.8))
    assert result.summary["capacity_to_demand"] == pytest.approx(0.8)
    done = subprocess.run(
        [sys.executable, "-m", "sim", "ticks=26", "replications=1", f"out={tmp_path / 'o'}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "supply against demand: teams start able to deliver 0.35" in done.stdout
    assert "standing, declared -> mean in effect: area 1 support 0.10 ->" in done.stdout


def test_every_point_of_capacity_is_spent_owed_or_idle():
    """Conservation each week: available capacity = points done + rework paid + idle points."""
    model = _model("empowered_product_owner", capacity_to_demand=1.5, ticks=104)
    model.run_model()
    frame = model.datacollector.get_model_vars_dataframe()
    paid = frame["rollback_share"] * frame["available_capacity"]
    spent = frame["points_done"] + paid + frame["idle_points"]
    np.testing.assert_allclose(spent, frame["available_capacity"], rtol=1e-9, atol=1e-9)
    assert frame["idle_points"].sum() > 0, "with more supply than demand, teams sit idle"


def test_when_demand_runs_out_declining_costs_idle_capacity(replicated):
    """An idle team delivers nothing: where supply exceeds demand, an owner who declines more
    (a higher entry threshold) leaves more capacity idle; where demand exceeds supply, the
    backlog refills and hardly any is idle. 6 replications of seed 4040, paired."""

    def idle(ratio, threshold):
        table = replicated(
            "empowered_product_owner",
            6,
            seed=4040,
            capacity_to_demand=ratio,
            entry_threshold=threshold,
        )
        return table["idle_capacity_share"].to_numpy()

    scarce, ample = idle(0.35, 0.0), idle(1.5, 0.0)
    stricter = idle(1.5, 0.05)
    assert ample.mean() > 3 * scarce.mean()
    assert (stricter > ample).all(), (stricter, ample)


# -- standing that erodes


def test_authority_in_effect_falls_with_support_below_its_declared_level():
    model = _model("empowered_product_owner", ticks=4)
    owner = model.product_owner_list[0]
    assert owner.authority_in_effect == 0.9
    owner.support = 0.3  # half the declared 0.6
    assert owner.authority_in_effect == pytest.approx(0.45)
    owner.support = 0.9  # above the declared level: no more than declared
    assert owner.authority_in_effect == 0.9
    squared = _model("empowered_product_owner", ticks=4, standing_erosion=2.0)
    squared.product_owner_list[0].support = 0.3
    assert squared.product_owner_list[0].authority_in_effect == pytest.approx(0.225)
    fixed = _model("empowered_product_owner", ticks=4, standing_erosion=0.0)
    fixed.product_owner_list[0].support = 0.0
    assert fixed.product_owner_list[0].authority_in_effect == 0.9


def test_an_owner_whose_support_fell_gives_way_at_gate_one():
    """The same contest, the same coin: with support at a tenth of its declared level the
    owner's authority in effect (0.09) no longer beats a requester of influence 0.3."""
    model = _model("empowered_product_owner", ticks=4, politics_noise=0.0, influence_scale=1.0)
    for _ in range(3):
        model.step()
    owner = model.product_owner_list[0]
    work = model.work
    requester = model.stakeholder_list[int(work.stakeholder[0])]
    requester.influence = 0.3
    stands = owner.contest(0)
    owner.support = 0.06
    yields_before = int(work.yields[0])
    assert stands and not owner.contest(0)
    assert work.yields[0] == yields_before + 1


@pytest.fixture(scope="module")
def erosion_quarters():
    """The erosion scenario at 4 replications of seed 3131 (the documented figure uses 10 of
    seed 2024)."""
    return erosion.erosion(replications=4, seed=3131, sensitivity=0.05)


def test_without_results_an_empowered_owner_loses_most_of_its_standing_within_a_year(
    erosion_quarters,
):
    q = erosion_quarters
    bad = q[q["scenario"] == "empowered owner, without results"].set_index("quarter")
    reference = q[q["scenario"] == "same practices without standing, without results"]
    reference = reference.set_index("quarter")
    assert bad.loc[3, "authority"] < 0.5 * 0.9, "most of its standing gone within a year"
    assert bad.loc[3, "support"] < 0.5 * 0.6
    # It comes to give way like an owner without standing: by year 3 at least a third as often
    # as the same practices without standing, and many times its own first quarter.
    assert bad.loc[11, "yields"] > reference.loc[11, "yields"] / 3
    assert bad.loc[11, "yields"] > 20 * max(bad.loc[0, "yields"], 1)


def test_with_results_the_same_owner_keeps_its_standing(erosion_quarters):
    q = erosion_quarters
    good = q[q["scenario"] == "empowered owner, with results"].set_index("quarter")
    assert (good["authority"] > 0.8).all()
    assert good.loc[11, "support"] > 0.6
    assert good["yields"].max() < 40


def test_the_erosion_command_writes_its_figure_and_statement(tmp_path):
    assert erosion.main(["replications=2", f"out={tmp_path}"]) == 0
    assert (tmp_path / "erosion.png").stat().st_size > 10_000
    text = (tmp_path / "erosion.md").read_text()
    assert "standing lost" in text
    assert "authority in effect from 0.90 to" in text
    assert len(pd.read_csv(tmp_path / "erosion.csv")) == 3 * 12


# -- declared settings keep their meaning


def test_declared_support_is_where_support_rests_when_nobody_complains():
    """Results neutral (nothing shipped) and every stakeholder content: support returns to its
    declared level from above and from below; contented stakeholders do not lift it."""
    model = _model("ticket_coordinator", ticks=4, support_sensitivity=0.5)
    owner = model.product_owner_list[0]
    content = np.full(len(model.stakeholder_list), 0.95)
    for start in (0.9, 0.0):
        owner.support = start
        for _ in range(60):
            owner.update_support(content)
        assert owner.support == pytest.approx(0.1, abs=1e-9)
    unhappy = np.full(len(model.stakeholder_list), 0.25)
    for _ in range(60):
        owner.update_support(unhappy)
    assert owner.support == pytest.approx(0.0), "complaints (0.5 of them) pull it down"


def test_long_run_support_rises_with_declared_support(replicated):
    """The coordinator at declared support 0.1, 0.4 and 0.7 (8 replications of seed 5151): its
    mean support in the last year rises with what is declared, and stays within 0.3 of it."""
    means = []
    for declared in (0.1, 0.4, 0.7):
        table = replicated("ticket_coordinator", 8, seed=5151, support=declared)
        means.append(table["mean_support"].mean())
        assert abs(means[-1] - declared) < 0.3, (declared, means[-1])
    assert means[0] < means[1] < means[2], means


def test_each_owners_mean_support_and_authority_in_effect_are_in_the_summary():
    result = sim.run(sim.make_config("empowered_product_owner", ticks=52, replications=2))
    areas = result.areas
    assert {"declared_support", "mean_support", "declared_authority", "mean_authority"} <= set(
        areas.columns
    )
    assert (areas["declared_authority"] == 0.9).all()
    assert (areas["mean_authority"] <= 0.9 + 1e-12).all()
    assert (areas["mean_authority"] > 0).all()
    owners = result.owners
    assert {"support", "authority"} <= set(owners.columns)


@pytest.mark.parametrize(
    ("preset", "setting", "value", "says"),
    [
        ("ticket_coordinator", "max_backlog_age", 10, "governance.entry_criteria=true"),
        ("ticket_coordinator", "entry_threshold", 0.5, "governance.entry_criteria=true"),
        ("ticket_coordinator", "kill_threshold", 0.5, "governance.kill_criteria=true"),
        ("empowered_product_owner", "team_capacity", 40.0, "org.capacity_to_demand"),
    ],
)
def test_a_setting_with_no_effect_is_named_in_one_line(preset, setting, value, says):
    extra = {"capacity_to_demand": 0.8} if setting == "team_capacity" else {}
    config = sim.make_config(preset, ticks=4, replications=1, **{setting: value}, **extra)
    (line,) = inert_settings(config)
    assert f".{setting}={value!r}" in line
    assert "has no effect" in line and says in line and "\n" not in line
    with pytest.warns(InertSettingWarning, match=setting):
        sim.run(config)


def test_preset_values_and_settings_that_act_are_not_warned_about():
    for preset in ("ticket_coordinator", "empowered_product_owner", "annual_planning"):
        assert inert_settings(sim.make_config(preset)) == []
    acting = sim.make_config("empowered_product_owner", max_backlog_age=10, kill_threshold=0.2)
    assert inert_settings(acting) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim.run(sim.make_config("empowered_product_owner", ticks=4, max_backlog_age=10))


def test_the_command_line_prints_the_warning_as_one_line(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "ticks=8",
            "replications=1",
            "governance.kill_threshold=0.5",
            f"out={tmp_path / 'o'}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in done.stderr.splitlines() + done.stdout.splitlines() if "warn" in line]
    assert lines == [
        "warning: governance.kill_threshold=0.5 has no effect: killing needs "
        "governance.kill_criteria=true"
    ]


def test_a_ratio_without_demand_is_refused_by_name():
    with pytest.raises(sim.ConfigError, match="org.capacity_to_demand"):
        sim.Organization(sim.make_config(capacity_to_demand=0.8, request_rate=0.0))


def test_each_area_reports_its_own_supply_against_demand():
    """Requests go home with org.home_share, the rest evenly elsewhere: with every stakeholder
    at home in area 1 of 2, area 1 is asked for 0.8 of the demand and area 2 for 0.2."""
    organization = {
        "areas": [{"name": "one"}, {"name": "two"}],
        "stakeholders": [{"name": f"s{i}", "home": "one"} for i in range(10)],
    }
    result = sim.run(sim.make_config(ticks=13, replications=1, organization=organization))
    demand = 10 * 0.35 * mean_size(result.config.value)
    ratios = result.areas.set_index("area")["capacity_to_demand"]
    assert ratios["one"] == pytest.approx(12 / (0.8 * demand))
    assert ratios["two"] == pytest.approx(12 / (0.2 * demand))
    assert result.summary["capacity_to_demand"] == pytest.approx(24 / demand)


def test_a_new_declared_support_keeps_the_standing_already_lost():
    """A timeline that raises declared support from 0.6 to 0.8 keeps the share of its declared
    level support had lost; a restated level alone does not restore standing."""
    model = _model("empowered_product_owner", ticks=4)
    owner = model.product_owner_list[0]
    owner.support = 0.3  # half of the declared 0.6
    owner.governance = sim.make_config("empowered_product_owner", support=0.8).governance
    assert owner.support == pytest.approx(0.4)
    owner.support = 0.95  # above its declared level: the new level, no more
    owner.governance = sim.make_config("empowered_product_owner", support=0.6).governance
    assert owner.support == pytest.approx(0.6)


def test_an_area_with_the_practice_makes_its_threshold_act():
    """An organization file's area with entry criteria reads the run's pruning age: no warning."""
    organization = {
        "areas": [
            {"name": "strict", "governance": {"entry_criteria": True}},
            {"name": "loose"},
        ]
    }
    config = sim.make_config(max_backlog_age=10, organization=organization)
    assert inert_settings(config) == []
    plain = sim.make_config(max_backlog_age=10)
    assert len(inert_settings(plain)) == 1


def test_team_capacity_is_inert_only_where_nothing_reads_it():
    mixed = {"areas": [{"name": "a", "team_capacity": 30}, {"name": "b"}]}
    # Area b uses org.team_capacity: it sets how supply is split between the areas.
    assert inert_settings(sim.make_config(team_capacity=40.0, organization=mixed)) == []
    assert (
        inert_settings(
            sim.make_config(team_capacity=40.0, capacity_to_demand=0.8, organization=mixed)
        )
        == []
    )
    own = {"areas": [{"name": "a", "team_capacity": 30}, {"name": "b", "team_capacity": 10}]}
    (line,) = inert_settings(sim.make_config(team_capacity=40.0, organization=own))
    assert "org.team_capacity=40.0" in line


#: A world outside the defaults where the coordinator's way is good enough: ideas and objectives
#: pay on average, the powerful know their ideas and have the better ones, and owners' own
#: estimates and MVP signals are noisy.
GOOD_IDEAS_POWERFUL_KNOW = {
    "idea_mean": 2.0,
    "objective_mean": 1.0,
    "stakeholder_insight": 1.0,
    "influence_value_correlation": 1.0,
    "estimate_noise": 4.0,
    "signal_noise": 1.0,
}


def test_with_supply_to_spare_the_coordinator_matches_the_empowered_owner(replicated):
    """Where the headline fails: in that world, with teams able to deliver 1.15 of demand, the
    coordinator earns at least the empowered owner's value (it ships almost everything good,
    the empowered owner's declines leave 40% of its capacity idle); with the default scarcity
    (0.35) the same world gives the empowered owner the lead. 8 replications of seed 27182,
    paired (measured: coordinator +3.7% at 1.15, empowered +8% at 0.35; the README and the
    Validation page quote these, checked below)."""

    def gap(ratio):
        settings = {**GOOD_IDEAS_POWERFUL_KNOW, "capacity_to_demand": ratio}
        empowered = replicated("empowered_product_owner", 8, seed=27182, **settings)
        coordinator = replicated("ticket_coordinator", 8, seed=27182, **settings)
        difference = coordinator["cumulative_value"] - empowered["cumulative_value"]
        return difference.to_numpy() / empowered["cumulative_value"].mean(), empowered

    ample, empowered = gap(1.15)
    assert ample.mean() >= 0, f"coordinator minus empowered at 1.15: {ample.mean():+.1%}"
    assert empowered["idle_capacity_share"].mean() > 0.3
    scarce, _ = gap(0.35)
    assert scarce.mean() < -0.05, f"coordinator minus empowered at 0.35: {scarce.mean():+.1%}"
    # The README and the Validation page quote these two figures: they are the measured ones.
    root = Path(__file__).resolve().parent.parent
    readme = " ".join((root / "README.md").read_text().split())
    validation = " ".join((root / "docs" / "validation.md").read_text().split())
    more, less = f"{ample.mean():.1%}", f"{-scarce.mean():.0%}"
    assert f"the coordinator earns {more} more" in readme, more
    assert f"it earns {more} more at supply 1.15 and {less} less at the default" in validation
