"""The product areas side by side: throughput, value per point, zombie share and politics."""

from __future__ import annotations

from pathlib import Path
from textwrap import fill

import matplotlib.pyplot as plt
import numpy as np

from sim.figures.colours import colour_of

#: (per-area metric, title, format) of each panel.
PANELS = (
    ("throughput", "Initiatives shipped per quarter", "{:.1f}"),
    ("value_per_point", "Value added per point shipped", "{:.3f}"),
    ("zombie_share", "Share of capacity on zombies", "{:.0%}"),
    ("escalations", "Escalations (and reversals) per run", "{:.1f}"),
)


def areas_figure(
    per_area: list[dict], title: str, path: Path, run: dict[str, tuple[str, str]] | None = None
) -> None:
    """One bar per area in each panel, coloured by the area's governance (legend below).

    ``run``: the run's own governance, {preset: (colour, label)}, so that a run whose preset is
    changed (a lighter shade) or switched mid-run (purple) is drawn as its run figure draws it;
    any other area's preset takes its own colour."""
    run = run or {}
    names = [a["area"] for a in per_area]
    regimes = list(dict.fromkeys(a["governance"] for a in per_area))
    colour = {r: run.get(r, (colour_of(r), r))[0] for r in regimes}
    label = {r: run.get(r, (colour_of(r), r))[1] for r in regimes}
    colors = [colour[a["governance"]] for a in per_area]
    x = np.arange(len(per_area))
    fig, axes = plt.subplots(1, len(PANELS), figsize=(4.2 * len(PANELS), 4.8))
    for ax, (key, panel, fmt) in zip(axes, PANELS, strict=True):
        values = [a[key] for a in per_area]
        bars = ax.bar(x, values, color=colors)
        ax.bar_label(bars, labels=[fmt.format(v) for v in values], fontsize=8)
        if key == "escalations":
            ax.bar(x, [a["reversals"] for a in per_area], color="black", alpha=0.45)
            ax.set_title(panel + "\n(dark: reversals)", fontsize=10)
        ax.set_xticks(x, names, fontsize=8, rotation=20)
        if key != "escalations":
            ax.set_title(panel, fontsize=10)
        ax.axhline(0, color="grey", lw=0.8)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[regime]) for regime in regimes]
    fig.legend(
        handles,
        [label[r] for r in regimes],
        loc="lower center",
        ncol=min(len(regimes), 3),
        fontsize=8,
    )
    # Wrapped to the figure's width: a run's name can be long, and is never clipped.
    width = int(fig.get_figwidth() * 72 / (0.55 * 12)) - 4
    fig.suptitle("\n".join(fill(line, width) for line in title.splitlines()))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)
