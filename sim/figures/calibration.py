"""Modelled versus actual: weekly throughput and the lead-time distribution, data beside model."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np


def modelled_vs_actual(
    actual_weekly: np.ndarray,
    actual_lead: np.ndarray,
    model_weekly: np.ndarray,
    model_lead: np.ndarray,
    title: str,
    path: Path,
) -> None:
    """Left: done issues per week (data, and the model's mean with its 10-90% band over
    replications). Right: the lead times' cumulative distributions."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), constrained_layout=True)
    weeks = np.arange(1, actual_weekly.size + 1)
    left.plot(weeks, actual_weekly, color="black", lw=1.5, label="tracker data")
    model_weeks = np.arange(1, model_weekly.shape[1] + 1)
    left.plot(model_weeks, model_weekly.mean(axis=0), color="#4c72b0", label="model, mean")
    low, high = np.percentile(model_weekly, [10, 90], axis=0)
    left.fill_between(model_weeks, low, high, color="#4c72b0", alpha=0.25, label="model, 10-90%")
    left.set(title="Issues done per week", xlabel="week", ylabel="issues")
    left.legend(fontsize=9)
    for lead, label, color in (
        (actual_lead, "tracker data", "black"),
        (model_lead, "model", "#4c72b0"),
    ):
        if lead.size:
            x = np.sort(lead)
            right.step(x, np.arange(1, x.size + 1) / x.size, where="post", label=label, color=color)
    right.set(title="Lead time, created to done", xlabel="weeks", ylabel="share of issues done")
    right.legend(fontsize=9)
    fig.suptitle(title)
    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)
