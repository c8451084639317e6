"""What ``sim.diagnose`` prints and tabulates: the fit, the family and its halves, the settings
and the what-ifs, in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Below this posterior probability the call names the family it cannot be told from.
SURE = 0.5


#: Share of an export's signals outside its posterior runs' 10-90% band by chance alone.
CHANCE_OUTSIDE = 0.2
#: More signals outside than chance would put there with this probability: a posterior that
#: does not reproduce the export.
TOO_MANY = 0.05


def _outside(after: pd.DataFrame, own: dict) -> list[str]:
    return [
        f"{r.signal} {own[r.signal]:.3g} (posterior runs {r[1]:.3g} to {r[2]:.3g})"
        for r in after.itertuples(index=False)
        if np.isfinite(own[r.signal]) and not r[1] <= own[r.signal] <= r[2]
    ]


def _fits(runs: pd.DataFrame, own: dict) -> bool:
    shipped = runs.loc[runs["scenario"] == "as it is", "shipped_per_week"]
    low, high = np.percentile(shipped, [10, 90])
    return bool(low <= own["whole"]["done_per_week"] <= high)


def caution_lines(runs: pd.DataFrame, after: pd.DataFrame, own: dict, budget: int) -> list[str]:
    """A warning when the posterior's own runs do not reproduce the export: its throughput
    outside their band, or more signals outside theirs than chance would put there (a binomial
    tail under ``TOO_MANY``). The family and settings then come from draws that miss the
    export: a small reference table, or an export unlike the model's."""
    from scipy import stats

    outside = len(_outside(after, own["whole"]))
    chance = stats.binom.sf(outside - 1, len(after), CHANCE_OUTSIDE) if outside else 1.0
    misses = [] if _fits(runs, own) else ["its throughput is outside their band"]
    if chance < TOO_MANY:
        misses.append(f"{outside} of {len(after)} signals are outside, more than chance")
    if not misses:
        return []
    return [
        "caution: the posterior's runs do not reproduce the export ("
        + "; ".join(misses)
        + f"): read the family and settings below with care; a larger budget= (this one "
        f"{budget}) gives the forests more to learn from"
    ]


def predictive_line(after: pd.DataFrame, own: dict) -> str:
    """The signals the export shows outside its posterior draws' 10-90% band."""
    outside = _outside(after, own)
    if not outside:
        return "posterior predictive: every signal inside the posterior runs' 10-90% band"
    return (
        f"posterior predictive: {len(outside)} of {len(after)} signals outside the posterior "
        "runs' 10-90% band (for an export the model produced, about 2 in 10 would be outside "
        "by chance): " + "; ".join(outside)
    )


def fit_line(runs: pd.DataFrame, own: dict) -> str:
    """The posterior draws' throughput over the observed weeks against the export's."""
    shipped = runs.loc[runs["scenario"] == "as it is", "shipped_per_week"]
    low, mid, high = np.percentile(shipped, [10, 50, 90])
    actual = own["whole"]["done_per_week"]
    inside = "inside" if _fits(runs, own) else "OUTSIDE"
    return (
        f"fit: the posterior's runs ship {mid:.2f} a week (10-90% {low:.2f}-{high:.2f}) against "
        f"the export's {actual:.2f}: {inside} the band"
    )


def family_report(call, halves_calls: dict) -> list[str]:
    ranked = call.ranked()
    others = [name for name, _ in ranked if name != call.map_family]
    if call.map_probability >= SURE:
        head = (
            f"governance family: {call.map_family} (posterior probability "
            f"{call.map_probability:.2f})"
        )
    else:
        head = (
            f"governance family: cannot tell {call.map_family} (posterior probability "
            f"{call.map_probability:.2f}) from {others[0]}"
        )
    every = "; ".join(
        f"{name} {p:.2f} ({call.low[name]:.2f}-{call.high[name]:.2f})" for name, p in ranked
    )
    lines = [
        head,
        "  every family, by a probability forest (its range over resamples of the reference "
        f"table is Monte Carlo error only): {every}",
    ]
    first, second = halves_calls["first"], halves_calls["second"]
    agree = first.map_family == second.map_family
    lines.append(
        f"halves: first half {first.map_family} ({first.map_probability:.2f}), second half "
        f"{second.map_family} ({second.map_probability:.2f}): "
        + ("they agree" if agree else "they disagree: the call is not stable over time")
    )
    return lines


def parameter_report(posteriors: dict) -> list[str]:
    from sim.diagnosis.families import LABELS

    lines = ["settings (posterior median, 80% interval; prior 80% interval):"]
    vague = []
    for name, p in posteriors.items():
        lines.append(
            f"  {LABELS[name]}: {p.posterior[1]:.3g} ({p.posterior[0]:.3g}-{p.posterior[2]:.3g}; "
            f"prior {p.prior[0]:.3g}-{p.prior[2]:.3g})" + ("" if p.informed else " prior-like")
        )
        if not p.informed:
            vague.append(LABELS[name])
    if vague:
        lines.append("  the export does not inform: " + ", ".join(vague))
    return lines


def whatif_report(summary: pd.DataFrame, horizon: int, draws: int) -> list[str]:
    lines = [
        f"what-ifs: value added over the next {horizon} weeks (10-90% across {draws} posterior "
        "draws; each draw runs every scenario, so the gains are paired)"
    ]
    for row in summary.itertuples(index=False):
        line = f"  {row.scenario}: {row[2]:,.0f} ({row[1]:,.0f} to {row[3]:,.0f})"
        if row.scenario != "as it is":
            line += (
                f"; against as it is {row[5]:+,.0f} ({row[4]:+,.0f} to {row[6]:+,.0f}), more in "
                f"{row.more_than_as_it_is:.0%} of draws"
            )
        lines.append(line)
    return lines


def families_table(call, halves_calls: dict) -> pd.DataFrame:
    rows = []
    for part, c in [("whole", call), *halves_calls.items()]:
        if c is None:
            continue
        for name, p in c.probabilities.items():
            rows.append(
                {
                    "window": part,
                    "family": name,
                    "probability": p,
                    "low": c.low[name],
                    "high": c.high[name],
                    "map": name == c.map_family,
                    "map_probability": c.map_probability if name == c.map_family else np.nan,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "window",
            "family",
            "probability",
            "low",
            "high",
            "map",
            "map_probability",
        ],
    )
