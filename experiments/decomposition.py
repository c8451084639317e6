"""A factorial decomposition: what each governance factor is worth, alone and together.

``python -m experiments.decomposition [replications=20] [seed=0] [out=DIR] [update_docs=false]``

A full 2^5 design over five factors, each at a coordinator level (-) and an empowered level (+),
every other setting at the defaults:

- standing: authority 0.15 and support 0.1 (-) against 0.9 and 0.6 (+);
- skill: 0.3 (-) against 0.9 (+);
- practices: no entry or kill criteria (-) against both (+);
- feedback: a review every 52 weeks (-) against every 2 (+);
- outcome focus: 0.2 (-) against 1.0 (+).

All 32 cells face the same requests (common random numbers: replication k of one seed), so each
effect is a paired contrast. A main effect is the mean over replications of (mean of the + cells
minus mean of the - cells); a two-way interaction is half the difference between one factor's
effect at the other's + and - levels (the usual +-1 coding). Intervals are 95% t intervals over
replications. Outcomes: cumulative value and year-3 value added.

Writes ``DIR/cells.csv`` (every run), ``DIR/effects.csv`` and ``DIR/decomposition.md`` (default
outputs/decomposition); ``update_docs=true`` also replaces the table in docs/calibration.md. The
course pack draws the figure (sim.figures.lessons).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from experiments.publish import publish
from sim.cli.arguments import Option, command, parse_options

#: Each factor: its (-) and (+) settings.
FACTORS: dict[str, tuple[dict, dict]] = {
    "standing": ({"authority": 0.15, "support": 0.1}, {"authority": 0.9, "support": 0.6}),
    "skill": ({"skill": 0.3}, {"skill": 0.9}),
    "practices": (
        {"entry_criteria": False, "kill_criteria": False},
        {"entry_criteria": True, "kill_criteria": True},
    ),
    "feedback": ({"review_interval": 52}, {"review_interval": 2}),
    "outcome focus": ({"outcome_focus": 0.2}, {"outcome_focus": 1.0}),
}
OUTCOMES = {"cumulative_value": "cumulative value", "value_added_last_year": "year-3 value added"}


def design() -> pd.DataFrame:
    """The 32 cells: one row per cell, one column per factor coded -1 or +1."""
    return pd.DataFrame(
        list(itertools.product((-1, 1), repeat=len(FACTORS))), columns=list(FACTORS)
    )


def settings_of(cell: pd.Series) -> dict:
    """A cell's settings on top of the ticket coordinator preset."""
    out: dict = {}
    for factor, (low, high) in FACTORS.items():
        out.update(high if cell[factor] > 0 else low)
    return out


def run_cells(replications: int, seed: int, workers: int | None = None) -> pd.DataFrame:
    """Every cell's summaries: one row per cell and replication, with the factor codes."""
    from sim.batch import GridRunner

    cells = design()
    points = [settings_of(cell) for _, cell in cells.iterrows()]
    with GridRunner(workers) as runner:
        table = runner.run(points, replications=replications, seed=seed, progress=True)
    failed = table[table["status"] != "done"]
    if len(failed):
        raise RuntimeError(failed["error"].iloc[0])
    codes = cells.iloc[table["point"].to_numpy()].reset_index(drop=True)
    return pd.concat([codes, table[["replication", *OUTCOMES]]], axis=1)


def contrasts(runs: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each main effect and two-way interaction, one value per replication."""
    out = {}
    terms = [(f,) for f in FACTORS] + list(itertools.combinations(FACTORS, 2))
    for metric in OUTCOMES:
        wide = runs.pivot_table(index="replication", columns=list(FACTORS), values=metric)
        codes = np.array(wide.columns.to_list())  # cells x factors, in -1/+1
        for term in terms:
            sign = np.prod([codes[:, list(FACTORS).index(f)] for f in term], axis=0)
            # +-1 coding: effect = mean(y | sign +) - mean(y | sign -) = 2 * mean(sign * y);
            # for a pair this is half the difference of one factor's effect between the
            # other's levels.
            out[(metric, " x ".join(term))] = 2 * (wide.to_numpy() * sign).mean(axis=1)
    return out


def effects_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Main effects and interactions with 95% t intervals over replications."""
    rows = []
    for (metric, term), values in contrasts(runs).items():
        mean = float(values.mean())
        half = float(
            stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
        )
        rows.append(
            {
                "outcome": metric,
                "term": term,
                "effect": mean,
                "low": mean - half,
                "high": mean + half,
            }
        )
    return pd.DataFrame(rows)


def markdown(effects: pd.DataFrame, replications: int, seed: int) -> str:
    """Main effects and the largest interactions, both outcomes side by side."""
    wide = {}
    for metric, label in OUTCOMES.items():
        part = effects[effects["outcome"] == metric].set_index("term")
        wide[label] = part.apply(
            lambda r: f"{r['effect']:+,.0f} ({r['low']:+,.0f} to {r['high']:+,.0f})", axis=1
        )
    table = pd.DataFrame(wide)
    main = [t for t in table.index if " x " not in t]
    value = effects[
        (effects["outcome"] == "cumulative_value") & effects["term"].str.contains(" x ")
    ]
    top = value.reindex(value["effect"].abs().sort_values(ascending=False).index)["term"][:4]
    lines = [
        f"2^5 design, {replications} replications of seed {seed} per cell; effect (95% interval).",
        "",
        "| term | " + " | ".join(OUTCOMES.values()) + " |",
        "|---|---|---|",
    ]
    for term in [*main, *top]:
        lines.append(f"| {term} | " + " | ".join(table.loc[term]) + " |")
    return "\n".join(lines)


START, END = "<!-- decomposition table: start -->", "<!-- decomposition table: end -->"

OPTIONS = {
    "out": Option(Path("outputs/decomposition"), "folder for the tables", Path),
    "replications": Option(20, "replications per cell", int, 2),
    "seed": Option(0, "base seed", int, 0),
    "update_docs": Option(False, "also rewrite the table in docs/calibration.md", bool),
}


@command
def main(argv: list[str]) -> int:
    """``python -m experiments.decomposition [replications=20] [seed=0] [out=DIR] ...``."""
    args = parse_options(argv, OPTIONS)
    runs = run_cells(args["replications"], args["seed"])
    effects = effects_table(runs)
    text = markdown(effects, args["replications"], args["seed"])
    tables = {"cells": runs, "effects": effects}
    publish(args["out"], "decomposition", text, (START, END), args["update_docs"], tables)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
