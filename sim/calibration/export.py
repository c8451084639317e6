"""Write a run's ledger as a Jira CSV export (the format ``sim.calibrate`` reads).

Week t of the run is ``start + t weeks``. Shipped initiatives are resolved ``Done`` when they
finished; declined, pruned and killed ones ``Won't Do`` when they were closed or killed; the rest
are open. Story points are the planned size rounded to one decimal.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.calibration.tracker import JIRA_DATE
from sim.outputs import atomic_write

START = pd.Timestamp("2024-01-01 09:00")


def jira_frame(ledger: pd.DataFrame, start: pd.Timestamp = START) -> pd.DataFrame:
    """The ledger (one replication) as Jira's CSV columns."""
    week = pd.Timedelta(days=7)

    def date(ticks: pd.Series) -> pd.Series:
        stamps = start + ticks.astype("Float64").astype(float) * week
        return stamps.dt.strftime(JIRA_DATE).fillna("")

    ended = ledger["finished"].astype("Float64").fillna(ledger["killed"].astype("Float64"))
    ended = ended.fillna(ledger["closed"].astype("Float64"))
    # Rolled-back work was delivered: a tracker shows it done (its revert is other work).
    done = ledger["status"].astype(str).isin(["done", "rolled_back"])
    closed = ledger["status"].astype(str).isin(["declined", "pruned", "killed"])
    return pd.DataFrame(
        {
            "Issue key": [f"SIM-{i + 1}" for i in ledger["id"]],
            "Issue Type": "Story",
            "Status": done.map({True: "Done"}).where(done, closed.map({True: "Closed"})),
            "Resolution": done.map({True: "Done"}).where(done, closed.map({True: "Won't Do"})),
            "Created": date(ledger["created"]),
            "Resolved": date(ended.where(done | closed)),
            "Reporter": ledger["stakeholder_name"],
            "Custom field (Story Points)": ledger["planned_size"].round(1),
        }
    ).fillna({"Status": "Open", "Resolution": "Unresolved"})


def write_jira_csv(ledger: pd.DataFrame, path: Path) -> Path:
    """Write one replication's ledger as a Jira CSV export."""
    frame = jira_frame(ledger)
    return atomic_write(Path(path), lambda tmp: frame.to_csv(tmp, index=False))
