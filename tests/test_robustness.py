"""A subset of the robustness table at two base seeds no table uses (11 and 777).

The full table (30 seeds, 1000-1029, x 20 replications) is in docs/calibration.md; here every
pattern is judged at two other seeds with the same paired tests, and the patterns the table
reports as holding at all 30 of its seeds must hold at both. The stated misses (P1 flat, P1 not
declining, R2) are strict expected failures in tests/test_patterns.py.
"""

import pandas as pd
import pytest

from experiments import robustness as r
from sim.batch import GridRunner

SEEDS = (11, 777)
#: Held at 30 of 30 seeds in the documented table (P1 throughput up, P5 and R1 held at 29: they
#: are judged in tests/test_patterns.py instead).
ROBUST = (
    "P1 empowered wins",
    "P1 empowered compounds",
    "P1b escalate until reversed",
    "P3 kill criteria need authority",
    "P4 zombies eat capacity",
    "P6 feedback beats annual",
    "P7 activity produces waste",
    "P8 backlog grows",
)


@pytest.fixture(scope="module")
def verdicts(grid_runner: GridRunner) -> pd.DataFrame:
    rows = []
    for seed in SEEDS:
        rows += r.judge(r.evaluate_seed(grid_runner, seed, 20), seed)
    table = pd.DataFrame(rows)
    print("\n" + r.markdown(table, 20))
    return table


@pytest.mark.parametrize("pattern", ROBUST)
def test_robust_patterns_hold_at_untuned_seeds(verdicts, pattern):
    rows = verdicts[verdicts["pattern"] == pattern]
    assert rows["passed"].all(), rows[["seed", "figure"]].to_string()


def test_the_pass_rate_table_counts_seeds(verdicts):
    rates = r.pass_rates(verdicts)
    assert set(rates.index) == set(r.PATTERNS)
    assert (rates["seeds"] == len(SEEDS)).all()
    assert rates.loc["P1 empowered wins", "holds"]
