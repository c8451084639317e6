"""What ``sim.calibrate`` says: the console report, and the governance signature beside the
presets' (signature.csv, signature.png)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.outputs import atomic_write

#: A modelled throughput this far from the data's is reported.
THROUGHPUT_GAP = 0.2


def governance_signature(export, estimates: dict, folder: Path, diagnose: str) -> None:
    """The export's signature beside the presets' (signature.csv, signature.png), which signals
    lie outside every preset's range, and where to go for a diagnosis (``diagnose``: the command
    for this export). No family is named here: three runs per preset cannot carry a probability
    (``python -m sim.diagnose`` infers one)."""
    from sim.calibration.signature import CANNOT_TELL, FEATURES, preset_signatures, signature
    from sim.figures.calibration import signature_figure

    own = signature(export.issues)
    weeks = max(int(round(estimates["window"]["weeks"])), 13)
    table = preset_signatures(weeks=weeks)
    means = table.groupby("preset")[list(FEATURES)].mean()
    means.loc["this export"] = pd.Series(own)
    atomic_write(folder / "signature.csv", lambda tmp: means.T.to_csv(tmp))
    atomic_write(folder / "signature.png", lambda tmp: signature_figure(own, table, FEATURES, tmp))
    low, high = table[list(FEATURES)].min(), table[list(FEATURES)].max()
    outside = [f for f in FEATURES if pd.notna(own[f]) and not low[f] <= own[f] <= high[f]]
    estimates["signature"] = {"export": own, "outside_presets": outside, "cannot_tell": CANNOT_TELL}
    lines = [
        "governance signature: see signature.csv and signature.png; "
        + (
            f"outside every preset's runs on {', '.join(outside)}"
            if outside
            else "inside the presets' runs on every signal"
        ),
        f"for where the organization sits, with probabilities: {diagnose}",
        CANNOT_TELL,
    ]
    estimates["signature"]["report"] = lines


def report(estimates: dict, export, out: Path, commands: list[str]) -> None:
    window, size, notes = estimates["window"], estimates["size"], export.notes
    throughput = estimates["throughput_per_week"]
    how = f"{notes['file']}" + (
        f", {notes['encoding']}, delimiter {notes['delimiter']!r}" if notes["file"] == "csv" else ""
    )
    print(f"read {notes['rows']} rows ({how}); dates as {notes['date_format']}")
    excluded = notes["excluded_types"]
    if excluded:
        listed = ", ".join(f"{n} {t}" for t, n in excluded.items())
        print(f"excluded {sum(excluded.values())} issues that are not requests: {listed}")
    trimmed = notes["window"]
    if trimmed["trimmed"]:
        print(
            f"warning: window trimmed: {trimmed['trimmed']} issues left out ({trimmed['reason']})"
        )
    if window["weeks"] < 52:
        print(f"warning: {window['weeks']:.0f} weeks of history; about 52 are needed")
    print(
        f"{window['issues']} issues over {window['weeks']:.1f} weeks; "
        f"{len(export.bad_rows)} rows refused (see bad_rows.csv)"
    )
    for _, row in export.bad_rows.head(10).iterrows():
        print(f"  row {row['row']} {row['key'] or '(no key)'}: {row['reason']}: {row['value']!r}")
    unit = size["unit"]
    if unit == "items":
        print("no story points: sizes are counted in items, capacity in items a week")
    print(
        f"reporters: {len(estimates['request_rate'])}; size median {size['data_median']:.1f} "
        f"{unit} in the data (lognormal fit {size['median']['value']:.2f}, sigma "
        f"{size['sigma']:.2f}), {size['unestimated']['value']:.0%} unestimated"
    )
    if notes["approximate_done_dates"]:
        print(f"{notes['approximate_done_dates']} done dates taken from Updated (approximate)")
    modelled = estimates["modelled_throughput_per_week"]
    if abs(modelled["gap"]) > THROUGHPUT_GAP:
        print(
            f"warning: the model built from the file ships {modelled['value']:.2f} a week, "
            f"{modelled['gap']:+.0%} against the data's {throughput['value']:.2f}"
        )
    spread = (
        f"95% {throughput['low']:.2f}-{throughput['high']:.2f}"
        if np.isfinite(throughput["low"])
        else "no interval from under 2 weeks"
    )
    not_done = estimates["not_done_share"]["value"]
    not_done = f"{not_done:.0%} of resolved" if np.isfinite(not_done) else "none resolved"
    print(f"throughput {throughput['value']:.2f} done a week ({spread}); not done {not_done}")
    for line in estimates.get("signature", {}).get("report", []):
        print(line)
    print(f"outputs: {out}")
    print("next:\n  " + "\n  ".join(commands))
