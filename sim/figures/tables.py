"""Plain-text tables for the terminal: run summaries side by side, a sweep's comparison."""

from __future__ import annotations

import re
import shutil

import pandas as pd

from sim.engine.headlines import HEADLINE_METRICS, headline

#: A period's row, and the row it repeats in a run too short to hold both periods apart (a
#: two-year run's year before last is its first year; a one-year run's last year is its first).
REPEATS = {
    "value_added_prior_year": "value_added_first_year",
    "value_added_last_year": "value_added_first_year",
    "throughput_last_year": "throughput_first_year",
}


def periods_held(rows, columns: dict[str, dict[str, float]]) -> list:
    """The rows without a period that, in every column, is the same weeks as an earlier row."""

    def same(name: str, other: str) -> bool:
        return all(c.get(name) == c.get(other) for c in columns.values())

    return [r for r in rows if not (r.name in REPEATS and same(r.name, REPEATS[r.name]))]


def summary_table(columns: dict[str, dict[str, float]]) -> str:
    """A table with one column per run (name -> metrics), one row per headline metric; a period
    the runs are too short to hold apart from another is shown once."""
    rows = periods_held(HEADLINE_METRICS.values(), columns)
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


#: Rows of the printed comparison of a sweep's jobs: activity, then outcome year by year (so
#: that "results flat" can be read), then waste and politics.
COMPARISON = headline(
    "throughput_first_year",
    "throughput_last_year",
    "value_added_first_year",
    "value_added_prior_year",
    "value_added_last_year",
    "cumulative_value",
    "zombie_capacity_share",
    "escalations",
    "reversals",
)
#: What the comparison shows, in one line.
READING = (
    "Read down each column: activity (initiatives shipped per quarter) against outcome (the "
    "value per week a year's releases added, and the value earned over the run, cumulative "
    "value); mean and 95% interval over replications; every column faced the same requests. "
    "Each number is explained in docs/reading-results.md."
)


def comparison_table(
    results: pd.DataFrame, params: list[str], line_width: int | None = None
) -> str:
    """The headline metrics per job (a column per job, a row per metric): the mean over
    replications and, with 2 or more, its 95% t interval as +-; failed jobs say so. Columns are
    headed by the swept parameters' names and values (``authority=0.5, kill_criteria=true``;
    one swept parameter names itself once, over the labels), long headings wrapped over lines
    at ``_``, ``=`` and ``, ``, and come in blocks no wider than ``line_width`` characters (the
    terminal's width; 100 when there is none).

    Args:
        results: the sweep's results table (one row per job and replication).
        params: the swept parameters (one column per combination); none: per job.
    """
    line_width = line_width or shutil.get_terminal_size((100, 24)).columns
    keys = params or ["job"]
    single = len(params) == 1
    columns, notes = {}, []
    for key, rows in results.groupby(keys, sort=False, dropna=False):
        values = key if isinstance(key, tuple) else (key,)
        if single or not params:
            name = str(values[0])
        else:
            name = ", ".join(
                f"{p.rpartition('.')[2]}={v}" for p, v in zip(params, values, strict=True)
            )
        done = rows[rows["status"] == "done"]
        if done.empty:
            notes.append(f"{name}: {rows['status'].iloc[0]}")
            continue
        columns[name] = {h.name: _mean_interval(done[h.name], h) for h in COMPARISON}
        columns[name]["reps"] = f"{len(done)}"
    if not columns:
        return "no job finished: " + "; ".join(notes)
    names = list(columns)
    width = max(len(h.label) for h in COMPARISON)
    cells = {n: max(len(columns[n][h.name]) for h in COMPARISON) for n in names}
    headings = {n: _wrap(n, max(cells[n], 12)) for n in names}
    widths = {n: max(cells[n], *map(len, headings[n])) for n in names}
    corner = params[0].rpartition(".")[2] if single else ""
    lines = []
    for block in _blocks(names, widths, width, line_width):
        if lines:
            lines.append("")
        depth = max(len(headings[n]) for n in block)
        for row in range(depth):
            label = corner if row == depth - 1 else ""
            parts = [
                ([""] * (depth - len(headings[n])) + headings[n])[row].rjust(widths[n])
                for n in block
            ]
            lines.append((label.ljust(width) + "  " + "  ".join(parts)).rstrip())
        lines.append(
            "replications".ljust(width)
            + "  "
            + "  ".join(columns[n]["reps"].rjust(widths[n]) for n in block)
        )
        for h in COMPARISON:
            row_cells = [columns[n][h.name].rjust(widths[n]) for n in block]
            lines.append(h.label.ljust(width) + "  " + "  ".join(row_cells))
    lines += [f"not finished: {note}" for note in notes]
    return "\n".join(lines)


def _wrap(heading: str, width: int) -> list[str]:
    """A column's heading over as many lines as it needs to fit ``width``, broken after
    ``_``, ``=`` or ``, `` (a word longer than that keeps its own line)."""
    pieces = re.findall(r"[^_=,]+(?:[_=]|, ?)?|[_=,]", heading)
    lines = [""]
    for piece in pieces:
        if lines[-1] and len(lines[-1] + piece.rstrip()) > width:
            lines.append("")
        lines[-1] += piece
    return [line.rstrip() for line in lines]


def _blocks(names: list[str], widths: dict, label_width: int, line_width: int) -> list[list]:
    """The columns in blocks that each fit ``line_width`` characters (at least one a block),
    so that a sweep of many jobs reads as several tables rather than one too wide to read."""
    blocks, current, used = [], [], label_width
    for name in names:
        if current and used + 2 + widths[name] > line_width:
            blocks.append(current)
            current, used = [], label_width
        current.append(name)
        used += 2 + widths[name]
    return [*blocks, current] if current else blocks


def _mean_interval(values: pd.Series, h) -> str:
    """``mean +- half-width`` of the 95% t interval (the mean alone for one replication)."""
    from scipy import stats

    values = values.dropna().astype(float)
    mean = float(values.mean())
    if len(values) < 2:
        return h.format(mean)
    half = float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / len(values) ** 0.5)
    return f"{h.format(mean)} ± {h.format(half)}"
