"""The performance page's table, written from the last full ``make bench``.

``make bench`` keeps its results in benchmarks/bench.json (kept with the code) and writes this
table into docs/performance.md between its markers; a test checks that the page quotes the file.
Every figure the page states about speed comes from here, so the page cannot drift from what was
measured.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "bench.json"
PAGE = HERE.parent / "docs" / "performance.md"
MARKERS = ("<!-- bench table: start -->", "<!-- bench table: end -->")

#: One default replication in-process before the speed work (median of 7, both headline presets)
#: and the goal set for it, in milliseconds.
BASELINE_MS, GOAL_MS = 95.0, 30.0
#: The other goals, as the table states them.
EXPONENT_GOAL, SPEEDUP_GOAL, OVERHEAD_GOAL, MEMORY_GOAL_MB = 1.1, 1.8, 0.30, 500


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def table(r: dict) -> str:
    """The page's table: each measure, what was measured, and its goal with whether it was met."""
    rows = ["| measure | measured | goal |", "|---|---|---|"]
    for preset, s in r["single"].items():
        ms = s["seconds"] * 1000
        rows.append(
            f"| one replication, {preset}, 156 weeks | {ms:.1f} ms "
            f"({s['initiative_ticks_per_second'] / 1000:.0f}k initiative-weeks/s); "
            f"{ms / BASELINE_MS:.2f}x the {BASELINE_MS:.0f} ms baseline | "
            f"{GOAL_MS:.0f} ms: {_verdict(ms <= GOAL_MS)} |"
        )
    for preset, s in r["scaling"].items():
        horizon, size = s["horizon_exponent"], s["size_exponent"]
        rows.append(
            f"| time against work, horizon 156/520/1560 weeks, {preset} | exponent "
            f"{horizon:.2f} (against weeks {s['horizon_exponent_vs_ticks']:.2f}) | "
            f"<= {EXPONENT_GOAL}: {_verdict(horizon <= EXPONENT_GOAL)} |"
        )
        rows.append(
            f"| time against work, organization 1x/4x/10x, {preset} | exponent {size:.2f} | "
            f"<= {EXPONENT_GOAL}: {_verdict(size <= EXPONENT_GOAL)} |"
        )
    g = r["grid"]
    rows.append(
        f"| 200-replication grid, `run_grid` 1 / 2 workers | {g['run_grid_1_workers']:.1f} s / "
        f"{g['run_grid_2_workers']:.1f} s: speedup {g['speedup_2_workers']:.2f}x | "
        f">= {SPEEDUP_GOAL}x: {_verdict(g['speedup_2_workers'] >= SPEEDUP_GOAL)} |"
    )
    rows.append(
        f"| same grid through `mesa.batch_run`, 2 processes | {g['batch_run_2_processes']:.1f} s "
        "| comparison |"
    )
    h = r["hydra"]
    rows.append(
        f"| `experiment=headline`, 10 replications, 1 worker | {h['wall_seconds']:.1f} s wall, "
        f"{h['jobs_seconds']:.1f} s in jobs: overhead {h['overhead_share']:.1%} | "
        f"<= {OVERHEAD_GOAL:.0%}: {_verdict(h['overhead_share'] <= OVERHEAD_GOAL)} |"
    )
    m = r["memory"]["peak_mb"]
    rows.append(
        f"| peak memory, 10x organization, 1560 weeks | {m:.0f} MB | < {MEMORY_GOAL_MB} MB: "
        f"{_verdict(m < MEMORY_GOAL_MB)} |"
    )
    rows.append(
        f"| a game turn (13 weeks), 30 seats and both benchmark bots | "
        f"{r['game']['turn_seconds_30_seats'] * 1000:.0f} ms | comparison |"
    )
    b = r["robustness"]
    rows.append(
        f"| the robustness table, 3 of its 30 seeds x 20 replications ({b['rows']} rows), "
        f"2 workers | {b['wall_seconds'] / 60:.1f} min; the whole table about "
        f"{b['estimated_table_seconds'] / 60:.0f} min | comparison |"
    )
    return "\n".join(rows)


def block(results: dict) -> str:
    """What the page shows between its markers: when and where, then the table."""
    machine = results["machine"]
    return (
        f"Measured {machine['measured']} on {machine['description']}; the whole suite took "
        f"{machine['seconds'] / 60:.0f} minutes.\n\n{table(results)}"
    )


def quoted(text: str) -> str:
    """What the page has between its markers."""
    return text.split(MARKERS[0])[1].split(MARKERS[1])[0].strip()


def write(results: dict) -> None:
    """Keep the results with the code and put their table into the performance page."""
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    head, rest = PAGE.read_text().split(MARKERS[0])
    _, tail = rest.split(MARKERS[1])
    PAGE.write_text(f"{head}{MARKERS[0]}\n{block(results)}\n{MARKERS[1]}{tail}")
