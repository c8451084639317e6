"""What ``sim.diagnose`` prints and tabulates: the fit, the family and its halves, the settings
and the what-ifs, in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Below this posterior probability the call names the family it cannot be told from.
SURE = 0.5


def predictive_line(after: pd.DataFrame, own: dict) -> str:
    """The signals the export shows outside its posterior draws' 10-90% band."""
    outside = [
        f"{r.signal} {own[r.signal]:.3g} (posterior runs {r[1]:.3g} to {r[2]:.3g})"
        for r in after.itertuples(index=False)
        if np.isfinite(own[r.signal]) and not r[1] <= own[r.signal] <= r[2]
    ]
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
    inside = "inside" if low <= actual <= high else "OUTSIDE"
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
