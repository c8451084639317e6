"""The ablation table: each mechanism switched off in turn, and which patterns then fail.

``python -m experiments.ablation [replications=10] [seed=0] [out=DIR] [update_docs=false]``
runs the scenarios the patterns compare (the ticket coordinator, the empowered product owner, the
same practices without standing, annual and continuous review, and the refutation at influence-
value correlation 0.8) under the full model and under each ablation, evaluates each pattern's
criterion on the means over replications (point estimates; the statistical versions are the
tests in tests/test_patterns.py), and writes ``DIR/ablation.md`` (default outputs/ablation).
With ``update_docs=true`` it also replaces the table in docs/calibration.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from tqdm import tqdm

import sim
from sim.cli.arguments import Option, command, parse_options
from sim.outputs import atomic_write

#: Each ablation: a name, what it switches off, and the settings that do so.
ABLATIONS = {
    "full model": ("nothing", {}),
    "no pressure": ("pushes for priority (patience beyond the horizon)", {"patience": 520}),
    "no politics": ("every influence (influence_scale 0)", {"influence_scale": 0.0}),
    "no compounding": (
        "capability changes (synergy 0, complexity cost 0)",
        {"synergy": 0.0, "complexity_cost": 0.0},
    ),
    "no complexity cost": ("the cost of misaligned releases", {"complexity_cost": 0.0}),
    "no erosion": ("erosion of shipped value (half_life 0)", {"half_life": 0.0}),
    "no scope creep": ("growth of zombies (scope_creep 0)", {"scope_creep": 0.0}),
    "no learning": ("learning by doing (learning_limit 0)", {"learning_limit": 0.0}),
}
SCENARIOS = {
    "coordinator": ("ticket_coordinator", {}),
    "empowered": ("empowered_product_owner", {}),
    "no standing": ("kill_criteria_without_authority", {}),
    "empowered, rho 0.8": ("empowered_product_owner", {"influence_value_correlation": 0.8}),
    "no standing, rho 0.8": (
        "kill_criteria_without_authority",
        {"influence_value_correlation": 0.8},
    ),
    "trained": ("trained_coordinator", {}),
    "annual": ("annual_planning", {}),
    "continuous": ("continuous_review", {}),
}


def means(ablation: dict, replications: int, seed: int) -> dict[str, pd.Series]:
    """Mean summary of every scenario under one ablation."""
    out = {}
    for name, (preset, params) in SCENARIOS.items():
        config = sim.make_config(
            preset, replications=replications, seed=seed, **{**params, **ablation}
        )
        out[name] = pd.DataFrame(sim.run(config).per_replication).mean()
    return out


def patterns(m: dict[str, pd.Series]) -> dict[str, tuple[bool, str]]:
    """Each pattern's criterion on the means: (holds, the figure)."""
    c, e = m["coordinator"], m["empowered"]
    rise = c.throughput_last_year / c.throughput_first_year - 1
    change = (c.value_added_last_year - c.value_added_prior_year) / e.value_added_last_year
    growth = e.value_added_last_year / e.value_added_prior_year - 1
    ratio = e.cumulative_value / max(c.cumulative_value, 1.0)

    def shortfall(weak: pd.Series, strong: pd.Series) -> float:
        return 1 - weak.cumulative_value / strong.cumulative_value

    at_zero = shortfall(m["no standing"], e)
    at_high = shortfall(m["no standing, rho 0.8"], m["empowered, rho 0.8"])
    cadence = m["continuous"].cumulative_value / m["annual"].cumulative_value - 1
    training = (m["trained"].cumulative_value - c.cumulative_value) / (
        e.cumulative_value - m["no standing"].cumulative_value
    )
    halved = e.influence_delivery_correlation / c.influence_delivery_correlation
    return {
        "P1 throughput up": (rise > 0.03, f"{rise:+.0%}"),
        "P1 results flat": (abs(change) < 0.1, f"{change:+.0%}"),
        "P1 empowered compounds": (growth >= 0.25, f"{growth:+.0%}"),
        "P1 3x value": (ratio >= 3, f"{ratio:.1f}x" if ratio < 100 else ">100x"),
        "P1b reversals": (c.reversals > 0, f"{c.reversals:.1f}"),
        "P5 influence": (
            c.influence_delivery_correlation > 0.5,
            f"{c.influence_delivery_correlation:.2f}",
        ),
        "P5 empowered halves it": (halved <= 0.5, f"{halved:.2f}"),
        "P2 training < 1/10": (abs(training) < 0.1, f"{training:.2f}"),
        "R1 refutation": (at_high <= 2 / 3 * at_zero, f"{at_zero:.2f}/{at_high:.2f}"),
        "P6 cadence": (cadence > 0.05, f"{cadence:+.0%}"),
    }


def table(results: dict[str, dict[str, tuple[bool, str]]]) -> str:
    """A markdown table: one row per ablation, one column per pattern (figure, and FAILS)."""
    names = list(next(iter(results.values())))
    lines = [
        "| ablation (switched off) | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for ablation, row in results.items():
        cells = [f"{fig}" if ok else f"**fails** ({fig})" for ok, fig in row.values()]
        label = f"{ablation} ({ABLATIONS[ablation][0]})"
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


START, END = "<!-- ablation table: start -->", "<!-- ablation table: end -->"


def replace_between(path: Path, start: str, end: str, text: str) -> None:
    """Replace the text between two marker lines of a document (the markers stay)."""
    doc = path.read_text()
    head, found, rest = doc.partition(start)
    if not found:
        raise ValueError(f"{path} has no marker {start}")
    _, _, tail = rest.partition(end)
    atomic_write(path, lambda tmp: tmp.write_text(f"{head}{start}\n{text}\n{end}{tail}"))


def update_docs(text: str, path: Path) -> None:
    """Replace the table between the markers of docs/calibration.md."""
    replace_between(path, START, END, text)


OPTIONS = {
    "out": Option(Path("outputs/ablation"), "folder for ablation.md", Path),
    "replications": Option(10, "replications per scenario", int, 1),
    "seed": Option(0, "base seed", int, 0),
    "update_docs": Option(False, "also rewrite the table in docs/calibration.md", bool),
}


@command
def main(argv: list[str]) -> int:
    """``python -m experiments.ablation [replications=10] [seed=0] [out=DIR] [update_docs=..]``."""
    args = parse_options(argv, OPTIONS)
    results = {
        name: patterns(means(settings, args["replications"], args["seed"]))
        for name, (_, settings) in tqdm(ABLATIONS.items(), desc="ablations")
    }
    text = table(results)
    note = f"Means over {args['replications']} replications of seed {args['seed']}."
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "ablation.md", lambda tmp: tmp.write_text(f"{note}\n\n{text}\n"))
    if args["update_docs"]:
        update_docs(
            f"{note}\n\n{text}", Path(__file__).resolve().parent.parent / "docs" / "calibration.md"
        )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
