"""The course pack: one lesson per dysfunction of the seed article, as a self-contained web page.

``python -m experiments.course_pack [out=DIR] [replications=N] [seed=S]`` (or ``make course``)
runs the scenarios and writes ``DIR/index.html`` (figures embedded) and ``DIR/lesson_<n>.png``.
Each lesson sets a dysfunctional scenario beside a healthy one, with text a trainer can read
aloud, the numbers behind it and the commands that reproduce it. Every pair of scenarios shares
seeds, so both organizations face the same requests: the difference is governance alone.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path

from tqdm import tqdm

import sim
from experiments.lesson_words import EMPOWERED_SUPPORT, lesson_words
from experiments.lessons import LESSONS, Lesson, Scenario
from sim.cli.arguments import Option, command, parse_options
from sim.config import describe_preset
from sim.engine.headlines import headline
from sim.figures import lessons as figures
from sim.outputs import atomic_write
from sim.timing import duration, seconds_per_run


def run_scenario(scenario: Scenario, replications: int, seed: int) -> sim.RunResult:
    """Run a scenario's replications (seeds (seed, 0..replications-1))."""
    config = sim.make_config(
        scenario.preset, replications=replications, seed=seed, **scenario.settings()
    )
    return sim.run(config)


def lesson_numbers(lesson: Lesson, bad, good, extras: list) -> dict[str, float]:
    """The numbers a lesson's text quotes, from its runs' mean summaries."""
    b, g = bad.summary, good.summary
    numbers = {
        "bad_first": b["throughput_first_year"],
        "bad_last": b["throughput_last_year"],
        "good_first": g["throughput_first_year"],
        "good_last": g["throughput_last_year"],
        "bad_value": b["cumulative_value"],
        "good_value": g["cumulative_value"],
        "gain": g["cumulative_value"] / b["cumulative_value"] - 1,
        "bad_corr": b["influence_delivery_correlation"],
        "good_corr": g["influence_delivery_correlation"],
        "bad_esc": b["escalations"],
        "bad_pushes": b["pushes"],
        "bad_yields": b["yields"],
        "bad_added_prior": b["value_added_prior_year"],
        "bad_added_last": b["value_added_last_year"],
        "good_added_prior": g["value_added_prior_year"],
        "good_added_last": g["value_added_last_year"],
        "bad_rev": b["reversals"],
        "good_rev": g["reversals"],
        "bad_zombie": b["zombie_capacity_share"],
        "good_zombie": g["zombie_capacity_share"],
        "good_kills": g["kills"],
        "bad_slope": b["backlog_slope"],
        "bad_backlog": b["backlog_final"],
        "good_backlog": g["backlog_final"],
    }
    numbers["bad_support"] = b["mean_support"]
    numbers["good_support"] = g["mean_support"]
    numbers["bad_skill"], numbers["good_skill"] = (r.config.governance.skill for r in (bad, good))
    numbers["capacity_growth"] = bad.config.org.capacity_growth
    # Demand against supply: the points asked for against the points the teams could build.
    numbers["demand_ratio"] = bad.ledger["planned_size"].sum() / bad.metrics["capacity"].sum()
    numbers.update(lesson_words(numbers, start_support=EMPOWERED_SUPPORT))
    if extras:
        e = extras[0][0].summary
        numbers["extra_value"] = e["cumulative_value"]
        numbers.update(coord_zombie=e["zombie_capacity_share"], coord_value=e["cumulative_value"])
    if len(extras) == 3:  # lesson 7: the world where the powerful know best
        coordinator, without, with_ = (run.summary["cumulative_value"] for run, _ in extras)
        numbers.update(know_coord=coordinator, know_without=without, know_with=with_)
        numbers["know_gap"] = without / with_ - 1
    return numbers


def decomposition_numbers(effects) -> dict[str, float]:
    """Lesson 6's numbers: each factor's main effect on cumulative value (the figure's bars),
    and which is largest."""
    from experiments.decomposition import FACTORS

    value = effects[effects["outcome"] == "cumulative_value"].set_index("term")["effect"]
    factors = ["standing", "skill", "practices", "feedback", "outcome focus"]
    (weak,), (strong,) = (level.values() for level in FACTORS["skill"])
    same = {
        sim.make_config(p).governance.skill
        for p in ("ticket_coordinator", "empowered_product_owner")
    }
    if len(same) != 1:  # the lesson's words would be false
        raise ValueError(f"lesson 6 says both presets have the same skill; they have {same}")
    return {
        "skill_low": f"{weak:g}",
        "skill_high": f"{strong:g}",
        "skill_same": f"{same.pop():g}",
        "standing": value["standing"],
        "skill": value["skill"],
        "practices": value["practices"],
        "feedback": value["feedback"],
        "focus": value["outcome focus"],
        "largest": max(factors, key=lambda factor: value[factor]),
    }


def map_note(lesson: Lesson) -> str:
    """Lesson 7's note: the documented map of where empowerment pays (200 worlds)."""
    if lesson.figure != "when_coordinating_is_enough":
        return ""
    from sim.analysis.discovery import documented_map

    source = (
        "<p class='note'>From the project's study of where empowerment pays (200 worlds drawn "
        "over the uncertain settings; <code>python -m experiments.where_it_pays</code>, not run "
        "by this pack). Settings are named as in the configuration (capacity_to_demand is "
        "supply against demand); a box's coverage and density are explained in the "
        "documentation's glossary under PRIM.</p>"
    )
    parts = [
        f"<p><b>{label}</b> {html.escape(text)}</p>"
        for label, text in (
            ("The map, against the coordinator (200 worlds):", documented_map()),
            (
                "Against the same practices without standing:",
                documented_map("kill_criteria_without_authority"),
            ),
        )
        if text
    ]
    return "<div class='map'>" + source + "".join(parts) + "</div>" if parts else ""


def scenario_list(lesson: Lesson) -> str:
    """Each scenario of a lesson with its preset's description (from configs/governance/) and
    what the scenario changes in it (lesson 4's owner without entry criteria is the empowered
    preset with them switched off, not the preset as described)."""
    items = "".join(
        f"<li><b>{html.escape(s.label)}</b> ({html.escape(s.preset)}): "
        f"{html.escape(describe_preset(s.preset))}"
        + (f" <b>Changed here:</b> {html.escape(s.changes())}." if s.changes() else "")
        + "</li>"
        for s in (*lesson.extra, lesson.bad, lesson.good)
    )
    return f"<ul class='scenarios'>{items}</ul>"


NUMBER_ROWS = headline(
    "throughput_first_year",
    "throughput_last_year",
    "value_added_last_year",
    "cumulative_value",
    "zombie_capacity_share",
    "backlog_final",
    "pushes",
    "yields",
    "escalations",
    "reversals",
    "influence_delivery_correlation",
)


def numbers_table(columns: list[tuple[str, dict]]) -> str:
    """An HTML table of the headline numbers, one column per scenario."""
    head = "".join(f"<th>{html.escape(name)}</th>" for name, _ in columns)
    rows = []
    for row in NUMBER_ROWS:
        cells = [row.format(s[row.name]) for _, s in columns]
        rows.append(f"<tr><td>{row.label}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Ticket coordination versus outcome ownership: a course pack</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }}
section {{ border-top: 1px solid #ccc; padding-top: 1em; margin-top: 2em; }}
img {{ width: 100%; }} table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border: 1px solid #ddd; padding: 4px 10px; text-align: right; }}
td:first-child {{ text-align: left; }} code {{ background: #f4f4f4; padding: 2px 4px; }}
.read {{ font-size: 1.1em; line-height: 1.5; }}
</style></head><body>
<h1>Delivery throughput up, business results lagging</h1>
<p>Eight lessons from the outcome-ownership simulator. In each, a dysfunctional organization
and a healthy one face exactly the same stream of requests over three years (one tick is a
week); only governance differs. Each governance has one colour in every lesson: the ticket
coordinator red, the empowered product owner green; a changed world is drawn dashed (lines)
or hatched (bars). Means over {replications} replications (seeds ({seed}, 0..{last})).</p>
{lessons}
<section><h2>About the model</h2><p>Stakeholders with more or less influence request work;
product owners with more or less authority, skill and leadership support admit, order, decline
and kill it; teams with growing capacity deliver it. A third of ideas win, a third are flat, a
third lose; value compounds, both ways, with what ships, and rivals copy what earns. See the
project's docs/model.md ("How the model works") and docs/ODD.md.</p></section>
</body></html>
"""


#: The decomposition's cells: every combination of its five factors.
CELLS = 32


def time_line(scenarios: int, replications: int) -> str:
    """The line printed before the pack is built: about how long, from one run timed here.
    The scenarios run one after another; the decomposition's cells on every core."""
    per_run = seconds_per_run()
    workers = os.cpu_count() or 1

    def seconds(replications: int) -> float:
        return scenarios * replications * per_run + CELLS * replications * per_run / workers

    line = (
        f"course pack: {scenarios} scenarios and {CELLS} decomposition cells x {replications} "
        f"replications, {duration(seconds(replications))} here ({per_run:.2f} s a run timed "
        f"here, {workers} workers for the cells)"
    )
    if replications > 2:  # a smaller pack is worth offering only when there is one
        line += f"; replications=2 for a rough pack ({duration(seconds(2))})"
    return line


def build(out: Path, replications: int = 10, seed: int = 0, announce: bool = False) -> Path:
    """Run every lesson's scenarios and write the course pack into ``out`` (``announce``: say
    first how long it will take)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scenarios = {s for lesson in LESSONS for s in (lesson.bad, lesson.good, *lesson.extra)}
    if announce:
        print(time_line(len(scenarios), replications), flush=True)
    runs = {}
    for scenario in tqdm(
        sorted(scenarios, key=lambda s: s.label), desc="scenarios", unit="scenario"
    ):
        runs[scenario] = run_scenario(scenario, replications, seed)

    from experiments.decomposition import effects_table, run_cells

    effects = effects_table(run_cells(replications, seed))
    sections = []
    for number, lesson in enumerate(LESSONS, start=1):
        bad, good = runs[lesson.bad], runs[lesson.good]
        extras = [(runs[s], s) for s in lesson.extra]
        title = f"{lesson.title} ({replications} replications)"
        png = out / f"lesson_{number}.png"
        numbers = lesson_numbers(lesson, bad, good, extras)
        if lesson.figure == "decomposition":
            numbers.update(decomposition_numbers(effects))
            skill = f"{numbers['skill_low']} to {numbers['skill_high']}"
            figures.decomposition_figure(title, png, effects, skill)
        else:
            figures.lesson_figure(lesson.figure, title, png, bad, good, lesson, extras)
        text = lesson.text.format(**numbers)
        columns = [(s.label, runs[s].summary) for s in (*lesson.extra, lesson.bad, lesson.good)]
        commands = "<br>".join(
            f"<code>{html.escape(s.command())} replications={replications} seed={seed}</code>"
            for s in (*lesson.extra, lesson.bad, lesson.good)
        )
        image = base64.b64encode(png.read_bytes()).decode()
        sections.append(
            f"<section id='lesson-{number}'><h2>{html.escape(lesson.title)}</h2>"
            f"<img alt='{html.escape(lesson.title)}' src='data:image/png;base64,{image}'>"
            f"<p class='read'>{html.escape(text)}</p>{map_note(lesson)}{scenario_list(lesson)}"
            f"{numbers_table(columns)}"
            f"<p>Reproduce:<br>{commands}</p></section>"
        )
    page = PAGE.format(
        lessons="\n".join(sections), replications=replications, seed=seed, last=replications - 1
    )
    return atomic_write(out / "index.html", lambda tmp: tmp.write_text(page))


OPTIONS = {
    "out": Option(Path("outputs/course_pack"), "folder for index.html and the figures", Path),
    "replications": Option(10, "replications per scenario", int, 1),
    "seed": Option(0, "base seed", int, 0),
}


@command
def main(argv: list[str]) -> int:
    """``python -m experiments.course_pack [out=DIR] [replications=N] [seed=S]``."""
    args = parse_options(argv, OPTIONS)
    path = build(args["out"], args["replications"], args["seed"], announce=True)
    print(f"course pack: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
