"""Plain-text tables for the terminal: run summaries side by side, a sweep's comparison."""

from __future__ import annotations

import pandas as pd

from sim.headlines import HEADLINE_METRICS, headline


def summary_table(columns: dict[str, dict[str, float]]) -> str:
    """A table with one column per run (name -> metrics), one row per headline metric."""
    rows = HEADLINE_METRICS.values()
    width = max(len(row.label) for row in rows)
    names = list(columns)
    widths = [max(12, len(n)) for n in names]
    lines = [
        " " * width + "  " + "  ".join(n.rjust(w) for n, w in zip(names, widths, strict=False))
    ]
    for row in rows:
        cells = [
            row.format(columns[n].get(row.name)).rjust(w)
            for n, w in zip(names, widths, strict=False)
        ]
        lines.append(row.label.ljust(width) + "  " + "  ".join(cells))
    return "\n".join(lines)


#: Columns of the printed comparison of a sweep's jobs.
COMPARISON = headline(
    "throughput_first_year",
    "throughput_last_year",
    "cumulative_value",
    "zombie_capacity_share",
    "escalations",
    "reversals",
)


def comparison_table(results: pd.DataFrame, params: list[str]) -> str:
    """Means over replications per job of the headline metrics, and each job's status.

    Args:
        results: the sweep's results table (one row per job and replication).
        params: the swept parameters (one row of the table per combination); none: per job.
    """
    keys = params or ["job"]
    grouped = results.groupby(keys, sort=False, dropna=False)
    table = grouped[[h.name for h in COMPARISON]].mean()
    table.insert(0, "status", grouped["status"].first())
    table.insert(1, "reps", grouped["replication"].count())
    with pd.option_context(
        "display.width", 200, "display.max_columns", 20, "display.float_format", "{:,.2f}".format
    ):
        return table.to_string()
