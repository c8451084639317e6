"""The workshop dashboard's six charts, drawn from a ``Workshop.snapshot`` (main and baseline)."""

from __future__ import annotations

import io
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import PercentFormatter

from sim.engine.periods import QUARTER, quarterly_sums


def charts_png(data: dict[str, Any], dpi: int = 90, size: tuple[float, float] = (14, 8.5)) -> bytes:
    """All charts of a workshop snapshot on one PNG (the dashboard's picture and download)."""
    fig = plt.figure(figsize=size, dpi=dpi)
    axes = fig.subplots(2, 3)
    fig.subplots_adjust(left=0.05, right=0.95, top=0.92, bottom=0.07, wspace=0.38, hspace=0.35)
    draw_charts(data, axes.ravel())
    fig.suptitle(data["title"])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


CHARTS = (
    "Initiatives shipped per quarter",
    "Value per week and cumulative value",
    "Backlog size",
    "Share of capacity",
    "Contests (cumulative) and leadership support",
    "Who gets their work delivered",
)
MAIN, BASE = "#4c72b0", "#c44e52"


def draw_charts(data: dict[str, Any], axes) -> None:
    """Draw the six dashboard charts (from ``Workshop.snapshot``) on six axes.

    The main organization is solid blue, the baseline dashed red; the switch week is marked.
    """
    runs = data["runs"]
    styles = {runs[0]: dict(color=MAIN, ls="-")}
    if len(runs) > 1:
        styles[runs[1]] = dict(color=BASE, ls="--")
    for run, frame in data["metrics"].groupby("run", sort=False):
        _draw_run(axes, run, frame, styles[run])
    shipped, value, backlog, shares, politics, delivery = axes
    twin = value.twinx()
    for run, frame in data["metrics"].groupby("run", sort=False):
        twin.plot(frame["week"], frame["cumulative_value"], alpha=0.35, lw=3, **_color(styles[run]))
    twin.set_ylabel("cumulative value (thick, faint)")
    # Leadership support (mean over owners) on its own 0-1 scale beside the contests.
    support = politics.twinx()
    for run, frame in data["metrics"].groupby("run", sort=False):
        support.plot(frame["week"], frame["mean_support"], lw=2.5, alpha=0.5, **_color(styles[run]))
    support.set(ylim=(0, 1), ylabel="leadership support (thick, faint)")
    for name, frame in data["delivery"].items():
        delivery.scatter(
            frame["influence"], frame["share"], s=18, label=name, alpha=0.7, **_color(styles[name])
        )
    for ax, title in zip(axes, CHARTS, strict=True):
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
        if data["switched_at"] is not None and ax is not delivery:
            week = data["switched_at"] - 0.5  # between the last old and the first new week
            _mark_switch(ax, week / QUARTER + 0.5 if ax is shipped else week, data["switch_to"])
    shipped.set_xlabel("quarter")
    for ax in (value, backlog, shares, politics):
        ax.set_xlabel("week")
    shares.yaxis.set_major_formatter(PercentFormatter(1.0))
    delivery.set(xlabel="stakeholder influence", ylabel="share of delivered initiatives")
    for ax in axes:
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=6, loc="upper left")


def _color(style: dict) -> dict:
    return {"color": style["color"]}


def _draw_run(axes, run: str, frame, style: dict) -> None:
    """One organization's lines on the first five charts."""
    shipped, value, backlog, shares, politics, _ = axes
    dotted = {**style, "ls": ":"}
    # Complete quarters only: a partial one would look like a drop in throughput.
    per_quarter = quarterly_sums(frame["shipped"].to_numpy())
    shipped.plot(np.arange(1, per_quarter.size + 1), per_quarter, marker="o", label=run, **style)
    week = frame["week"]
    value.plot(week, frame["value_rate"], label=f"{run}: per week", **style)
    backlog.plot(week, frame["backlog_size"], label=run, **style)
    for column, width in (("zombie_share", 2.0), ("misaligned_share", 1.0)):
        smooth = frame[column].rolling(8, min_periods=1).mean()
        shares.plot(week, smooth, lw=width, label=f"{column.split('_')[0]}, {run}", **style)
    maintenance = frame["maintenance_load"] / frame["capacity"]
    shares.plot(week, maintenance, lw=0.8, label=f"maintenance, {run}", **dotted)
    politics.plot(week, frame["pushes"].cumsum(), lw=0.8, label=f"pushes, {run}", **style)
    politics.plot(week, frame["escalations"].cumsum(), label=f"escalations, {run}", **style)
    politics.plot(week, frame["reversals"].cumsum(), lw=0.8, label=f"reversals, {run}", **dotted)


def _mark_switch(ax, x: float, preset: str) -> None:
    """A vertical line where the organization switched governance, with its label."""
    ax.axvline(x, color="black", lw=1)
    ax.annotate(
        f"switch to {preset}",
        (x, 0.95),
        xycoords=("data", "axes fraction"),
        fontsize=7,
        rotation=90,
        va="top",
    )
