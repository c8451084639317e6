"""How long the long jobs take here: ``python -m benchmarks.long_jobs [jobs=run,course,sobol,...]``
(or ``make bench-long``).

Times, each in a fresh folder and its own process, exactly what the README and the guides tell
people to run: ``make run`` (the headline experiment), ``make course`` (the course pack), the
default Sobol' study (``python -m sim.sensitivity analysis=sobol``), the dashboard's what-ifs of
an organization file and the diagnosis of a 52-week tracker export. Writes the wall-clock times
and the machine's description to benchmarks/long_jobs.json (kept with the code: the one source
of every duration the documentation states, written into them between ``<!-- time:JOB -->``
markers; a test checks the documents against it). Not a
test: the times depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "long_jobs.json"

WHAT_IFS = f"""
import time
from pathlib import Path
from sim.dashboard.company import read_organization, what_ifs
path = Path({str(ROOT / "docs" / "examples" / "organization.yaml")!r})
organization = read_organization(path.name, path.read_bytes())
start = time.perf_counter()
what_ifs(organization)
print(f"seconds: {{time.perf_counter() - start}}")
"""
#: The export the diagnosis is timed on: 52 weeks of the default 24-person organization.
EXPORT = """
import logging
from pathlib import Path
import sim
from sim.calibration.export import write_jira_csv
logging.getLogger("MESA").setLevel(logging.WARNING)
result = sim.run(sim.make_config("ticket_coordinator", ticks=52, replications=1, seed=5))
write_jira_csv(result.ledger, Path("export.csv"))
"""

#: The first `make run`'s set-up: a virtual environment and the project's packages (from pip's
#: cache when it holds them, as on a machine that installed them before).
INSTALL = (
    f"{sys.executable} -m venv venv && venv/bin/pip install --quiet --upgrade pip && "
    f"venv/bin/pip install --quiet -e '{ROOT}[dev]' --config-settings editable_mode=compat"
)

#: Each job: what the documentation calls it, and the command it stands for.
JOBS = {
    "install": ("the set-up of make run and make test", ["sh", "-c", INSTALL]),
    "run": ("make run", [sys.executable, "-m", "sim", "-m", "experiment=headline"]),
    "course": ("make course", [sys.executable, "-m", "experiments.course_pack"]),
    "sobol": (
        "python -m sim.sensitivity analysis=sobol",
        [sys.executable, "-m", "sim.sensitivity", "analysis=sobol"],
    ),
    # The same study at a quarter of the samples: how much the ranking moves with the size.
    "sobol_16": (
        "python -m sim.sensitivity analysis=sobol samples=16",
        [sys.executable, "-m", "sim.sensitivity", "analysis=sobol", "samples=16"],
    ),
    # The dashboard's "Run the what-ifs" on the example organization, timed inside the process
    # (the dashboard has its imports loaded already).
    "what_ifs": (
        "the dashboard's what-ifs of docs/examples/organization.yaml",
        [sys.executable, "-c", WHAT_IFS],
    ),
    "diagnose": (
        "python -m sim.diagnose on a 52-week export of a 24-person organization",
        [sys.executable, "-m", "sim.diagnose", "tracker=export.csv"],
    ),
}

#: What a job needs in its folder before it is timed.
SETUP = {"diagnose": [sys.executable, "-c", EXPORT]}


def minutes(seconds: float) -> str:
    """A duration as the documentation states it: "37 s", "2.1 minutes"."""
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} minutes"


def time_job(
    command: list[str], setup: list[str] | None = None
) -> tuple[float, list[str], list[str]]:
    """The job's wall-clock seconds (or the seconds it reports itself, ``seconds: S``), the
    warnings it printed (what its results cannot carry: the Sobol' study's indices outside 0-1
    or rankings not settled) and its rankings. ``setup`` runs first in the same folder, untimed."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if setup:
            subprocess.run(setup, cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=folder, env=env, check=True, stdout=subprocess.PIPE, text=True
        )
        seconds = time.perf_counter() - start
    lines = done.stdout.splitlines()
    reported = [line for line in lines if line.startswith("seconds: ")]
    if reported:
        seconds = float(reported[-1].removeprefix("seconds: "))
    said = [line for line in lines if "raise samples=" in line]
    ranked = [line for line in lines if ": top by " in line]
    return seconds, said, ranked


def main(argv: list[str]) -> int:
    args = dict(a.split("=", 1) for a in argv)
    jobs = args.get("jobs", ",".join(JOBS)).split(",")
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    for job in jobs:
        label, command = JOBS[job]
        print(f"{label} ...", flush=True)
        seconds, said, ranked = time_job(command, SETUP.get(job))
        results[job] = {
            "command": label,
            "seconds": round(seconds, 1),
            "warnings": said,
            "ranking": ranked,
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python "
            f"{platform.python_version()}",
            "measured": time.strftime("%Y-%m-%d"),
        }
        print(f"{label}: {minutes(seconds)}", flush=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    write_documents(results)
    return 0


#: A duration in the documentation: ``<!-- time:course -->2.1 minutes<!-- /time -->``.
MARKER = re.compile(r"<!-- time:(\w+) -->(.*?)<!-- /time -->")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def quoted(text: str) -> list[tuple[str, str]]:
    """Every (job, duration as written) a document quotes."""
    return MARKER.findall(text)


#: What a job said about its results: ``<!-- said:sobol -->...<!-- /said -->``.
SAID = re.compile(r"<!-- said:(\w+) -->(.*?)<!-- /said -->", re.S)


def said(result: dict) -> str:
    """A job's warnings in a sentence: how many, and the first as printed."""
    lines = [line.removeprefix("warning: ") for line in result.get("warnings", [])]
    if not lines:
        return "The measured default study said nothing of the kind."
    return (
        f"The measured default study said {len(lines)} such thing{'s' if len(lines) > 1 else ''},"
        f" the first: {lines[0]}."
    )


SIZES = ("<!-- sobol-sizes: start -->", "<!-- sobol-sizes: end -->")


def sizes_table(results: dict) -> str:
    """The default Sobol' study at 16 and at 64 samples: its time, and the two parameters it
    ranks first by total index for each outcome (as printed, with their intervals)."""
    rows = ["| outcome | 16 samples | 64 samples (the default) |", "|---|---|---|"]
    small, full = results["sobol_16"], results["sobol"]

    def top(line: str) -> tuple[str, str]:
        outcome, rest = line.split(": top by ", 1)
        ranked = rest.split(": ", 1)[1].split(", ")[:2]
        return outcome, ", ".join(ranked)

    first = dict(top(line) for line in small.get("ranking", []))
    second = dict(top(line) for line in full.get("ranking", []))
    for outcome in second:
        rows.append(f"| {outcome} | {first.get(outcome, '')} | {second[outcome]} |")
    rows.append(f"| time here | {minutes(small['seconds'])} | {minutes(full['seconds'])} |")
    ratios = sorted(narrowing(small, full))
    if ratios:
        rows.append(
            f"| 64 against 16 | | intervals {np.median(ratios):.1f}x narrower (median of "
            f"{len(ratios)}; {ratios[0]:.1f}x to {ratios[-1]:.1f}x), "
            f"{full['seconds'] / small['seconds']:.1f}x the time |"
        )
    return "\n".join(rows)


INTERVAL = re.compile(r"(\w+) [-\d.]+ \(\+-([\d.]+)\)")


def narrowing(small: dict, full: dict) -> list[float]:
    """How many times narrower each index's interval is in the larger study, for every
    (outcome, parameter) both studies print."""

    def intervals(result: dict) -> dict:
        found = {}
        for line in result.get("ranking", []):
            outcome = line.split(":", 1)[0]
            for name, half in INTERVAL.findall(line.split(": ", 2)[-1]):
                found[outcome, name] = float(half)
        return found

    before, after = intervals(small), intervals(full)
    return [before[k] / after[k] for k in before.keys() & after.keys() if after[k] > 0]


def write_documents(results: dict) -> None:
    """Every quoted duration replaced by the measured one (this file's results are the source)."""
    for path in DOCUMENTS:
        text = path.read_text()
        text = SAID.sub(
            lambda m: (
                f"<!-- said:{m[1]} -->{said(results[m[1]])}<!-- /said -->"
                if m[1] in results and "warnings" in results[m[1]]
                else m[0]
            ),
            text,
        )
        if SIZES[0] in text and {"sobol", "sobol_16"} <= set(results):
            head, rest = text.split(SIZES[0])
            _, tail = rest.split(SIZES[1])
            text = f"{head}{SIZES[0]}\n{sizes_table(results)}\n{SIZES[1]}{tail}"
        new = MARKER.sub(
            lambda m: (
                f"<!-- time:{m[1]} -->{minutes(results[m[1]]['seconds'])}<!-- /time -->"
                if m[1] in results
                else m[0]
            ),
            text,
        )
        if new != path.read_text():
            path.write_text(new)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
