"""Read an issue tracker's export (Jira's own, re-saved by Excel, or any CSV) into one table.

What a column, a done status, a not-done resolution or an excluded work type is called comes
from a vocabulary (configs/tracker/vocabulary.yaml: English, Portuguese, Spanish, French and
German; extend it with ``vocabulary=``); any column can be mapped with ``columns.<field>=``.
Dates are read with one format per column (sim.calibration.dates); the file with its encoding
and delimiter (sim.calibration.files).

Done or not comes from the workflow: an issue is done when its status (or status category) is
a done one and its resolution is not a not-done one, or, without a status, when it has a
resolved date and no not-done resolution. It is not done (declined, dropped) when its
resolution or status says so. The done date is the resolved date, else the status-change date,
else the updated date (flagged as approximate). Sub-tasks and epics are not stakeholder
requests and are excluded by default (``types.exclude=``). Story points are optional: T-shirt
sizes are mapped by the vocabulary, and without points sizes are counted in items.

Rows that cannot be used (an unreadable date, negative points, resolved before created, no key
or reporter) are returned with their row, key, reason and the offending value, never dropped
silently.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.calibration.dates import detect_format, parse_dates
from sim.calibration.files import read_table
from sim.config import CONFIG_DIR, ConfigError

VOCABULARY = CONFIG_DIR / "tracker" / "vocabulary.yaml"
FIELDS = (
    "key",
    "type",
    "status",
    "status_category",
    "resolution",
    "created",
    "resolved",
    "started",
    "status_changed",
    "updated",
    "reporter",
    "team",
    "points",
)
REQUIRED = ("key", "created", "reporter")
DATES = ("created", "resolved", "started", "status_changed", "updated")


def normal(text) -> str:
    """Lower case, no accents, straight apostrophes, underscores and hyphens as spaces, one
    space: how names are matched (``created_date``, ``Created-Date`` and ``Created Date`` are
    one name)."""
    text = str(text).replace("\u2019", "'")  # before the accents go: it is not ASCII
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("_", " ").replace("-", " ")
    return " ".join(text.lower().split())


def load_vocabulary(extra: Path | None = None) -> dict:
    """The vocabulary, with an extra file's entries added (ConfigError if it is not one)."""
    words = yaml.safe_load(VOCABULARY.read_text())
    if extra is None:
        return words
    try:
        more = yaml.safe_load(Path(extra).read_text()) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError("vocabulary", str(extra), f"not a readable YAML file ({exc})") from None
    if not isinstance(more, dict) or set(more) - set(words):
        raise ConfigError("vocabulary", str(extra), "allowed keys: " + ", ".join(words))
    for key, value in more.items():
        value = value or ({} if isinstance(words[key], dict) else [])
        if key == "columns":  # each field's names: the user's first, then the defaults
            for name, names in value.items():
                words["columns"][name] = list(names) + list(words["columns"].get(name, []))
        elif key == "sizes":
            words["sizes"] = {**words["sizes"], **value}
        else:
            words[key] = list(value) + list(words[key])
    return words


@dataclass
class Export:
    """The usable issues, the rows refused (with key, reason and value), and how it was read."""

    issues: pd.DataFrame  # key, type, reporter, team, created, resolved, points, done, not_done
    bad_rows: pd.DataFrame  # row, key, reason, value
    mapping: dict[str, str | None]
    notes: dict = field(default_factory=dict)  # formats, encoding, exclusions, window, ...


def column_mapping(header: list[str], overrides: dict[str, str], words: dict) -> dict:
    """Which column holds each field (None: absent). Raises ConfigError for a bad mapping."""
    unknown = set(overrides) - set(FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise ConfigError(f"columns.{name}", overrides[name], "allowed: " + ", ".join(FIELDS))
    by_name = {normal(h): h for h in header}
    mapping = {}
    for name in FIELDS:
        if name in overrides:
            if overrides[name] not in header:
                allowed = "allowed: a column of the file: " + ", ".join(header)
                raise ConfigError(f"columns.{name}", overrides[name], allowed)
            mapping[name] = overrides[name]
        else:
            candidates = words["columns"].get(name, [])
            mapping[name] = next(
                (by_name[normal(c)] for c in candidates if normal(c) in by_name), None
            )
    missing = [f for f in REQUIRED if mapping[f] is None]
    dates = ("created", "resolved", "started", "status_changed", "updated")
    if "created" in missing and all(mapping[f] is None for f in dates):
        shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        raise ConfigError(
            "columns.created",
            None,
            f"no date column at all (the file's columns: {shown}); export with the Created and "
            "Resolved fields, or map one: columns.created=COLUMN",
        )
    if missing:
        tried = ", ".join(words["columns"][missing[0]][:6])
        raise ConfigError(
            f"columns.{missing[0]}", None, f"no column found (tried {tried}, ...); map it"
        )
    return mapping


def read_export(
    path: str | Path,
    overrides: dict[str, str] | None = None,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    date_format: str | None = None,
    vocabulary: Path | None = None,
    exclude_types: list[str] | None = None,
) -> Export:
    """Read a tracker export: usable issues and refused rows (ConfigError if none usable)."""
    path = Path(path)
    table = read_table(path, encoding, delimiter)
    raw, words = table.frame, load_vocabulary(vocabulary)
    if raw.empty:
        columns = ", ".join(map(str, raw.columns[:8]))
        raise ConfigError("tracker", str(path), f"header only: columns {columns}, but no rows")
    mapping = column_mapping(list(raw.columns), overrides or {}, words)

    def col(name: str) -> pd.Series:
        column = mapping[name]
        return raw[column].astype(str).str.strip() if column else pd.Series("", index=raw.index)

    fmt = date_format or detect_format(*(col(d) for d in DATES if mapping[d]))
    dates = {d: parse_dates(col(d), fmt) for d in DATES}
    excluded = {
        normal(t) for t in (words["excluded_types"] if exclude_types is None else exclude_types)
    }
    is_excluded = col("type").map(normal).isin(excluded) & (col("type") != "")

    points, size_unit = _points(col("points"), words)
    reasons, values = pd.Series("", index=raw.index), pd.Series("", index=raw.index)

    def refuse(mask: pd.Series, reason: str, value: pd.Series) -> None:
        new = mask & (reasons == "")
        reasons[new], values[new] = reason, value[new]

    refuse(col("key") == "", "no issue key", col("key"))
    refuse(col("reporter") == "", "no reporter", col("reporter"))
    refuse(col("created") == "", "created date is empty", col("created"))
    refuse(dates["created"].isna(), f"created date not in the format {fmt}", col("created"))
    for name in ("resolved", "started", "status_changed", "updated"):
        refuse(
            (col(name) != "") & dates[name].isna(),
            f"{name} date not in the format {fmt}",
            col(name),
        )
    # Points that read as no number ('3 SP', '?', 'TBD') leave the issue unestimated: the
    # issue itself still counts (throughput, requests); the report says how many.
    unreadable = (col("points") != "") & points.isna()
    refuse(points < 0, "negative points", col("points"))
    refuse(dates["resolved"] < dates["created"], "resolved before created", col("resolved"))
    bad = (reasons != "") & ~is_excluded

    done, not_done, approximate = _workflow(col, dates, mapping, words)
    end = dates["resolved"].fillna(dates["status_changed"])
    end = end.where(done | not_done | dates["resolved"].notna(), pd.NaT)
    end = end.fillna(dates["updated"].where(done | not_done))
    keep = ~bad & ~is_excluded
    issues = pd.DataFrame(
        {
            "key": col("key"),
            "type": col("type"),
            "reporter": col("reporter"),
            "team": col("team"),
            "created": dates["created"],
            "started": dates["started"],
            "resolved": end,
            "approximate": approximate,
            "points": points.where(points > 0),  # 0 or empty: not estimated
            "done": done & end.notna(),
            "not_done": not_done,
        }
    )[keep].reset_index(drop=True)
    # The same key twice (an export appended to itself, a re-import) is one issue: the first.
    duplicated = issues["key"].duplicated(keep="first")
    issues = issues[~duplicated].reset_index(drop=True)
    bad_rows = pd.DataFrame(
        {
            "row": np.flatnonzero(bad) + 2,
            "key": col("key")[bad].to_numpy(),
            "reason": reasons[bad].to_numpy(),
            "value": values[bad].to_numpy(),
        }
    )
    notes = {
        "path": str(path),
        "file": table.kind,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "date_format": fmt,
        "rows": len(raw),
        "excluded_types": {
            str(k): int(v) for k, v in col("type")[is_excluded].value_counts().items()
        },
        "size_unit": size_unit,
        "approximate_done_dates": int(issues["approximate"].sum()),
        "duplicate_keys": int(duplicated.sum()),
        "unreadable_points": int((unreadable & keep).sum()),
        "unreadable_points_example": str(col("points")[unreadable & keep].iloc[0])
        if (unreadable & keep).any()
        else "",
        "statuses": {str(k): int(v) for k, v in col("status")[keep].value_counts().head(8).items()},
        "closed_without_date": int(((done | not_done) & end.isna() & keep).sum()),
    }
    return Export(issues, bad_rows, mapping, notes)


def _points(text: pd.Series, words: dict) -> tuple[pd.Series, str]:
    """Story points (T-shirt sizes mapped); ``items`` when no row has a size."""
    sizes = {normal(k): float(v) for k, v in words["sizes"].items()}
    shirt = text.map(lambda v: sizes.get(normal(v), np.nan))
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    points = numbers.fillna(shirt)
    return points, "points" if points.notna().any() else "items"


def _workflow(col, dates, mapping, words) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Done, not done, and whether the done date is approximate (from the updated date)."""
    done_words = {normal(w) for w in words["done_statuses"]}
    cancelled = {normal(w) for w in words["cancelled_statuses"]}
    not_done_words = {normal(w) for w in words["not_done_resolutions"]}
    status = col("status").map(normal)
    category = col("status_category").map(normal)
    resolution = col("resolution").map(normal)
    not_done = resolution.isin(not_done_words) | status.isin(cancelled)
    if mapping["status"] or mapping["status_category"]:
        done = (status.isin(done_words) | category.isin(done_words)) & ~not_done
    else:
        done = dates["resolved"].notna() & ~not_done
    not_done = not_done & (
        dates["resolved"].notna() | status.isin(cancelled) | status.isin(done_words)
    )
    approximate = done & dates["resolved"].isna() & dates["status_changed"].isna()
    return done, not_done, approximate


def why_nothing_is_done(export: Export) -> str:
    """Why an export shows no done issue, in words: what was read and what is missing."""
    mapping, notes = export.mapping, export.notes
    read = ", ".join(f"{k}={v}" for k, v in mapping.items() if v)
    if not any(mapping[f] for f in ("status", "status_category", "resolved")):
        return (
            f"no issue is done: no status, status category or resolved column was found "
            f"(columns read: {read}); map one with columns.status= or columns.resolved="
        )
    if notes.get("closed_without_date"):
        return (
            f"no issue is done: {notes['closed_without_date']} closed issues have no resolved, "
            f"status-change or updated date; map one with columns.resolved="
        )
    seen = ", ".join(f"{k} ({v})" for k, v in notes.get("statuses", {}).items()) or "none"
    return (
        f"no issue is done: statuses seen: {seen}; none is a done status of the vocabulary "
        "(add yours with vocabulary=, key done_statuses)"
    )
