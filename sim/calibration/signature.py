"""The governance signature of an export: what a tracker shows of how work is governed.

From the issues alone (sim.calibration.tracker): the share of requests closed at intake without
being started (declines), the share of started work abandoned (kills), how old those closures
are, how they bunch in the calendar (a review cadence shows as closures that bunch at review
weeks), backlog growth a week, the share and age of open work at the end, lead-time quantiles,
how unevenly delivery spreads across requesters (dispersion of done counts, and the rank
correlation of requests against done), and the scale: requests and done a week, the median size.
The presets' signatures come from the model's own exports read back through the same importer,
so the comparison is like for like. Where an organization sits is inferred from these signals
by simulation (sim.diagnosis), not read off the presets' few runs.

What a tracker cannot tell: a product owner's skill, leadership's support, or weekly against
two-weekly reviews leave (almost) no trace in these signals (experiments/identifiability.py
measures it), and throughput's trend carries the capacity-growth input, not governance.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.estimates import WEEK, window

FEATURES = (
    "decline_share",
    "kill_share",
    "decline_age_weeks",
    "kill_age_weeks",
    "closure_bunching",
    "backlog_growth_per_week",
    "open_share",
    "open_age_weeks",
    "lead_p25_weeks",
    "lead_p50_weeks",
    "lead_p75_weeks",
    "delivery_dispersion",
    "requests_done_rank",
    "requests_per_week",
    "done_per_week",
    "points_median",
)
#: The presets whose signatures an export is compared with.
PRESETS = (
    "ticket_coordinator",
    "unskilled_coordinator",
    "trained_coordinator",
    "kill_criteria_without_authority",
    "authority_without_kill_criteria",
    "empowered_product_owner",
    "annual_planning",
    "continuous_review",
)
CANNOT_TELL = (
    "A tracker cannot tell a product owner's skill, leadership's support, or weekly from "
    "two-weekly reviews; throughput's trend is capacity growth, not governance."
)
MIN_WEEKS = 52


def signature(issues: pd.DataFrame) -> dict[str, float]:
    """The export's governance signals (NaN where the export has none to show)."""
    start, weeks = window(issues)
    end = start + weeks * WEEK
    n = max(len(issues), 1)
    started = issues["started"].notna() if "started" in issues else issues["resolved"].notna()
    declined = issues["not_done"] & ~started
    killed = issues["not_done"] & started
    closed = issues["done"] | issues["not_done"]
    age = (issues["resolved"] - issues["created"]) / WEEK
    done = issues[issues["done"]]
    lead = ((done["resolved"] - done["created"]) / WEEK).to_numpy(dtype=float)
    closures = issues.loc[issues["not_done"], "resolved"].dropna()
    weekly = np.bincount(
        np.floor((closures - start) / WEEK).astype(int).clip(0), minlength=int(np.ceil(weeks))
    )
    by_reporter = issues.groupby("reporter").agg(requests=("key", "size"), done=("done", "sum"))
    open_ = issues[~closed]

    def quantile(q: float) -> float:
        return float(np.percentile(lead, q)) if lead.size else np.nan

    return {
        "decline_share": float(declined.sum() / n),
        "kill_share": float(killed.sum() / max(started.sum(), 1)),
        "decline_age_weeks": float(age[declined].median()) if declined.any() else np.nan,
        "kill_age_weeks": float(age[killed].median()) if killed.any() else np.nan,
        "closure_bunching": float(weekly.std() / weekly.mean()) if weekly.sum() else 0.0,
        "backlog_growth_per_week": float((len(issues) - closed.sum()) / weeks),
        "open_share": float(len(open_) / n),
        "open_age_weeks": float(((end - open_["created"]) / WEEK).mean()) if len(open_) else 0.0,
        "lead_p25_weeks": quantile(25),
        "lead_p50_weeks": quantile(50),
        "lead_p75_weeks": quantile(75),
        "delivery_dispersion": float(
            by_reporter["done"].std() / max(by_reporter["done"].mean(), 1e-9)
        ),
        "requests_done_rank": float(by_reporter["requests"].rank().corr(by_reporter["done"].rank()))
        if len(by_reporter) >= 3
        else np.nan,
        "requests_per_week": float(len(issues) / weeks),
        "done_per_week": float(issues["done"].sum() / weeks),
        "points_median": float(issues["points"].median())
        if "points" in issues and issues["points"].notna().any()
        else np.nan,
    }


def preset_signatures(
    presets=PRESETS, seeds=range(3), weeks: int = 104, start_seed: int = 1000
) -> pd.DataFrame:
    """Each preset's signature at some seeds: the model's export read back by the importer."""
    import sim
    from sim.calibration.export import write_jira_csv
    from sim.calibration.tracker import read_export

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for preset in presets:
            for seed in seeds:
                config = sim.make_config(
                    preset, ticks=weeks, replications=1, seed=start_seed + int(seed)
                )
                path = write_jira_csv(sim.run(config).ledger, Path(folder) / "export.csv")
                rows.append(
                    {"preset": preset, "seed": int(seed), **signature(read_export(path).issues)}
                )
    return pd.DataFrame(rows)
