"""Figures of a run: activity (throughput per quarter) next to outcome (value run-rate)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sim.engine.periods import QUARTER, quarterly_sums
from sim.figures.colours import NEUTRAL_DARK, NEUTRAL_LIGHT, colour_of_run


def quarterly_throughput(metrics) -> np.ndarray:
    """Initiatives shipped per complete quarter, one row per replication."""
    shipped = metrics.pivot(index="replication", columns="tick", values="shipped")
    return quarterly_sums(shipped.to_numpy())


def run_figure(result, path: Path) -> None:
    """Throughput per quarter and value run-rate over time, mean and 10-90% band, and each
    owner's leadership support and stakeholder satisfaction; the weeks of the timeline's
    changes are marked."""
    metrics, name = result.metrics, result.label
    reps = metrics["replication"].nunique()
    # The governance's colour, as in every figure (purple when a timeline changes it mid-run).
    colour = colour_of_run(result.config, switched=bool(result.changes))
    fig, (left, right, standing) = plt.subplots(1, 3, figsize=(15, 4.2), constrained_layout=True)

    quarterly = quarterly_throughput(metrics)
    if quarterly.size:
        q = np.arange(1, quarterly.shape[1] + 1)
        left.bar(q, quarterly.mean(axis=0), color=colour, alpha=0.85, label="mean")
        low, high = np.percentile(quarterly, [10, 90], axis=0)
        left.errorbar(
            q,
            quarterly.mean(axis=0),
            yerr=[quarterly.mean(0) - low, high - quarterly.mean(0)],
            fmt="none",
            ecolor="black",
            capsize=2,
            label="10-90% of replications",
        )
        left.legend(loc="lower right", fontsize=8)
    else:  # a run shorter than a quarter has no complete quarter to show
        left.text(0.5, 0.5, "no complete quarter", ha="center", transform=left.transAxes)
    left.set(
        title="Activity: initiatives shipped per quarter", xlabel="quarter", ylabel="initiatives"
    )

    rate = metrics.pivot(index="tick", columns="replication", values="value_rate")
    ticks = rate.index.to_numpy()
    right.plot(ticks, rate.mean(axis=1), color=colour, label="mean")
    right.fill_between(
        ticks,
        rate.quantile(0.1, axis=1),
        rate.quantile(0.9, axis=1),
        color=colour,
        alpha=0.25,
        label="10-90% of replications",
    )
    right.axhline(0, color="grey", lw=0.8)
    right.set(
        title="Outcome: value run-rate (value per week)", xlabel="week", ylabel="value per week"
    )
    right.legend(loc="upper left", fontsize=8)
    for week, label in result.changes:  # the timeline's changes: week N starts at tick N - 1
        left.axvline((week - 1) / QUARTER + 0.5, color="black", lw=1, ls=":")
        right.axvline(week - 1, color="black", lw=1, ls=":")
        right.annotate(
            label,
            (week - 1, 0.97),
            xycoords=("data", "axes fraction"),
            rotation=90,
            va="top",
            fontsize=7,
        )
    if result.owners is not None:
        standing_panel(standing, result.owners)
    cumulative = metrics.groupby("replication")["cumulative_value"].last().mean()
    fig.suptitle(f"{name}: {reps} replication(s), mean cumulative value {cumulative:,.0f}")
    fig.savefig(path, format="png", dpi=110)
    plt.close(fig)


def standing_panel(ax, owners) -> None:
    """Leadership support per owner (mean over replications) and stakeholder satisfaction."""
    by_area = owners.groupby(["area", "tick"], sort=False)[["support", "satisfaction"]].mean()
    for k, (_, part) in enumerate(by_area.groupby(level="area", sort=False)):
        ticks = part.index.get_level_values("tick")
        ax.plot(
            ticks,
            part["support"],
            color=NEUTRAL_DARK,  # series, not governances: greys no governance uses
            lw=1.5,
            alpha=0.8,
            label="leadership support, per owner" if k == 0 else None,
        )
        ax.plot(
            ticks,
            part["satisfaction"],
            color=NEUTRAL_LIGHT,
            lw=1,
            ls="--",
            alpha=0.8,
            label="stakeholder satisfaction, per area" if k == 0 else None,
        )
    ax.set(title="Standing: support and satisfaction", xlabel="week", ylim=(0, 1))
    ax.legend(loc="lower left", fontsize=8)
