"""What the terminal shows reads as it should: a period once when a run is too short to hold it
apart from another, a sweep's columns named by their parameters and fitting the terminal, and
sensitivity indices with their intervals and a word when they cannot carry a conclusion."""

import logging
import re

import pandas as pd

import sim
from sim.figures.tables import summary_table


def summary(ticks: int) -> dict:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    return sim.run(sim.make_config("ticket_coordinator", ticks=ticks, replications=1)).summary


def test_a_two_year_run_shows_its_first_year_once_and_a_three_year_run_every_year():
    two = summary_table({"two years": summary(104)})
    assert "value added, year before last" not in two
    assert "value added, first year" in two and "value added, last year" in two
    three = summary_table({"three years": summary(156)})
    assert "value added, year before last" in three


def test_a_sweeps_table_names_its_parameters_and_fits_a_terminal():
    """24 jobs (4 authorities x 6 kill thresholds) x 2 replications: every column is headed
    by parameter=value, and the table comes in blocks no wider than 100 characters."""
    import itertools

    import pandas as pd

    from sim.figures.tables import COMPARISON, comparison_table

    rows = []
    for authority, threshold in itertools.product((0.0, 0.3, 0.6, 0.9), range(6)):
        for replication in range(2):
            metrics = {h.name: 1000.0 * authority + threshold + replication for h in COMPARISON}
            rows.append(
                {
                    "governance.authority": authority,
                    "governance.kill_threshold": float(threshold),
                    "status": "done",
                    **metrics,
                }
            )
    params = ["governance.authority", "governance.kill_threshold"]
    table = comparison_table(pd.DataFrame(rows), params, line_width=100)
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "authority=0.9, kill_threshold=5.0" in headings(table)
    assert table.count("replications") >= 3  # several blocks, each with its own rows


#: The headline experiment's four archetypes, in its order.
HEADLINE_PRESETS = [
    "ticket_coordinator",
    "kill_criteria_without_authority",
    "authority_without_kill_criteria",
    "empowered_product_owner",
]


def headings(table: str) -> list[str]:
    """Every column's heading, its wrapped lines joined: each block's lines above its
    replications row, cut at the columns' right edges (the cells are right-aligned)."""
    from sim.figures.tables import COMPARISON

    labels = max(len(h.label) for h in COMPARISON) + 2  # the label column and its gap
    found = []
    for block in table.split("\n\n"):
        lines = block.splitlines()
        reps = next(i for i, line in enumerate(lines) if line.startswith("replications"))
        ends = [m.end() for m in re.finditer(r"\S+", lines[reps])][1:]
        starts = [labels] + [e + 2 for e in ends[:-1]]
        for start, end in zip(starts, ends, strict=True):
            found.append("".join(line[start:end].strip() for line in lines[:reps]))
    return found


def typical(metric: str, replication: int) -> float:
    """A value of a headline's size (cumulative value in the tens of thousands, shares)."""
    if metric == "cumulative_value":
        return 20_000.0 + 1_500.0 * replication
    if "share" in metric:
        return 0.2 + 0.01 * replication
    return 100.0 + 10.0 * replication


def test_the_headline_table_reads_across_in_one_block_named_by_its_parameter():
    """The four archetypes side by side in 100 characters: one swept parameter names itself
    once (over the labels) and its long values wrap at their underscores."""
    import pandas as pd

    from sim.figures.tables import COMPARISON, comparison_table

    presets = HEADLINE_PRESETS
    rows = [
        {"governance": p, "status": "done", **{h.name: typical(h.name, r) for h in COMPARISON}}
        for p in presets
        for r in range(10)
    ]
    table = comparison_table(pd.DataFrame(rows), ["governance"], line_width=100)
    assert table.count("replications") == 1
    assert max(len(line) for line in table.splitlines()) <= 100
    assert headings(table) == presets
    assert any(line.startswith("governance ") for line in table.splitlines())


def test_sobol_indices_out_of_range_or_unranked_are_warned_about():
    import pandas as pd

    from sim.analysis.sensitivity import index_warnings

    indices = pd.DataFrame(
        {
            "outcome": ["backlog_slope"] * 3,
            "parameter": ["authority", "skill", "support"],
            "ST": [1.11, 0.9, 0.05],
            "ST_conf": [0.05, 0.3, 0.01],
        }
    )
    lines = index_warnings(indices, "backlog_slope", 64)
    assert any("authority's total index 1.11" in w and "outside 0-1" in w for w in lines)
    assert any("authority and skill cannot be ranked at 64 samples" in w for w in lines)
    settled = indices.assign(ST=[0.6, 0.2, 0.05], ST_conf=[0.05, 0.05, 0.01])
    assert index_warnings(settled, "backlog_slope", 64) == []


def test_a_sensitivity_study_says_how_long_before_it_starts():
    from sim.analysis.problems import load
    from sim.analysis.sensitivity import time_estimate

    problem, _ = load(["analysis=sobol", "samples=64", "replications=2", "ticks=26", "workers=2"])
    line = time_estimate(problem, 1152)
    assert line.startswith("sobol: 1152 points x 2 replications of 26 weeks: 2304 runs, ")
    assert re.search(r"runs, (\d+ s|about [\d.]+ (minutes|hours)) here \([\d.]+ s a run", line)
    assert "2 workers" in line and "samples=16 for a rougher look" in line


def test_durations_read_as_a_person_plans():
    from sim.timing import duration, estimate_line

    assert duration(40) == "40 s" and duration(420) == "about 7 minutes"
    assert duration(5400) == "about 1.5 hours"
    line = estimate_line("grid", 100, 0.5, 2, "fewer replications for a quicker look")
    assert line == (
        "grid: 100 runs, 25 s here (0.50 s a run timed here, 2 workers); "
        "fewer replications for a quicker look"
    )


def test_the_course_pack_says_how_long_before_it_starts():
    from experiments.course_pack import time_line

    line = time_line(14, 10)
    assert line.startswith("course pack: 14 scenarios and 32 decomposition cells x 10 ")
    assert "s a run timed here" in line and "replications=2 for a rough pack" in line
    assert "rough pack" not in time_line(14, 2), "no smaller pack to offer at 2 replications"


def test_every_progress_bar_is_labelled():
    """Checked on the source: every tqdm bar the project opens says what it counts."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    unlabelled = []
    for path in [*root.joinpath("sim").rglob("*.py"), *root.joinpath("experiments").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "tqdm"
                and "desc" not in {k.arg for k in node.keywords}
            ):
                unlabelled.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not unlabelled


def test_the_headline_bar_charts_title_fits_inside_the_figure(tmp_path):
    """The compared presets' differences make a long second title line: it wraps, never clips."""
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from sim.figures import sweeps

    captured = {}
    save = sweeps._save

    def keep(fig, path):
        captured["fig"] = fig
        fig.canvas.draw()
        captured["box"] = fig._suptitle.get_window_extent()
        captured["width"] = fig.bbox.width
        save(fig, path)

    presets = HEADLINE_PRESETS
    rows = [
        {
            "job": i,
            "replication": r,
            "governance": p,
            "status": "done",
            **{m.name: float(i + r) for m in sweeps.LINE_METRICS},
        }
        for i, p in enumerate(presets)
        for r in range(3)
    ]
    sweeps._save = keep
    try:
        sweeps.one_parameter(pd.DataFrame(rows), "governance", "headline", tmp_path / "f.png")
    finally:
        sweeps._save = save
    box = captured["box"]
    assert box.x0 >= 0 and box.x1 <= captured["width"]


def test_the_areas_figure_is_titled_with_the_runs_name(tmp_path):
    import sim
    from sim.cli import run_outputs

    switch = [{"week": 3, "set": {"governance": "empowered_product_owner"}}]
    result = sim.run(
        sim.make_config("ticket_coordinator", ticks=6, replications=1, timeline=switch)
    )
    title = run_outputs._areas_title(result)
    assert title.startswith("ticket_coordinator -> empowered_product_owner at week 3, ticks 6\n")
    assert run_outputs.write_run(result, tmp_path)["areas"].is_file()


def test_a_grid_says_how_long_before_it_runs_and_gives_the_same_table(capsys, monkeypatch):
    """With progress, the first run is timed here and one line says how long the grid will
    take (when over QUIET_SECONDS: lowered here to see it); the table is the one without."""
    import sim.timing

    monkeypatch.setattr(sim.timing, "QUIET_SECONDS", 0)
    points = [{"authority": a} for a in (0.1, 0.9)]
    quiet = sim.run_grid(points, replications=2, workers=1, ticks=26)
    told = sim.run_grid(points, replications=2, workers=1, ticks=26, progress=True)
    err = capsys.readouterr().err
    assert re.search(r"grid of 2 settings x 2 replications: 4 runs, \d+ s here", err), err
    assert "fewer settings or replications for a quicker look" in err
    pd.testing.assert_frame_equal(quiet, told)


def test_a_long_run_says_how_long_after_its_first_weeks(capsys, monkeypatch):
    import sim.timing

    monkeypatch.setattr(sim.timing, "QUIET_SECONDS", 0)
    sim.run(sim.make_config("ticket_coordinator", ticks=20, replications=2), progress=True)
    err = capsys.readouterr().err
    assert "2 replications x 20 weeks: at least " in err and "from the first 13 weeks" in err


def test_a_run_whose_early_weeks_look_quick_says_how_long_after_its_first_replication(
    capsys, monkeypatch
):
    """When the floor from the first weeks stays under a minute (early weeks are cheap), the
    first replication's time times the replications is said instead, once; with no terminal
    the bar is hidden but the line is still written."""
    import sim.timing

    monkeypatch.setattr(sim.timing, "QUIET_SECONDS", 0)
    monkeypatch.setattr(sim.timing, "TIMED_WEEKS", 1_000)  # the early estimate never comes
    sim.run(sim.make_config("ticket_coordinator", ticks=20, replications=3), progress=True)
    err = capsys.readouterr().err
    assert err.count("3 replications x 20 weeks: about ") == 1, err
    assert "(from the first replication)" in err and "fewer replications=" in err
    assert "week/s" not in err and "it/s" not in err, "no bar without a terminal"
