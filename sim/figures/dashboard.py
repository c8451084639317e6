"""The workshop dashboard's six charts, drawn from a ``Workshop.snapshot`` (main and baseline)."""

from __future__ import annotations

import io
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from sim.engine.periods import QUARTER, quarterly_sums

#: The smallest text of the charts, in points: at the dashboard's size and resolution it is
#: at least 14 pixels on a 1280x720 screen (a projector), as tests/test_dashboard_e2e.py measures.
SMALLEST_TEXT = 12
#: The dashboard's picture: two charts a row, as wide as the page's chart area at 1280x720.
SIZE, DPI = (9.5, 11.5), 90
_TEXT = {
    "font.size": SMALLEST_TEXT,
    "axes.titlesize": 14,
    "axes.labelsize": SMALLEST_TEXT,
    "xtick.labelsize": SMALLEST_TEXT,
    "ytick.labelsize": SMALLEST_TEXT,
    "legend.fontsize": SMALLEST_TEXT,
    "figure.titlesize": 15,
}


def charts_figure(data: dict[str, Any], size: tuple[float, float] = SIZE, dpi: int = DPI):
    """The six charts of a workshop snapshot on one figure (three rows of two)."""
    with plt.rc_context(_TEXT):
        fig = plt.figure(figsize=size, dpi=dpi, layout="constrained")
        axes = fig.subplots(3, 2)
        draw_charts(data, axes.ravel())
    return fig


def charts_png(data: dict[str, Any], dpi: int = DPI, size: tuple[float, float] = SIZE) -> bytes:
    """All charts of a workshop snapshot on one PNG (the dashboard's picture and download)."""
    fig = charts_figure(data, size, dpi)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


CHARTS = (
    "Initiatives shipped per quarter",
    "Value per week and cumulative value",
    "Backlog size",
    "Share of capacity",
    "Contests and leadership support",
    "Who gets their work delivered",
)


def draw_charts(data: dict[str, Any], axes) -> None:
    """Draw the six dashboard charts (from ``Workshop.snapshot``) on six axes.

    Each organization in its governance's colour (``data["colours"]``), the main one solid, the
    baseline dashed (one legend above the charts says which is which); the switch is marked.
    """
    runs = data["runs"]
    styles = {runs[0]: dict(color=data["colours"][runs[0]], ls="-")}
    if len(runs) > 1:
        styles[runs[1]] = dict(color=data["colours"][runs[1]], ls="--")
    for run, frame in data["metrics"].groupby("run", sort=False):
        _draw_run(axes, frame, styles[run])
    shipped, value, backlog, shares, politics, delivery = axes
    twin = value.twinx()
    for run, frame in data["metrics"].groupby("run", sort=False):
        twin.plot(frame["week"], frame["cumulative_value"], alpha=0.35, lw=3, **_color(styles[run]))
    twin.set_ylabel("cumulative (thick)")
    value.set_ylabel("per week")
    # Leadership support (mean over owners) on its own 0-1 scale beside the contests.
    support = politics.twinx()
    for run, frame in data["metrics"].groupby("run", sort=False):
        support.plot(frame["week"], frame["mean_support"], lw=2.5, alpha=0.5, **_color(styles[run]))
    support.set(ylim=(0, 1), ylabel="support (thick)")
    for name, frame in data["delivery"].items():
        delivery.scatter(
            frame["influence"], frame["share"], s=18, alpha=0.7, **_color(styles[name])
        )
    for ax, title in zip(axes, CHARTS, strict=True):
        ax.set_title(title)
        ax.grid(alpha=0.3)
        if data["switched_at"] is not None and ax is not delivery:
            week = data["switched_at"] - 0.5  # between the last old and the first new week
            _mark_switch(ax, week / QUARTER + 0.5 if ax is shipped else week, data["switch_to"])
    shipped.set_xlabel("quarter")
    for ax in (value, backlog, shares, politics):
        ax.set_xlabel("week")
    shares.yaxis.set_major_formatter(PercentFormatter(1.0))
    delivery.set(xlabel="stakeholder influence", ylabel="share delivered")
    _line_key(shares, [("zombies", 2.0, "-"), ("misaligned", 1.0, "-"), ("maintenance", 0.8, ":")])
    _line_key(politics, [("pushes", 0.8, "-"), ("escalations", 1.5, "-"), ("reversals", 0.8, ":")])
    organizations = [Line2D([], [], lw=2, label=run, **styles[run]) for run in runs]
    # The title heads the legend that says which organization is which.
    legend = axes[0].figure.legend(
        handles=organizations, loc="outside upper center", ncol=1, title=data["title"]
    )
    legend.get_title().set_fontsize(15)


def _line_key(ax, entries: list[tuple[str, float, str]]) -> None:
    """A key of line widths and styles (label, width, style) in grey: colour says the
    organization, the line says the series."""
    handles = [Line2D([], [], lw=lw, ls=ls, color="0.35", label=label) for label, lw, ls in entries]
    ax.legend(handles=handles, loc="upper left")


def _color(style: dict) -> dict:
    return {"color": style["color"]}


def _draw_run(axes, frame, style: dict) -> None:
    """One organization's lines on the first five charts (its colour says which it is)."""
    shipped, value, backlog, shares, politics, _ = axes
    dotted = {**style, "ls": ":"}
    # Complete quarters only: a partial one would look like a drop in throughput.
    per_quarter = quarterly_sums(frame["shipped"].to_numpy())
    shipped.plot(np.arange(1, per_quarter.size + 1), per_quarter, marker="o", **style)
    week = frame["week"]
    value.plot(week, frame["value_rate"], **style)
    backlog.plot(week, frame["backlog_size"], **style)
    for column, width in (("zombie_share", 2.0), ("misaligned_share", 1.0)):
        smooth = frame[column].rolling(8, min_periods=1).mean()
        shares.plot(week, smooth, lw=width, **style)
    maintenance = frame["maintenance_load"] / frame["capacity"]
    shares.plot(week, maintenance, lw=0.8, **dotted)
    politics.plot(week, frame["pushes"].cumsum(), lw=0.8, **style)
    politics.plot(week, frame["escalations"].cumsum(), lw=1.5, **style)
    politics.plot(week, frame["reversals"].cumsum(), lw=0.8, **dotted)


def _mark_switch(ax, x: float, preset: str) -> None:
    """A vertical line where the organization switched governance, labelled inside the chart
    (left out of the layout: a long label must not squeeze the charts)."""
    ax.axvline(x, color="black", lw=1)
    label = ax.annotate(
        "switch",
        (x, 0.97),
        xycoords=("data", "axes fraction"),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize=SMALLEST_TEXT,
        va="top",
    )
    label.set_in_layout(False)
