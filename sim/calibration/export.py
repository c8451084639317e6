"""Write a run's ledger as a Jira CSV export (the format ``sim.calibrate`` reads).

Week t of the run is ``start + t weeks``, at a time within the working week that differs by
initiative (as real timestamps do). Shipped initiatives (rolled back ones too: they were
delivered) are ``Done``; declined requests are closed ``Won't Do``, pruned ones ``Obsolete`` and
killed ones ``Cancelled`` (abandoned after they started); the rest are open, ``In Progress`` or
``To Do``. The area is the component, the week work started a start-date field. Story points
are the planned size rounded to one decimal. Keys are unique across replications
(``SIM<replication + 1>-<id + 1>``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.outputs import atomic_write

START = pd.Timestamp("2024-01-01 09:00")
JIRA_DATE = "%d/%b/%y %I:%M %p"
#: Minutes within a working week (Monday 09:00 to Friday 17:00 spans 4 days and 8 hours),
#: in three parts so that within a week an issue is created before it starts, and starts
#: before it is resolved.
WORKING_WEEK_MINUTES = 4 * 24 * 60 + 8 * 60
PART = WORKING_WEEK_MINUTES // 3


def jira_frame(ledger: pd.DataFrame, start: pd.Timestamp = START) -> pd.DataFrame:
    """A ledger (one or more replications) as Jira's CSV columns."""
    week = pd.Timedelta(days=7)
    ids = ledger["id"].to_numpy()

    # A fixed time within the week per initiative and event (a hash, not a draw): created in
    # the first third, started in the second, resolved in the last.
    def date(ticks: pd.Series, part: int) -> pd.Series:
        minutes = part * PART + (ids * 7919 + part * 104729) % PART
        offset = pd.to_timedelta(minutes, unit="min")
        stamps = start + ticks.astype("Float64").astype(float) * week + offset
        return pd.Series(stamps, index=ledger.index).dt.strftime(JIRA_DATE).fillna("")

    status = ledger["status"].astype(str)
    done = status.isin(["done", "rolled_back"])
    closed = {"declined": "Won't Do", "pruned": "Obsolete", "killed": "Cancelled"}
    resolution = status.map(closed).where(~done, "Done").fillna("Unresolved")
    state = pd.Series(
        np.select(
            [done, status.isin(list(closed)), status == "in_progress"],
            ["Done", "Closed", "In Progress"],
            "To Do",
        ),
        index=ledger.index,
    )
    ended = ledger["finished"].astype("Float64").fillna(ledger["killed"].astype("Float64"))
    ended = ended.fillna(ledger["closed"].astype("Float64"))
    replication = ledger["replication"].to_numpy() + 1
    return pd.DataFrame(
        {
            "Issue key": [f"SIM{r}-{i + 1}" for r, i in zip(replication, ids, strict=True)],
            "Issue Type": "Story",
            "Status": state,
            "Resolution": resolution,
            "Created": date(ledger["created"], 0),
            "Resolved": date(ended.where(done | status.isin(list(closed))), 1),
            "Custom field (Start date)": date(ledger["started"], 2),
            "Reporter": ledger["stakeholder_name"],
            "Component/s": ledger["area"],
            "Custom field (Story Points)": ledger["planned_size"].round(1),
        }
    )


def write_jira_csv(ledger: pd.DataFrame, path: Path) -> Path:
    """Write a ledger as a Jira CSV export."""
    frame = jira_frame(ledger)
    return atomic_write(Path(path), lambda tmp: frame.to_csv(tmp, index=False))
