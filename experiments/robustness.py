"""Patterns judged over many worlds: every pattern at 30 base seeds x 20 replications.

``python -m experiments.robustness [seeds=30] [first_seed=1000] [replications=20] [out=DIR]
[update_docs=false]``

Each base seed draws other stakeholders, objectives and requests; within a seed the settings a
pattern compares face the same requests (common random numbers), so comparisons are paired
differences (Wilcoxon signed-rank), never ratios of means. "Flat" is an equivalence test (two
one-sided t-tests, statsmodels) on the coordinator's own year-2 to year-3 change in value added,
within +-``FLAT_MARGIN`` value units. A pattern holds when it passes at 80% of seeds.

The documented table uses base seeds 1000-1029, drawn from a range no test and no other table
uses; the tests judge the patterns at other seeds (tests/test_robustness.py), so a range in the
docs is never checked on the seeds it was made with.

Writes ``DIR/robustness.csv`` (one row per pattern and seed, with its figure) and
``DIR/robustness.md`` (pass rates and mean effects; default DIR outputs/robustness). With
``update_docs=true`` it also replaces the table in docs/calibration.md. The tests run a subset
(tests/test_robustness.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from experiments.pattern_checks import (  # noqa: F401 - the checks, used through this module
    FLAT_MARGIN,
    KNOW_BEST,
    PATTERNS,
    SCENARIOS,
    Runs,
    empowered_compounds,
    empowered_wins,
    flat,
    not_declining,
    standing_worth_less_when_influence_tracks_value,
    standing_worthless_when_powerful_know_best,
)
from experiments.publish import publish
from sim.cli.arguments import Option, command, parse_options

#: A pattern holds when it passes at this share of base seeds (24 of 30).
HOLDS_AT = 0.8


def evaluate_seed(runner, seed: int, replications: int, **settings) -> Runs:
    """Run every scenario at one base seed; return each scenario's per-replication summaries."""
    names = list(SCENARIOS)
    points = [{"preset": SCENARIOS[n][0], **SCENARIOS[n][1], **settings} for n in names]
    table = runner.run(points, replications=replications, seed=seed)
    failed = table[table["status"] != "done"]
    if len(failed):
        raise RuntimeError(f"seed {seed}: {failed['error'].iloc[0]}")
    return {n: table[table["point"] == i].reset_index(drop=True) for i, n in enumerate(names)}


def judge(runs: Runs, seed: int, patterns: list[str] | None = None) -> list[dict]:
    """Each pattern's verdict at one seed."""
    rows = []
    for name in patterns or PATTERNS:
        passed, effect, figure = PATTERNS[name][1](runs)
        rows.append(
            {
                "pattern": name,
                "seed": seed,
                "passed": bool(passed),
                "effect": effect,
                "figure": figure,
            }
        )
    return rows


def robustness(seeds: list[int], replications: int, workers: int | None = None) -> pd.DataFrame:
    """Every pattern's verdict at every base seed."""
    from sim.batch import GridRunner

    rows = []
    with GridRunner(workers) as runner:
        for seed in seeds:
            rows += judge(evaluate_seed(runner, seed, replications), seed)
    return pd.DataFrame(rows)


def pass_rates(table: pd.DataFrame) -> pd.DataFrame:
    """Per pattern: seeds passed, pass rate, whether it holds, and the mean effect over seeds
    with its 95% t interval (seeds as independent worlds)."""
    grouped = table.groupby("pattern", sort=False)
    sem = grouped["effect"].sem().fillna(0.0)
    half = sem * stats.t.ppf(0.975, np.maximum(grouped["effect"].size() - 1, 1))
    out = pd.DataFrame(
        {
            "passed": grouped["passed"].sum().astype(int),
            "seeds": grouped["passed"].size(),
            "mean effect": grouped["effect"].mean(),
            "low": grouped["effect"].mean() - half,
            "high": grouped["effect"].mean() + half,
        }
    )
    out["pass rate"] = out["passed"] / out["seeds"]
    out["holds"] = out["pass rate"] >= HOLDS_AT
    return out


def _seed_range(table: pd.DataFrame) -> str:
    seeds = sorted(table["seed"].unique())
    return f"{seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else str(seeds[0])


def markdown(table: pd.DataFrame, replications: int) -> str:
    rates = pass_rates(table)
    lines = [
        f"{rates['seeds'].iloc[0]} base seeds ({_seed_range(table)}) x {replications} "
        f"replications; a pattern holds when it passes at {HOLDS_AT:.0%} of seeds. Figures: the "
        "range over seeds.",
        "",
        "| pattern | criterion | passed | holds | figure (lowest and highest seed) | effect over "
        "seeds (95% interval) |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in rates.iterrows():
        rows = table[table["pattern"] == name].sort_values("effect")
        spread = f"{rows['figure'].iloc[0]}; {rows['figure'].iloc[-1]}"
        verdict = "yes" if row["holds"] else "**no**"
        interval = f"{row['mean effect']:,.3g} ({row['low']:,.3g} to {row['high']:,.3g})"
        lines.append(
            f"| {name} | {PATTERNS[name][0]} | {row['passed']} of {row['seeds']} | {verdict} | "
            f"{spread} | {interval} |"
        )
    return "\n".join(lines)


START, END = "<!-- robustness table: start -->", "<!-- robustness table: end -->"

OPTIONS = {
    "out": Option(Path("outputs/robustness"), "folder for robustness.csv and .md", Path),
    "seeds": Option(30, "how many base seeds, from first_seed on", int, 1),
    "first_seed": Option(1000, "the first base seed", int, 0),
    "replications": Option(20, "replications per scenario and seed", int, 2),
    "update_docs": Option(False, "also rewrite the table in docs/calibration.md", bool),
}


@command
def main(argv: list[str]) -> int:
    """``python -m experiments.robustness [seeds=10] [replications=20] [out=DIR] ...``."""
    args = parse_options(argv, OPTIONS)
    first = args["first_seed"]
    table = robustness(list(range(first, first + args["seeds"])), args["replications"])
    text = markdown(table, args["replications"])
    publish(
        args["out"], "robustness", text, (START, END), args["update_docs"], {"robustness": table}
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
