"""The dashboard's "Your own organization" card: drop a file, run its what-ifs side by side,
download the comparison. The work is ``sim.dashboard.company``'s; this is only the page.

Everything here is per browser session (``use_reactive`` inside the component): one
facilitator's organization never shows in another's page.
"""

from __future__ import annotations

import time
from typing import cast

import pandas as pd
import solara

from sim.dashboard.company import (
    REPLICATIONS,
    TICKS,
    WHAT_IFS,
    CompanyError,
    as_html,
    describe,
    read_organization,
    what_ifs,
)
from sim.dashboard.text import Prose


@solara.component
def Company():
    organization = solara.use_reactive(cast(dict | None, None))
    name = solara.use_reactive("")
    error = solara.use_reactive("")
    table = solara.use_reactive(cast(pd.DataFrame | None, None))
    running = solara.use_reactive(False)
    seconds = solara.use_reactive(0.0)

    def dropped(file):
        table.set(None)
        try:
            organization.set(read_organization(file["name"], file["data"] or b""))
            name.set(file["name"])
            error.set("")
        except CompanyError as exc:
            organization.set(None)
            error.set(str(exc))

    def run():
        running.set(True)
        start = time.perf_counter()
        try:
            comparison = what_ifs(organization.value)
            seconds.set(time.perf_counter() - start)  # before the table, which shows it
            table.set(comparison)
        finally:
            running.set(False)

    task = solara.lab.use_task(run, dependencies=None, prefer_threaded=True)
    with solara.Card("Your own organization", classes=["company"]):
        Prose(
            "Drop an organization file (YAML: areas, their owners' governance and teams, named "
            "stakeholders), or the organization.yaml that python -m sim.calibrate writes from "
            "your tracker's export. Its what-ifs run the same organization on the same requests: "
            + "; ".join(label for label, _ in WHAT_IFS)
            + f" ({REPLICATIONS} replications of {TICKS} weeks each; a few seconds on a laptop)."
        )
        solara.FileDrop(label="Drop an organization file here", on_file=dropped, lazy=False)
        if error.value:
            solara.Error(error.value, classes=["company-error"])
        if organization.value is not None:
            Prose(f"**{name.value}**: {describe(organization.value)}.")
            solara.Button(
                "Running the what-ifs..." if running.value else "Run the what-ifs",
                on_click=task,
                color="primary",
                disabled=running.value,
                classes=["company-run"],
            )
        if table.value is not None:
            solara.HTML(tag="div", unsafe_innerHTML=as_html(table.value))
            Prose(
                "Value is the value added over two years, a mean with its 10-90% band over "
                "replications; the gain is paired (the same seeds, so the same requests), and "
                "'better in' is the share of replications where the what-if earns more. "
                f"They took {seconds.value:.0f} s on this machine."
            )
            solara.FileDownload(
                lambda: table.value.to_csv(index=False).encode(),
                filename=f"what_ifs_{name.value.rsplit('.', 1)[0]}.csv",
                label="Download the comparison (CSV)",
            )
