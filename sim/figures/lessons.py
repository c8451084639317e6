"""The course pack's lesson figures: a dysfunctional (red) and a healthy (green) scenario.

Each function draws one lesson on a figure from two runs (``sim.RunResult``) of scenarios that
faced the same requests, plus any extra scenarios as ``(run, scenario)`` pairs.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from sim.figures.run import quarterly_throughput
from sim.outputs import atomic_write
from sim.periods import QUARTER, quarterly_sums

BAD, GOOD, OTHER = "#c44e52", "#55a868", "#8172b2"


def lesson_figure(name: str, title: str, path: Path, bad, good, lesson, extras) -> None:
    """Draw lesson figure ``name`` (a function of this module) and write it as a PNG."""
    fig = plt.figure(figsize=(12, 4.4), constrained_layout=True)
    globals()[name](fig, bad, good, lesson, extras)
    fig.suptitle(title, fontsize=12)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=100))
    plt.close(fig)


def _mean_by_tick(run, column: str) -> pd.Series:
    return run.metrics.groupby("tick")[column].mean()


def throughput_and_value(fig, bad, good, lesson, extras):
    """The title in one picture: initiatives shipped per quarter beside value added per quarter."""
    left, right = fig.subplots(1, 2)
    runs = [(bad, lesson.bad, BAD), (good, lesson.good, GOOD)]
    runs += [(run, scenario, OTHER) for run, scenario in extras]
    width = 0.8 / len(runs)
    for k, (run, scenario, color) in enumerate(runs):
        q = quarterly_throughput(run.metrics).mean(axis=0)
        quarters = np.arange(1, len(q) + 1)
        offset = (k - (len(runs) - 1) / 2) * width
        left.bar(quarters + offset, q, width=width, color=color, label=scenario.label)
        added = run.metrics.pivot(index="replication", columns="tick", values="value_added")
        per_quarter = quarterly_sums(added.to_numpy()).mean(axis=0)
        right.plot(quarters, per_quarter, color=color, label=scenario.label, lw=2, marker="o")
    left.set(title="Activity: initiatives shipped per quarter", xlabel="quarter")
    right.axhline(0, color="grey", lw=0.8)
    right.set(title="Outcome: value added per quarter (by what shipped)", xlabel="quarter")
    left.legend(fontsize=8, loc="lower right")
    right.legend(fontsize=8)


def influence(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    for run, scenario, color in ((bad, lesson.bad, BAD), (good, lesson.good, GOOD)):
        s = run.stakeholders
        left.scatter(
            s["influence"], s["delivered_share"], s=12, alpha=0.5, color=color, label=scenario.label
        )
    left.set(
        title="Who gets their work delivered",
        xlabel="stakeholder influence",
        ylabel="share of delivered initiatives",
    )
    left.legend(fontsize=8)
    names = ["pushes", "yields", "escalations", "reversals"]
    x = np.arange(len(names))
    right.bar(x - 0.2, [bad.summary[n] for n in names], 0.4, color=BAD, label=lesson.bad.label)
    right.bar(x + 0.2, [good.summary[n] for n in names], 0.4, color=GOOD, label=lesson.good.label)
    right.set_xticks(x, names)
    right.set(title="Contests per run: pushes, yields, escalations, reversals")
    right.legend(fontsize=8)


def zombies(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    runs = [(bad, lesson.bad, BAD), (good, lesson.good, GOOD)]
    runs += [(run, sc, OTHER) for run, sc in extras]
    for run, scenario, color in runs:
        share = _mean_by_tick(run, "zombie_share").rolling(QUARTER, min_periods=1).mean()
        left.plot(share, color=color, lw=2, label=scenario.label)
    left.set(title="Share of capacity on zombies (13-week mean)", xlabel="week")
    left.yaxis.set_major_formatter(PercentFormatter(1.0))
    left.legend(fontsize=8)
    labels = [sc.label for _, sc, _ in runs]
    right.bar(
        labels,
        [run.summary["cumulative_value"] for run, _, _ in runs],
        color=[c for _, _, c in runs],
    )
    right.set(title="Cumulative value after 3 years")
    right.tick_params(axis="x", labelsize=8)


def backlog(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    for run, scenario, color in ((bad, lesson.bad, BAD), (good, lesson.good, GOOD)):
        left.plot(_mean_by_tick(run, "backlog_size"), color=color, lw=2, label=scenario.label)
        right.plot(_mean_by_tick(run, "declines").cumsum(), color=color, lw=2, label=scenario.label)
    left.set(title="Backlog size", xlabel="week", ylabel="initiatives waiting")
    right.set(title="Requests declined (cumulative)", xlabel="week")
    left.legend(fontsize=8)


def cadence(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    for run, scenario, color in ((bad, lesson.bad, BAD), (good, lesson.good, GOOD)):
        left.plot(_mean_by_tick(run, "value_rate"), color=color, lw=2, label=scenario.label)
        share = _mean_by_tick(run, "zombie_share").rolling(QUARTER, min_periods=1).mean()
        right.plot(share, color=color, lw=2, label=scenario.label)
    left.set(title="Value run-rate (value per week)", xlabel="week")
    right.set(title="Share of capacity on zombies (13-week mean)", xlabel="week")
    right.yaxis.set_major_formatter(PercentFormatter(1.0))
    left.legend(fontsize=8)


def training(fig, bad, good, lesson, extras):
    ax = fig.subplots(1, 1)
    runs = [(run, sc, OTHER) for run, sc in extras] + [
        (bad, lesson.bad, BAD),
        (good, lesson.good, GOOD),
    ]
    values = [run.summary["cumulative_value"] for run, _, _ in runs]
    bars = ax.bar([sc.label for _, sc, _ in runs], values, color=[c for _, _, c in runs])
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values])
    ax.set(title="Cumulative value after 3 years", ylabel="value")
