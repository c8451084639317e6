"""Likelihood-free inference from the reference table: ABC random forests.

Model choice follows Pudlo et al. (2016, "Reliable ABC model choice via random forests"): a
classification forest trained on the table names the family (MAP); the posterior probability of
that call is one minus a regression forest's estimate of the chance of a wrong call, trained on
the classifier's out-of-bag errors. Pudlo et al. give no probability for the other families; the
report gives them from a probability forest (a regression forest of each family's indicator on
the signals, whose conditional mean is that family's posterior probability; Malley et al. 2012),
a different estimator that can differ from the MAP's by a few points. Its range over forests fitted
to the table and to bootstrap resamples of it shows only the Monte Carlo error of a finite
table, not the uncertainty of the data (the call on each half of the window shows that). Votes
are never read as probabilities.

Parameters follow Raynal et al. (2019, "ABC random forests for Bayesian parameter inference"):
a quantile regression forest (the quantile-forest package) per parameter gives the posterior
quantiles; its weights over the table's rows give posterior draws. A parameter whose 80%
posterior interval is at least ``PRIOR_LIKE`` of its prior's is reported as not informed.

Forests are fitted on every core but predict on one: summing trees in thread order would make
the last digits depend on the machine.
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
#: A signal the export cannot show (no kills, so no kill age): below every real value (shares
#: and ages are at least 0, rank correlations at least -1).
NONE_SHOWN = -2.0


def features(table: pd.DataFrame, part: str = "whole") -> np.ndarray:
    """The signals of one part of the window ("whole", "first", "second")."""
    return table[[f"{part}.{f}" for f in FEATURES]].fillna(NONE_SHOWN).to_numpy(dtype=float)


def observed(signature: dict) -> np.ndarray:
    """An export's signature as one row of ``features``."""
    row = pd.Series(signature, dtype=float).reindex(list(FEATURES))
    return row.fillna(NONE_SHOWN).to_numpy(dtype=float)[None, :]


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
        _one_core(self.classifier)
        oob = self.classifier.classes_[np.argmax(self.classifier.oob_decision_function_, axis=1)]
        wrong = (oob != y).astype(float)
        self.error = RandomForestRegressor(
            n_estimators=TREES, random_state=seed + 1, min_samples_leaf=5, n_jobs=-1
        ).fit(x, wrong)
        _one_core(self.error)
        onehot = (y[:, None] == np.array(self.families)[None, :]).astype(float)
        rng = np.random.default_rng(seed)
        self.indicator = []
        for b in range(RESAMPLES):
            rows = rng.integers(0, len(y), len(y)) if b else np.arange(len(y))
            forest = RandomForestRegressor(
                n_estimators=TREES // 2, random_state=seed + 2 + b, min_samples_leaf=5, n_jobs=-1
            )
            self.indicator.append(_one_core(forest.fit(x[rows], onehot[rows])))
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
            name: _one_core(
                RandomForestQuantileRegressor(
                    n_estimators=TREES, random_state=seed + i, min_samples_leaf=5, n_jobs=-1
                ).fit(signals, theta)
            )
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


def _one_core(model):
    """A fitted forest that predicts on one core (see the module docstring)."""
    model.set_params(n_jobs=1)
    return model


def posterior_draws(
    table: pd.DataFrame,
    call: FamilyCall,
    posteriors: dict[str, ParameterPosterior],
    n: int,
    seed: int,
) -> pd.DataFrame:
    """``n`` joint posterior draws for the what-ifs: a family drawn by its posterior probability,
    then a row of that family drawn by the forests' weights (averaged over the parameters the
    export informs; all parameters when it informs none), its settings and nuisances taken
    whole. Each draw gets a fresh simulation seed, so that runs at the draws are new evidence,
    not the reference runs that were chosen for looking like the export."""
    rng = np.random.default_rng([seed, 3])
    informed = [p for p in posteriors.values() if p.informed] or list(posteriors.values())
    weights = np.mean([p.weights for p in informed], axis=0)
    names = list(call.probabilities)
    p_family = np.array([call.probabilities[f] for f in names])
    rows = []
    for _ in range(n):
        family = names[rng.choice(len(names), p=p_family / p_family.sum())]
        inside = (table["family"] == family).to_numpy()
        w = np.where(inside, weights, 0.0)
        w = w if w.sum() > 0 else inside.astype(float)
        rows.append(int(rng.choice(len(table), p=w / w.sum())))
    draws = table.iloc[rows].reset_index(drop=True)
    draws["reference_row"] = rows
    draws["posterior_row"] = range(n)
    draws["seed"] = [
        int(np.random.SeedSequence([seed, i, 2]).generate_state(1)[0] % (2**31 - 1))
        for i in range(n)
    ]
    draws["draw"] = draws["posterior_row"]  # simulation files are named by it
    return draws
