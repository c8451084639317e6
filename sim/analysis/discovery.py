"""Scenario discovery: ``python -m sim.discover [worlds=200 factor=2 ...]``.

Where does governance work? Draws uncertain worlds with a Latin hypercube over the uncertainties
of ``configs/analysis/discover.yaml``, runs the policy preset (default empowered_product_owner)
and the baseline (default ticket_coordinator) in each world with the same seed (so they face the
same requests), marks the worlds where the policy earns at least ``factor`` times the baseline's
cumulative value (and more than zero), and runs PRIM (EMA Workbench) to find the box of the
uncertainty space where that holds. Writes ``outputs/analysis/discover/``: ``worlds.csv``,
``box.csv`` (limits), ``box.json`` (coverage, density, mass) and ``box.png``.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.analysis.problems import ANALYSIS_DIR, declaration, output_folder, parameters_of
from sim.cli.arguments import command, split
from sim.config import ConfigError, presets
from sim.outputs import CALIBRATION_NOTES, atomic_write, write_json

#: Where docs/calibration.md states the map of where empowerment pays
#: (experiments/where_it_pays.py writes it; the course pack and the dashboard quote it).
DOCUMENTED_MAP = CALIBRATION_NOTES
MAP_MARKERS = {
    "ticket_coordinator": ("<!-- where it pays: start -->", "<!-- where it pays: end -->"),
    "kill_criteria_without_authority": (
        "<!-- where standing pays: start -->",
        "<!-- where standing pays: end -->",
    ),
}


def documented_map(baseline: str = "ticket_coordinator") -> str:
    """The map's finding in words, as docs/calibration.md states it ("" if absent)."""
    from sim.outputs import read_between

    return read_between(DOCUMENTED_MAP, *MAP_MARKERS[baseline])


def draw_worlds(parameters, n: int, seed: int) -> pd.DataFrame:
    """Latin hypercube sample of the uncertainties."""
    unit = qmc.LatinHypercube(d=len(parameters), seed=seed).random(n)
    low = np.array([p.low for p in parameters])
    high = np.array([p.high for p in parameters])
    values = qmc.scale(unit, low, high) if n else unit
    return pd.DataFrame(
        [{p.name: p.value(x) for p, x in zip(parameters, row, strict=True)} for row in values]
    )


def cumulative_values(
    worlds: pd.DataFrame, spec: dict, progress: bool = True, seed_per_world: bool = False
) -> dict[str, pd.DataFrame]:
    """Cumulative value of the policy and the baseline (``spec``'s presets) in every world: a
    table per role, one row per world and a column per replication.

    Both roles run each world with the same seed, so they face the same requests (paired). With
    ``seed_per_world`` world k runs on base seed ``spec["seed"] + k`` (its own stakeholders and
    requests); otherwise every world runs on ``spec["seed"]``. A failed run raises.
    """
    from sim.batch import GridRunner

    points = worlds.to_dict("records")
    if seed_per_world:
        points = [{**p, "seed": spec["seed"] + k} for k, p in enumerate(points)]
    common = {} if seed_per_world else {"seed": spec["seed"]}
    values = {}
    with GridRunner(spec.get("workers")) as runner:
        for role in ("policy", "baseline"):
            table = runner.run(
                points,
                replications=spec["replications"],
                preset=spec[role],
                progress=progress,
                ticks=spec["ticks"],
                **common,
            )
            if (table["status"] != "done").any():
                raise RuntimeError(table["error"].dropna().iloc[0])
            values[role] = table.pivot(
                index="point", columns="replication", values="cumulative_value"
            )
    return values


def evaluate_worlds(worlds: pd.DataFrame, spec: dict, progress: bool = True) -> pd.DataFrame:
    """Mean cumulative value of the policy and the baseline in every world."""
    out = worlds.copy()
    for role, values in cumulative_values(worlds, spec, progress).items():
        out[f"{role}_value"] = values.mean(axis=1).to_numpy()
    factor = spec["factor"]
    out["pays"] = (out["policy_value"] > 0) & (
        out["policy_value"] >= factor * out["baseline_value"]
    )
    return out


def find_box(worlds: pd.DataFrame, names: list[str], threshold: float):
    """PRIM on the worlds: the box (limits) and its coverage, density and mass."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    x = worlds[names].astype(float)
    y = worlds["pays"].to_numpy(dtype=bool)
    if y.all() or not y.any():
        share = float(y.mean())
        limits = pd.DataFrame({"min": x.min(), "max": x.max()})
        return limits, {
            "coverage": 1.0 if share else 0.0,
            "density": share,
            "mass": 1.0,
            "note": "the outcome is the same in every world: the box is everything",
        }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(x, y, threshold=threshold)
        box = finder.find_box()
    # The box PRIM chose (its public attributes describe the selected box).
    limits = box.box_lim.T.rename(columns={0: "min", 1: "max"})
    return limits, {
        "coverage": float(box.coverage),
        "density": float(box.density),
        "mass": float(box.mass),
        "base_rate": float(y.mean()),
    }


def check_worlds(spec: dict) -> None:
    """The checks every declaration of worlds shares: sizes, the two presets, PRIM's threshold."""
    for key in ("worlds", "replications", "ticks"):
        if not isinstance(spec.get(key), int) or spec[key] < 1:
            raise ConfigError(key, spec.get(key), "allowed: an integer >= 1")
    for key in ("policy", "baseline"):
        if spec.get(key) not in presets():
            raise ConfigError(key, spec.get(key), "allowed: " + ", ".join(presets()))
    if not 0 < spec.get("threshold", 0) <= 1:
        raise ConfigError("threshold", spec.get("threshold"), "allowed: a number in (0, 1]")


def load(argv: list[str]) -> dict:
    """The discovery declaration with ``key=value`` overrides (unknown keys refused), checked."""
    spec = declaration(ANALYSIS_DIR / "discover.yaml", argv)
    check_worlds(spec)
    if not isinstance(spec.get("factor"), int | float) or spec["factor"] <= 0:
        raise ConfigError("factor", spec.get("factor"), "allowed: a number > 0")
    spec["parameters"] = parameters_of(spec)
    if not spec["parameters"]:
        raise ConfigError("uncertainties", None, "declare at least one uncertainty")
    return spec


def run(spec: dict, out: Path, progress: bool = True) -> tuple[pd.DataFrame, dict]:
    out.mkdir(parents=True, exist_ok=True)
    names = [p.name for p in spec["parameters"]]
    worlds = evaluate_worlds(
        draw_worlds(spec["parameters"], spec["worlds"], spec["seed"]), spec, progress
    )
    atomic_write(out / "worlds.csv", lambda tmp: worlds.to_csv(tmp, index=False))
    limits, stats = find_box(worlds, names, spec["threshold"])
    atomic_write(out / "box.csv", lambda tmp: limits.to_csv(tmp))
    write_json(
        out / "box.json",
        {
            **stats,
            "policy": spec["policy"],
            "baseline": spec["baseline"],
            "factor": spec["factor"],
            "worlds": spec["worlds"],
        },
    )
    from sim.figures.discovery import box_figure

    box_figure(worlds, limits, stats, spec, out / "box.png")
    return limits, stats


@command
def main(argv: list[str]) -> int:
    """``python -m sim.discover [out=DIR] [key=value ...]``."""
    given = dict(split(a) for a in argv if a.startswith("out=")).get("out")
    out = output_folder(given, "discover", [a for a in argv if not a.startswith("out=")])
    spec = load([a for a in argv if not a.startswith("out=")])
    limits, stats = run(spec, out)
    print(
        f"{spec['policy']} earns at least {spec['factor']:g}x {spec['baseline']}'s cumulative "
        f"value in {stats.get('base_rate', stats['density']):.0%} of {spec['worlds']} worlds."
    )
    print(f"PRIM box (coverage {stats['coverage']:.2f}, density {stats['density']:.2f}):")
    print(limits.to_string())
    print(f"outputs: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
