"""Likelihood-free inference from the reference table: ABC random forests.

Model choice follows Pudlo et al. (2016, "Reliable ABC model choice via random forests"): a
classification forest trained on the table names the family (MAP); the posterior probability of
that call is one minus a regression forest's estimate of the chance of a wrong call, trained on
the classifier's out-of-bag errors. Every family's probability comes from the same principle, a
regression forest of each family's indicator on the signals (its conditional mean is the
family's posterior probability); their range across forests fitted to the table and to bootstrap
resamples of it is the Monte Carlo uncertainty of a finite table. Votes are never read as
probabilities.

Parameters follow Raynal et al. (2019, "ABC random forests for Bayesian parameter inference"):
a quantile regression forest (the quantile-forest package) per parameter gives the posterior
quantiles; its weights over the table's rows give posterior draws. A parameter whose 80%
posterior interval is nearly as wide as its prior's is reported as not informed by the export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.calibration.signature import FEATURES
from sim.diagnosis.families import FAMILIES, PARAMETERS

#: A posterior 80% interval at least this share of the prior's is "prior-like".
PRIOR_LIKE = 0.75
TREES = 300
RESAMPLES = 5


def features(table: pd.DataFrame, part: str = "whole") -> np.ndarray:
    """The signals of one part of the window ("whole", "first", "second"); none shown is -1."""
    return table[[f"{part}.{f}" for f in FEATURES]].fillna(-1.0).to_numpy(dtype=float)


def observed(signature: dict) -> np.ndarray:
    """An export's signature as one row of ``features``."""
    row = pd.Series(signature, dtype=float).reindex(list(FEATURES))
    return row.fillna(-1.0).to_numpy(dtype=float)[None, :]


@dataclass
class FamilyCall:
    """The family posterior for one export."""

    map_family: str
    map_probability: float  # Pudlo et al.'s posterior probability of the MAP call
    probabilities: dict[str, float]  # every family's, from the indicator regression
    low: dict[str, float]  # lowest over the table's resamples (the full table among them)
    high: dict[str, float]  # highest

    def ranked(self) -> list[tuple[str, float]]:
        return sorted(self.probabilities.items(), key=lambda kv: -kv[1])


class FamilyModel:
    """Forests trained once on a table, then asked about any number of exports."""

    def __init__(self, table: pd.DataFrame, part: str = "whole", seed: int = 0):
        from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

        x, y = features(table, part), table["family"].to_numpy()
        self.families = list(FAMILIES)
        self.classifier = RandomForestClassifier(
            n_estimators=TREES, oob_score=True, random_state=seed, min_samples_leaf=2, n_jobs=-1
        ).fit(x, y)
        oob = self.classifier.classes_[np.argmax(self.classifier.oob_decision_function_, axis=1)]
        wrong = (oob != y).astype(float)
        self.error = RandomForestRegressor(
            n_estimators=TREES, random_state=seed + 1, min_samples_leaf=5, n_jobs=-1
        ).fit(x, wrong)
        onehot = (y[:, None] == np.array(self.families)[None, :]).astype(float)
        rng = np.random.default_rng(seed)
        self.indicator = []
        for b in range(RESAMPLES):
            rows = rng.integers(0, len(y), len(y)) if b else np.arange(len(y))
            self.indicator.append(
                RandomForestRegressor(
                    n_estimators=TREES // 2,
                    random_state=seed + 2 + b,
                    min_samples_leaf=5,
                    n_jobs=-1,
                ).fit(x[rows], onehot[rows])
            )
        self.oob_error = float(wrong.mean())

    def call(self, x: np.ndarray) -> FamilyCall:
        """The family posterior at one row of signals."""
        return self.calls(x)[0]

    def calls(self, x: np.ndarray) -> list[FamilyCall]:
        """The family posterior at each row of signals."""
        best = self.classifier.predict(x)
        p_best = np.clip(1.0 - self.error.predict(x), 0.0, 1.0)
        runs = np.array([model.predict(x) for model in self.indicator])  # resample, row, family
        runs = runs / runs.sum(axis=2, keepdims=True)
        low, high = runs.min(axis=0), runs.max(axis=0)
        names = self.families
        return [
            FamilyCall(
                map_family=str(best[i]),
                map_probability=float(p_best[i]),
                probabilities={n: float(p) for n, p in zip(names, runs[0, i], strict=True)},
                low={n: float(p) for n, p in zip(names, low[i], strict=True)},
                high={n: float(p) for n, p in zip(names, high[i], strict=True)},
            )
            for i in range(len(x))
        ]


@dataclass
class ParameterPosterior:
    name: str
    prior: tuple[float, float, float]  # 10%, 50%, 90% of the table's prior draws
    posterior: tuple[float, float, float]
    weights: np.ndarray  # over the table's rows

    @property
    def informed(self) -> bool:
        width = self.prior[2] - self.prior[0]
        return width <= 0 or (self.posterior[2] - self.posterior[0]) < PRIOR_LIKE * width


class ParameterModel:
    """A quantile regression forest per parameter, trained once on a table."""

    def __init__(self, table: pd.DataFrame, part: str = "whole", seed: int = 0):
        from quantile_forest import RandomForestQuantileRegressor

        signals = features(table, part)
        self.thetas = {name: table[name].to_numpy(dtype=float) for name in PARAMETERS}
        self.forests = {
            name: RandomForestQuantileRegressor(
                n_estimators=TREES, random_state=seed + i, min_samples_leaf=5, n_jobs=-1
            ).fit(signals, theta)
            for i, (name, theta) in enumerate(self.thetas.items())
        }

    def intervals(self, name: str, x: np.ndarray) -> np.ndarray:
        """One parameter's posterior 10/50/90% at each row of signals (rows x 3)."""
        return self.forests[name].predict(x, quantiles=[0.1, 0.5, 0.9])

    def posteriors(self, x: np.ndarray) -> dict[str, ParameterPosterior]:
        """Each parameter's posterior 10/50/90% beside its prior's, at one row of signals."""
        out = {}
        for name, forest in self.forests.items():
            theta = self.thetas[name]
            quantiles = forest.predict(x, quantiles=[0.1, 0.5, 0.9])[0]
            weights = np.zeros(len(theta))
            for row, count in forest.proximity_counts(x)[0]:
                weights[row] += count
            out[name] = ParameterPosterior(
                name,
                tuple(float(q) for q in np.percentile(theta, [10, 50, 90])),
                tuple(float(q) for q in quantiles),
                weights / weights.sum(),
            )
        return out


def posterior_draws(
    table: pd.DataFrame, posteriors: dict[str, ParameterPosterior], n: int, seed: int
) -> pd.DataFrame:
    """``n`` rows of the table drawn by the forests' weights (averaged over the parameters):
    joint posterior draws of family, parameters and nuisances for the what-ifs."""
    weights = np.mean([p.weights for p in posteriors.values()], axis=0)
    rows = np.random.default_rng(seed).choice(len(table), size=n, p=weights / weights.sum())
    return table.iloc[rows].reset_index(drop=True)
