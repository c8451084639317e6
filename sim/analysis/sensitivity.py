"""Global sensitivity analysis: ``python -m sim.sensitivity analysis=sobol|morris [key=value ...]``.

Samples the declared parameters with SALib (Sobol': Saltelli's scheme with N a power of two,
first-order and total indices with 95% intervals; Morris: elementary effects, mu* and sigma),
evaluates every sample point through the grid API (warm worker processes, ``replications`` per
point, outcome = mean over replications), and writes to ``outputs/analysis/<name>/``:
``samples.csv``, ``evaluations_<key>.parquet`` (the cache, exact floats), ``indices.csv`` and
one ranked bar chart per outcome. Evaluations are saved as they finish: an interrupted run
started again reuses them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.problems import Problem, load, output_folder
from sim.cli.arguments import command
from sim.outputs import atomic_write
from sim.timing import estimate_line, seconds_per_run

Evaluator = Callable[[list[dict]], np.ndarray]  # points -> (len(points), outcomes) array


def _salib_seed(problem: Problem) -> int:
    # SALib treats a seed of 0 as "no seed" (unreproducible), so shift it by one.
    return problem.seed + 1


def sample(problem: Problem) -> np.ndarray:
    """The sample matrix (rows are points, columns parameters); the same for the same seed."""
    if problem.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(
            problem.salib(), problem.samples, calc_second_order=False, seed=_salib_seed(problem)
        )
    from SALib.sample import morris

    return morris.sample(problem.salib(), problem.samples, num_levels=4, seed=_salib_seed(problem))


def model_evaluator(problem: Problem) -> Evaluator:
    """Evaluate points with the simulation (mean of each outcome over replications)."""
    from sim.batch import GridRunner

    runner = GridRunner(problem.workers)

    def evaluate(points: list[dict]) -> np.ndarray:
        table = runner.run(
            points,
            replications=problem.replications,
            preset=problem.preset,
            ticks=problem.ticks,
            seed=problem.seed,
        )
        failed = table[table["status"] != "done"]
        if len(failed):
            raise RuntimeError(f"evaluation failed: {failed['error'].iloc[0]}")
        return table.groupby("point")[problem.outcomes].mean().to_numpy()

    evaluate.close = runner.close  # type: ignore[attr-defined]
    return evaluate


def _settings_key(problem: Problem) -> str:
    settings = {
        k: getattr(problem, k)
        for k in ("method", "samples", "replications", "ticks", "seed", "preset", "outcomes")
    }
    settings["parameters"] = [p.__dict__ for p in problem.parameters]
    return hashlib.sha1(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:10]


def time_estimate(problem: Problem, points: int) -> str:
    """One line before the evaluations start: about how long, from timing one run here, and how
    to make it smaller."""
    import os

    per_run = seconds_per_run(problem.preset, ticks=problem.ticks)
    workers = problem.workers or os.cpu_count() or 1
    smaller = max(problem.samples // 4, 4)
    return estimate_line(
        f"{problem.name}: {points} points x {problem.replications} replications of "
        f"{problem.ticks} weeks",
        points * problem.replications,
        per_run,
        workers,
        f"samples={smaller} for a rougher look in a quarter of it",
    )


def evaluate_all(
    problem: Problem,
    X: np.ndarray,
    out: Path,
    evaluate: Evaluator,
    chunk: int | None = None,
    progress: bool = True,
) -> np.ndarray:
    """Outcomes for every row of X, reusing and extending the cache in ``out``.

    Points are evaluated in chunks (default: a twentieth of the work, at least 16), and the
    cache is rewritten after each chunk, so an interruption loses at most one chunk.
    """
    cache_path = out / f"evaluations_{_settings_key(problem)}.parquet"
    columns = [f"x{i}" for i in range(X.shape[1])]
    cache = (
        pd.read_parquet(cache_path)
        if cache_path.is_file()
        else pd.DataFrame(columns=["row", *columns, *problem.outcomes])
    )
    # A cached row counts only if it is the same point (the sample is reproducible, but check).
    rows = cache["row"].astype(int).to_numpy()
    same = [
        r < len(X) and np.array_equal(X[r], x)
        for r, x in zip(rows, cache[columns].to_numpy(), strict=True)
    ]
    cache = cache.loc[np.array(same, dtype=bool)]
    done = dict(zip(cache["row"].astype(int), cache[problem.outcomes].to_numpy(), strict=True))
    todo = [i for i in range(len(X)) if i not in done]
    if todo and progress:
        print(time_estimate(problem, len(todo)))
    chunk = chunk or max(16, len(todo) // 20)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(
            total=len(X),
            initial=len(X) - len(todo),
            unit="point",
            desc=f"{problem.name}: evaluations",
            smoothing=0,
        )
    for start in range(0, len(todo), chunk):
        rows = todo[start : start + chunk]
        values = evaluate([problem.point(X[i]) for i in rows])
        new = pd.DataFrame(X[rows], columns=columns)
        new.insert(0, "row", rows)
        new[problem.outcomes] = values
        cache = new if cache.empty else pd.concat([cache, new], ignore_index=True)
        atomic_write(cache_path, lambda tmp, frame=cache: frame.to_parquet(tmp, index=False))
        done.update(zip(rows, values, strict=True))
        if bar is not None:
            bar.update(len(rows))
    if bar is not None:
        bar.close()
    return np.array([done[i] for i in range(len(X))], dtype=float)


def analyze(problem: Problem, X: np.ndarray, Y: np.ndarray) -> pd.DataFrame:
    """Indices per parameter and outcome, with 95% intervals."""
    rows = []
    for j, outcome in enumerate(problem.outcomes):
        y = Y[:, j]
        if problem.method == "sobol":
            from SALib.analyze import sobol

            result = sobol.analyze(
                problem.salib(),
                y,
                calc_second_order=False,
                conf_level=0.95,
                seed=_salib_seed(problem),
            )
            for i, name in enumerate(problem.names):
                rows.append(
                    {
                        "outcome": outcome,
                        "parameter": name,
                        "role": problem.parameters[i].role,
                        "S1": result["S1"][i],
                        "S1_conf": result["S1_conf"][i],
                        "ST": result["ST"][i],
                        "ST_conf": result["ST_conf"][i],
                    }
                )
        else:
            from SALib.analyze import morris

            result = morris.analyze(
                problem.salib(), X, y, conf_level=0.95, num_levels=4, seed=_salib_seed(problem)
            )
            for i, name in enumerate(problem.names):
                rows.append(
                    {
                        "outcome": outcome,
                        "parameter": name,
                        "role": problem.parameters[i].role,
                        "mu_star": result["mu_star"][i],
                        "mu_star_conf": result["mu_star_conf"][i],
                        "sigma": result["sigma"][i],
                    }
                )
    return pd.DataFrame(rows)


def ranking(indices: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Parameters of one outcome, most influential first (ST for Sobol', mu* for Morris)."""
    key = "ST" if "ST" in indices else "mu_star"
    return indices[indices["outcome"] == outcome].sort_values(key, ascending=False)


def run(
    problem: Problem,
    out: Path | None = None,
    evaluate: Evaluator | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Sample, evaluate (with the cache), analyze, write; return the indices."""
    out = Path(out or output_folder(None, problem.name))
    out.mkdir(parents=True, exist_ok=True)
    X = sample(problem)
    pd.DataFrame(X, columns=problem.names).to_csv(out / "samples.csv", index=False)
    own = evaluate is None
    evaluate = evaluate or model_evaluator(problem)
    try:
        Y = evaluate_all(problem, X, out, evaluate, progress=progress)
    finally:
        if own:
            evaluate.close()  # type: ignore[attr-defined]
    indices = analyze(problem, X, Y)
    atomic_write(out / "indices.csv", lambda tmp: indices.to_csv(tmp, index=False))
    from sim.figures.sensitivity import indices_figures

    indices_figures(problem, indices, out)
    return indices


def index_warnings(indices: pd.DataFrame, outcome: str, samples: int) -> list[str]:
    """What the Sobol' indices of one outcome cannot carry at this sample size, in words: a
    total index above 1 or below 0 beyond its 95% bootstrap interval (sampling error, not an
    effect), and a top ranking whose intervals overlap (the order is not settled)."""
    ranked = ranking(indices, outcome)
    if "ST" not in ranked:
        return []
    lines = []
    more = f"raise samples= above {samples} (a power of two)"
    for row in ranked.itertuples(index=False):
        if row.ST - row.ST_conf > 1 or row.ST + row.ST_conf < 0:
            lines.append(
                f"{outcome}: {row.parameter}'s total index {row.ST:.2f} (+-{row.ST_conf:.2f}) is "
                f"outside 0-1: sampling error at {samples} samples; {more}"
            )
    if len(ranked) >= 2:
        first, second = ranked.iloc[0], ranked.iloc[1]
        if first["ST"] - first["ST_conf"] <= second["ST"] + second["ST_conf"]:
            lines.append(
                f"{outcome}: {first['parameter']} and {second['parameter']} cannot be ranked at "
                f"{samples} samples (their 95% intervals overlap); {more}"
            )
    return lines


@command
def main(argv: list[str]) -> int:
    """``python -m sim.sensitivity analysis=sobol|morris [out=DIR] [key=value ...]``."""
    problem, out = load(argv)
    indices = run(problem, out)
    for outcome in problem.outcomes:
        ranked = ranking(indices, outcome).head(5)
        key = "ST" if problem.method == "sobol" else "mu_star"
        top = ", ".join(
            f"{p} {v:.2f} (+-{c:.2f})"
            for p, v, c in zip(ranked["parameter"], ranked[key], ranked[f"{key}_conf"], strict=True)
        )
        print(f"{outcome}: top by {key} (95% bootstrap interval): {top}")
        for line in index_warnings(indices, outcome, problem.samples):
            print(f"warning: {line}")
    print(f"outputs: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
