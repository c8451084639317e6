"""Tables show only the periods a run has: in a two-year run the year before last is the first
year, so it is shown once."""

import logging

import sim
from sim.figures.tables import summary_table


def summary(ticks: int) -> dict:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    return sim.run(sim.make_config("ticket_coordinator", ticks=ticks, replications=1)).summary


def test_a_two_year_run_shows_its_first_year_once_and_a_three_year_run_every_year():
    two = summary_table({"two years": summary(104)})
    assert "value added, year before last" not in two
    assert "value added, first year" in two and "value added, last year" in two
    three = summary_table({"three years": summary(156)})
    assert "value added, year before last" in three


def test_a_sweeps_table_names_its_parameters_and_fits_a_terminal():
    """24 jobs (4 authorities x 6 kill thresholds) x 2 replications: every column is headed
    by parameter=value, and the table comes in blocks no wider than 100 characters."""
    import itertools

    import pandas as pd

    from sim.figures.tables import COMPARISON, comparison_table

    rows = []
    for authority, threshold in itertools.product((0.0, 0.3, 0.6, 0.9), range(6)):
        for replication in range(2):
            metrics = {h.name: 1000.0 * authority + threshold + replication for h in COMPARISON}
            rows.append(
                {
                    "governance.authority": authority,
                    "governance.kill_threshold": float(threshold),
                    "status": "done",
                    **metrics,
                }
            )
    params = ["governance.authority", "governance.kill_threshold"]
    table = comparison_table(pd.DataFrame(rows), params)
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "authority=0.9, kill_threshold=5.0" in table
    assert table.count("replications") >= 3  # several blocks, each with its own rows
