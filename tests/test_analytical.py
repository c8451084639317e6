"""Exact checks: Smith's rule under perfect information, and Little's law on the ledger."""

import itertools
import math

import numpy as np

import sim


def value_of_order(values, sizes, capacity, ticks, continuous=False):
    """Cumulative value of shipping items one at a time in the given order (computed here).

    With ``capacity`` points per tick and no interruptions, the item whose cumulative points are
    P finishes in tick ceil(P / capacity) - 1 and earns its value in every tick from then on
    (the engine's weekly accounting). In continuous time it earns from time P / capacity on.
    """
    finish = np.cumsum(sizes) / capacity
    if not continuous:
        finish = np.ceil(finish) - 1
    earning = np.clip(ticks - finish, 0, None)
    return float(np.sum(np.asarray(values) * earning))


def test_perfect_information_ships_by_value_density_and_reaches_the_optimum():
    config = sim.make_config("perfect_information", replications=1, ticks=156, seed=11)
    model = sim.Organization(config)
    model.run_model()
    work = model.work
    n = config.org.initial_backlog
    assert len(work) == n and (work.status == 4).all(), "every initiative ships"

    values, sizes = work.true_value.copy(), work.size.copy()
    smith = np.argsort(-(values / sizes), kind="stable")
    # Completion ticks never decrease along Smith's order: it is the order of completion.
    assert (np.diff(work.finished[smith]) >= 0).all()
    optimum = value_of_order(values[smith], sizes[smith], config.org.team_capacity, config.ticks)
    assert math.isclose(model.cumulative_value, optimum, rel_tol=1e-9)


def test_smiths_order_is_the_optimum_on_a_small_backlog():
    """Brute force over all orders of 7 items: Smith's order is optimal in continuous time, and
    with weekly accounting it is within one week of value per item of the best order."""
    rng = np.random.default_rng(0)
    values = rng.normal(0, 2, size=7)
    sizes = rng.lognormal(np.log(10), 1.0, size=7)
    smith = np.argsort(-(values / sizes))
    best_continuous = value_of_order(values[smith], sizes[smith], 12.0, 200, continuous=True)
    smith_weekly = value_of_order(values[smith], sizes[smith], 12.0, 200)
    best_weekly = -np.inf
    for order in itertools.permutations(range(7)):
        order = list(order)
        assert (
            value_of_order(values[order], sizes[order], 12.0, 200, True) <= best_continuous + 1e-9
        )
        best_weekly = max(best_weekly, value_of_order(values[order], sizes[order], 12.0, 200))
    assert best_weekly - np.abs(values).sum() <= smith_weekly <= best_weekly


def test_engine_matches_smith_on_other_seeds_and_backlog_sizes():
    for seed, backlog in [(1, 5), (2, 60), (3, 120)]:
        config = sim.make_config(
            "perfect_information", replications=1, ticks=400, seed=seed, initial_backlog=backlog
        )
        model = sim.Organization(config)
        model.run_model()
        work = model.work
        smith = np.argsort(-(work.true_value / work.size), kind="stable")
        optimum = value_of_order(
            work.true_value[smith], work.size[smith], config.org.team_capacity, config.ticks
        )
        assert math.isclose(model.cumulative_value, optimum, rel_tol=1e-9), (seed, backlog)


def test_littles_law_holds_on_the_ledger_of_a_long_stable_run():
    """Mean WIP = throughput x mean time in progress, within 3% (edge effects of a finite run)."""
    result = sim.run(sim.make_config("empowered_product_owner", ticks=1040, replications=2))
    for summary in result.per_replication:
        assert abs(summary["littles_law_residual"]) < 0.03, summary["littles_law_residual"]
