"""``python -m sim.calibrate tracker=issues.csv [out=DIR] [columns.points=...]``.

Reads an issue tracker's CSV export (Jira's own format, or any CSV through ``columns.<field>=``),
estimates the organization's numbers with 95% intervals, and writes into ``out`` (default
``outputs/calibration``): ``estimates.json``, ``bad_rows.csv`` (every refused row, with its key
and reason), ``organization.yaml`` (reporters as named stakeholders; influence, alignment and
governance marked for the facilitator), ``commands.txt`` (the run and a what-if on that file)
and ``modelled_vs_actual.png`` (weekly throughput and lead times, data beside a model run from
the written file).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.calibration.estimates import WEEK, estimate, weekly_done
from sim.calibration.org_file import write_organization
from sim.calibration.tracker import COLUMNS, read_export
from sim.cli.arguments import Option, command, parse_options, split
from sim.config import ConfigError
from sim.outputs import atomic_write, write_json

OPTIONS = {
    "tracker": Option(None, "the tracker's CSV export", Path),
    "out": Option(Path("outputs/calibration"), "folder for the outputs", Path),
    "replications": Option(10, "replications of the model run for the comparison", int, 1),
    "seed": Option(0, "base seed of the model run", int, 0),
}


def run_settings(estimates: dict, org_file: Path) -> dict:
    """The settings that run the written organization over the observed window."""
    size = estimates["size"]
    settings = {
        "org_file": str(org_file),
        "ticks": max(int(round(estimates["window"]["weeks"])), 1),
        "capacity_growth": 0.0,  # the data's window is taken as it is; growth is a what-if
    }
    if np.isfinite(size["median"]["value"]):
        settings["size_median"] = float(np.clip(size["median"]["value"], 0.1, 10_000.0))
        settings["size_sigma"] = float(np.clip(size["sigma"], 0.0, 5.0))
    return settings


def command_line(settings: dict, extra: str = "") -> str:
    dotted = {
        "capacity_growth": "org.capacity_growth",
        "size_median": "value.size_median",
        "size_sigma": "value.size_sigma",
    }
    parts = [
        f"{dotted.get(k, k)}={v:.4g}" if isinstance(v, float) else f"{dotted.get(k, k)}={v}"
        for k, v in settings.items()
    ]
    return "python -m sim " + " ".join(parts) + (f" {extra}" if extra else "")


def compare(export, settings: dict, replications: int, seed: int, path: Path) -> None:
    """Run the model from the written file and draw it beside the data."""
    import sim
    from sim.figures.calibration import modelled_vs_actual

    result = sim.run(
        sim.make_config("ticket_coordinator", replications=replications, seed=seed, **settings)
    )
    weekly = result.metrics.pivot(index="replication", columns="tick", values="shipped").to_numpy()
    done = result.ledger[result.ledger["status"] == "done"]
    model_lead = (done["finished"] - done["created"]).to_numpy(dtype=float)
    issues = export.issues
    real_done = issues[issues["resolved"].notna() & ~issues["not_done"]]
    actual_lead = ((real_done["resolved"] - real_done["created"]) / WEEK).to_numpy(dtype=float)
    title = f"Modelled ({replications} replications) versus actual"
    atomic_write(
        path,
        lambda tmp: modelled_vs_actual(
            weekly_done(issues), actual_lead, weekly, model_lead, title, tmp
        ),
    )


@command
def main(argv: list[str]) -> int:
    """``python -m sim.calibrate tracker=issues.csv [out=DIR] [columns.FIELD=COLUMN ...]``."""
    columns = {}
    for argument in [a for a in argv if a.startswith("columns.")]:
        key, value = split(argument)
        field = key.partition(".")[2]
        if field not in COLUMNS:
            raise ConfigError(key, value, "allowed: columns." + ", columns.".join(COLUMNS))
        columns[field] = value
    options = parse_options([a for a in argv if not a.startswith("columns.")], OPTIONS)
    if options["tracker"] is None:
        raise ConfigError("tracker", None, "missing; give tracker=path/to/export.csv")
    export = read_export(options["tracker"], columns)
    estimates = estimate(export.issues)
    out = Path(options["out"])
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "bad_rows.csv", lambda tmp: export.bad_rows.to_csv(tmp, index=False))
    org_file = write_organization(
        estimates, Path(options["tracker"]).name, out / "organization.yaml"
    )
    settings = run_settings(estimates, org_file)
    week = max(1, min(13, settings["ticks"] // 2))  # a what-if inside the observed window
    change = f"'timeline=[{{week: {week}, set: {{governance: empowered_product_owner}}}}]'"
    commands = [
        command_line(settings, "out=outputs/calibrated"),
        command_line(settings, f"{change} out=outputs/calibrated_empowered"),
    ]
    atomic_write(out / "commands.txt", lambda tmp: tmp.write_text("\n".join(commands) + "\n"))
    compare(
        export, settings, options["replications"], options["seed"], out / "modelled_vs_actual.png"
    )
    write_json(
        out / "estimates.json",
        {**estimates, "columns": export.mapping, "bad_rows": len(export.bad_rows)},
    )
    report(estimates, export, out, commands)
    return 0


def report(estimates: dict, export, out: Path, commands: list[str]) -> None:
    window, size = estimates["window"], estimates["size"]
    throughput = estimates["throughput_per_week"]
    print(
        f"{window['issues']} issues over {window['weeks']:.0f} weeks; "
        f"{len(export.bad_rows)} rows refused (see bad_rows.csv)"
    )
    for _, row in export.bad_rows.head(10).iterrows():
        print(f"  row {row['row']} {row['key'] or '(no key)'}: {row['reason']}")
    print(
        f"reporters: {len(estimates['request_rate'])}; size median "
        f"{size['median']['value']:.1f} points (sigma {size['sigma']:.2f}), "
        f"{size['unestimated']['value']:.0%} unestimated"
    )
    print(
        f"throughput {throughput['value']:.2f} done a week "
        f"(95% {throughput['low']:.2f}-{throughput['high']:.2f}); not done "
        f"{estimates['not_done_share']['value']:.0%} of resolved"
    )
    print(f"outputs: {out}")
    print("next:\n  " + "\n  ".join(commands))
