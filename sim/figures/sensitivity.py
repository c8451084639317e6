"""Sensitivity figures: one ranked bar chart of indices per outcome, with 95% intervals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.figures.colours import NEUTRAL_DARK, NEUTRAL_LIGHT
from sim.outputs import atomic_write

if TYPE_CHECKING:  # a type only: the analysis draws these figures, not the reverse
    from sim.analysis.problems import Problem


def indices_figures(problem: Problem, indices: pd.DataFrame, out: Path) -> list[Path]:
    """One ranked bar chart per outcome, with the 95% intervals drawn."""
    paths = []
    for outcome in problem.outcomes:
        key = "ST" if problem.method == "sobol" else "mu_star"  # the ranking's index
        ranked = indices[indices["outcome"] == outcome].sort_values(key, ascending=False)
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(ranked) + 1.8))
        y = np.arange(len(ranked))[::-1]
        if problem.method == "sobol":
            ax.barh(
                y + 0.2,
                ranked["ST"],
                0.4,
                xerr=ranked["ST_conf"],
                label="total (ST)",
                color=NEUTRAL_DARK,
                capsize=2,
            )
            ax.barh(
                y - 0.2,
                ranked["S1"],
                0.4,
                xerr=ranked["S1_conf"],
                label="first order (S1)",
                color=NEUTRAL_LIGHT,
                capsize=2,
            )
            ax.set_xlabel("Sobol' index (95% interval)")
        else:
            ax.barh(
                y,
                ranked["mu_star"],
                0.6,
                xerr=ranked["mu_star_conf"],
                color=NEUTRAL_DARK,
                capsize=2,
                label="mu*",
            )
            ax.set_xlabel("Morris mu* (95% interval)")
        labels = [
            f"{n} ({'lever' if r == 'lever' else 'uncertain'})"
            for n, r in zip(ranked["parameter"], ranked["role"], strict=True)
        ]
        ax.set_yticks(y, labels)
        ax.legend(loc="lower right")
        ax.set_title(
            f"{problem.name}: {outcome} (N={problem.samples}, "
            f"{problem.replications} replications per point)"
        )
        fig.tight_layout()
        path = out / f"{problem.method}_{outcome}.png"
        atomic_write(path, lambda tmp, fig=fig: fig.savefig(tmp, format="png", dpi=100))
        plt.close(fig)
        paths.append(path)
    return paths
