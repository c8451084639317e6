"""What one run writes to its folder: tables, figures and, last, the summary."""

from __future__ import annotations

from pathlib import Path

from sim.figures.areas import areas_figure
from sim.figures.colours import colour_of, colour_of_run
from sim.figures.run import run_figure
from sim.outputs import atomic_write, write_json
from sim.runner import RunResult


def _areas_title(result: RunResult) -> str:
    """The run's name first, as on every figure of a run, then what the bars are."""
    reps = result.config.replications
    return (
        f"{result.label}\nproduct areas: means over {reps} replication(s) of "
        f"{result.config.ticks} weeks"
    )


def write_run(result: RunResult, directory: Path) -> dict[str, Path]:
    """Write summary.json, metrics.csv, initiatives.csv, owners.csv, run.png and areas.png."""
    directory = Path(directory)
    paths = {
        "metrics": atomic_write(
            directory / "metrics.csv", lambda tmp: result.metrics.to_csv(tmp, index=False)
        ),
        "initiatives": atomic_write(
            directory / "initiatives.csv", lambda tmp: result.ledger.to_csv(tmp, index=False)
        ),
        "owners": atomic_write(
            directory / "owners.csv", lambda tmp: result.owners.to_csv(tmp, index=False)
        ),
        "figure": atomic_write(directory / "run.png", lambda tmp: run_figure(result, tmp)),
        "areas": atomic_write(
            directory / "areas.png",
            lambda tmp: areas_figure(
                result.per_area(), _areas_title(result), tmp, _run_colours(result)
            ),
        ),
    }
    # The summary goes last: its presence means the run's outputs are complete.
    paths["summary"] = write_json(directory / "summary.json", result.as_json())
    return paths


def _run_colours(result) -> dict[str, tuple[str, str]]:
    """The run's governance as its run figure draws it: the preset's colour, a lighter shade when
    the run changes its governance, purple for every area when a timeline switches it."""
    switched = bool(result.changes)
    colour = colour_of_run(result.config, switched=switched)
    if switched:  # the label up to its first setting ("a -> b at week 40") says the switch
        head = result.label.split(", ")[0]
        label = head if "->" in head else f"{head}, switched mid-run"
        return {a["governance"]: (colour, label) for a in result.per_area()}
    name = result.config.governance.name
    return {name: (colour, name if colour == colour_of(name) else f"{name}, governance changed")}
