"""The observation window: where an export's history really starts, and where the user says.

A stray old issue (imported, or the one item from a pilot years before) or a sparse lead-in
(the tracker adopted slowly) stretches the window and dilutes every rate. The window starts
after the last gap of more than ``GAP_WEEKS`` weeks without a new issue that has at most
``STRAY_SHARE`` of the issues before it. ``since=`` and ``until=`` set the window instead (issues
created outside it are left out, and ``until=`` ends the window: work resolved after it counts
as open); either way the report says what was trimmed.
"""

from __future__ import annotations

import pandas as pd

from sim.config import ConfigError

GAP_WEEKS = 8
STRAY_SHARE = 0.05


def trim(
    issues: pd.DataFrame, since: str | None = None, until: str | None = None
) -> tuple[pd.DataFrame, dict]:
    """The issues inside the window, and a note of what was left out and why."""
    created = issues["created"]
    note: dict = {"trimmed": 0}
    if since or until:
        low, high = _date("since", since), _date("until", until)
        keep = pd.Series(True, index=issues.index)
        if low is not None:
            keep &= created >= low
        if high is not None:
            keep &= created <= high
        note.update(trimmed=int((~keep).sum()), reason="since/until given")
        kept = issues[keep].reset_index(drop=True)
        if high is not None:
            # The window ends at until: what was resolved later was still open then.
            later = kept["resolved"] > high
            kept.loc[later, "resolved"] = pd.NaT
            kept.loc[later, ["done", "not_done"]] = False
            kept.attrs["end"] = high
            note.update(end=str(high.date()), reopened=int(later.sum()))
        return kept, note
    order = created.sort_values()
    gaps = order.diff() > pd.Timedelta(weeks=GAP_WEEKS)
    before = pd.Series(range(len(order)), index=order.index)
    stray = gaps & (before <= STRAY_SHARE * len(order))
    if stray.any():
        start = order[stray].iloc[-1]
        keep = created >= start
        note.update(
            trimmed=int((~keep).sum()),
            reason=f"a gap of more than {GAP_WEEKS} weeks before {start.date()}",
            start=str(start.date()),
        )
        return issues[keep].reset_index(drop=True), note
    return issues, note


def _date(key: str, text: str | None):
    if not text:
        return None
    value = pd.to_datetime(text, errors="coerce")
    if pd.isna(value):
        raise ConfigError(key, text, "allowed: a date such as 2024-01-31")
    return value


#: Completions that start later, or stop earlier, than this share of the window (and at least
#: ``IDLE_WEEKS`` weeks) mean the rates would be diluted by weeks when nothing was closed.
IDLE_SHARE = 0.25
IDLE_WEEKS = 13


def inactive_span(issues: pd.DataFrame) -> str | None:
    """Why the window is wrong, in words, when completions cover only part of it (else None).

    Throughput is done issues over the window's weeks: a long stretch with no completion at
    either end (the tracker adopted for intake first, or a project closed) divides by weeks when
    nothing could be done, by as much as three times. The words name the active span and the
    ``since=``/``until=`` that select it.
    """
    done = issues.loc[issues["done"], "resolved"].dropna()
    if done.empty:
        return None
    start = issues["created"].min()
    end = max(issues["created"].max(), issues["resolved"].max())
    end = issues.attrs.get("end", end)
    weeks = (end - start) / pd.Timedelta(days=7)
    lead = (done.min() - start) / pd.Timedelta(days=7)
    tail = (end - done.max()) / pd.Timedelta(days=7)
    limit = max(IDLE_WEEKS, IDLE_SHARE * weeks)
    if lead <= limit and tail <= limit:
        return None
    first, last = done.min().date(), done.max().date()
    active = (done.max() - done.min()) / pd.Timedelta(days=7)
    return (
        f"completions fall in only {active:.0f} of the window's {weeks:.0f} weeks (from {first} to "
        f"{last}): rates over the whole window would be diluted; give since={first} "
        f"until={last} for the active span, or since= and until= of your choice"
    )


def filtered_to_closed(issues: pd.DataFrame) -> bool:
    """No open issue at all among many: the export was likely filtered to closed work."""
    open_ = ~(issues["done"] | issues["not_done"])
    return len(issues) >= 20 and not open_.any()


def halves(issues: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The window's first and second half, each as ``since=``/``until=`` would give it (the
    second half leaves out what was created before it; work resolved after the first half's end
    counts as open in the first)."""
    from sim.calibration.estimates import WEEK, window

    start, weeks = window(issues)
    middle = start + weeks / 2 * WEEK
    end = issues.attrs.get("end")
    first, _ = trim(issues, until=str(middle))
    second, _ = trim(issues, since=str(middle), until=str(end) if end is not None else None)
    return first, second
