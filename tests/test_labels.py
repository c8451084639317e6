"""Runs are named by what ran: the name, the output folder, ``latest`` and the report's columns."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim.config.labels import run_name

ROOT = Path(__file__).resolve().parent.parent


def test_a_preset_on_its_defaults_is_named_by_the_preset_alone():
    for preset in ("ticket_coordinator", "empowered_product_owner", "perfect_information"):
        name = run_name(sim.make_config(preset))
        assert (name.label, name.slug, name.changes) == (preset, preset, ())


def test_each_setting_that_differs_is_named_in_a_fixed_order():
    config = sim.make_config("ticket_coordinator", kill_criteria=True, authority=0.6, ticks=52)
    name = run_name(config)
    assert name.label == "ticket_coordinator, authority 0.6, kill_criteria true, ticks 52"
    assert name.slug == "ticket_coordinator+authority=0.6+kill_criteria=true+ticks=52"


def test_replications_are_not_part_of_the_name_but_the_seed_is():
    base = run_name(sim.make_config("ticket_coordinator"))
    assert run_name(sim.make_config("ticket_coordinator", replications=30)) == base
    assert run_name(sim.make_config("ticket_coordinator", seed=7)).label.endswith("seed 7")


def test_shipped_options_and_organizations_are_named_by_their_files():
    large = sim.make_config("empowered_product_owner", stakeholders=240, product_owners=40)
    assert run_name(large).label == "empowered_product_owner, org large"
    import yaml

    data = yaml.safe_load((ROOT / "configs/org/example_company.yaml").read_text())
    company = sim.make_config("ticket_coordinator", organization=data["organization"])
    assert run_name(company).label == "ticket_coordinator, organization example_company"
    own = sim.make_config("ticket_coordinator", organization={"areas": [{"name": "Joke 🤡"}]})
    assert run_name(own).label.startswith("ticket_coordinator, organization own-")


def test_two_configurations_that_differ_never_share_a_name():
    configs = [
        sim.make_config("ticket_coordinator"),
        sim.make_config("ticket_coordinator", authority=0.6),
        sim.make_config("ticket_coordinator", authority=0.7),
        sim.make_config("ticket_coordinator", request_rate=0.5),
        sim.make_config("ticket_coordinator", ticks=520),
        sim.make_config("empowered_product_owner"),
    ]
    slugs = [run_name(c).slug for c in configs]
    assert len(set(slugs)) == len(slugs)


def test_near_settings_and_contents_that_differ_get_different_names(tmp_path):
    """Numbers are written exactly; organizations, timelines and files carry a fingerprint of
    their content, so two of them with the same size or file name still differ."""
    close = [sim.make_config("ticket_coordinator", skill=v) for v in (0.1234567, 0.1234568)]
    first = sim.make_config("ticket_coordinator", organization={"areas": [{"name": "A"}]})
    second = sim.make_config("ticket_coordinator", organization={"areas": [{"name": "B"}]})
    week = [{"week": 13, "set": {"governance": "empowered_product_owner"}}]
    later = [{"week": 26, "set": {"governance": "empowered_product_owner"}}]
    timelines = [sim.make_config("ticket_coordinator", timeline=t) for t in (week, later)]
    files = []
    for team, name in (("team_a", "A"), ("team_b", "B")):
        path = tmp_path / team / "org.yaml"
        path.parent.mkdir()
        path.write_text(f"areas:\n  - name: {name}\n")
        files.append(sim.make_config("ticket_coordinator", org_file=str(path)))
    for pair in (close, [first, second], timelines, files):
        assert run_name(pair[0]).slug != run_name(pair[1]).slug


def test_a_run_with_a_switch_is_named_by_the_governance_in_effect():
    switch = [{"week": 40, "set": {"governance": "empowered_product_owner"}}]
    name = run_name(sim.make_config("ticket_coordinator", timeline=switch))
    assert name.label == "ticket_coordinator -> empowered_product_owner at week 40"
    lever = [{"week": 13, "area": "area 1", "set": {"governance.authority": 0.9}}]
    assert run_name(sim.make_config("ticket_coordinator", timeline=lever)).label == (
        "ticket_coordinator -> authority 0.9 in area 1 at week 13"
    )
    nested = [{"week": 5, "set": {"governance": {"preset": "annual_planning", "skill": 0.5}}}]
    assert (
        "timeline 1 change-"
        in run_name(sim.make_config("ticket_coordinator", timeline=nested)).label
    )


def test_a_folder_name_is_safe_and_bounded():
    timeline = [{"week": 13, "set": {"governance": "empowered_product_owner"}}] * 3
    config = sim.make_config("ticket_coordinator", timeline=timeline, org_file="")
    name = run_name(config)
    assert name.label.startswith("ticket_coordinator -> empowered_product_owner at week 13, then")
    assert set(name.slug) <= set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._=+-"
    )
    many = {k: 0.11 for k in ("authority", "skill", "support", "kill_threshold", "entry_threshold")}
    long = run_name(sim.make_config("ticket_coordinator", ticks=9, seed=123456789, **many))
    assert len(long.slug) <= 120


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Three runs in one folder: the baseline twice and one changed setting."""
    cwd = tmp_path_factory.mktemp("named")
    runs = [
        ["ticks=8", "replications=1"],
        ["ticks=8", "replications=1", "governance.authority=0.6", "governance.kill_criteria=true"],
        ["ticks=8", "replications=1"],
    ]
    procs = [
        subprocess.run(
            [sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True
        )
        for args in runs
    ]
    return cwd, procs


def test_a_run_writes_to_a_folder_named_by_what_ran_and_points_latest_at_it(two_runs):
    cwd, procs = two_runs
    assert all(p.returncode == 0 for p in procs), [p.stderr for p in procs]
    base = cwd / "outputs" / "ticket_coordinator+ticks=8"
    changed = cwd / "outputs" / "ticket_coordinator+authority=0.6+kill_criteria=true+ticks=8"
    # Two runs of the baseline: two dated folders (to the microsecond), never one shared.
    assert len([p for p in base.iterdir() if p.name != "latest"]) == 2
    summary = json.loads((changed / "latest" / "summary.json").read_text())
    assert summary["label"] == "ticket_coordinator, authority 0.6, kill_criteria true, ticks 8"
    assert summary["label"] in procs[1].stdout
    newest = max(p for p in base.iterdir() if p.name != "latest")
    assert (base / "latest").resolve() == newest.resolve()
    assert f"{base / 'latest'}" in procs[2].stdout


def test_the_report_shows_one_column_per_run_named_by_what_ran(two_runs):
    cwd, _ = two_runs
    base = cwd / "outputs" / "ticket_coordinator+ticks=8"
    changed = cwd / "outputs" / "ticket_coordinator+authority=0.6+kill_criteria=true+ticks=8"
    proc = subprocess.run(
        [sys.executable, "-m", "sim.report", str(base / "latest"), str(changed / "latest")],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.splitlines()[1]
    assert "ticket_coordinator, ticks 8" in header
    assert "authority 0.6, kill_criteria true" in header
    assert "warning" not in proc.stdout  # same length, organization and replications


def test_a_run_that_changes_its_presets_governance_is_drawn_in_a_lighter_shade():
    from sim.figures.colours import GOVERNANCE_COLOURS, colour_of_run, lighter

    red = GOVERNANCE_COLOURS["dysfunction"]
    assert colour_of_run(sim.make_config("ticket_coordinator")) == red
    assert colour_of_run(sim.make_config("ticket_coordinator", seed=4, ticks=52)) == red
    changed = sim.make_config("ticket_coordinator", authority=0.6)
    assert colour_of_run(changed) == lighter(red) != red
    assert colour_of_run(changed, switched=True) == "#8172b2"
