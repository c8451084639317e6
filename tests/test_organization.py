"""Your own organization: organization files, heterogeneous owners and intervention timelines."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

import sim
from sim.config import ConfigError
from tests.conftest import command

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "configs" / "org" / "example_company.yaml"


def write_org(tmp_path, data, name="org.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


def example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())["organization"]


def test_the_example_company_has_named_areas_and_stakeholders_and_one_empowered_area():
    org = example()
    assert len(org["areas"]) == 4 and 8 <= len(org["stakeholders"]) <= 15
    empowered = [a for a in org["areas"] if a.get("governance") == "empowered_product_owner"]
    assert len(empowered) == 1


def test_a_uniform_file_reproduces_the_uniform_settings(tmp_path):
    """Four alike areas and no named stakeholders: the same run as without a file."""
    areas = [{"name": f"A{i}", "governance": "ticket_coordinator"} for i in range(4)]
    path = write_org(tmp_path, {"areas": areas})
    plain = sim.run(sim.make_config("ticket_coordinator", replications=2, ticks=80))
    filed = sim.run(
        sim.make_config("ticket_coordinator", replications=2, ticks=80, org_file=str(path))
    )
    pd.testing.assert_frame_equal(plain.metrics, filed.metrics)
    columns = [c for c in plain.ledger.columns if c != "area"]
    pd.testing.assert_frame_equal(plain.ledger[columns], filed.ledger[columns])
    assert set(filed.ledger["area"]) == {"A0", "A1", "A2", "A3"}


def test_named_stakeholders_keep_their_values_and_names(tmp_path):
    org = example()
    config = sim.make_config("ticket_coordinator", organization=org, ticks=10, replications=1)
    model = sim.Organization(config)
    head_of_sales = model.stakeholder_list[0]
    assert head_of_sales.name == "Head of Sales" and head_of_sales.influence == 0.8
    assert (
        head_of_sales.request_rate == 0.5
        and model.area_names[head_of_sales.home_area] == "Checkout"
    )
    assert model.team_list[2].team_capacity == 24 and model.team_list[1].team_capacity == 12.0
    assert model.product_owner_list[0].governance.name == "empowered_product_owner"
    assert model.product_owner_list[1].governance.skill == 0.6
    drawn = model.stakeholder_list[-1]
    assert drawn.name == "Customer success" and 0 <= drawn.influence <= 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda o: o["stakeholders"][3].update(influence=1.7),
            "org.yaml: stakeholders[3].influence=1.7: allowed: a number in [0.0, 1.0]",
        ),
        (
            lambda o: o["stakeholders"][0].update(home="Nowhere"),
            "org.yaml: stakeholders[0].home='Nowhere': allowed: an area",
        ),
        (
            lambda o: o["stakeholders"][1].update(charisma=3),
            "org.yaml: stakeholders[1].charisma=3: unknown key",
        ),
        (
            lambda o: o["areas"][1].update(governance="no_such_preset"),
            "org.yaml: areas[1].governance.preset='no_such_preset'",
        ),
        (
            lambda o: o["areas"][1].update(governance={"authority": 2}),
            "org.yaml: areas[1].governance.authority=2: allowed: a number in [0.0, 1.0]",
        ),
        (lambda o: o["areas"][0].update(team_capacity=-1), "org.yaml: areas[0].team_capacity=-1"),
        (lambda o: o["areas"].append({"name": "Checkout"}), "org.yaml: areas="),
    ],
)
def test_a_bad_entry_is_refused_naming_the_file_the_entry_and_the_key(tmp_path, change, expected):
    org = example()
    change(org)
    path = write_org(tmp_path, org)
    with pytest.raises(ConfigError) as info:
        sim.make_config("ticket_coordinator", org_file=str(path))
    assert str(info.value).startswith(expected), str(info.value)


def test_the_command_line_refuses_a_bad_file_in_one_line_before_running(tmp_path):
    org = example()
    org["stakeholders"][3]["influence"] = 1.7
    path = write_org(tmp_path, org)
    proc = command("sim", f"org_file={path}", f"out={tmp_path / 'out'}", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: org.yaml: stakeholders[3].influence=1.7: allowed: a number in [0.0, 1.0]"
    ]
    assert not (tmp_path / "out").exists()


def test_the_command_line_runs_the_example_company_with_per_area_outputs(tmp_path):
    out = tmp_path / "run"
    proc = command(
        "sim", "org=example_company", "replications=2", "ticks=60", f"out={out}", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    areas = [a["area"] for a in summary["per_area"]]
    assert areas == ["Checkout", "Catalog", "Platform", "Marketing site"]
    keys = {"throughput", "value", "zombie_share", "backlog", "escalations", "reversals"}
    assert keys <= set(summary["per_area"][0])
    total = sum(a["value"] for a in summary["per_area"])
    assert total == pytest.approx(summary["metrics"]["cumulative_value"], rel=1e-6)
    ledger = pd.read_csv(out / "initiatives.csv")
    assert "Head of Sales" in set(ledger["stakeholder_name"]) and "Platform" in set(ledger["area"])
    assert (out / "areas.png").stat().st_size > 10_000


def test_an_empowered_area_inside_a_coordinator_organization_earns_more_per_point():
    """Heterogeneous owners: the one empowered area's value per point beats its neighbours'."""
    areas = [{"name": "Empowered", "governance": "empowered_product_owner"}] + [
        {"name": f"Coordinated {i}", "governance": "ticket_coordinator"} for i in range(3)
    ]
    config = sim.make_config("ticket_coordinator", organization={"areas": areas}, replications=20)
    table = sim.run(config).areas
    per_point = table.pivot(index="replication", columns="area", values="value_per_point")
    empowered = per_point["Empowered"].to_numpy()
    neighbours = per_point.drop(columns="Empowered").mean(axis=1).to_numpy()
    p = stats.wilcoxon(empowered, neighbours, alternative="greater").pvalue
    # Tolerance: paired over 20 replications, significant at 1%.
    assert p < 0.01 and empowered.mean() > neighbours.mean(), (
        empowered.mean(),
        neighbours.mean(),
        p,
    )


def test_a_timeline_change_at_week_n_leaves_weeks_before_n_as_the_baseline():
    week = 40
    base = sim.make_config("ticket_coordinator", replications=2, ticks=80)
    changed = sim.make_config(
        "ticket_coordinator",
        replications=2,
        ticks=80,
        timeline=[{"week": week, "set": {"governance": "empowered_product_owner"}}],
    )
    a, b = sim.run(base).metrics, sim.run(changed).metrics
    before = a["tick"] < week - 1
    columns = [c for c in a.columns if c != "changes"]
    pd.testing.assert_frame_equal(a.loc[before, columns], b.loc[before, columns])
    assert not a.loc[~before, columns].equals(b.loc[~before, columns])
    assert b.loc[b["tick"] == week - 1, "changes"].eq(1).all() and b["changes"].sum() == 2


def test_a_timeline_can_target_one_area_and_set_one_lever():
    config = sim.make_config(
        "ticket_coordinator",
        organization=example(),
        ticks=60,
        replications=1,
        timeline=[
            {"week": 10, "area": "Catalog", "set": {"governance.entry_criteria": True}},
            {"week": 20, "set": {"governance": {"authority": 0.5}}},
        ],
    )
    model = sim.Organization(config)
    model.run_model()
    owners = {model.area_names[i]: o.governance for i, o in enumerate(model.product_owner_list)}
    assert owners["Catalog"].entry_criteria and not owners["Platform"].entry_criteria
    assert all(g.authority == 0.5 for g in owners.values())
    assert [w for w, _ in model.changes_applied] == [10, 20]


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        ([{"week": 0, "set": {"governance": "empowered_product_owner"}}], "timeline[0].week=0"),
        (
            [{"week": 5, "area": "Nowhere", "set": {"governance": "empowered_product_owner"}}],
            "timeline[0].area='Nowhere'",
        ),
        ([{"week": 5, "set": {"governance.authority": 3}}], "timeline[0].set.authority=3"),
        ([{"week": 5, "set": {"org.request_rate": 1}}], "timeline[0].set.org.request_rate=1"),
        ([{"week": 5, "set": {"governance": "nope"}}], "timeline[0].set.preset='nope'"),
    ],
)
def test_a_bad_timeline_is_refused_before_the_run(timeline, expected):
    with pytest.raises(ConfigError) as info:
        sim.make_config("ticket_coordinator", ticks=52, timeline=timeline)
    assert str(info.value).startswith(expected), str(info.value)


def test_a_sweep_takes_an_organization_file(tmp_path):
    out = tmp_path / "sweep"
    proc = command(
        "sim",
        "-m",
        "org=example_company",
        "value.half_life=26,104",
        "ticks=20",
        "replications=1",
        "hydra/launcher=basic",
        f"out={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    results = pd.read_parquet(out / "results.parquet")
    assert len(results) == 2 and (results["status"] == "done").all()
    assert np.isfinite(results["cumulative_value"]).all()
    assert results["cumulative_value"].nunique() == 2, "the swept setting reached the run"
