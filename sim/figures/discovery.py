"""Scenario-discovery figure: the worlds, coloured by outcome, and the box PRIM found."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.outputs import atomic_write


def box_figure(
    worlds: pd.DataFrame,
    limits: pd.DataFrame,
    stats: dict,
    spec: dict,
    path: Path,
    labels: tuple[str, str] | None = None,
) -> None:
    """The two uncertainties the box restricts most, with worlds coloured by outcome.

    ``worlds["pays"]`` marks the worlds of interest; ``labels`` names (the others, those).
    """
    if labels is None:
        labels = (
            f"{spec['policy']} < {spec['factor']:g}x {spec['baseline']}",
            f"{spec['policy']} >= {spec['factor']:g}x",
        )
    span = worlds[limits.index].max() - worlds[limits.index].min()
    restriction = 1 - (limits["max"] - limits["min"]) / span.replace(0, 1)
    a, b = restriction.sort_values(ascending=False).index[:2]
    fig, ax = plt.subplots(figsize=(7, 5.5))
    pays = worlds["pays"]
    ax.scatter(
        worlds.loc[~pays, a],
        worlds.loc[~pays, b],
        s=14,
        c="#c44e52",
        label=labels[0],
    )
    ax.scatter(
        worlds.loc[pays, a],
        worlds.loc[pays, b],
        s=14,
        c="#55a868",
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
