"""Estimates from a tracker's issues, each with a 95% interval.

- request rate per reporter: issues created per week (Poisson; exact Garwood interval);
- size: a lognormal fit to the story points (median with a t-interval on the mean log points,
  sigma), and the share of issues without an estimate (Wilson interval);
- throughput: done issues per week (mean with a t-interval) and its trend (least-squares slope,
  with its interval, also relative to the mean per year);
- lead time: created to resolved, in weeks, of done issues (median, quartiles, mean);
- the share resolved as not done (Won't Do, Won't Fix, Duplicate, Cannot Reproduce; Wilson);
- capacity: story points done per week (issues without an estimate counted at the median size).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

WEEK = pd.Timedelta(days=7)


def interval(value: float, low: float, high: float) -> dict[str, float]:
    return {"value": float(value), "low": float(low), "high": float(high)}


def poisson_rate(count: int, weeks: float) -> dict[str, float]:
    """A rate per week from a count, with the exact (Garwood) 95% interval."""
    low = stats.chi2.ppf(0.025, 2 * count) / 2 if count else 0.0
    high = stats.chi2.ppf(0.975, 2 * count + 2) / 2
    return interval(count / weeks, low / weeks, high / weeks)


def share(hits: int, n: int) -> dict[str, float]:
    """A share with its Wilson 95% interval."""
    if n == 0:
        return interval(np.nan, np.nan, np.nan)
    z, p = 1.959964, hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return interval(p, centre - half, centre + half)


def mean_interval(x: np.ndarray) -> dict[str, float]:
    """Mean with its t 95% interval."""
    x = np.asarray(x, dtype=float)
    if x.size < 2:
        return interval(x.mean() if x.size else np.nan, np.nan, np.nan)
    half = stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size)
    return interval(x.mean(), x.mean() - half, x.mean() + half)


def window(issues: pd.DataFrame) -> tuple[pd.Timestamp, float]:
    """The observation window's start and length in weeks, partial weeks as they are (a week at
    least): from the first issue created to the last date seen, or to the window's end when
    one was given (``until=``)."""
    start = issues["created"].min()
    if "end" in issues.attrs:  # a window that ends where the user said (until=)
        return start, max((issues.attrs["end"] - start) / WEEK, 1.0)
    last = issues["resolved"].max(skipna=True)
    end = max(issues["created"].max(), last if pd.notna(last) else start)
    return start, max((end - start) / WEEK, 1.0)


def weekly_done(issues: pd.DataFrame) -> np.ndarray:
    """Done issues per week, weeks counted from the first issue created (zeros included); the
    last, partial week is left out (it would read as a drop)."""
    start, weeks = window(issues)
    done = issues[issues["done"]]
    week = np.floor((done["resolved"] - start) / WEEK).astype(int)
    counts = np.bincount(week, minlength=int(np.ceil(weeks)))
    return counts[: max(int(np.floor(weeks)), 1)]


def size_fit(points: pd.Series) -> dict:
    """Lognormal fit of the estimated issues' points: median (interval) and sigma."""
    logs = np.log(points.dropna().to_numpy(dtype=float))
    if logs.size < 2:
        return {"median": interval(np.nan, np.nan, np.nan), "sigma": np.nan, "n": int(logs.size)}
    mean = mean_interval(logs)
    return {
        "median": interval(np.exp(mean["value"]), np.exp(mean["low"]), np.exp(mean["high"])),
        "sigma": float(logs.std(ddof=1)),
        "n": int(logs.size),
    }


def _trend(done_weekly: np.ndarray) -> dict[str, float]:
    """Throughput's linear trend a week with its 95% interval (none from under 3 weeks: scipy
    would warn and give nan)."""
    if done_weekly.size < 3:
        return interval(np.nan, np.nan, np.nan)
    slope = stats.linregress(np.arange(done_weekly.size), done_weekly)
    half = stats.t.ppf(0.975, done_weekly.size - 2) * slope.stderr
    return interval(slope.slope, slope.slope - half, slope.slope + half)


def estimate(issues: pd.DataFrame) -> dict:
    """Every estimate of the module docstring, JSON-ready."""
    start, weeks = window(issues)
    per_reporter = {
        name: {"issues": int(n), "rate": poisson_rate(int(n), weeks)}
        for name, n in issues.groupby("reporter", sort=True).size().items()
    }
    done_weekly = weekly_done(issues)
    trend = _trend(done_weekly)
    mean_done = done_weekly.mean()
    done = issues[issues["done"]]
    lead = ((done["resolved"] - done["created"]) / WEEK).to_numpy(dtype=float)
    closed = issues["done"] | issues["not_done"]
    in_items = issues["points"].isna().all()  # no sizes: every issue counts as one item
    size = size_fit(pd.Series(1.0, index=issues.index) if in_items else issues["points"])
    size["unit"] = "items" if in_items else "points"
    size["data_median"] = 1.0 if in_items else float(issues["points"].median())
    points = len(done) if in_items else done["points"].fillna(size["median"]["value"]).sum()
    throughput = mean_interval(done_weekly)
    throughput["value"] = float(len(done) / weeks)  # partial weeks as they are
    return {
        "window": {"start": str(start), "weeks": float(weeks), "issues": int(len(issues))},
        "request_rate": per_reporter,
        "requests_per_week": poisson_rate(len(issues), weeks),
        "size": {**size, "unestimated": share(int(issues["points"].isna().sum()), len(issues))},
        "throughput_per_week": throughput,
        "throughput_trend": {
            "per_week": trend,
            "per_year_relative": float(trend["value"] * 52 / mean_done) if mean_done else np.nan,
        },
        "lead_time_weeks": {
            "median": float(np.median(lead)) if lead.size else np.nan,
            "p25": float(np.percentile(lead, 25)) if lead.size else np.nan,
            "p75": float(np.percentile(lead, 75)) if lead.size else np.nan,
            "mean": float(lead.mean()) if lead.size else np.nan,
        },
        "not_done_share": share(int(issues["not_done"].sum()), int(closed.sum())),
        "points_per_week": float(points / weeks),
    }
