"""The guides' pictures, drawn fresh by every build of the documentation site (a MkDocs hook).

``make docs`` (and the site's test) runs ``on_pre_build`` first: it runs the model and draws, into
``docs/assets/generated/`` (not kept in git), the figures the guides show:

- ``lesson_1.png``, the course pack's first lesson (coordinator, empowered owner and the switch
  at week 53) at 2 replications: the instructor's guide;
- ``sweep_authority.png``, a sweep of the empowered owner's authority at 3 replications of 104
  weeks (the fewest that draw an interval): the researcher's guide.

Small on purpose (about ten seconds): the pictures show what the figures look like and what they
say; the course pack and a sweep of your own give the numbers at full size.
"""

from __future__ import annotations

from pathlib import Path

REPLICATIONS = 2


def lesson_one(out: Path) -> Path:
    from experiments.course_pack import run_scenario
    from experiments.lessons import LESSONS
    from sim.figures import lessons as figures

    lesson = LESSONS[0]
    bad, good = (run_scenario(s, REPLICATIONS, 0) for s in (lesson.bad, lesson.good))
    extras = [(run_scenario(s, REPLICATIONS, 0), s) for s in lesson.extra]
    path = out / "lesson_1.png"
    title = f"{lesson.title} ({REPLICATIONS} replications)"
    figures.lesson_figure(lesson.figure, title, path, bad, good, lesson, extras)
    return path


def authority_sweep(out: Path) -> Path:
    import sim
    from sim.figures.sweeps import sweep_figures

    points = [{"authority": a} for a in (0.1, 0.3, 0.5, 0.7, 0.9)]
    table = sim.run_grid(
        points, replications=3, workers=1, preset="empowered_product_owner", ticks=104
    )
    # A grid point is what an aggregated sweep calls a job.
    table = table.rename(columns={"point": "job"})
    (path,) = sweep_figures(table, ["authority"], "authority sweep", out)
    return path


def draw(out: Path) -> list[Path]:
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    out.mkdir(parents=True, exist_ok=True)
    return [lesson_one(out), authority_sweep(out)]


def on_pre_build(config) -> None:
    """MkDocs hook: the pictures first, so that the pages find them."""
    draw(Path(config["docs_dir"]) / "assets" / "generated")
