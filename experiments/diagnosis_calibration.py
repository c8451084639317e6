"""Is the diagnosis honest? Its calls measured on simulated exports whose truth is known.

A reference table is simulated at one base seed; test exports are simulated from the same prior
at another base seed the inference never saw. For each test export the diagnosis makes its
family call, the authority's 80% interval and a call on each half of the window. Reported:

- reliability: test exports grouped by the stated probability of the call; the share right in each
  group should match the stated probability;
- coverage: the share of test exports whose true authority falls in the 80% interval (70-90% is
  honest);
- halves: the share whose two halves name the same family (among exports where both halves
  make a call);
- false misfits: the share of the model's own exports that the misfit check calls outside.

``python -m experiments.diagnosis_calibration [reference=1500] [tests=300] [weeks=52]`` writes
the tables between the markers in docs/calibration.md (the tests run a small version).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pandas as pd

from sim.diagnosis import misfit
from sim.diagnosis.inference import FamilyModel, ParameterModel, features
from sim.diagnosis.reference import reference_table
from sim.diagnosis.world import World

DOC = Path("docs/calibration.md")
START, END = "<!-- diagnosis: start -->", "<!-- diagnosis: end -->"
BINS = (0.0, 0.4, 0.6, 0.8, 0.9, 1.0001)
#: The test world: 24 stakeholders at the model's default request rate, default sizes.
WORLD_STAKEHOLDERS, WORLD_RATE = 24, 0.35


def standard_world(weeks: int = 52) -> World:
    rates = {f"stakeholder {i + 1}": WORLD_RATE for i in range(WORLD_STAKEHOLDERS)}
    return World(rates, size_median=10.0, size_sigma=1.0, weeks=weeks)


def measure(
    reference: pd.DataFrame, tests: pd.DataFrame, seed: int = 0, halves: bool = True
) -> dict:
    """The calls on every test export, and the four measures of the module docstring."""
    whole = FamilyModel(reference, "whole", seed)
    first = FamilyModel(reference, "first", seed) if halves else None
    second = FamilyModel(reference, "second", seed) if halves else None
    simulated = features(reference, "whole")
    x = features(tests, "whole")
    calls = whole.calls(x)
    authority = ParameterModel(reference, "whole", seed).intervals("authority", x)
    fits = misfit.fits_each(simulated, x)
    rows = []
    for i, call in enumerate(calls):
        truth = tests.iloc[i]
        rows.append(
            {
                "family": truth["family"],
                "call": call.map_family,
                "probability": call.map_probability,
                "right": call.map_family == truth["family"],
                "authority": truth["authority"],
                "covered": authority[i, 0] <= truth["authority"] <= authority[i, 2],
                "misfit": not fits[i],
            }
        )
    if halves:
        a = first.calls(features(tests, "first"))
        b = second.calls(features(tests, "second"))
        for row, one, two in zip(rows, a, b, strict=True):
            row.update(
                first=one.map_family,
                second=two.map_family,
                halves_agree=one.map_family == two.map_family,
            )
    calls = pd.DataFrame(rows)
    return {"calls": calls, **summary(calls), "oob_error": whole.oob_error}


def summary(calls: pd.DataFrame) -> dict:
    groups = pd.cut(calls["probability"], BINS, right=False)
    reliability = calls.groupby(groups, observed=True).agg(
        exports=("right", "size"), stated=("probability", "mean"), right=("right", "mean")
    )
    out = {
        "reliability": reliability,
        "accuracy": float(calls["right"].mean()),
        "coverage": float(calls["covered"].mean()),
        "false_misfit": float(calls["misfit"].mean()),
    }
    if "halves_agree" in calls:
        out["halves_agree"] = float(calls["halves_agree"].mean())
    return out


def markdown(result: dict, reference: int, tests: int, weeks: int) -> str:
    table = result["reliability"]
    lines = [
        f"Measured on {tests} simulated exports of {weeks} weeks (base seed 2000) against a "
        f"reference table of {reference} (base seed 0); `python -m "
        "experiments.diagnosis_calibration` regenerates it.",
        "",
        "| stated probability of the call | exports | mean stated | share right |",
        "|---|---|---|---|",
    ]
    for interval, row in table.iterrows():
        lines.append(
            f"| {interval.left:.1f} to {min(interval.right, 1.0):.1f} | {int(row['exports'])} | "
            f"{row['stated']:.2f} | {row['right']:.2f} |"
        )
    lines += [
        "",
        "| measure | result | honest when |",
        "|---|---|---|",
        f"| family named right | {result['accuracy']:.0%} | (chance is 25%) |",
        f"| authority's 80% interval covers the truth | {result['coverage']:.0%} | 70-90% |",
        f"| the two halves name the same family | {result['halves_agree']:.0%} | at least 80% |",
        f"| the model's own exports called outside it | {result['false_misfit']:.1%} "
        "| about 1-3% |",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    options = dict(a.split("=", 1) for a in argv)
    n_reference = int(options.get("reference", 1500))
    n_tests = int(options.get("tests", 300))
    weeks = int(options.get("weeks", 52))
    world = standard_world(weeks)
    reference = reference_table(world, n_reference, seed=0)
    tests = reference_table(world, n_tests, seed=2000)
    result = measure(reference, tests)
    text = markdown(result, n_reference, n_tests, weeks)
    print(text)
    if DOC.exists() and START in DOC.read_text():
        before, rest = DOC.read_text().split(START, 1)
        after = rest.split(END, 1)[1]
        DOC.write_text(f"{before}{START}\n{text}\n{END}{after}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
