"""How long a long job will take, said before it starts: one line from timing a run here.

A job over a minute (a course pack, a sensitivity study, a grid of runs) first times one run of
its kind on this machine, then prints one line: about how long, what it runs, and how to make it
smaller. The estimate is the timed run multiplied out, divided among the workers; it leaves out
the workers' start-up (seconds) and assumes every run costs the same.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import sim

#: Jobs estimated under this many seconds start without a word.
QUIET_SECONDS = 60


def seconds_per_run(preset: str = "ticket_coordinator", **settings) -> float:
    """Wall-clock seconds of one replication of ``preset`` with ``settings``, timed here: the
    mean of two replications. A quarter is run first and not counted: a process's first run
    pays for imports and caches that the job's later runs do not (counting it overstated the
    course pack's time twofold), and one timed run alone moves with whatever else the machine
    is doing."""
    config = sim.make_config(preset, replications=2, seed=0, **settings)
    sim.run(sim.make_config(preset, replications=1, seed=0, **{**settings, "ticks": 13}))
    start = time.perf_counter()
    sim.run(config)
    return (time.perf_counter() - start) / 2


def duration(seconds: float) -> str:
    """Seconds in words a person plans by: "40 s", "about 7 minutes", "about 1.5 hours"."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"about {seconds / 60:.0f} minutes"
    return f"about {seconds / 3600:.1f} hours"


def estimate_line(what: str, runs: int, per_run: float, workers: int, smaller: str) -> str:
    """One line before a job: about how long, what it runs, and how to make it smaller."""
    seconds = runs * per_run / max(workers, 1)
    return (
        f"{what}: {runs} runs, {duration(seconds)} here ({per_run:.2f} s a run timed here, "
        f"{workers} worker{'s' if workers != 1 else ''}); {smaller}"
    )


#: Weeks of the first replication timed before a long run says how long it will take.
TIMED_WEEKS = 13


def ticking_with_estimate(bar, config) -> Callable[[], None]:
    """The progress bar's tick, which also says once how long the whole run will take, when
    that is over a minute, and how to make it smaller: after the first ``TIMED_WEEKS`` weeks
    (later weeks cost more as backlogs grow: that estimate is a floor), or else after the first
    replication (when that replication's time times the replications is over a minute)."""
    start, weeks, said = time.perf_counter(), [0], [False]

    def say(seconds: float, words: str) -> None:
        said[0] = True
        bar.write(
            f"{config.replications} replications x {config.ticks} weeks: {words} "
            f"{duration(seconds)} here; fewer replications= or ticks= for a quicker look",
            file=sys.stderr,  # beside the bar, never in a run's printed results
        )

    def tick() -> None:
        bar.update()
        weeks[0] += 1
        if weeks[0] == TIMED_WEEKS:
            seconds = (
                (time.perf_counter() - start) / TIMED_WEEKS * config.ticks * config.replications
            )
            if seconds > QUIET_SECONDS:
                say(
                    seconds, f"at least (from the first {TIMED_WEEKS} weeks; later weeks cost more)"
                )
        elif weeks[0] == config.ticks and config.replications > 1 and not said[0]:
            seconds = (time.perf_counter() - start) * config.replications
            if seconds > QUIET_SECONDS:
                say(seconds, "about (from the first replication)")

    return tick
