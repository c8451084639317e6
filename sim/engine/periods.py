"""The model's calendar: one tick is one week, a quarter is 13 ticks, a year 52.

Every module that speaks of quarters or years takes the lengths and the quarterly aggregation
from here, so the calendar is defined once.
"""

from __future__ import annotations

import numpy as np

QUARTER = 13  #: ticks (weeks) per quarter
YEAR = 52  #: ticks (weeks) per year


def quarter_of(tick: int) -> int:
    """The quarter (0, 1, ...) a tick falls in."""
    return tick // QUARTER


def quarterly_sums(series: np.ndarray) -> np.ndarray:
    """Sums of a per-tick series over complete quarters (an incomplete last quarter is dropped).

    A 2-D array (replications x ticks) gives one row of quarterly sums per replication.
    """
    series = np.asarray(series)
    quarters = series.shape[-1] // QUARTER
    complete = series[..., : quarters * QUARTER]
    return complete.reshape(*series.shape[:-1], quarters, QUARTER).sum(axis=-1)
