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
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from tqdm import tqdm

import sim
from sim.cli.arguments import Option, command, parse_options
from sim.config import flat_keys
from sim.figures import lessons as figures
from sim.headlines import headline
from sim.outputs import atomic_write
from sim.preset_library import describe_preset


@dataclass(frozen=True)
class Scenario:
    """A governance preset plus overrides, with a label for the audience."""

    label: str
    preset: str
    params: tuple[tuple[str, object], ...] = ()
    timeline: str = ""  # an intervention timeline in YAML flow style, as on the command line

    def settings(self) -> dict:
        """The scenario's settings for ``sim.make_config`` (its timeline parsed)."""
        extra = {"timeline": yaml.safe_load(self.timeline)} if self.timeline else {}
        return {**dict(self.params), **extra}

    def command(self) -> str:
        dotted = flat_keys()
        extra = " ".join(f"{dotted[k]}={str(v).lower()}" for k, v in self.params)
        if self.timeline:
            extra += f" 'timeline={self.timeline}'"
        return f"python -m sim governance={self.preset} {extra}".strip()


@dataclass
class Lesson:
    title: str
    bad: Scenario
    good: Scenario
    figure: str  # name of the figure function in sim.figures.lessons
    text: str  # may use {numbers}
    extra: list[Scenario] = field(default_factory=list)


LESSONS = [
    Lesson(
        "1. Activity metrics without outcome metrics: throughput up, results flat",
        Scenario("ticket coordinator", "ticket_coordinator"),
        Scenario("empowered product owner", "empowered_product_owner"),
        "throughput_and_value",
        "On the left, the ticket coordinator's teams ship more every quarter: "
        "{bad_first:.0f} initiatives a quarter in the first year, {bad_last:.0f} in the last. "
        "On the right, the value those releases add barely moves: {bad_added_prior:,.0f} in the "
        "second year, {bad_added_last:,.0f} in the third, while the empowered product owner, "
        "facing exactly the same requests, adds {good_added_prior:,.0f} and then "
        "{good_added_last:,.0f}. The delivery dashboard looks healthy because capacity grows. "
        "The business dashboard stays flat because what ships is chosen by size and by who "
        "pushes, failures that ship make the product worse, work off strategy adds complexity, "
        "and what did earn is copied by rivals within about a year. After three years the "
        "coordinator has earned {bad_value:,.0f}, the empowered owner {good_value:,.0f}. In "
        "purple, the coordinator's organization empowers its product owners at week 53: its "
        "value added turns from the second year on, and it earns {extra_value:,.0f}.",
        extra=[
            Scenario(
                "coordinator, empowered at week 53",
                "ticket_coordinator",
                timeline="[{week: 53, set: {governance: empowered_product_owner}}]",
            )
        ],
    ),
    Lesson(
        "2. Stakeholder influence masquerading as strategy",
        Scenario("ticket coordinator", "ticket_coordinator"),
        Scenario("empowered product owner", "empowered_product_owner"),
        "influence",
        "Each dot is a stakeholder: how influential they are, and what share of the delivered "
        "work was theirs. Nobody orders the backlog by influence; stakeholders whose work waits "
        "push for it, {bad_pushes:.0f} times a run, and the coordinator, without the authority "
        "to hold the order, gives in {bad_yields:.0f} times: the pushed work jumps the queue. "
        "So the roadmap follows influence (rank correlation {bad_corr:.2f}). The empowered owner "
        "holds the order and leadership backs most decisions, but the most influential still "
        "win some escalations ({good_rev:.0f} reversals a run): the correlation falls to "
        "{good_corr:.2f}, not to zero.",
    ),
    Lesson(
        "3. Zombie initiatives: capacity eaten by failing work",
        Scenario("no kill criteria", "authority_without_kill_criteria"),
        Scenario("kill criteria", "empowered_product_owner"),
        "zombies",
        "Every initiative shows a first signal of its value after its MVP, a fifth of the way "
        "in. Without kill criteria, work whose MVP failed carries on, and at every review it "
        "gets another iteration: {bad_zombie:.0%} of the teams' capacity goes to such zombies. "
        "With kill criteria and the authority and support to use them, the product owner stops "
        "them at the next review ({good_kills:.0f} kills a run) and the zombie share falls to "
        "{good_zombie:.0%}. For the ticket coordinator, who has neither, it is "
        "{coord_zombie:.0%}.",
        extra=[Scenario("ticket coordinator", "ticket_coordinator")],
    ),
    Lesson(
        "4. No entry criteria: the backlog that only grows",
        Scenario("no entry criteria", "empowered_product_owner", (("entry_criteria", False),)),
        Scenario("entry and exit criteria", "empowered_product_owner"),
        "backlog",
        "Stakeholders ask for about three times what the teams can build. Without entry "
        "criteria everything is admitted and the backlog grows by {bad_slope:.1f} items a week, "
        "to {bad_backlog:.0f} after three years: prioritization becomes negotiation over a list "
        "nobody can read. With entry criteria (decline what is estimated to lose value) and exit "
        "criteria (drop what waited half a year), it stays around {good_backlog:.0f} items.",
    ),
    Lesson(
        "5. Annual planning versus continuous feedback",
        Scenario("annual planning", "annual_planning"),
        Scenario("continuous review", "continuous_review"),
        "cadence",
        "Both product owners are empowered; they differ only in how often evidence meets the "
        "backlog. Reviewing once a year, the owner keeps ordering by last year's beliefs and "
        "lets failing work run until the next planning cycle. Reviewing every week, beliefs "
        "about which objectives pay off improve as MVPs report, and failing work stops within "
        "days: cumulative value is {gain:+.0%} higher ({bad_value:,.0f} against "
        "{good_value:,.0f}).",
    ),
    Lesson(
        "6. Training helps; standing helps more",
        Scenario("trained coordinator (skill 0.9)", "trained_coordinator"),
        Scenario("empowered product owner", "empowered_product_owner"),
        "training",
        "Sending the ticket coordinator on a course raises skill from 0.3 to 0.9: estimates get "
        "better, and cumulative value moves from {coord_value:,.0f} to {bad_value:,.0f}. That is "
        "not nothing: in this model training alone recovers more than the article suggests. "
        "Giving a product owner the practices and the authority and leadership support to act on "
        "estimates raises it to {good_value:,.0f}; and once the owner has that standing, skill "
        "matters a great deal. Empowerment is a leadership decision; training pays most after it.",
        extra=[Scenario("ticket coordinator (skill 0.3)", "ticket_coordinator")],
    ),
]


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
    if extras:
        e = extras[0][0].summary
        numbers["extra_value"] = e["cumulative_value"]
        numbers.update(coord_zombie=e["zombie_capacity_share"], coord_value=e["cumulative_value"])
    return numbers


def scenario_list(lesson: Lesson) -> str:
    """Each scenario of a lesson with its preset's description (from configs/governance/)."""
    items = "".join(
        f"<li><b>{html.escape(s.label)}</b> ({html.escape(s.preset)}): "
        f"{html.escape(describe_preset(s.preset))}</li>"
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
<h1>Delivery throughput up, business results flat</h1>
<p>Six lessons from the outcome-ownership simulator. In each, a dysfunctional organization
(red) and a healthy one (green) face exactly the same stream of requests over three years
(one tick is a week); only governance differs. Means over {replications} replications
(seeds ({seed}, 0..{last})).</p>
{lessons}
<section><h2>About the model</h2><p>Stakeholders with more or less influence request work;
product owners with more or less authority, skill and leadership support admit, order, decline
and kill it; teams with growing capacity deliver it. A third of ideas win, a third are flat, a
third lose; value compounds, both ways, with what ships, and rivals copy what earns. See the
project's README ("Rules of the model") and docs/ODD.md.</p></section>
</body></html>
"""


def build(out: Path, replications: int = 10, seed: int = 0) -> Path:
    """Run every lesson's scenarios and write the course pack into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scenarios = {s for lesson in LESSONS for s in (lesson.bad, lesson.good, *lesson.extra)}
    runs = {}
    for scenario in tqdm(
        sorted(scenarios, key=lambda s: s.label), desc="scenarios", unit="scenario"
    ):
        runs[scenario] = run_scenario(scenario, replications, seed)

    sections = []
    for number, lesson in enumerate(LESSONS, start=1):
        bad, good = runs[lesson.bad], runs[lesson.good]
        extras = [(runs[s], s) for s in lesson.extra]
        title = f"{lesson.title} ({replications} replications)"
        png = out / f"lesson_{number}.png"
        figures.lesson_figure(lesson.figure, title, png, bad, good, lesson, extras)
        text = lesson.text.format(**lesson_numbers(lesson, bad, good, extras))
        columns = [(s.label, runs[s].summary) for s in (*lesson.extra, lesson.bad, lesson.good)]
        commands = "<br>".join(
            f"<code>{html.escape(s.command())} replications={replications} seed={seed}</code>"
            for s in (*lesson.extra, lesson.bad, lesson.good)
        )
        image = base64.b64encode(png.read_bytes()).decode()
        sections.append(
            f"<section id='lesson-{number}'><h2>{html.escape(lesson.title)}</h2>"
            f"<img alt='{html.escape(lesson.title)}' src='data:image/png;base64,{image}'>"
            f"<p class='read'>{html.escape(text)}</p>{scenario_list(lesson)}"
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
    path = build(args["out"], args["replications"], args["seed"])
    print(f"course pack: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
