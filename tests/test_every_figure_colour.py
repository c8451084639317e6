"""One colour per governance in every figure the project draws, read from the drawn figures.

The figures are found in the source, not listed: every function of ``sim/figures`` that makes a
matplotlib figure must be seen drawing here, so a new figure fails this test until it is drawn
and checked. Each is drawn from small real inputs (real runs where the figure shows runs) and
every saved figure is read by ``tests/governance_colours.py``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import sim
from tests.governance_colours import broken_promises, named

ROOT = Path(__file__).resolve().parents[1]
RED, GREEN = "ticket_coordinator", "empowered_product_owner"


def figure_makers() -> set[str]:
    """Every function in sim/figures that calls ``plt.subplots`` or ``plt.figure``."""
    makers = set()
    for path in sorted((ROOT / "sim" / "figures").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr in ("subplots", "figure")
                    and isinstance(call.func.value, ast.Name)
                    and call.func.value.id == "plt"
                ):
                    makers.add(f"{path.stem}.{node.name}")
    return makers


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Draw every figure; return (makers seen, {figure: (aliases, problems, names)})."""
    out = tmp_path_factory.mktemp("figures")
    seen, read = set(), {}
    aliases: dict[str, str] = {}
    real_subplots, real_figure, real_save = plt.subplots, plt.figure, Figure.savefig

    def maker() -> str:
        frame = sys._getframe(2)
        return f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}"

    def subplots(*args, **kwargs):
        seen.add(maker())
        return real_subplots(*args, **kwargs)

    def figure(*args, **kwargs):
        seen.add(maker())
        return real_figure(*args, **kwargs)

    def savefig(fig, target, *args, **kwargs):
        fig.canvas.draw()
        texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
        names = set().union(*(named(t, aliases) for t in texts))
        read[f"{len(read)}: {fig._suptitle.get_text() if fig._suptitle else ''}"[:90]] = (
            broken_promises(fig, aliases),
            names,
        )
        return real_save(fig, target, *args, **kwargs)

    plt.subplots, plt.figure, Figure.savefig = subplots, figure, savefig
    try:
        draw_everything(out, aliases)
    finally:
        plt.subplots, plt.figure, Figure.savefig = real_subplots, real_figure, real_save
    return seen, read


def draw_everything(out: Path, aliases: dict[str, str]) -> None:
    """Each figure from small real inputs, through the function the project calls."""
    from sim.cli import run_outputs

    switch = [{"week": 13, "set": {"governance": GREEN}}]
    for config in (
        sim.make_config(RED, ticks=26, replications=2),
        sim.make_config(GREEN, ticks=26, replications=2, authority=0.6),
        sim.make_config(RED, ticks=26, replications=2, timeline=switch),
    ):
        run_outputs.write_run(sim.run(config), out / config.governance.name)
    draw_course(out, aliases)
    draw_analyses(out, aliases)
    draw_room_and_dashboard(aliases)


def draw_course(out: Path, aliases: dict[str, str]) -> None:
    from experiments.lessons import LESSONS
    from sim.figures.lessons import decomposition_figure, lesson_figure

    scenarios = {s for lesson in LESSONS for s in (lesson.bad, lesson.good, *lesson.extra)}
    aliases.update({s.label: "switch" if s.timeline else s.preset for s in scenarios})
    runs = {
        s: sim.run(sim.make_config(s.preset, replications=2, seed=0, ticks=104, **s.settings()))
        for s in scenarios
    }
    for number, lesson in enumerate(LESSONS, start=1):
        if lesson.figure == "decomposition":
            continue
        extras = [(runs[s], s) for s in lesson.extra]
        path = out / f"lesson_{number}.png"
        lesson_figure(
            lesson.figure, lesson.title, path, runs[lesson.bad], runs[lesson.good], lesson, extras
        )
    effects = pd.DataFrame(
        {
            "outcome": ["cumulative_value"] * 3,
            "term": ["standing", "skill", "feedback"],
            "effect": [12_400.0, 4_200.0, -900.0],
            "low": [9_000.0, 3_900.0, -5_000.0],
            "high": [15_800.0, 4_500.0, 3_200.0],
        }
    )
    decomposition_figure("Lesson 6", out / "lesson_6.png", effects, "0.3 to 0.9")


def draw_analyses(out: Path, aliases: dict[str, str]) -> None:
    from sim.analysis.problems import Problem
    from sim.figures import calibration, diagnosis, discovery, erosion, sensitivity, sweeps

    rng = np.random.default_rng(1)
    weekly = rng.poisson(4, (3, 30)).astype(float)
    calibration.modelled_vs_actual(
        weekly[0],
        rng.exponential(3, 50),
        weekly,
        rng.exponential(3, 60),
        "calibration",
        out / "mva.png",
    )
    presets = [RED, "continuous_review", GREEN]
    table = pd.DataFrame(
        {"preset": np.repeat(presets, 3), "a": rng.normal(size=9), "b": rng.normal(size=9)}
    )
    calibration.signature_figure({"a": 0.1, "b": 0.2}, table, ["a", "b"], out / "signature.png")
    families = [
        "ticket_coordinator",
        "entry_criteria_without_kill_criteria",
        "entry_and_kill_criteria",
    ]
    call = SimpleNamespace(
        probabilities=dict(zip(families, (0.7, 0.2, 0.1), strict=True)),
        low=dict(zip(families, (0.6, 0.1, 0.05), strict=True)),
        high=dict(zip(families, (0.8, 0.3, 0.15), strict=True)),
    )
    prior = pd.DataFrame({"authority": rng.uniform(0, 1, 200)})
    posteriors = {"authority": SimpleNamespace(weights=rng.uniform(0, 1, 200), informed=True)}
    diagnosis.posterior_figure(
        call, posteriors, prior, {"authority": "authority"}, "diagnosis", out / "posterior.png"
    )
    worlds = pd.DataFrame({"request_rate": rng.uniform(0, 1, 300), "skill": rng.uniform(0, 1, 300)})
    worlds["pays"] = worlds["request_rate"] > 0.5
    limits = pd.DataFrame({"min": [0.5, 0.0], "max": [1.0, 1.0]}, index=["request_rate", "skill"])
    spec = {"policy": GREEN, "baseline": RED, "factor": 2.0}
    discovery.box_figure(worlds, limits, {"coverage": 0.9, "density": 0.8}, spec, out / "box.png")
    quarters = pd.DataFrame(
        [
            {"scenario": name, "quarter": q, "support": 0.5, "authority": 0.5, "yields": q}
            for name in (
                "the coordinator",
                "the empowered owner",
                "the empowered owner, no results",
            )
            for q in range(4)
        ]
    )
    styles = {"the coordinator": (RED, False), "the empowered owner": (GREEN, False)}
    styles["the empowered owner, no results"] = (GREEN, True)
    aliases.update({name: preset for name, (preset, _) in styles.items()})
    erosion.erosion_figure(quarters, styles, out / "erosion.png")
    for method, columns in (
        ("sobol", ("ST", "ST_conf", "S1", "S1_conf")),
        ("morris", ("mu_star", "mu_star_conf")),
    ):
        problem = Problem("study", method, 16, 1, 26, 0, 1, RED, [], ["cumulative_value"])
        indices = pd.DataFrame(
            {
                "outcome": "cumulative_value",
                "parameter": ["authority", "skill"],
                "role": ["lever", "uncertain"],
            }
        )
        for column in columns:
            indices[column] = [0.4, 0.1]
        sensitivity.indices_figures(problem, indices, out)
    metrics = {m.name: 1.0 for m in (*sweeps.LINE_METRICS, *sweeps.HEATMAP_METRICS)}
    rows = []
    for job, (governance, authority, kill) in enumerate(
        [
            (g, a, k)
            for g in (RED, "continuous_review", GREEN)
            for a in (0.2, 0.8)
            for k in ("never", 5.0)
        ]
    ):
        for replication in range(3):
            rows.append(
                {
                    "job": job,
                    "replication": replication,
                    "status": "done",
                    "governance": governance,
                    "authority": authority,
                    "kill_threshold": kill,
                    **metrics,
                }
            )
    results = pd.DataFrame(rows)
    for params in (
        ["governance"],
        ["authority"],
        ["kill_threshold"],
        ["authority", "kill_threshold"],
    ):
        sweeps.sweep_figures(results, params, "headline", out / "_".join(params))


def draw_room_and_dashboard(aliases: dict[str, str]) -> None:
    from sim.dashboard.state import Settings, Workshop
    from sim.figures.dashboard import charts_png
    from sim.figures.game import reveal_chart, standings_chart

    rows = [
        {
            "seat": f"Area {k}",
            "player": f"Player {k}",
            "value_per_week": 3.0 * k - 10,
            "throughput": 40 + k,
            "ticket_coordinator_value": 1.0 + k,
            "ticket_coordinator_throughput": 50.0,
            "empowered_product_owner_value": 20.0 - k,
            "empowered_product_owner_throughput": 35.0,
        }
        for k in range(6)
    ]
    aliases.update({"coordinator bot": RED, "empowered bot": GREEN})
    standings_chart(rows, "value_per_week", "Value per week")
    reveal_chart(rows)
    workshop = Workshop(Settings(intervention=True, intervention_week=20))
    workshop.step(30)
    charts_png(workshop.snapshot())


def test_every_figure_the_project_makes_is_drawn_here(drawn):
    seen, read = drawn
    missing = figure_makers() - seen
    assert not missing, f"figures not drawn (and so not checked) here: {sorted(missing)}"
    assert len(read) >= 25


def test_every_figure_keeps_one_colour_per_governance(drawn):
    _, read = drawn
    broken = {figure: problems for figure, (problems, _) in read.items() if problems}
    assert not broken, "\n".join(f"{k}: {v}" for k, v in broken.items())


def test_the_figures_name_both_archetypes_so_the_check_is_not_empty(drawn):
    """The coordinator and the empowered owner are named (and so checked) in most figures."""
    _, read = drawn
    both = [figure for figure, (_, names) in read.items() if {RED, GREEN} <= names]
    assert len(both) >= 12, both


def test_the_check_sees_a_swapped_colour_and_a_borrowed_one():
    from sim.figures.colours import colour_of

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color=colour_of(GREEN), label=RED)
    ax.legend()
    assert any("ticket_coordinator" in p for p in broken_promises(fig))
    plt.close(fig)
    fig, ax = plt.subplots()
    ax.bar([0, 1], [1, 2], color=colour_of("trained_coordinator"), label="total (ST)")
    ax.legend()
    assert broken_promises(fig) == [
        f"['trained_coordinator']'s colour {ax.patches[0].get_facecolor()} is drawn but never named"
    ]
    plt.close(fig)


def test_the_rooms_browser_charts_use_the_same_three_colours():
    from sim.figures.game import COORDINATOR, EMPOWERED, SEAT

    script = (ROOT / "sim" / "dashboard" / "static" / "room" / "room.js").read_text()
    found = re.search(
        r"const COLOURS = \{ seat: \"(#\w+)\", coordinator: \"(#\w+)\", empowered: \"(#\w+)\" \}",
        script,
    )
    assert found and found.groups() == (SEAT, COORDINATOR, EMPOWERED)
