"""The map of where empowerment pays: it runs, states its finding in words, and the README and
the calibration notes quote the same documented finding."""

import re
from pathlib import Path

import pandas as pd

from experiments import where_it_pays
from sim.analysis.discovery import MAP_MARKERS, documented_map, draw_worlds
from sim.outputs import read_between

ROOT = Path(__file__).resolve().parent.parent


def test_the_map_runs_and_says_where_coordination_comes_closest(tmp_path):
    argv = ["worlds=12", "replications=1", "workers=2", f"out={tmp_path}"]
    assert where_it_pays.main(argv) == 0
    worlds = pd.read_csv(tmp_path / "worlds.csv")
    assert len(worlds) == 12
    # Paired: the difference is the mean of per-replication differences of the two governances.
    assert (
        worlds["difference"] - (worlds["empowered_value"] - worlds["coordinator_value"])
    ).abs().max() < 1e-6
    text = (tmp_path / "where_it_pays.md").read_text()
    assert text.startswith("The ticket_coordinator earns at least") and "of 12 worlds" in text
    assert (tmp_path / "box.png").read_bytes()[:4] == b"\x89PNG"


def test_a_world_where_the_coordinator_wins_is_found_and_boxed():
    """The words follow the data: synthetic worlds (a Latin hypercube over the declared
    uncertainties) where coordination is enough exactly when idea_mean > 0.5 are found, and the
    box says so."""
    spec = where_it_pays.load([])
    names = [p.name for p in spec["parameters"]]
    grid = draw_worlds(spec["parameters"], 80, seed=1)
    grid["empowered_value"] = 100.0
    grid["difference"] = (grid["idea_mean"] <= 0.5) * 20.0 - 10.0
    grid["pays"] = grid["difference"] <= 0
    limits, stats = where_it_pays.find_box(grid, names, spec["threshold"])
    text = where_it_pays.in_words(limits, grid, stats, spec)
    found = re.search(r"idea_mean above (-?[0-9.]+)", text)
    assert found and 0.4 <= float(found.group(1)) <= 0.6, text
    assert f"in {grid['pays'].mean():.0%} of 80 worlds" in text


def test_the_validation_page_and_the_calibration_notes_quote_the_same_map():
    for baseline, markers in MAP_MARKERS.items():
        page = read_between(ROOT / "docs" / "validation.md", *markers)
        assert page and page == documented_map(baseline), baseline


def test_the_map_refuses_bad_settings(capsys):
    assert where_it_pays.main(["tolerance=2"]) == 2
    assert "tolerance" in capsys.readouterr().err
