"""Read an issue tracker's CSV export (Jira's own format first) into one table of issues.

Jira writes dates as ``12/Mar/24 9:15 AM``; ISO 8601 works too. Story points sit in
``Custom field (Story Points)`` or ``Story Points``; any column can be mapped with
``columns.<field>=<CSV column>``. Rows that cannot be used (an unparseable date, negative points,
resolved before created, no key or reporter) are returned with their key and the reason, never
dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config import ConfigError

#: Our field -> the CSV columns tried in order (Jira's names). ``columns.<field>`` overrides.
COLUMNS = {
    "key": ("Issue key",),
    "type": ("Issue Type",),
    "status": ("Status",),
    "resolution": ("Resolution",),
    "created": ("Created",),
    "resolved": ("Resolved",),
    "reporter": ("Reporter",),
    "points": (
        "Custom field (Story Points)",
        "Custom field (Story point estimate)",
        "Story Points",
        "Story points",
        "Story point estimate",
    ),
}
REQUIRED = ("key", "created", "reporter")
#: Resolutions that mean the work was not done: declined or killed (apostrophes normalized).
NOT_DONE = (
    "won't do",
    "won't fix",
    "duplicate",
    "cannot reproduce",
    "declined",
    "rejected",
    "obsolete",
    "cancelled",
    "canceled",
)
JIRA_DATE = "%d/%b/%y %I:%M %p"


@dataclass
class Export:
    """The usable issues, the rows refused (with key and reason), and the column mapping."""

    issues: pd.DataFrame  # key, type, reporter, created, resolved, points, not_done
    bad_rows: pd.DataFrame  # row, key, reason
    mapping: dict[str, str | None]


def parse_dates(text: pd.Series) -> pd.Series:
    """Jira's ``12/Mar/24 9:15 AM`` or ISO 8601; NaT where neither parses (empty stays NaT)."""
    text = text.fillna("").astype(str).str.strip()
    jira = pd.to_datetime(text, format=JIRA_DATE, errors="coerce")
    iso = pd.to_datetime(text.where(jira.isna()), format="ISO8601", errors="coerce", utc=True)
    return jira.fillna(iso.dt.tz_convert(None))


def column_mapping(header: list[str], overrides: dict[str, str]) -> dict[str, str | None]:
    """Which CSV column holds each field (None: absent). Raises ConfigError for a bad mapping."""
    unknown = set(overrides) - set(COLUMNS)
    if unknown:
        name = sorted(unknown)[0]
        raise ConfigError(f"columns.{name}", overrides[name], "allowed: " + ", ".join(COLUMNS))
    mapping = {}
    for field, candidates in COLUMNS.items():
        if field in overrides:
            if overrides[field] not in header:
                allowed = "allowed: a column of the file: " + ", ".join(header)
                raise ConfigError(f"columns.{field}", overrides[field], allowed)
            mapping[field] = overrides[field]
        else:
            mapping[field] = next((c for c in candidates if c in header), None)
    missing = [f for f in REQUIRED if mapping[f] is None]
    if missing:
        tried = ", ".join(COLUMNS[missing[0]])
        raise ConfigError(f"columns.{missing[0]}", None, f"no column found (tried {tried}); map it")
    return mapping


def read_export(path: str | Path, overrides: dict[str, str] | None = None) -> Export:
    """Read a tracker CSV: usable issues and refused rows (raises ConfigError if none usable)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("tracker", str(path), "allowed: an existing CSV export")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    mapping = column_mapping(list(raw.columns), overrides or {})

    def col(field: str) -> pd.Series:
        name = mapping[field]
        return raw[name] if name else pd.Series("", index=raw.index)

    created, resolved = parse_dates(col("created")), parse_dates(col("resolved"))
    points_text = col("points").str.strip()
    points = pd.to_numeric(points_text, errors="coerce")
    reasons = pd.Series("", index=raw.index)

    def refuse(mask: pd.Series, reason: str) -> None:
        reasons[mask & (reasons == "")] = reason

    refuse(col("key").str.strip() == "", "no issue key")
    refuse(col("reporter").str.strip() == "", "no reporter")
    refuse(created.isna(), "unparseable created date")
    refuse((col("resolved").str.strip() != "") & resolved.isna(), "unparseable resolved date")
    refuse((points_text != "") & points.isna(), "unparseable points")
    refuse(points < 0, "negative points")
    refuse(resolved < created, "resolved before created")
    bad = reasons != ""
    resolution = col("resolution").str.strip().str.lower().str.replace("\u2019", "'")
    issues = pd.DataFrame(
        {
            "key": col("key").str.strip(),
            "type": col("type").str.strip(),
            "reporter": col("reporter").str.strip(),
            "created": created,
            "resolved": resolved,
            "points": points.where(points > 0),  # 0 or empty: not estimated
            "not_done": resolution.isin(NOT_DONE) & resolved.notna(),
        }
    )[~bad].reset_index(drop=True)
    bad_rows = pd.DataFrame(
        {"row": np.flatnonzero(bad) + 2, "key": col("key")[bad].to_numpy(), "reason": reasons[bad]}
    ).reset_index(drop=True)
    if issues.empty:
        raise ConfigError("tracker", str(path), f"no usable rows ({len(bad_rows)} refused)")
    if issues["points"].isna().all():
        tried = ", ".join(COLUMNS["points"])
        allowed = f"no story points in any usable row (tried {tried})"
        raise ConfigError("columns.points", mapping["points"], allowed)
    if not (issues["resolved"].notna() & ~issues["not_done"]).any():
        raise ConfigError("tracker", str(path), "no issue resolved as done: no throughput to fit")
    return Export(issues, bad_rows, mapping)
