"""The headline metrics as people read them: a label and a format for each.

Every table and figure (the command line's summary, a sweep's comparison, sweep figures, the
course pack) takes its labels and formats from here, so a metric reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Headline:
    """A summary metric as people read it: a label and a format."""

    name: str
    label: str
    fmt: str

    def format(self, value) -> str:
        """The value formatted, or ``n/a`` when missing (None or NaN)."""
        return "n/a" if value is None or value != value else self.fmt.format(value)


#: The headline metrics, activity first, then outcome, waste and politics. Every table and figure
#: takes its labels and formats from here.
HEADLINE_METRICS = {
    h.name: h
    for h in (
        Headline("throughput_first_year", "shipped per quarter, first year", "{:.1f}"),
        Headline("throughput_last_year", "shipped per quarter, last year", "{:.1f}"),
        Headline("value_added_first_year", "value added, first year", "{:,.0f}"),
        Headline("value_added_prior_year", "value added, year before last", "{:,.0f}"),
        Headline("value_added_last_year", "value added, last year", "{:,.0f}"),
        Headline("initiatives_shipped", "initiatives shipped", "{:.0f}"),
        Headline("cumulative_value", "cumulative value (value units)", "{:,.0f}"),
        Headline("final_value_rate", "final value per week", "{:,.1f}"),
        Headline("zombie_capacity_share", "capacity on zombies", "{:.0%}"),
        Headline("waste_capacity_share", "capacity on negative-value work", "{:.0%}"),
        Headline("kills", "kills", "{:.1f}"),
        Headline("declines", "declines", "{:.1f}"),
        Headline("pushes", "pushes for priority", "{:.1f}"),
        Headline("yields", "decisions yielded", "{:.1f}"),
        Headline("escalations", "escalations", "{:.1f}"),
        Headline("reversals", "reversals", "{:.1f}"),
        Headline("backlog_final", "backlog at the end", "{:.0f}"),
        Headline("influence_delivery_correlation", "influence-delivery rank correlation", "{:.2f}"),
    )
}


def headline(*names: str) -> list[Headline]:
    """The headline entries of some metrics, in the order given."""
    return [HEADLINE_METRICS[name] for name in names]
