"""Sweep figures, written next to the results table.

- one numeric swept parameter: each headline metric's mean with a 95% interval over replications
  (Student's t; shares clipped to [0, 1]; no interval, and a note saying so, with fewer than
  three replications) against the parameter (``sweep_<param>.png``);
- one categorical parameter (the headline's governance presets): throughput and cumulative value
  side by side per setting (``sweep_<param>.png``);
- two parameters: heatmaps of mean cumulative value and of the mean share of capacity on zombies,
  with the cell values printed (``heatmap_<a>_x_<b>.png``).
Every figure names the experiment and the number of replications.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import fill

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.config import presets, what_differs
from sim.engine.headlines import headline
from sim.figures.colours import NEUTRAL_DARK, colour_of
from sim.outputs import atomic_write

LINE_METRICS = headline(
    "cumulative_value",
    "throughput_last_year",
    "zombie_capacity_share",
    "waste_capacity_share",
)
#: Metrics that are shares of capacity: their intervals are kept within [0, 1].
SHARES = {"zombie_capacity_share", "waste_capacity_share", "misaligned_capacity_share"}
#: Fewer replications per setting than this and no interval is drawn: a t-interval from two
#: values is wider than the data's range and says nothing.
MIN_REPLICATIONS = 3


def mean_ci(values: pd.Series, share: bool = False) -> tuple[float, float, float]:
    """Mean and the low and high ends of its 95% t-interval (NaN ends when it cannot be drawn).

    An interval of a share is clipped to [0, 1]; with fewer than ``MIN_REPLICATIONS`` values
    there is no interval.
    """
    values = values.dropna()
    n = len(values)
    if n == 0:
        return np.nan, np.nan, np.nan
    mean = float(values.mean())
    if n < MIN_REPLICATIONS:
        return mean, np.nan, np.nan
    from scipy import stats  # imported only when a figure needs it (the import is slow)

    half = stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n)
    low, high = mean - half, mean + half
    if share:
        low, high = max(low, 0.0), min(high, 1.0)
    return mean, float(low), float(high)


def _title(experiment: str | None, done: pd.DataFrame) -> str:
    reps = done.groupby("job")["replication"].count()
    rep_text = f"{reps.min()}" if len(reps) and reps.min() == reps.max() else "varying"
    return f"experiment {experiment or '(none)'}: {rep_text} replications per setting"


def _fit(fig, text: str, fontsize: float) -> str:
    """The text wrapped to the figure's width (a character is about 0.55 of the font size), so
    that a long title is never clipped at the edges."""
    return fill(text, max(int(fig.get_figwidth() * 72 / (0.55 * fontsize)) - 4, 20))


def _save(fig, path: Path) -> None:
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110))
    plt.close(fig)


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _too_few(done: pd.DataFrame) -> bool:
    return done.groupby("job")["replication"].count().min() < MIN_REPLICATIONS


def one_parameter(done: pd.DataFrame, param: str, experiment, path: Path) -> None:
    """Each headline metric's mean (and 95% interval) against one swept parameter."""
    numeric = _is_numeric(done[param])
    metrics = LINE_METRICS if numeric else LINE_METRICS[1::-1]
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 4), squeeze=False)
    levels = _levels(done[param])
    for ax, metric in zip(axes[0], metrics, strict=True):
        share = metric.name in SHARES
        points = [mean_ci(done.loc[done[param] == lvl, metric.name], share) for lvl in levels]
        means, lows, highs = np.array(points).reshape(-1, 3).T
        # Error bars are distances from the mean; NaN (no interval) draws none.
        yerr = np.vstack([means - lows, highs - means])
        if numeric:
            ax.errorbar(levels, means, yerr=yerr, marker="o", capsize=3, color=NEUTRAL_DARK)
            ax.set_xlabel(param)
        else:
            x = np.arange(len(levels))
            # Presets in their governance's colour, as in every other figure; other levels in a
            # grey no governance uses.
            colours = [colour_of(str(v)) if param == "governance" else NEUTRAL_DARK for v in levels]
            ax.bar(x, means, yerr=yerr, capsize=3, color=colours)
            ax.set_xticks(x, [str(v).replace("_", "\n") for v in levels], fontsize=7)
        ax.set_title(metric.label)
        ax.grid(alpha=0.3)
    if _too_few(done):
        note = f" (mean; too few replications for an interval, fewer than {MIN_REPLICATIONS})"
    else:
        note = " (mean and 95% interval)"
    title = _fit(fig, _title(experiment, done) + note, 10)
    if param == "governance" and set(map(str, levels)) <= set(presets()):
        # Say what the compared presets differ in (and what they share, such as skill).
        title += "\n" + _fit(fig, "presets " + what_differs([str(v) for v in levels]), 10)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    _save(fig, path)


HEATMAP_METRICS = headline("cumulative_value", "zombie_capacity_share")


def _levels(series: pd.Series) -> list:
    """Levels in sweep order for names (never, lenient, ...), sorted for numbers."""
    levels = list(dict.fromkeys(series))
    return sorted(levels) if _is_numeric(series) else levels


def heatmap(done: pd.DataFrame, rows: str, cols: str, experiment, path: Path) -> None:
    """Mean cumulative value (and zombie share) over a two-parameter grid, values printed."""
    row_levels, col_levels = _levels(done[rows]), _levels(done[cols])
    width = 1.2 * len(col_levels) + 2.5
    fig, axes = plt.subplots(1, 2, figsize=(2 * width, 0.55 * len(row_levels) + 2.8))
    for ax, metric in zip(axes, HEATMAP_METRICS, strict=True):
        label = f"mean {metric.label}"
        table = done.pivot_table(index=rows, columns=cols, values=metric.name, aggfunc="mean")
        table = table.reindex(index=row_levels, columns=col_levels)
        values = table.to_numpy(dtype=float)
        image = ax.imshow(values, cmap="viridis", aspect="auto", origin="lower")
        ax.set_xticks(range(len(col_levels)), [str(c) for c in col_levels])
        ax.set_yticks(range(len(row_levels)), [str(r) for r in row_levels])
        ax.set(xlabel=cols, ylabel=rows, title=label)
        middle = np.nanmean(values) if np.isfinite(values).any() else 0
        for (i, j), value in np.ndenumerate(values):
            color = "black" if value > middle else "white"
            ax.text(j, i, metric.format(value), ha="center", va="center", fontsize=8, color=color)
        fig.colorbar(image, ax=ax, label=label)
    fig.suptitle(_title(experiment, done))
    fig.tight_layout()
    _save(fig, path)


def sweep_figures(results: pd.DataFrame, params: list[str], experiment, out: Path) -> list[Path]:
    """Write the figures that fit the sweep's shape; return their paths."""
    done = results[results["status"] == "done"]
    if done.empty or not params:
        return []
    out = Path(out)
    if len(params) == 1:
        path = out / f"sweep_{params[0]}.png"
        one_parameter(done, params[0], experiment, path)
        return [path]
    if len(params) == 2:
        a, b = params
        path = out / f"heatmap_{a}_x_{b}.png"
        heatmap(done, a, b, experiment, path)
        return [path]
    return []
