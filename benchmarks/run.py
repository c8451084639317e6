"""Benchmark suite: ``python -m benchmarks.run`` (or ``make bench``).

Prints a table and writes outputs/bench/results.json (``out=DIR`` for elsewhere). A full run
(no ``only=``) also keeps its results in benchmarks/bench.json and writes their table into
docs/performance.md (``benchmarks.performance_page``). ``only=single,scaling`` runs some sections.
Medians over repeated runs; wall-clock numbers depend on the machine and on what else it is
doing, so the ratios (against the baseline, scaling exponents, speedup, overhead share) are the
real targets:

1. one replication of ticket_coordinator and of empowered_product_owner (156 ticks): wall time,
   its ratio to the 95 ms baseline and the 30 ms goal, and initiative-ticks per second
   (initiatives alive in the store each tick: the tick's new requests, the backlog and the work
   in progress, summed over ticks, divided by wall time);
2. scaling with the horizon (156, 520, 1560 ticks) and with organization size (1x, 4x, 10x
   stakeholders and product owners with their teams): the fitted exponent of time against work;
3. a 200-replication grid (20 settings x 10 replications) through ``sim.run_grid`` with 1 and 2
   workers, and through ``mesa.batch_run`` with 2 processes;
4. ``python -m sim -m experiment=headline`` (10 replications, 1 worker): wall time against the
   sum of its jobs' in-process time;
5. peak memory (max RSS) of a 10x, 1560-tick run of empowered_product_owner;
6. a game turn of a 30-seat room;
7. the robustness table (``experiments.robustness``: 3 of its 30 seeds x 20 replications x 15
   scenarios, timed; the whole table estimated from them)
   on 2 workers: its wall time (several minutes).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import sim
from benchmarks import performance_page
from sim.cli.arguments import Option, command, parse_options
from sim.config import ConfigError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE_MS, GOAL_MS = performance_page.BASELINE_MS, performance_page.GOAL_MS


def one_run(preset: str, ticks: int = 156, scale: int = 1, replication: int = 0):
    """(seconds, initiative-ticks) of one replication."""
    config = sim.make_config(
        preset, ticks=ticks, replications=1, stakeholders=24 * scale, product_owners=4 * scale
    )
    start = time.perf_counter()
    model = sim.Organization(config, replication=replication)
    model.run_model()
    seconds = time.perf_counter() - start
    frame = model.datacollector.get_model_vars_dataframe()
    work = float((frame["backlog_size"] + frame["wip"] + frame["requests"]).sum())
    return seconds, work


def median_run(preset, repeats, **kwargs):
    runs = [one_run(preset, replication=k, **kwargs) for k in range(repeats)]
    seconds = statistics.median(r[0] for r in runs)
    work = statistics.median(r[1] for r in runs)
    return seconds, work


def exponent(points):
    """Slope of log(time) against log(work)."""
    work, seconds = zip(*[(w, s) for s, w in points], strict=True)
    return float(np.polyfit(np.log(work), np.log(seconds), 1)[0])


def bench_single(results):
    for preset in ("ticket_coordinator", "empowered_product_owner"):
        seconds, work = median_run(preset, repeats=9)
        results["single"][preset] = {
            "seconds": seconds,
            "initiative_ticks_per_second": work / seconds,
        }


def bench_scaling(results):
    for preset in ("ticket_coordinator", "empowered_product_owner"):
        # Medians over replications 0..4 (the same worlds at every horizon and size).
        horizon = [median_run(preset, 5, ticks=t) for t in (156, 520, 1560)]
        size = [median_run(preset, 5, scale=s) for s in (1, 4, 10)]
        results["scaling"][preset] = {
            "horizon": {
                t: {"seconds": s, "work": w}
                for t, (s, w) in zip((156, 520, 1560), horizon, strict=True)
            },
            "size": {
                k: {"seconds": s, "work": w} for k, (s, w) in zip((1, 4, 10), size, strict=True)
            },
            "horizon_exponent": exponent(horizon),
            # Time against ticks: for a bounded backlog, per-tick costs dominate.
            "horizon_exponent_vs_ticks": exponent(
                [(s, t) for (s, _), t in zip(horizon, (156, 520, 1560), strict=True)]
            ),
            "size_exponent": exponent(size),
        }


def bench_grid(results):
    points = [{"authority": a} for a in np.linspace(0, 1, 20).round(3)]
    grid = {}
    for workers in (1, 2):
        start = time.perf_counter()
        sim.run_grid(points, replications=10, workers=workers, preset="empowered_product_owner")
        grid[f"run_grid_{workers}_workers"] = time.perf_counter() - start
    from mesa.batchrunner import batch_run

    start = time.perf_counter()
    batch_run(
        sim.Organization,
        {"preset": "empowered_product_owner", "authority": [p["authority"] for p in points]},
        iterations=10,
        number_processes=2,
        max_steps=10_000,
        display_progress=False,
        data_collection_period=-1,
    )
    grid["batch_run_2_processes"] = time.perf_counter() - start
    grid["speedup_2_workers"] = grid["run_grid_1_workers"] / grid["run_grid_2_workers"]
    results["grid"] = grid


def bench_hydra(results):
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sim",
                "-m",
                "experiment=headline",
                "hydra.launcher.n_jobs=1",
                f"hydra.sweep.dir={tmp}/s",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        jobs = sum(json.loads(p.read_text())["seconds"] for p in Path(tmp).glob("s/*/status.json"))
    results["hydra"] = {
        "wall_seconds": wall,
        "jobs_seconds": jobs,
        "overhead_share": (wall - jobs) / wall,
    }


def bench_memory(results):
    code = (
        "import resource, sim; m = sim.Organization(preset='empowered_product_owner', "
        "ticks=1560, stakeholders=240, product_owners=40); m.run_model(); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    results["memory"] = {
        "peak_mb": int(out.split()[-1]) / 1024,
        "seconds": time.perf_counter() - start,
    }


def bench_game(results):
    """How long a turn (a quarter) takes to resolve in a room of 30 seats, median of 5 turns."""
    import tempfile

    from sim.engine.decisions import Decisions
    from sim.game.room import Room

    with tempfile.TemporaryDirectory() as folder:
        room = Room(seats=30, turns=5, log_dir=folder)
        for k in range(30):
            room.join(room.code, f"player {k}")
        times = []
        for _ in range(5):
            for seat in range(0, 30, 2):  # half decide, half fall back to the bot
                view = room.view(seat)
                room.submit(seat, Decisions(decline=[r["id"] for r in view["inbox"]][:3]))
            start = time.perf_counter()
            room.play_turn()
            times.append(time.perf_counter() - start)
    results["game"] = {"turn_seconds_30_seats": statistics.median(times), "turns": times}


def bench_robustness(results):
    """The robustness table's wall time on 2 workers: 3 of its 30 documented seeds x 20
    replications, timed, and the whole table's time estimated from them (30 / 3 of it)."""
    from experiments.robustness import robustness

    start = time.perf_counter()
    table = robustness(list(range(1000, 1003)), 20, workers=2)
    wall = time.perf_counter() - start
    results["robustness"] = {
        "wall_seconds": wall,
        "rows": len(table),
        "estimated_table_seconds": wall * 10,
    }


def report(r) -> str:
    lines = ["benchmark                                         value"]
    for preset, s in r.get("single", {}).items():
        ms = s["seconds"] * 1000
        lines.append(
            f"one replication, {preset:<32} {ms:8.1f} ms "
            f"({ms / BASELINE_MS:.2f}x the {BASELINE_MS:.0f} ms baseline, goal {GOAL_MS:.0f} ms: "
            f"{'met' if ms <= GOAL_MS else 'not met'}; "
            f"{s['initiative_ticks_per_second']:,.0f} initiative-ticks/s)"
        )
    for preset, s in r.get("scaling", {}).items():
        h = ", ".join(f"{t}: {v['seconds']:.2f} s" for t, v in s["horizon"].items())
        z = ", ".join(f"{k}x: {v['seconds']:.2f} s" for k, v in s["size"].items())
        lines.append(
            f"horizon {preset:<41} {h}; exponent {s['horizon_exponent']:.2f} "
            f"(vs ticks {s['horizon_exponent_vs_ticks']:.2f})"
        )
        lines.append(f"size {preset:<44} {z}; exponent {s['size_exponent']:.2f}")
    if "grid" in r:
        lines += _grid_lines(r)
    if "robustness" in r:
        lines.append(
            f"robustness table, 2 workers (3 of 30 seeds)        "
            f"{r['robustness']['wall_seconds'] / 60:.1f} min ({r['robustness']['rows']} rows); "
            f"whole table about {r['robustness']['estimated_table_seconds'] / 60:.0f} min"
        )
    return "\n".join(lines)


def _grid_lines(r) -> list[str]:
    lines = []
    g = r["grid"]
    lines.append(
        f"200-replication grid, run_grid 1 worker            {g['run_grid_1_workers']:.1f} s"
    )
    lines.append(
        f"200-replication grid, run_grid 2 workers           {g['run_grid_2_workers']:.1f} s "
        f"(speedup {g['speedup_2_workers']:.2f}x)"
    )
    lines.append(
        f"200-replication grid, mesa.batch_run 2 processes   {g['batch_run_2_processes']:.1f} s"
    )
    h = r.get("hydra")
    if h is None:
        return lines
    lines.append(
        f"experiment=headline, 1 worker                      {h['wall_seconds']:.1f} s wall, "
        f"{h['jobs_seconds']:.1f} s in jobs: overhead {h['overhead_share']:.0%}"
    )
    m = r["memory"]
    lines.append(
        f"peak memory, 10x org, 1560 ticks                   {m['peak_mb']:.0f} MB "
        f"({m['seconds']:.0f} s)"
    )
    lines.append(
        f"game turn (13 weeks), 30 seats and 2 benchmarks    "
        f"{r['game']['turn_seconds_30_seats'] * 1000:.0f} ms (median of 5 turns)"
    )
    return lines


SECTIONS = {
    "single": bench_single,
    "scaling": bench_scaling,
    "grid": bench_grid,
    "hydra": bench_hydra,
    "memory": bench_memory,
    "game": bench_game,
    "robustness": bench_robustness,
}


OPTIONS = {
    "only": Option("", "sections to run, comma-separated (empty: all)"),
    "out": Option(ROOT / "outputs" / "bench", "folder for results.json", Path),
}


@command
def main(argv: list[str]) -> int:
    """``python -m benchmarks.run [only=single,scaling,...] [out=DIR]``."""
    args = parse_options(argv, OPTIONS)
    chosen = [name for name in args["only"].split(",") if name] or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        raise ConfigError("only", args["only"], "allowed: any of " + ",".join(SECTIONS))
    out = args["out"]
    results = {
        "single": {},
        "scaling": {},
        "machine": {
            "cpus": os.cpu_count(),
            "description": f"{os.cpu_count()} cores, {platform.machine()}, Python "
            f"{platform.python_version()}",
            "measured": time.strftime("%Y-%m-%d"),
        },
    }
    start = time.perf_counter()
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        SECTIONS[name](results)
    results["machine"]["seconds"] = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(report(results))
    print(f"results: {out / 'results.json'}")
    if not args["only"]:
        # A full run is the one the performance page quotes.
        performance_page.write(results)
        print(f"the performance page's table: {performance_page.PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
