"""Dates as trackers write them: one format per column, found by trying the known ones.

Jira writes ``12/Mar/24 9:15 AM`` (in the export's language: ``12/fev/24``, ``12/mär/24``),
Excel re-saves as ``3/12/24 9:15`` (US) or ``12/03/2024 09:15`` (day first), German and French
exports use ``12.03.2024``, and generic exports ISO 8601 with or without an offset. Each column's
format is the candidate that reads the most of its non-empty values (pandas, an explicit format:
no per-value guessing, so day and month are never swapped within a column); ties between
month-first and day-first go to the one that leaves no value out, then to day-first outside
the US layout; ISO 8601 values mixed in are read as such. Month names in another language are
read with dateparser when no known format reads most values. ``date_format=``
overrides, and the report says which format was used.
"""

from __future__ import annotations

import pandas as pd

#: Candidate formats, most specific first. "ISO8601" is pandas' ISO reader (offsets allowed).
FORMATS = (
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%d/%b/%y",
    "ISO8601",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%y %H:%M",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%d.%m.%y %H:%M",
    "%d.%m.%y",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
)
LOCALIZED = "localized month names (dateparser)"


def _iso(text: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    return parsed.dt.tz_convert(None)


def _parse(text: pd.Series, fmt: str) -> pd.Series:
    """One format, and ISO 8601 for values it does not read (ISO is never ambiguous, and some
    exports mix it in)."""
    if fmt == "ISO8601":
        return _iso(text)
    parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    missing = parsed.isna() & (text != "")
    if missing.any():
        parsed[missing] = _iso(text[missing])
    return parsed


MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
LANGUAGES = ("en", "pt", "es", "fr", "de")


def month_language(text: pd.Series) -> str:
    """The export's language: the one whose month names (dateparser's data) cover the most of
    the column's words (one language per column: ``set`` is September in Portuguese, and a
    time zone to a parser that tries every language)."""
    from dateparser.languages import default_loader

    words = set(text.str.lower().str.findall(r"[a-zà-ÿ]{3,}\.?").explode().dropna())
    words = {w.rstrip(".") for w in words} - {"am", "pm"}

    def covered(code: str) -> int:
        info = default_loader.get_locale(code).info
        names = {n.lower().rstrip(".") for m in MONTHS for n in info.get(m, [])}
        return len(words & names)

    return max(LANGUAGES, key=covered)


def _localized(text: pd.Series) -> pd.Series:
    """Dates with month names in another language (``12/fev/24 3:15 PM``), via dateparser."""
    import dateparser

    language = month_language(text[text != ""])
    settings = {"DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
    cache: dict[str, pd.Timestamp] = {}

    def one(value: str):
        if value not in cache:
            found = dateparser.parse(value, languages=[language], settings=settings)
            cache[value] = pd.Timestamp(found) if found else pd.NaT
        return cache[value]

    return pd.Series([one(v) if v else pd.NaT for v in text], index=text.index, dtype="object")


def detect_format(*columns: pd.Series) -> str:
    """The format that reads the most non-empty values of the columns together."""
    text = pd.concat([c.fillna("").astype(str).str.strip() for c in columns])
    text = text[text != ""]
    if text.empty:
        return "ISO8601"
    sample = text.drop_duplicates().head(400)
    # Scored on the format alone (no ISO fallback), so that an ISO column reports ISO.
    pure = {f: pd.to_datetime(sample, format=f, errors="coerce") for f in FORMATS if f != "ISO8601"}
    scores = {f: int(v.notna().sum()) for f, v in pure.items()}
    scores["ISO8601"] = int(_iso(sample).notna().sum())
    best = max(FORMATS, key=lambda f: scores[f])  # the first of equals: the order above
    words = sample.str.contains(r"[A-Za-zÀ-ÿ]{3}", regex=True).any()
    read = int(_parse(sample, best).notna().sum())  # with ISO values mixed in
    # Month names in another language only when no known format reads most values.
    if read < 0.8 * len(sample) and words:
        localized = int(pd.to_datetime(_localized(sample), errors="coerce").notna().sum())
        if localized > read:
            return LOCALIZED
    return best


def parse_dates(text: pd.Series, fmt: str) -> pd.Series:
    """A column read with one format; NaT where a value does not fit (empty stays NaT)."""
    text = text.fillna("").astype(str).str.strip()
    if fmt == LOCALIZED:
        return pd.to_datetime(_localized(text), errors="coerce")
    return _parse(text, fmt)
