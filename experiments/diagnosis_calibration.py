"""Is the diagnosis honest? Its calls measured on simulated exports whose truth is known.

A reference table is simulated at one base seed; test exports are simulated from the same prior
at another base seed the inference never saw. For each test export the diagnosis makes its
family call, the authority's 80% interval and a call on each half of the window. Reported, over
the test exports the misfit check lets through (the diagnosis says nothing about the others):

- reliability of the family call: test exports grouped by the stated (Pudlo) probability of the
  call; the share right in each group should match the stated probability;
- reliability of the probability forest's numbers for every family: (export, family) pairs
  grouped by the stated probability; the share where that family is the true one should match;
- coverage: the share of test exports whose true authority falls in the 80% interval (70-90% is
  honest), overall and within each family, with the interval's mean width;
- halves: the share whose two halves name the same family (consistency, not correctness);
- false misfits: the share of all the model's own exports that the misfit check calls outside.

The test exports share the reference table's world exactly; a real export's world is estimated
from the export, an error this measurement does not include.

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
#: Every family's probability spans 0 to 1: finer bins at both ends.
PAIR_BINS = (0.0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0001)
#: The test world: 24 stakeholders at the model's default request rate, default sizes.
WORLD_STAKEHOLDERS, WORLD_RATE = 24, 0.35


def standard_world(weeks: int = 52) -> World:
    rates = {f"stakeholder {i + 1}": WORLD_RATE for i in range(WORLD_STAKEHOLDERS)}
    return World(rates, size_median=10.0, size_sigma=1.0, weeks=weeks)


def measure(
    reference: pd.DataFrame, tests: pd.DataFrame, seed: int = 0, halves: bool = True
) -> dict:
    """The calls on every test export, and the measures of the module docstring."""
    whole = FamilyModel(reference, "whole", seed)
    simulated = features(reference, "whole")
    x = features(tests, "whole")
    calls = whole.calls(x)
    authority = ParameterModel(reference, "whole", seed).intervals("authority", x)
    fits = misfit.fits_each(simulated, x)
    rows, pairs = [], []
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
                "width": authority[i, 2] - authority[i, 0],
                "misfit": not fits[i],
            }
        )
        if fits[i]:
            pairs += [
                {"probability": p, "right": family == truth["family"]}
                for family, p in call.probabilities.items()
            ]
    if halves:
        a = FamilyModel(reference, "first", seed).calls(features(tests, "first"))
        b = FamilyModel(reference, "second", seed).calls(features(tests, "second"))
        for row, one, two in zip(rows, a, b, strict=True):
            row.update(
                first=one.map_family,
                second=two.map_family,
                halves_agree=one.map_family == two.map_family,
            )
    calls = pd.DataFrame(rows)
    return {
        "calls": calls,
        **summary(calls, pd.DataFrame(pairs)),
        "oob_error": whole.oob_error,
    }


def reliability(frame: pd.DataFrame, bins=BINS) -> pd.DataFrame:
    groups = pd.cut(frame["probability"], bins, right=False)
    return frame.groupby(groups, observed=True).agg(
        exports=("right", "size"), stated=("probability", "mean"), right=("right", "mean")
    )


def summary(calls: pd.DataFrame, pairs: pd.DataFrame) -> dict:
    called = calls[~calls["misfit"]]
    out = {
        "reliability": reliability(called),
        "every_family": reliability(pairs, PAIR_BINS),
        "accuracy": float(called["right"].mean()),
        "coverage": float(called["covered"].mean()),
        "coverage_by_family": called.groupby("family").agg(
            exports=("covered", "size"), coverage=("covered", "mean"), width=("width", "mean")
        ),
        "false_misfit": float(calls["misfit"].mean()),
        "called": len(called),
    }
    if "halves_agree" in calls:
        out["halves_agree"] = float(called["halves_agree"].mean())
    return out


def markdown(result: dict, reference: int, tests: int, weeks: int) -> str:
    lines = [
        f"Measured on {tests} simulated exports of {weeks} weeks (base seed 2000) against a "
        f"reference table of {reference} (base seed 0), over the {result['called']} the misfit "
        "check lets through; `python -m experiments.diagnosis_calibration` regenerates it.",
        "",
        "| stated probability of the family call | exports | mean stated | share right |",
        "|---|---|---|---|",
    ]
    lines += _rows(result["reliability"])
    lines += [
        "",
        "| every family's probability (probability forest) | export-family pairs | mean stated "
        "| share true |",
        "|---|---|---|---|",
    ]
    lines += _rows(result["every_family"])
    lines += [
        "",
        "| true family | exports | authority's 80% interval covers the truth | mean width |",
        "|---|---|---|---|",
    ]
    for family, row in result["coverage_by_family"].iterrows():
        lines.append(
            f"| {family} | {int(row['exports'])} | {row['coverage']:.0%} | {row['width']:.2f} |"
        )
    lines += [
        "",
        "| measure | result | honest when |",
        "|---|---|---|",
        f"| family named right | {result['accuracy']:.0%} | (chance is 33%) |",
        f"| authority's 80% interval covers the truth | {result['coverage']:.0%} | 70-90% |",
        f"| the two halves name the same family | {result['halves_agree']:.0%} | at least 80% |",
        f"| the model's own exports called outside it | {result['false_misfit']:.1%} "
        "| at most about 9% (16 signals at 0.5% each, 1% for all together) |",
    ]
    return "\n".join(lines)


def _rows(table: pd.DataFrame) -> list[str]:
    return [
        f"| {interval.left:.2f} to {min(interval.right, 1.0):.2f} | {int(row['exports'])} | "
        f"{row['stated']:.2f} | {row['right']:.2f} |"
        for interval, row in table.iterrows()
    ]


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
