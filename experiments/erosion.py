"""Standing that erodes: an empowered owner without results, and the same owner with results.

``python -m experiments.erosion [replications=10] [seed=2024] [support_sensitivity=0.05]
[out=DIR] [update_docs=false]``

One rule for every governance: an owner's authority in effect at gate 1 is its declared
authority times ``min(1, support / declared support) ** org.standing_erosion``, and support moves
towards its declared level plus results minus complaints. This experiment runs the empowered
owner in two worlds: one with results (the defaults), and one without (``value.idea_mean`` -2:
nearly everything shipped loses value, so the results leadership sees are negative), beside the
same practices without standing in the world without results. Leadership here reacts faster
than at the defaults (``org.support_sensitivity`` 0.05 against 0.02, inside the map's range), so
that the loss shows within a year; at the defaults the same happens over about three years.

Writes ``DIR/erosion.csv`` (per scenario and quarter: support, authority in effect and yields,
means over owners and replications), ``DIR/erosion.png`` and ``DIR/erosion.md`` (default
outputs/erosion); ``update_docs=true`` also replaces its statement in docs/calibration.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from experiments.publish import publish
from sim.cli.arguments import Option, command, parse_options
from sim.engine.periods import QUARTER

WITHOUT_RESULTS = {"idea_mean": -2.0}
#: Each scenario: (preset, settings, world without results?).
SCENARIOS = {
    "empowered owner, with results": ("empowered_product_owner", {}, False),
    "empowered owner, without results": ("empowered_product_owner", WITHOUT_RESULTS, True),
    "same practices without standing, without results": (
        "kill_criteria_without_authority",
        WITHOUT_RESULTS,
        True,
    ),
}


def quarters_of(result) -> pd.DataFrame:
    """Per quarter: mean support and authority in effect (over owners and replications) and
    yields per quarter (summed over owners, mean over replications)."""
    owners, metrics = result.owners, result.metrics
    replications = metrics["replication"].nunique()
    standing = owners.groupby(owners["tick"] // QUARTER)[["support", "authority"]].mean()
    yields = metrics.groupby(metrics["tick"] // QUARTER)["yields"].sum() / replications
    out = standing.assign(yields=yields).reset_index(names="quarter")
    return out


def erosion(replications: int, seed: int, sensitivity: float) -> pd.DataFrame:
    """Every scenario's quarters, one table."""
    from sim.config import make_config
    from sim.runner import run

    frames = []
    for name, (preset, settings, _) in SCENARIOS.items():
        config = make_config(
            preset,
            seed=seed,
            replications=replications,
            support_sensitivity=sensitivity,
            **settings,
        )
        frames.append(quarters_of(run(config)).assign(scenario=name))
    return pd.concat(frames, ignore_index=True)


def in_words(quarters: pd.DataFrame, sensitivity: float) -> str:
    """The scenario's finding: standing lost within a year without results, kept with them."""

    def at(name: str, column: str, quarter: int) -> float:
        rows = quarters[quarters["scenario"] == name]
        return float(
            rows.loc[rows["quarter"] == min(quarter, rows["quarter"].max()), column].iloc[0]
        )

    last = int(quarters["quarter"].max())
    bad, good = "empowered owner, without results", "empowered owner, with results"
    reference = "same practices without standing, without results"
    from sim.config import make_config

    declared = make_config("empowered_product_owner").governance
    lost = 1 - at(bad, "authority", 3) / declared.authority
    return (
        f"With leadership reacting at org.support_sensitivity {sensitivity:g}, an empowered owner "
        f"without results (idea_mean -2) sees its support fall from {declared.support:.2f} to "
        f"{at(bad, 'support', 3):.2f} by the end of its first year and its authority in effect "
        f"from {declared.authority:.2f} to {at(bad, 'authority', 3):.2f} ({lost:.0%} of its "
        f"standing lost); in its last quarter it gives way {at(bad, 'yields', last):.0f} times, "
        f"against "
        f"{at(reference, 'yields', last):.0f} for the same practices without standing in that "
        f"world and {at(bad, 'yields', 0):.0f} in its first quarter. With results (the "
        f"defaults) the same owner keeps its standing: support {at(good, 'support', last):.2f} "
        f"and authority in effect {at(good, 'authority', last):.2f} in its last quarter, giving "
        f"way {at(good, 'yields', last):.0f} times."
    )


START, END = "<!-- erosion: start -->", "<!-- erosion: end -->"

OPTIONS = {
    "out": Option(Path("outputs/erosion"), "folder for erosion.csv, .png and .md", Path),
    "replications": Option(10, "replications per scenario", int, 2),
    "seed": Option(2024, "base seed", int, 0),
    "support_sensitivity": Option(0.05, "how fast leadership support moves", float, 0.0),
    "update_docs": Option(False, "also rewrite the statement in docs/calibration.md", bool),
}


@command
def main(argv: list[str]) -> int:
    """``python -m experiments.erosion [replications=10] [seed=2024] [out=DIR] ...``."""
    from sim.figures.erosion import erosion_figure

    args = parse_options(argv, OPTIONS)
    quarters = erosion(args["replications"], args["seed"], args["support_sensitivity"])
    text = in_words(quarters, args["support_sensitivity"])
    styles = {name: (preset, without) for name, (preset, _, without) in SCENARIOS.items()}
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    erosion_figure(quarters, styles, out / "erosion.png")
    publish(out, "erosion", text, (START, END), args["update_docs"], {"erosion": quarters})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
