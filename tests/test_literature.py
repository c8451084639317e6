"""Literature checks (experiments.literature_checks), with their tolerances."""

import pytest

from experiments.literature_checks import (
    maintenance_share,
    shipped_true_values,
    thirds,
    top_decile_share,
)


@pytest.fixture(scope="module")
def value_blind_shipments():
    """Shipped true values, 20 replications with value-blind ordering (authority 0)."""
    return shipped_true_values(replications=20, authority=0.0)


def test_kohavi_about_a_third_win_a_third_flat_a_third_lose(value_blind_shipments):
    shares = thirds(value_blind_shipments)
    # Tolerance: each share within 1/3 +- 0.09 (thousands of initiatives, so sampling error is
    # about 0.005; the rest is the model's objective potentials and misaligned work).
    for name, share in shares.items():
        assert abs(share - 1 / 3) < 0.09, f"{name}: {share:.0%} of {shares}"


def test_value_is_heavy_tailed(value_blind_shipments):
    share = top_decile_share(value_blind_shipments)
    # Heavy tail: the top 10% give more than half of the positive value (Pareto-like).
    assert share > 0.5, f"top decile share {share:.0%}"


def test_maintenance_share_is_reported_and_below_the_survey_figure():
    share = maintenance_share(replications=10)
    # docs/calibration.md's literature table gives this figure against Stripe's 42%.
    assert 0.08 < share < 0.2, f"maintenance share after 3 years {share:.1%}"


def test_the_documented_literature_table_is_the_generated_one():
    """One source: docs/calibration.md's table is what the check prints today (regenerate with
    ``python -m experiments.literature_checks update_docs=true`` when the model changes)."""
    from experiments.literature_checks import END, START, table
    from sim.outputs import CALIBRATION_NOTES, read_between

    assert read_between(CALIBRATION_NOTES, START, END) == table(20)
