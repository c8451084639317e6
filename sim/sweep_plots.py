"""Sweep figures, written next to the results table.

- one numeric swept parameter: each headline metric's mean with a 95% interval over replications
  (Student's t) against the parameter (``sweep_<param>.png``);
- one categorical parameter (the headline's governance presets): throughput and cumulative value
  side by side per setting (``sweep_<param>.png``);
- two parameters: a heatmap of mean cumulative value with the cell values printed
  (``heatmap_<a>_x_<b>.png``).
Every figure names the experiment and the number of replications.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from sim.outputs import atomic_write  # noqa: E402

LINE_METRICS = (
    ("cumulative_value", "cumulative value"),
    ("throughput_last_year", "shipped per quarter, last year"),
    ("zombie_capacity_share", "capacity on zombies"),
    ("waste_capacity_share", "capacity on negative-value work"),
)


def mean_ci(values: pd.Series) -> tuple[float, float]:
    """Mean and half-width of its 95% t-interval (0 with fewer than two values)."""
    values = values.dropna()
    n = len(values)
    if n == 0:
        return np.nan, np.nan
    if n < 2:
        return float(values.mean()), 0.0
    half = stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n)
    return float(values.mean()), float(half)


def _title(experiment: str | None, done: pd.DataFrame) -> str:
    reps = done.groupby("job")["replication"].count()
    rep_text = f"{reps.min()}" if len(reps) and reps.min() == reps.max() else "varying"
    return f"experiment {experiment or '(none)'}: {rep_text} replications per setting"


def _save(fig, path: Path) -> None:
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=110))
    plt.close(fig)


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def one_parameter(done: pd.DataFrame, param: str, experiment, path: Path) -> None:
    numeric = _is_numeric(done[param])
    metrics = LINE_METRICS if numeric else LINE_METRICS[1::-1]
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 4), squeeze=False)
    levels = list(dict.fromkeys(done[param]))
    if numeric:
        levels = sorted(levels)
    for ax, (metric, label) in zip(axes[0], metrics, strict=True):
        points = [mean_ci(done.loc[done[param] == level, metric]) for level in levels]
        means, halves = np.array(points).T if points else ([], [])
        if numeric:
            ax.errorbar(levels, means, yerr=halves, marker="o", capsize=3)
            ax.set_xlabel(param)
        else:
            x = np.arange(len(levels))
            ax.bar(x, means, yerr=halves, capsize=3, color="#4c72b0")
            ax.set_xticks(x, [str(v).replace("_", "\n") for v in levels], fontsize=7)
        ax.set_title(label)
        ax.grid(alpha=0.3)
    fig.suptitle(_title(experiment, done) + " (mean and 95% interval)")
    fig.tight_layout()
    _save(fig, path)


def heatmap(done: pd.DataFrame, rows: str, cols: str, experiment, path: Path) -> None:
    table = done.pivot_table(index=rows, columns=cols, values="cumulative_value", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(1.3 * len(table.columns) + 3, 0.6 * len(table.index) + 2.5))
    image = ax.imshow(table.to_numpy(), cmap="viridis", aspect="auto", origin="lower")
    ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns])
    ax.set_yticks(range(len(table.index)), [str(r) for r in table.index])
    ax.set(xlabel=cols, ylabel=rows)
    values = table.to_numpy()
    middle = np.nanmean(values) if np.isfinite(values).any() else 0
    for (i, j), value in np.ndenumerate(values):
        color = "black" if value > middle else "white"
        ax.text(j, i, f"{value:,.0f}", ha="center", va="center", fontsize=8, color=color)
    fig.colorbar(image, ax=ax, label="mean cumulative value")
    ax.set_title(_title(experiment, done), fontsize=10)
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
