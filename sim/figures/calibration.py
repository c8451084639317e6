"""Modelled versus actual: weekly throughput and the lead-time distribution, data beside model."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.figures.colours import colour_of


def modelled_vs_actual(
    actual_weekly: np.ndarray,
    actual_lead: np.ndarray,
    model_weekly: np.ndarray,
    model_lead: np.ndarray,
    title: str,
    path: Path,
    preset: str = "ticket_coordinator",
) -> None:
    """Left: done issues per week (data, and the model's mean with its 10-90% band over
    replications). Right: the lead times' cumulative distributions. The model is drawn in its
    governance's colour (``preset``, the one it ran) and named by it."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), constrained_layout=True)
    weeks = np.arange(1, actual_weekly.size + 1)
    left.plot(weeks, actual_weekly, color="black", lw=1.5, label="tracker data")
    model_weeks = np.arange(1, model_weekly.shape[1] + 1)
    model, colour = f"model ({preset})", colour_of(preset)
    left.plot(model_weeks, model_weekly.mean(axis=0), color=colour, label=f"{model}, mean")
    low, high = np.percentile(model_weekly, [10, 90], axis=0)
    left.fill_between(model_weeks, low, high, color=colour, alpha=0.25, label=f"{model}, 10-90%")
    left.set(title="Issues done per week", xlabel="week", ylabel="issues")
    left.legend(fontsize=9)
    for lead, label, color in (
        (actual_lead, "tracker data", "black"),
        (model_lead, model, colour),
    ):
        if lead.size:
            x = np.sort(lead)
            right.step(x, np.arange(1, x.size + 1) / x.size, where="post", label=label, color=color)
    right.set(title="Lead time, created to done", xlabel="weeks", ylabel="share of issues done")
    right.legend(fontsize=9)
    fig.suptitle(title)
    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)


def signature_figure(export_signature: dict, table, features, path: Path) -> None:
    """Each signal of the export (black) beside each preset's mean (coloured), standardized by
    the presets' spread, one row per signal."""
    means = table.groupby("preset")[list(features)].mean()
    spread = table[list(features)].std().replace(0, 1.0)
    centre = table[list(features)].mean()
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(features) + 1.5))
    y = np.arange(len(features))
    for preset, row in means.iterrows():
        ax.plot((row - centre) / spread, y, "o", label=preset, color=colour_of(preset))
    own = (pd.Series(export_signature)[list(features)] - centre) / spread
    ax.plot(own, y, "kD", markersize=9, label="this export")
    ax.set_yticks(y, list(features))
    ax.axvline(0, color="grey", lw=0.8)
    ax.set(xlabel="standardized by the presets' spread", title="The export's governance signature")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)
