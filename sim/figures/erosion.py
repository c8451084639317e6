"""The erosion figure: an owner's support, authority in effect and how often it gives way.

Three panels over the quarters of a run, one line per scenario in its governance's colour (dashed
for a world without results): leadership support, the authority in effect at gate 1, and the
decisions the owner gives way on (yields) per quarter.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.figures.colours import colour_of

PANELS = (
    ("support", "leadership support"),
    ("authority", "authority in effect"),
    ("yields", "gives way, per quarter"),
)


def erosion_figure(quarters: pd.DataFrame, styles: dict[str, tuple[str, bool]], path: Path):
    """Draw ``quarters`` (scenario, quarter, support, authority, yields) to ``path``.

    ``styles``: each scenario's preset (its colour) and whether its world has no results
    (dashed).
    """
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), constrained_layout=True)
    for scenario, rows in quarters.groupby("scenario", sort=False):
        preset, without = styles[scenario]
        for ax, (column, _) in zip(axes, PANELS, strict=True):
            ax.plot(
                rows["quarter"] + 1,
                rows[column],
                color=colour_of(preset),
                ls="--" if without else "-",
                lw=2,
                label=scenario,
            )
    for ax, (_, title) in zip(axes, PANELS, strict=True):
        ax.set_title(title)
        ax.set_xlabel("quarter")
        ax.grid(alpha=0.3)
    axes[0].set_ylim(0, 1)
    axes[1].set_ylim(0, 1)
    axes[0].legend(fontsize=8, loc="lower left")
    fig.suptitle("Standing erodes without results: support, authority in effect, giving way")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
