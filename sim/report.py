"""Plain-text tables of run summaries, for the terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: (label, metric, format) rows of the summary table: activity first, then outcome and waste.
ROWS = (
    ("throughput per quarter, first year", "throughput_first_year", "{:.1f}"),
    ("throughput per quarter, last year", "throughput_last_year", "{:.1f}"),
    ("initiatives shipped", "initiatives_shipped", "{:.0f}"),
    ("cumulative value", "cumulative_value", "{:,.0f}"),
    ("final value run-rate", "final_value_rate", "{:,.1f}"),
    ("capacity on zombies", "zombie_capacity_share", "{:.0%}"),
    ("capacity on negative-value work", "waste_capacity_share", "{:.0%}"),
    ("kills", "kills", "{:.1f}"),
    ("declines", "declines", "{:.1f}"),
    ("escalations", "escalations", "{:.1f}"),
    ("reversals", "reversals", "{:.1f}"),
    ("backlog at the end", "backlog_final", "{:.0f}"),
    ("influence-delivery rank correlation", "influence_delivery_correlation", "{:.2f}"),
)


def _cell(fmt: str, value) -> str:
    return "n/a" if value is None or value != value else fmt.format(value)


def table(columns: dict[str, dict[str, float]]) -> str:
    """A table with one column per run (name -> metrics), one row per headline metric."""
    width = max(len(label) for label, _, _ in ROWS)
    names = list(columns)
    widths = [max(12, len(n)) for n in names]
    lines = [
        " " * width + "  " + "  ".join(n.rjust(w) for n, w in zip(names, widths, strict=False))
    ]
    for label, key, fmt in ROWS:
        cells = [
            _cell(fmt, columns[n].get(key)).rjust(w) for n, w in zip(names, widths, strict=False)
        ]
        lines.append(label.ljust(width) + "  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.report RUN_DIR [RUN_DIR ...]``: summaries side by side."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: python -m sim.report RUN_DIR [RUN_DIR ...]", file=sys.stderr)
        return 2
    documents = [json.loads((Path(d) / "summary.json").read_text()) for d in argv]
    columns = {doc["governance"]: doc["metrics"] for doc in documents}
    reps = {doc["replications"] for doc in documents}
    print(f"Means over {'/'.join(map(str, sorted(reps)))} replications")
    print(table(columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
