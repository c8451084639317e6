"""The diagnosis's figure: the families' posterior probabilities, and each parameter's
posterior beside its prior (grey: the prior; coloured: the posterior; a parameter the export
does not inform looks like its prior and is titled so)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.figures.colours import NEUTRAL_DARK, NEUTRAL_LIGHT, colour_of

PRIOR, POSTERIOR = NEUTRAL_LIGHT, NEUTRAL_DARK  # settings, not governances


def posterior_figure(
    call, posteriors: dict, table: pd.DataFrame, labels: dict, title: str, path: Path
) -> None:
    """Left: each family's probability with its range over resamples of the table (none when
    the export lies outside the model). Right: parameters, prior against posterior."""
    names = list(posteriors)
    fig, axes = plt.subplots(
        1, 1 + len(names), figsize=(3.2 * (1 + len(names)), 3.6), constrained_layout=True
    )
    families = axes[0]
    if call is None:
        families.text(
            0.5,
            0.5,
            "no family named:\noutside what the\nmodel produces",
            ha="center",
            va="center",
            transform=families.transAxes,
        )
        families.set_axis_off()
    else:
        order = list(call.probabilities)
        p = np.array([call.probabilities[f] for f in order])
        low = p - np.array([call.low[f] for f in order])
        high = np.array([call.high[f] for f in order]) - p
        families.barh(
            range(len(order)),
            p,
            xerr=[low.clip(0), high.clip(0)],
            color=[colour_of(f) for f in order],
            capsize=3,
        )
        families.set_yticks(range(len(order)), [f.replace("_", " ") for f in order], fontsize=8)
        families.set(xlim=(0, 1), xlabel="posterior probability", title="Governance family")
    for ax, name in zip(axes[1:], names, strict=True):
        values = table[name].to_numpy(dtype=float)
        bins = np.histogram_bin_edges(values, bins=20)
        ax.hist(values, bins=bins, density=True, color=PRIOR, label="prior")
        ax.hist(
            values,
            bins=bins,
            weights=posteriors[name].weights,
            density=True,
            color=POSTERIOR,
            alpha=0.7,
            label="posterior",
        )
        informed = posteriors[name].informed
        ax.set_title(
            labels[name] + ("" if informed else "\n(prior-like: not informed)"), fontsize=9
        )
        ax.set_yticks([])
    axes[1].legend(fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.savefig(path, dpi=110)
    plt.close(fig)
