"""One colour per governance in every figure the project draws, read from the drawn figures.

The figures are found in the source, not listed: every function of ``sim/figures`` that makes a
matplotlib figure must be seen drawing here, so a new figure fails this test until it is drawn
and checked. Each is drawn from small real inputs (real runs where the figure shows runs) and
every saved figure is read by ``tests/governance_colours.py``. Only ``sim/figures`` imports
matplotlib (tests/test_architecture.py), so the source searched here is every figure's.
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
from tests.governance_colours import PALETTE, broken_promises, colour_named, entries

ROOT = Path(__file__).resolve().parents[1]
RED, GREEN = "ticket_coordinator", "empowered_product_owner"
SWITCH = "#8172b2"  # purple: a governance that changes mid-run


MAKERS = ("subplots", "figure", "subplot_mosaic", "subplot", "axes", "Figure")


def figure_makers() -> set[str]:
    """Every function in sim/figures that makes a figure (``plt.subplots``, ``plt.figure``, ...,
    or ``Figure(...)``)."""
    makers = set()
    for path in sorted((ROOT / "sim" / "figures").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for call in ast.walk(node):
                if not isinstance(call, ast.Call):
                    continue
                func = call.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in MAKERS:
                    makers.add(f"{path.stem}.{node.name}")
    return makers


#: What the figure being drawn stands for: the colour each entry's text calls for, where its
#: words do not say it, and the colour of the one run a run's figure shows.
CONTEXT: dict = {"expected": {}, "single": None}


def expect(expected: dict[str, str] | None = None, single: str | None = None) -> None:
    CONTEXT.update(expected=expected or {}, single=single)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Draw every figure; return (makers seen, {figure: (problems, presets named)}, figures
    made but never read)."""
    out = tmp_path_factory.mktemp("figures")
    seen, read, made = set(), {}, []
    real_subplots, real_figure, real_save = plt.subplots, plt.figure, Figure.savefig
    real_init, real_fig_subplots = Figure.__init__, Figure.subplots

    def maker() -> str:
        frame = sys._getframe(2)
        return f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}"

    def subplots(*args, **kwargs):
        seen.add(maker())
        return real_subplots(*args, **kwargs)

    def figure(*args, **kwargs):
        seen.add(maker())
        return real_figure(*args, **kwargs)

    def fig_subplots(fig, *args, **kwargs):
        seen.add(maker())
        return real_fig_subplots(fig, *args, **kwargs)

    def init(fig, *args, **kwargs):
        made.append(fig)
        return real_init(fig, *args, **kwargs)

    def savefig(fig, target, *args, **kwargs):
        fig.canvas.draw()
        # The governance colours the check holds this figure to (its named entries, its run).
        wanted = {colour_named(text, CONTEXT["expected"]) for text, _, _ in entries(fig)}
        names = {c for c in wanted | {CONTEXT["single"]} if c}
        title = fig._suptitle.get_text() if fig._suptitle else ""
        read[f"{len(read)}: {title}"[:90]] = (
            broken_promises(fig, CONTEXT["expected"], CONTEXT["single"]),
            names,
        )
        fig.read_by_test = True
        return real_save(fig, target, *args, **kwargs)

    plt.subplots, plt.figure, Figure.savefig, Figure.__init__ = subplots, figure, savefig, init
    Figure.subplots = fig_subplots
    try:
        draw_everything(out)
    finally:
        plt.subplots, plt.figure, Figure.savefig = real_subplots, real_figure, real_save
        Figure.__init__, Figure.subplots = real_init, real_fig_subplots
    unread = [f for f in made if not getattr(f, "read_by_test", False)]
    return seen, read, unread


def draw_everything(out: Path) -> None:
    """Each figure from small real inputs, through the function the project calls."""
    from sim.cli import run_outputs
    from tests.governance_colours import lighter

    switch = [{"week": 13, "set": {"governance": GREEN}}]
    changed_switch = [{"week": 13, "set": {"governance": {"preset": GREEN, "authority": 0.5}}}]
    # Each run with the colour the promise gives it: its preset's, lighter when its governance is
    # changed, purple when it switches (said here from the settings, not asked of the code).
    runs = (
        (sim.make_config(RED, ticks=26, replications=2), PALETTE[RED]),
        (sim.make_config(GREEN, ticks=26, replications=2, authority=0.6), lighter(PALETTE[GREEN])),
        (sim.make_config(RED, ticks=26, replications=2, timeline=switch), SWITCH),
        # A switch its name cannot spell out (a preset with a change): a fingerprint label.
        (sim.make_config(RED, ticks=26, replications=2, timeline=changed_switch), SWITCH),
    )
    for number, (config, colour) in enumerate(runs):
        expect(single=colour)
        run_outputs.write_run(sim.run(config), out / f"run_{number}")
    expect()
    draw_course(out)
    draw_analyses(out)
    draw_room_and_dashboard()


def draw_course(out: Path) -> None:
    from experiments.lessons import LESSONS
    from sim.config import GovernanceConfig, fields_of
    from sim.figures.lessons import decomposition_figure, lesson_figure
    from tests.governance_colours import lighter

    governance_keys = set(fields_of(GovernanceConfig))

    def promised(s) -> str:
        """A scenario's colour from its definition: switched, changed governance, or as is."""
        if s.timeline:
            return SWITCH
        changed = any(key in governance_keys for key, _ in s.params)
        return lighter(PALETTE[s.preset]) if changed else PALETTE[s.preset]

    scenarios = {s for lesson in LESSONS for s in (lesson.bad, lesson.good, *lesson.extra)}
    runs = {
        s: sim.run(sim.make_config(s.preset, replications=2, seed=0, ticks=104, **s.settings()))
        for s in scenarios
    }
    for number, lesson in enumerate(LESSONS, start=1):
        if lesson.figure == "decomposition":
            continue
        extras = [(runs[s], s) for s in lesson.extra]
        path = out / f"lesson_{number}.png"
        expect({s.label: promised(s) for s in (lesson.bad, lesson.good, *lesson.extra)})
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
    expect()
    decomposition_figure("Lesson 6", out / "lesson_6.png", effects, "0.3 to 0.9")


def draw_analyses(out: Path) -> None:
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
    from experiments.erosion import SCENARIOS

    quarters = pd.DataFrame(
        [
            {"scenario": name, "quarter": q, "support": 0.5, "authority": 0.5, "yields": q}
            for name in SCENARIOS
            for q in range(4)
        ]
    )
    styles = {name: (preset, without) for name, (preset, _, without) in SCENARIOS.items()}
    # The erosion scenarios change the world (results), not the governance: the preset's colour.
    expect({name: PALETTE[preset] for name, (preset, _) in styles.items()})
    erosion.erosion_figure(quarters, styles, out / "erosion.png")
    expect()
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


def draw_room_and_dashboard() -> None:
    from sim.dashboard.state import Settings, Workshop
    from sim.figures.dashboard import charts_png
    from sim.figures.game import reveal_chart, standings_chart
    from tests.test_game_charts import _rows

    rows = _rows([f"Player {k}" for k in range(6)])
    expect({"coordinator bot": PALETTE[RED], "empowered bot": PALETTE[GREEN]})
    standings_chart(rows, "value_per_week", "Value per week")
    reveal_chart(rows)
    expect()
    workshop = Workshop(Settings(intervention=True, intervention_week=20))
    workshop.step(30)
    charts_png(workshop.snapshot())


def test_every_figure_the_project_makes_is_drawn_here(drawn):
    """Every figure-making function in sim/figures is seen drawing, and every figure made here
    is read (none is rendered some other way, unseen)."""
    seen, read, unread = drawn
    missing = figure_makers() - seen
    assert not missing, f"figures not drawn (and so not checked) here: {sorted(missing)}"
    assert len(read) >= 25 and not unread


def test_every_figure_keeps_one_colour_per_governance(drawn):
    _, read, _ = drawn
    broken = {figure: problems for figure, (problems, _) in read.items() if problems}
    assert not broken, "\n".join(f"{k}: {v}" for k, v in broken.items())


def test_the_figures_name_both_archetypes_so_the_check_is_not_empty(drawn):
    """The coordinator and the empowered owner are named (and so their colours checked) side by
    side in at least eight figures (nine at the last count)."""
    _, read, _ = drawn
    both = [f for f, (_, names) in read.items() if {PALETTE[RED], PALETTE[GREEN]} <= names]
    assert len(both) >= 8, both


def test_the_check_sees_a_swapped_colour_a_borrowed_one_and_one_off_the_palette():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color=PALETTE[GREEN], label=RED)
    ax.legend()
    assert broken_promises(fig)[0].startswith("'ticket_coordinator' is drawn in #55a868")
    plt.close(fig)
    # The coordinator's red borrowed for a series beside the coordinator's own line.
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color=PALETTE[RED], label=RED)
    ax.plot([0, 1], [1, 0], color=PALETTE[RED], label="leadership support")
    ax.legend()
    assert broken_promises(fig) == [
        "'leadership support' names no governance but is drawn in #c44e52"
    ]
    plt.close(fig)
    # Matplotlib's own red for the coordinator, and a purple for a preset that does not switch.
    fig, ax = plt.subplots()
    ax.bar([0, 1], [1, 2], color=["tab:red", SWITCH])
    ax.set_xticks([0, 1], [RED, GREEN])
    problems = broken_promises(fig)
    assert "'ticket_coordinator' is drawn in #d62728, not #c44e52" in problems
    assert "'empowered_product_owner' is drawn in #8172b2, not #55a868" in problems
    plt.close(fig)


def test_a_figure_drawn_with_swapped_colours_is_caught(monkeypatch, tmp_path):
    """The real figures, drawn with the coordinator and the empowered owner's colours swapped in
    the figures' palette (not in the check's): the check fails them."""
    from sim.figures import colours
    from sim.figures.calibration import signature_figure

    red, green = colours.PRESET_COLOURS[RED], colours.PRESET_COLOURS[GREEN]
    monkeypatch.setitem(colours.PRESET_COLOURS, RED, green)
    monkeypatch.setitem(colours.PRESET_COLOURS, GREEN, red)
    table = pd.DataFrame({"preset": [RED, RED, GREEN, GREEN], "a": [0.0, 1.0, 5.0, 6.0]})
    captured = []
    real_save = Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda fig, *a, **k: captured.append(fig))
    signature_figure({"a": 3.0}, table, ["a"], tmp_path / "signature.png")
    monkeypatch.setattr(Figure, "savefig", real_save)
    assert len(broken_promises(captured[0])) >= 2
    run = sim.run(sim.make_config(RED, ticks=26, replications=1))
    from sim.figures.run import run_figure

    monkeypatch.setattr(Figure, "savefig", lambda fig, *a, **k: captured.append(fig))
    run_figure(run, tmp_path / "run.png")
    assert broken_promises(captured[-1], single=PALETTE[RED])


def test_the_presets_colours_are_distinct_and_none_is_a_grey():
    from sim.config import presets
    from tests.governance_colours import chromatic, same

    colours = [PALETTE[p] for p in presets()]
    assert all(chromatic(c) for c in colours)
    assert not any(same(a, b) for i, a in enumerate(colours) for b in colours[i + 1 :])


def test_the_rooms_browser_charts_use_the_same_three_colours_and_no_other():
    from sim.figures.game import COORDINATOR, EMPOWERED, SEAT

    script = (ROOT / "sim" / "dashboard" / "static" / "room" / "room.js").read_text()
    found = re.search(
        r"const COLOURS = \{ seat: \"(#\w+)\", coordinator: \"(#\w+)\", empowered: \"(#\w+)\" \}",
        script,
    )
    assert found and found.groups() == (SEAT, COORDINATOR, EMPOWERED)
    # The charts draw with COLOURS only: no other colour is written in the script.
    assert sorted(re.findall(r"#[0-9a-fA-F]{6}\b", script)) == sorted(
        [SEAT, COORDINATOR, EMPOWERED]
    )
