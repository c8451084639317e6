"""``python -m sim.diagnose tracker=export.csv [budget=1500] [key=value ...]``.

Where a real organization sits, by simulation: the export is read as ``sim.calibrate`` reads it,
its world (reporters, request rates, sizes, window) is simulated under prior draws of governance
and world settings (sim.diagnosis), and approximate Bayesian computation with random forests
gives the governance family's posterior, each informed setting's posterior beside its prior, a
misfit check, the call on each half of the window, and what-ifs from posterior draws.

Writes into ``out`` (default ``outputs/diagnosis/EXPORT``): ``diagnosis.json``,
``families.csv``, ``parameters.csv``, ``misfit.csv``, ``whatifs.csv`` (intervals),
``whatif_runs.csv`` (every run), ``posterior.png`` and ``reference.csv.gz`` (the simulated
table). Everything is staged and moved into place at the end: a failed run leaves nothing half
written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from sim.calibration.estimates import estimate
from sim.calibration.signature import CANNOT_TELL, signature
from sim.calibration.window import filtered_to_closed, halves
from sim.cli.arguments import Option, command
from sim.cli.calibrate import OPTIONS as READING
from sim.cli.calibrate import _move_into_place, load
from sim.cli.diagnosis_report import (
    caution_lines,
    families_table,
    family_report,
    fit_line,
    parameter_report,
    predictive_line,
    whatif_report,
)
from sim.config import ConfigError
from sim.outputs import atomic_write, write_json

OPTIONS = {
    **{k: READING[k] for k in ("tracker", "encoding", "delimiter", "date_format", "vocabulary")},
    **{k: READING[k] for k in ("since", "until")},
    "out": Option(None, "folder for the outputs (default: outputs/diagnosis/EXPORT)", Path),
    "budget": Option(1500, "simulations in the reference table", int, 200),
    "draws": Option(20, "posterior draws for the fit and the what-ifs", int, 5),
    "horizon": Option(52, "weeks the what-ifs run on after the export's window", int, 1),
    "workers": Option(0, "local worker processes (0: every core)", int, 0),
    "scheduler": Option("", "a Dask scheduler's address (tcp://host:8786) to run on", str),
    "seed": Option(0, "base seed of the simulations", int, 0),
    "progress": Option(True, "show progress bars", bool),
}
#: The shortest window the diagnosis reads: each half must show a review cycle and some closures.
MIN_WEEKS = 26
#: The forests' time per reference simulation (fitting and asking them; measured on 2 cores).
FOREST_SECONDS = 0.06


@command
def main(argv: list[str]) -> int:
    """``python -m sim.diagnose tracker=export.csv [key=value ...]``."""
    options, export = load(argv, OPTIONS, "outputs/diagnosis")
    issues = export.issues
    estimates = estimate(issues)
    weeks = estimates["window"]["weeks"]
    if weeks < MIN_WEEKS:
        raise ConfigError(
            "tracker",
            str(options["tracker"]),
            f"the window is {weeks:.1f} weeks; the diagnosis needs at least {MIN_WEEKS} weeks of "
            "activity (each half of the window is read on its own)",
        )
    if filtered_to_closed(issues):
        raise ConfigError(
            "tracker",
            str(options["tracker"]),
            f"no issue of {len(issues)} is open: the export looks filtered to closed work, and "
            "open work, backlog growth and declines are what tell governance apart; export "
            "every status",
        )
    out = Path(options["out"])
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        result = diagnose(issues, estimates, options, staging)
        write_json(staging / "diagnosis.json", result)
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"outputs: {out}")
    return 0


def diagnose(issues: pd.DataFrame, estimates: dict, options: dict, folder: Path) -> dict:
    """Every step of the module docstring; prints the report, writes the tables into ``folder``
    and returns what diagnosis.json holds."""
    from sim.diagnosis import misfit
    from sim.diagnosis.inference import features, observed
    from sim.diagnosis.reference import reference_table, seconds_per_run
    from sim.diagnosis.whatif import WHAT_IFS
    from sim.diagnosis.world import World

    started = bool(issues["started"].notna().any())
    world = World.from_estimates(estimates, started_dates=started)
    workers = options["workers"] or os.cpu_count() or 1
    scheduler = options["scheduler"] or None
    budget, draws, horizon = options["budget"], options["draws"], options["horizon"]
    print(
        f"window: {estimates['window']['weeks']:.1f} weeks, {len(issues)} issues from "
        f"{len(world.request_rates)} reporters; {estimates['throughput_per_week']['value']:.2f} "
        "done a week"
    )
    if not started:
        print(
            "no start dates: an item abandoned after it started cannot be told from one declined "
            "at intake; the simulated exports are read without start dates too"
        )
    per_run = seconds_per_run(world, options["seed"])
    runs = budget + draws + draws * (1 + len(WHAT_IFS)) * (world.weeks + horizon) / world.weeks
    where = (
        f"(for {workers} local worker processes; the Dask scheduler at {scheduler} decides)"
        if scheduler
        else f"on {workers} worker processes"
    )
    minutes = runs * per_run / (60 * workers) + budget * FOREST_SECONDS / 60
    print(
        f"budget: {budget} simulations of {world.weeks} weeks for the reference table, then "
        f"{draws} posterior draws x {1 + len(WHAT_IFS)} scenarios of {world.weeks + horizon} "
        f"weeks: about {minutes:.1f} minutes {where} ({per_run:.2f} s a simulation here, and "
        "the forests)"
    )
    table = reference_table(
        world, budget, options["seed"], workers, scheduler, progress=options["progress"]
    )
    atomic_write(folder / "reference.csv.gz", lambda tmp: table.to_csv(tmp, index=False))

    # The export's signals: the whole window and each half, read as the simulations were.
    parts = dict(zip(("whole", "first", "second"), (issues, *halves(issues)), strict=True))
    own = {part: signature(frame) for part, frame in parts.items()}
    x = observed(own["whole"])
    check = misfit.check(features(table, "whole"), x, own["whole"])
    print(f"misfit: {check['words']}")
    result = {
        "window": estimates["window"],
        "budget": {
            "reference": budget,
            "draws": draws,
            "horizon": horizon,
            "seed": options["seed"],
        },
        "start_dates": started,
        "signature": own,
        "misfit": {k: v for k, v in check.items() if k != "table"},
        "cannot_tell": CANNOT_TELL,
    }
    if not check["fits"]:
        line = (
            "no family, settings or what-ifs: the model produces no export like this one, so any "
            "answer would only say which wrong one is least wrong (see misfit.csv)"
        )
        print(line)
        check["table"].to_csv(folder / "misfit.csv", index=False)
        return {**result, "family": None, "report": [check["words"], line]}
    return {**result, **posterior_report(table, world, own, x, check, options, folder)}


def posterior_report(table, world, own, x, check, options, folder: Path) -> dict:
    """For an export inside what the model produces: the fit, the family and the halves, the
    settings, and the what-ifs, printed and written; returns their part of diagnosis.json."""
    from sim.diagnosis import misfit
    from sim.diagnosis.families import LABELS, STANDING
    from sim.diagnosis.inference import (
        FamilyModel,
        ParameterModel,
        features,
        observed,
        posterior_draws,
    )
    from sim.diagnosis.reference import CHUNK, run_chunks, simulate_chunk
    from sim.diagnosis.whatif import WHAT_IFS, intervals, what_ifs
    from sim.figures.diagnosis import posterior_figure

    seed, draws, horizon = options["seed"], options["draws"], options["horizon"]
    workers = options["workers"] or os.cpu_count() or 1
    scheduler = options["scheduler"] or None
    call = FamilyModel(table, "whole", seed).call(x)
    halves_calls = {
        part: FamilyModel(table, part, seed).call(observed(own[part]))
        for part in ("first", "second")
    }
    posteriors = ParameterModel(table, "whole", seed).posteriors(x)
    posterior = posterior_draws(table, call, posteriors, draws, seed)
    # Posterior predictive: the draws run anew (fresh seeds) and read back like the export.
    records = posterior.to_dict("records")
    chunks = [records[i : i + CHUNK] for i in range(0, len(records), CHUNK)]
    rerun = [
        row
        for done in run_chunks(simulate_chunk, world, chunks, workers, scheduler)
        for row in done
    ]
    rerun = pd.DataFrame(rerun).sort_values("posterior_row").reset_index(drop=True)
    after = misfit.predictive(features(rerun, "whole"), x)
    check["table"] = check["table"].merge(after, on="signal", suffixes=("_prior", "_posterior"))
    runs_table = what_ifs(world, posterior, horizon, WHAT_IFS, workers, scheduler)
    summary = intervals(runs_table)
    authority = posteriors["authority"]
    standing = float(authority.weights[table["authority"].to_numpy() >= STANDING].sum())

    lines = [fit_line(runs_table, own), predictive_line(after, own["whole"])]
    lines += caution_lines(runs_table, after, own, len(table))
    lines += family_report(call, halves_calls)
    lines.append(f"standing to decline (authority at least {STANDING}): probability {standing:.2f}")
    lines += parameter_report(posteriors)
    lines.append(f"what a tracker cannot tell: {CANNOT_TELL}")
    lines += whatif_report(summary, horizon, draws)
    for line in lines:
        print(line)

    check["table"].to_csv(folder / "misfit.csv", index=False)
    parameters = pd.DataFrame(
        [
            {
                "parameter": name,
                "prior_10%": p.prior[0],
                "prior_50%": p.prior[1],
                "prior_90%": p.prior[2],
                "posterior_10%": p.posterior[0],
                "posterior_50%": p.posterior[1],
                "posterior_90%": p.posterior[2],
                "informed": p.informed,
            }
            for name, p in posteriors.items()
        ]
    )
    parameters.to_csv(folder / "parameters.csv", index=False)
    families_table(call, halves_calls).to_csv(folder / "families.csv", index=False)
    summary.to_csv(folder / "whatifs.csv", index=False)
    runs_table.to_csv(folder / "whatif_runs.csv", index=False)
    title = f"Diagnosis of {Path(str(options['tracker'])).name} ({len(table)} simulations)"
    posterior_figure(call, posteriors, table, LABELS, title, folder / "posterior.png")
    return {
        "family": call.__dict__,
        "halves": {k: v.__dict__ for k, v in halves_calls.items()},
        "standing_probability": standing,
        "parameters": parameters.to_dict("records"),
        "what_ifs": summary.to_dict("records"),
        "report": [check["words"], *lines],
    }
