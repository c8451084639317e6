"""Does the export look like anything the model produces? Prior and posterior predictive checks.

Per signal: where the export's value falls among the simulated exports' (a two-sided tail share:
0 means beyond every simulation). As a whole: the export's distance to its nearest simulated
exports (signals scaled by their spread in the table) against the same distance for each
simulated export to its own nearest others; the share of simulations that are at least as far
out is the export's p-value as an outlier. An export beyond ``TAIL`` on any signal, or with an
outlier p-value under ``OUTLIER_P``, lies outside what the model produces: then no family is
named (a call would only say which wrong answer is least wrong).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.calibration.signature import FEATURES

TAIL = 0.005
OUTLIER_P = 0.01
NEIGHBOURS = 10


def tails(simulated: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Per signal, the two-sided share of simulations at or beyond the export's value."""
    below = (simulated < x).mean(axis=0)
    equal = (simulated == x).mean(axis=0)
    share = below + equal / 2
    return 2 * np.minimum(share, 1 - share)


def outlier_p(simulated: np.ndarray, x: np.ndarray, k: int = NEIGHBOURS) -> float:
    """The share of simulations at least as far from their k nearest others as the export is."""
    from sklearn.neighbors import NearestNeighbors

    scale = _scale(simulated)
    z, zx = simulated / scale, x / scale
    k = min(k, len(z) - 1)
    index = NearestNeighbors(n_neighbors=k + 1).fit(z)
    own = index.kneighbors(z)[0][:, k]  # the first neighbour is the row itself
    export = index.kneighbors(zx, n_neighbors=k)[0][0, k - 1]
    return float((own >= export).mean())


def fits_each(simulated: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """``check``'s verdict for many exports at once (the calibration's false-misfit rate)."""
    from sklearn.neighbors import NearestNeighbors

    scale = _scale(simulated)
    k = min(NEIGHBOURS, len(simulated) - 1)
    index = NearestNeighbors(n_neighbors=k + 1).fit(simulated / scale)
    own = np.sort(index.kneighbors(simulated / scale)[0][:, k])
    export = index.kneighbors(xs / scale, n_neighbors=k)[0][:, k - 1]
    p = 1.0 - np.searchsorted(own, export, side="left") / len(own)
    inside = np.array([(tails(simulated, x[None, :]) >= TAIL).all() for x in xs])
    return inside & (p >= OUTLIER_P)


def _scale(simulated: np.ndarray) -> np.ndarray:
    """Each signal's spread in the table (10-90%, or its sd when that is zero)."""
    scale = np.subtract(*np.percentile(simulated, [90, 10], axis=0))
    return np.where(scale > 1e-9, scale, simulated.std(axis=0) + 1e-9)


def check(simulated: np.ndarray, x: np.ndarray, signature: dict) -> dict:
    """The prior predictive check: per-signal tails, the outlier p-value, and the verdict."""
    share = tails(simulated, x)
    p = outlier_p(simulated, x)
    low, high = np.percentile(simulated, [1, 99], axis=0)
    rows = pd.DataFrame(
        {
            "signal": list(FEATURES),
            "export": [signature.get(f, np.nan) for f in FEATURES],
            "model_1%": low,
            "model_99%": high,
            "tail_share": share,
            "outside": share < TAIL,
        }
    )
    outside = rows[rows["outside"]]
    return {
        "table": rows,
        "outlier_p": p,
        "fits": bool(outside.empty and p >= OUTLIER_P),
        "words": words(outside, p),
    }


def words(outside: pd.DataFrame, p: float) -> str:
    """The verdict in a sentence."""
    parts = [
        f"{r.signal} is {_value(r.export)} where the model's runs give {r[2]:.3g} to {r[3]:.3g}"
        for r in outside.itertuples(index=False)
    ]
    if p < OUTLIER_P:
        parts.append(
            f"the signals together are further from every simulated export than {1 - p:.1%} of "
            "the simulations are from theirs"
        )
    if not parts:
        return (
            f"the export lies inside what the model produces (outlier p-value {p:.2f}; no "
            f"signal beyond {TAIL:.1%} of the simulations)"
        )
    return "outside what this model produces: " + "; ".join(parts)


def _value(value: float) -> str:
    return "not shown" if not np.isfinite(value) else f"{value:.3g}"


def predictive(simulated: np.ndarray, x: np.ndarray) -> pd.DataFrame:
    """The posterior predictive check per signal: the export against runs at posterior draws."""
    low, high = np.percentile(simulated, [10, 90], axis=0)
    return pd.DataFrame(
        {
            "signal": list(FEATURES),
            "posterior_10%": low,
            "posterior_90%": high,
            "tail_share": tails(simulated, x),
        }
    )
