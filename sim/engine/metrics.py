"""What the simulator measures: per-tick metrics (the data collector) and per-run summaries.

Activity (throughput, points done) is reported next to outcome (value run-rate, cumulative value)
and waste (capacity spent on zombies, misaligned work and work of negative value), so that the
divergence between the two is visible.
"""

# Longer than 300 lines: one place for every metric the simulator reports (per tick, per owner,
# per run) and the rank statistics they use.
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.engine.initiatives import DONE, ROLLED_BACK
from sim.engine.periods import QUARTER, YEAR, quarterly_sums

#: Per-tick metrics, in the column order of metrics.csv.
TICK_METRICS = (
    "capacity",
    "maintenance_load",
    "available_capacity",
    "points_done",
    "idle_points",
    "requests",
    "shipped",
    "changes",
    "backlog_size",
    "wip",
    "declines",
    "pushes",
    "yields",
    "escalations",
    "reversals",
    "kills",
    "pruned",
    "rollbacks",
    "zombies_active",
    "value_added",
    "value_rate",
    "cumulative_value",
    "zombie_share",
    "misaligned_share",
    "negative_share",
    "rollback_share",
    "mean_satisfaction",
    "mean_support",
)


#: Per-run summary metrics, in the column order of summaries and sweep tables.
SUMMARY_METRICS = (
    "cumulative_value",
    "final_value_rate",
    "initiatives_shipped",
    "throughput_first_year",
    "throughput_last_year",
    "throughput_trend",
    "value_added_first_year",
    "value_added_prior_year",
    "value_added_last_year",
    "value_rate_first_year",
    "value_rate_last_year",
    "value_rate_slope",
    "points_done",
    "requests",
    "kills",
    "declines",
    "pruned",
    "rollbacks",
    "pushes",
    "yields",
    "escalations",
    "reversals",
    "zombie_capacity_share",
    "waste_capacity_share",
    "misaligned_capacity_share",
    "rollback_capacity_share",
    "idle_capacity_share",
    "maintenance_share_final",
    "backlog_final",
    "backlog_max",
    "backlog_slope",
    "mean_lead_time",
    "mean_wip",
    "littles_law_residual",
    "influence_delivery_correlation",
    "value_delivery_correlation",
    "backlog_value_correlation",
    "mean_satisfaction",
    "mean_support",
    "capacity_to_demand",
)


def _share(model, points: str) -> float:
    available = model.tally["available_capacity"]
    return model.tally[points] / available if available > 0 else 0.0


def tick_metric(name: str, model) -> float:
    """One per-tick metric of the model (a Mesa DataCollector reporter)."""
    tally = model.tally
    if name in tally:
        return float(tally[name])
    if name == "backlog_size":
        return float(model.backlog_size())
    if name == "wip":
        return float(sum(len(team.wip) for team in model.team_list))
    if name == "zombies_active":
        wip = model.wip_ids()
        return float(model.work.zombie[wip].sum()) if wip.size else 0.0
    if name == "value_rate":
        return float(model.value_rate)
    if name == "cumulative_value":
        return float(model.cumulative_value)
    if name == "zombie_share":
        return _share(model, "zombie_points")
    if name == "misaligned_share":
        return _share(model, "misaligned_points")
    if name == "negative_share":
        return _share(model, "negative_points")
    if name == "rollback_share":
        return _share(model, "rollback_points")
    if name == "mean_satisfaction":
        return float(np.mean([s.satisfaction for s in model.stakeholder_list]))
    if name == "mean_support":
        return float(np.mean([po.support for po in model.product_owner_list]))
    raise KeyError(name)


def rank_average(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties given their average rank (as scipy.stats.rankdata)."""
    order = np.argsort(x, kind="mergesort")
    ordered = np.asarray(x)[order]
    # Each run of equal values gets the mean of the positions it occupies.
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(x)]
    mean_rank = (starts + ends + 1) / 2.0
    ranks = np.empty(len(x))
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation (NaN when undefined).

    Written with numpy rather than scipy.stats, whose import costs more than a whole run and
    would be paid by every sweep job.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(rank_average(x), rank_average(y))[0, 1])


def _window_rate(series: np.ndarray, first: bool) -> float:
    """Mean per quarter over the first or last year (or the whole run if shorter)."""
    window = min(YEAR, len(series))
    part = series[:window] if first else series[-window:]
    return float(part.sum() * QUARTER / window)


def year_total(series: np.ndarray, years_before_last: int | None = None) -> float:
    """Sum over the first year (``None``) or over a year counted back from the end (0: the last).

    NaN when the run is too short to hold that year.
    """
    if years_before_last is None:
        return float(series[:YEAR].sum()) if len(series) >= YEAR else float("nan")
    end = len(series) - years_before_last * YEAR
    return float(series[end - YEAR : end].sum()) if end - YEAR >= 0 else float("nan")


def summarize(model, metrics: pd.DataFrame, ledger: pd.DataFrame) -> dict[str, float]:
    """The run's summary metrics (see docs/reading-results.md)."""
    shipped = metrics["shipped"].to_numpy()
    available = metrics["available_capacity"].sum()
    first, last = _window_rate(shipped, True), _window_rate(shipped, False)
    quarterly = quarterly_sums(shipped)
    trend = float("nan")
    if len(quarterly) >= 2 and first > 0:
        trend = float(np.polyfit(np.arange(len(quarterly)), quarterly, 1)[0] / first)
    value_rate = metrics["value_rate"].to_numpy()
    added = metrics["value_added"].to_numpy()
    backlog = metrics["backlog_size"].to_numpy()
    half = len(backlog) // 2
    backlog_slope = (
        float(np.polyfit(np.arange(len(backlog) - half), backlog[half:], 1)[0])
        if len(backlog) - half >= 2
        else float("nan")
    )

    def share(column: str) -> float:
        points = (metrics[column] * metrics["available_capacity"]).sum()
        return float(points / available) if available > 0 else 0.0

    done = ledger[ledger["finished"].notna()]  # shipped, including work later rolled back
    lead_time = (done["finished"] - done["created"]).mean() if len(done) else float("nan")
    mean_wip = float(metrics["wip"].mean())
    return {
        "cumulative_value": float(model.cumulative_value),
        "final_value_rate": float(model.value_rate),
        "initiatives_shipped": int(shipped.sum()),
        "throughput_first_year": first,
        "throughput_last_year": last,
        "throughput_trend": trend,
        "value_added_first_year": year_total(added),
        "value_added_prior_year": year_total(added, 1),
        "value_added_last_year": year_total(added, 0),
        "value_rate_first_year": year_total(value_rate) / YEAR,
        "value_rate_last_year": year_total(value_rate, 0) / YEAR,
        "value_rate_slope": float(np.polyfit(np.arange(len(value_rate)), value_rate, 1)[0])
        if len(value_rate) >= 2
        else float("nan"),
        "points_done": float(metrics["points_done"].sum()),
        "requests": int(metrics["requests"].sum()),
        "kills": int(metrics["kills"].sum()),
        "declines": int(metrics["declines"].sum()),
        "pruned": int(metrics["pruned"].sum()),
        "rollbacks": int(metrics["rollbacks"].sum()),
        "pushes": int(metrics["pushes"].sum()),
        "yields": int(metrics["yields"].sum()),
        "escalations": int(metrics["escalations"].sum()),
        "reversals": int(metrics["reversals"].sum()),
        "zombie_capacity_share": share("zombie_share"),
        "waste_capacity_share": share("negative_share"),
        "misaligned_capacity_share": share("misaligned_share"),
        "rollback_capacity_share": share("rollback_share"),
        "idle_capacity_share": float(metrics["idle_points"].sum() / available)
        if available > 0
        else 0.0,
        "maintenance_share_final": float(
            metrics["maintenance_load"].iloc[-1] / metrics["capacity"].iloc[-1]
        ),
        "backlog_final": int(backlog[-1]),
        "backlog_max": int(backlog.max()),
        "backlog_slope": backlog_slope,
        "mean_lead_time": float(lead_time),
        "mean_wip": mean_wip,
        "littles_law_residual": littles_law_residual(ledger, len(metrics), mean_wip),
        "influence_delivery_correlation": influence_delivery_correlation(model),
        "value_delivery_correlation": value_delivery_correlation(model),
        "backlog_value_correlation": backlog_value_correlation(model),
        "mean_satisfaction": float(metrics["mean_satisfaction"].iloc[-1]),
        "mean_support": float(metrics["mean_support"].iloc[-1]),
        "capacity_to_demand": float(model.capacity_to_demand),
    }


def littles_law_residual(ledger: pd.DataFrame, ticks: int, mean_wip: float) -> float:
    """Relative gap between mean WIP and throughput x mean time in progress (Little's law).

    An initiative pulled in tick s and ended (shipped or killed) in tick e is counted in the WIP
    sampled at the end of ticks s..e-1, so its time in progress is e - s.
    """
    ended = ledger[ledger["finished"].notna() | ledger["killed"].notna()]
    if mean_wip <= 0 or len(ended) == 0:
        return float("nan")
    end = ended["finished"].fillna(ended["killed"])
    time_in_progress = (end - ended["started"]).mean()
    throughput = len(ended) / ticks
    return float((mean_wip - throughput * time_in_progress) / mean_wip)


def delivered_shares(model) -> tuple[np.ndarray, np.ndarray]:
    """Each stakeholder's influence and share of all delivered initiatives (zeros if none)."""
    influence = np.array([s.influence for s in model.stakeholder_list])
    delivered = np.array([s.delivered for s in model.stakeholder_list], dtype=float)
    total = delivered.sum()
    return influence, delivered / total if total else delivered


def influence_delivery_correlation(model) -> float:
    """Rank correlation between stakeholder influence and share of delivered initiatives."""
    influence, share = delivered_shares(model)
    return spearman(influence, share) if share.any() else float("nan")


def value_delivery_correlation(model) -> float:
    """Rank correlation between an initiative's true value per point and whether it shipped."""
    work = model.work
    shipped = np.isin(work.status, (DONE, ROLLED_BACK)).astype(float)
    return spearman(work.true_value / work.size, shipped)


def backlog_value_correlation(model) -> float:
    """Can the owner explain the order? Rank correlation of backlog position and true value.

    Mean over product owners with at least three items, at the end of the run; positive when
    the top of the backlog holds the most valuable work per point.
    """
    work = model.work
    values = []
    for po in model.product_owner_list:
        ordered = po.order_backlog()
        if ordered.size >= 3:
            rank = -np.arange(ordered.size)  # higher is nearer the top
            values.append(spearman(rank, work.true_value[ordered] / work.size[ordered]))
    values = [v for v in values if not math.isnan(v)]
    return float(np.mean(values)) if values else float("nan")
