"""A map of where empowerment pays: scenario discovery over the declared uncertainties.

``python -m experiments.where_it_pays [worlds=200] [replications=4] [out=DIR] [update_docs=false]
[key=value ...]``

Draws worlds with a Latin hypercube over the uncertainties of
``configs/analysis/where_it_pays.yaml`` (the value of leadership's objectives and of an average
idea, stakeholders' insight, how far influence tracks value, how fast support moves, capacity
growth, the cost of a rollback), runs the empowered product owner and the ticket coordinator in
each world with the same seed (the same requests), and takes the paired difference of cumulative
value, empowered minus coordinator, per replication. A world where its mean is at or below
``tolerance`` times the empowered owner's value is one where coordinating is enough; PRIM (EMA
Workbench) finds the box of the uncertainty space where such worlds concentrate, and the box is
stated in plain words.

Writes ``DIR/worlds.csv``, ``DIR/box.csv``, ``DIR/box.json``, ``DIR/box.png`` and
``DIR/where_it_pays.md`` (default outputs/where_it_pays); with ``update_docs=true`` the sentence
also replaces the map's statement in docs/calibration.md (for baseline ticket_coordinator, or
kill_criteria_without_authority: where standing pays).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.analysis.discovery import DOCUMENTED_MAP as DOCS
from sim.analysis.discovery import MAP_MARKERS as MARKERS
from sim.analysis.discovery import check_worlds, cumulative_values, draw_worlds, find_box
from sim.analysis.problems import ANALYSIS_DIR, declaration, parameters_of
from sim.cli.arguments import command, split
from sim.config import ConfigError
from sim.outputs import atomic_write, replace_between, write_json

#: A dimension the box narrows by less than this share of its range is not mentioned.
NOTABLE = 0.05
NOWHERE = "nowhere in particular (the box is the whole space)"


def load(argv: list[str]) -> dict:
    """The declaration with ``key=value`` overrides (unknown keys refused), checked."""
    spec = declaration(ANALYSIS_DIR / "where_it_pays.yaml", argv)
    check_worlds(spec)
    if not isinstance(spec.get("tolerance"), int | float) or not 0 <= spec["tolerance"] < 1:
        raise ConfigError("tolerance", spec.get("tolerance"), "allowed: a number in [0, 1)")
    spec["parameters"] = parameters_of(spec)
    return spec


def evaluate(worlds: pd.DataFrame, spec: dict, progress: bool = True) -> pd.DataFrame:
    """Each world's paired difference (policy minus baseline) and whether coordinating is enough."""
    # Each world its own base seed (its own stakeholders, objectives and requests); the two
    # governances share it, so the difference is paired.
    values = cumulative_values(worlds, spec, progress, seed_per_world=True)
    out = worlds.copy()
    difference = values["policy"] - values["baseline"]  # paired: same world, same requests
    out["empowered_value"] = values["policy"].mean(axis=1).to_numpy()
    out["coordinator_value"] = values["baseline"].mean(axis=1).to_numpy()
    out["difference"] = difference.mean(axis=1).to_numpy()
    out["coordinator_wins_share"] = (difference <= 0).mean(axis=1).to_numpy()
    out["pays"] = out["difference"] <= spec["tolerance"] * out["empowered_value"].abs()
    return out


def box_in_words(limits: pd.DataFrame, worlds: pd.DataFrame) -> str:
    """The conditions a PRIM box sets, in words (dimensions it hardly narrows are left out)."""
    conditions = []
    for name, row in limits.iterrows():
        low, high = worlds[name].min(), worlds[name].max()
        span = high - low or 1.0
        above, below = row["min"] - low > NOTABLE * span, high - row["max"] > NOTABLE * span
        if above and below:
            conditions.append(f"{name} between {row['min']:.2f} and {row['max']:.2f}")
        elif above:
            conditions.append(f"{name} above {row['min']:.2f}")
        elif below:
            conditions.append(f"{name} below {row['max']:.2f}")
    return " and ".join(conditions) or NOWHERE


def in_words(limits: pd.DataFrame, worlds: pd.DataFrame, stats: dict, spec: dict) -> str:
    """The map's finding as a sentence: where coordinating is enough, or where it comes closest."""
    share = float(worlds["pays"].mean())
    head = (
        f"The {spec['baseline']} earns at least the {spec['policy']}'s cumulative value"
        + (f" less {spec['tolerance']:.0%}" if spec["tolerance"] else "")
        + f" (paired, same requests) in {share:.0%} of {len(worlds)} worlds."
    )
    if worlds["pays"].any():
        return (
            f"{head} Such worlds concentrate where {box_in_words(limits, worlds)}: "
            f"{stats['density']:.0%} of the worlds in that box are such worlds, and it holds "
            f"{stats['coverage']:.0%} of them."
        )
    # None: say how close it comes, and where it comes closest (the tenth of worlds with the
    # smallest gap relative to the empowered owner's value).
    names = [p.name for p in spec["parameters"]]
    gap = worlds["difference"] / worlds["empowered_value"].abs()
    closest = worlds.assign(pays=gap <= gap.quantile(0.1))
    # The closest tenth is a small, noisy class: a box half of whose worlds are in it will do.
    box, box_stats = find_box(closest, names, min(spec["threshold"], 0.5))
    where = box_in_words(box, worlds)
    text = (
        f"{head} The gap is {worlds['difference'].min():,.0f} or more in cumulative value, and "
        f"at least {gap.min():.0%} of the empowered owner's value (median {gap.median():.0%})."
    )
    rho = worlds[names].corrwith(gap, method="spearman")
    drivers = ", ".join(f"{n} {rho[n]:+.2f}" for n in rho.abs().sort_values()[::-1].index[:5])
    trend = f" Rank correlations of the relative gap with the uncertainties: {drivers}."
    if where == NOWHERE:
        return (
            f"{text} The tenth of worlds with the smallest gap (at most {gap.quantile(0.1):.0%}) "
            f"share no region of the declared uncertainties that PRIM can find.{trend}"
        )
    return (
        f"{text} It is smallest (the tenth of worlds with the smallest gap, at most "
        f"{gap.quantile(0.1):.0%}) where {where} (density {box_stats['density']:.0%}, "
        f"coverage {box_stats['coverage']:.0%}).{trend}"
    )


def run(spec: dict, out: Path, progress: bool = True) -> str:
    names = [p.name for p in spec["parameters"]]
    worlds = evaluate(draw_worlds(spec["parameters"], spec["worlds"], spec["seed"]), spec, progress)
    limits, stats = find_box(worlds, names, spec["threshold"])
    text = in_words(limits, worlds, stats, spec)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "worlds.csv", lambda tmp: worlds.to_csv(tmp, index=False))
    atomic_write(out / "box.csv", lambda tmp: limits.to_csv(tmp))
    write_json(out / "box.json", {**stats, "in_words": text, "worlds": spec["worlds"]})
    atomic_write(out / "where_it_pays.md", lambda tmp: tmp.write_text(text + "\n"))
    from sim.figures.discovery import box_figure

    labels = ("empowerment pays", "coordinating is enough")
    box_figure(worlds, limits, stats, spec, out / "box.png", labels=labels)
    return text


@command
def main(argv: list[str]) -> int:
    """``python -m experiments.where_it_pays [out=DIR] [key=value ...]``."""
    own = ("out=", "update_docs=")
    given = dict(split(a) for a in argv if a.startswith(own))
    out = Path(given.get("out", "outputs/where_it_pays"))
    update = given.get("update_docs", "false")
    if update not in ("true", "false"):
        raise ConfigError("update_docs", update, "allowed: true or false")
    spec = load([a for a in argv if not a.startswith(own)])
    if update == "true" and spec["baseline"] not in MARKERS:
        raise ConfigError(
            "baseline", spec["baseline"], "allowed with update_docs: " + ", ".join(MARKERS)
        )
    text = run(spec, out)
    if update == "true":  # the same sentence in the calibration notes and the validation page
        for document in (DOCS, DOCS.parent / "validation.md"):
            replace_between(document, *MARKERS[spec["baseline"]], text)
    print(text)
    print(f"outputs: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
