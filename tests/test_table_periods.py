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
