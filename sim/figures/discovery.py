"""Scenario-discovery figure: the worlds, coloured by outcome, and the box PRIM found."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.figures.colours import NEUTRAL_DARK, NEUTRAL_LIGHT
from sim.outputs import atomic_write


def restricted_most(worlds: pd.DataFrame, limits: pd.DataFrame) -> tuple[str, str]:
    """The two uncertainties whose limits alone leave out the most worlds.

    Measured in worlds, not in each uncertainty's units: a limit that cuts a long tail of a few
    worlds restricts little, however far it moves the bound; a limit that leaves out most
    worlds is what the box is about. With a single restricted uncertainty, the second is the
    one of the others that the box's worlds vary least in.
    """
    left_out = {
        name: float((~worlds[name].between(row["min"], row["max"])).mean())
        for name, row in limits.iterrows()
        if name in worlds
    }
    ranked = sorted(left_out, key=lambda name: -left_out[name])
    if len(ranked) >= 2:
        return ranked[0], ranked[1]
    others = [
        c for c in worlds.columns if c not in ranked and c != "pays" and worlds[c].nunique() > 1
    ]
    inside = worlds[worlds[ranked[0]].between(*limits.loc[ranked[0], ["min", "max"]])]
    spread = {c: inside[c].std() / (worlds[c].std() or 1) for c in others}
    return ranked[0], min(spread, key=spread.get)


def box_figure(
    worlds: pd.DataFrame,
    limits: pd.DataFrame,
    stats: dict,
    spec: dict,
    path: Path,
    labels: tuple[str, str] | None = None,
) -> None:
    """The two uncertainties the box restricts most (``restricted_most``), with worlds coloured
    by outcome.

    ``worlds["pays"]`` marks the worlds of interest; ``labels`` names (the others, those).
    """
    if labels is None:
        labels = (
            f"{spec['policy']} < {spec['factor']:g}x {spec['baseline']}",
            f"{spec['policy']} >= {spec['factor']:g}x {spec['baseline']}",
        )
    a, b = restricted_most(worlds, limits)
    fig, ax = plt.subplots(figsize=(7, 5.5))
    pays = worlds["pays"]
    ax.scatter(
        worlds.loc[~pays, a],
        worlds.loc[~pays, b],
        s=14,
        c=NEUTRAL_LIGHT,  # worlds, not governances: greys no governance uses
        label=labels[0],
    )
    ax.scatter(
        worlds.loc[pays, a],
        worlds.loc[pays, b],
        s=14,
        c=NEUTRAL_DARK,
        label=labels[1],
    )
    ax.add_patch(
        plt.Rectangle(
            (limits.loc[a, "min"], limits.loc[b, "min"]),
            limits.loc[a, "max"] - limits.loc[a, "min"],
            limits.loc[b, "max"] - limits.loc[b, "min"],
            fill=False,
            lw=2,
        )
    )
    ax.set(
        xlabel=a,
        ylabel=b,
        title=f"PRIM box: coverage {stats['coverage']:.2f}, "
        f"density {stats['density']:.2f} ({len(worlds)} worlds)",
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=100))
    plt.close(fig)
