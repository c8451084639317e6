"""Your own organization in the dashboard: an organization file's what-ifs, side by side.

A facilitator drops an organization file on the page: one written by hand (areas, their owners'
governance and teams, named stakeholders) or the ``organization.yaml`` that ``python -m
sim.calibrate`` writes from a tracker export. The file is checked as a run would check it (one
message naming the setting and what is allowed). Its what-ifs run the same organization, the
same seeds and so the same requests under four governances: as the file has it, every owner a
ticket coordinator, every owner empowered, and empowered from the start of the second year. Each
is reported with its 10-90% band over replications and its paired gain over the file as it is.
No Solara here: the page only shows this module's table (tested without a browser).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

import sim
from sim.config import ConfigError
from sim.game.setup import RoomError, organization_from_upload

#: The what-ifs: a label, and the settings that make it (none: the file as it is).
WHAT_IFS = (
    ("as the file has it", {}),
    ("every owner a ticket coordinator", {"every": "ticket_coordinator"}),
    ("every owner empowered", {"every": "empowered_product_owner"}),
    (
        "empowered from week 53",
        {"timeline": [{"week": 53, "set": {"governance": "empowered_product_owner"}}]},
    ),
)
TICKS, REPLICATIONS = 104, 5


class CompanyError(ValueError):
    """An organization file the dashboard cannot use, in words for the page."""


def read_organization(name: str, data: bytes) -> dict:
    """The file's organization, checked by building a run from it; else one clear message."""
    try:
        organization = organization_from_upload(name, data)  # its messages name the file
        sim.make_config("ticket_coordinator", organization=organization, ticks=TICKS)
    except RoomError as exc:
        raise CompanyError(str(exc)) from None
    except ConfigError as exc:
        raise CompanyError(f"{name}: {exc}") from None
    return organization


def describe(organization: dict) -> str:
    """What the file holds, in one line."""
    areas = [str(a.get("name", "?")) for a in organization["areas"]]
    people = organization.get("stakeholders") or []
    who = f"{len(people)} named stakeholders" if people else "stakeholders drawn as usual"
    return f"{len(areas)} product areas ({', '.join(areas)}); {who}"


def scenario_config(organization: dict, settings: dict, replications: int, seed: int):
    every = settings.get("every")
    if every:
        areas = [{**a, "governance": every} for a in organization["areas"]]
        organization = {**organization, "areas": areas}
    extra = {"timeline": settings["timeline"]} if "timeline" in settings else {}
    return sim.make_config(
        "ticket_coordinator",
        organization=organization,
        ticks=TICKS,
        replications=replications,
        seed=seed,
        **extra,
    )


def what_ifs(organization: dict, replications: int = REPLICATIONS, seed: int = 0) -> pd.DataFrame:
    """One row per what-if: cumulative value (mean and 10-90% band over replications), the
    paired gain over the file as it is (same seeds, same requests) and the share of
    replications where the what-if earns more, and throughput in the last year."""
    values, rows = {}, []
    for label, settings in WHAT_IFS:
        result = sim.run(scenario_config(organization, settings, replications, seed))
        values[label] = np.array([r["cumulative_value"] for r in result.per_replication])
        rows.append(
            {
                "what-if": label,
                "value_mean": float(values[label].mean()),
                "value_p10": float(np.quantile(values[label], 0.1)),
                "value_p90": float(np.quantile(values[label], 0.9)),
                "throughput_last_year": float(result.summary["throughput_last_year"]),
            }
        )
    base = values[WHAT_IFS[0][0]]
    for row in rows:
        gain = values[row["what-if"]] - base
        row["gain_over_file_mean"] = float(gain.mean())
        row["share_of_replications_better"] = float((gain > 0).mean())
    return pd.DataFrame(rows)


def as_html(table: pd.DataFrame) -> str:
    """The comparison for the page: value with its band, the paired gain, throughput."""
    head = (
        "what-if",
        "value added over 2 years (10-90%)",
        "gain over the file",
        "better in",
        "shipped a quarter, 2nd year",
    )
    rows = [
        (
            r["what-if"],
            f"{r['value_mean']:,.0f} ({r['value_p10']:,.0f} to {r['value_p90']:,.0f})",
            f"{r['gain_over_file_mean']:+,.0f}",
            f"{r['share_of_replications_better']:.0%}",
            f"{r['throughput_last_year']:.0f}",
        )
        for r in table.to_dict("records")
    ]

    def line(cells, tag):
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

    body = "".join(line(r, "td") for r in rows)
    return f"<table class='what-ifs'><thead>{line(head, 'th')}</thead><tbody>{body}</tbody></table>"
