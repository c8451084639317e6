"""``python -m sim.calibrate tracker=export.csv [out=DIR] [key=value ...]``.

Reads an issue tracker's export (Jira's own CSV in its common languages, a CSV re-saved by Excel,
a generic or Azure DevOps CSV, or an .xlsx workbook; sim.calibration.tracker), estimates the
organization's numbers with 95% intervals, and writes into ``out`` (default
``outputs/calibration``): ``estimates.json``, ``bad_rows.csv`` (every refused row, with its key,
reason and value), ``organization.yaml`` (reporters as named stakeholders; influence, alignment
and governance marked for the facilitator), ``commands.txt`` (the run and a what-if on that file)
and ``modelled_vs_actual.png`` (weekly throughput and lead times, data beside a model run from
the written file).

When more than half the rows are refused the run stops with the top reasons, their counts and an
example value each, and writes only ``bad_rows.csv``. Everything else is written to a temporary
folder and moved into place at the end, so an interrupted run leaves the old results whole.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from sim.calibration.estimates import WEEK, estimate, weekly_done
from sim.calibration.org_file import placeholder_reporters, write_organization
from sim.calibration.tracker import FIELDS, read_export, why_nothing_is_done
from sim.calibration.window import filtered_to_closed, inactive_span, trim
from sim.cli.arguments import Option, command, parse_options, split
from sim.cli.calibration_report import governance_signature, report
from sim.config import ConfigError
from sim.outputs import atomic_write, write_json

OPTIONS = {
    "tracker": Option(None, "the tracker's CSV or .xlsx export", Path),
    "out": Option(None, "folder for the outputs (default: outputs/calibration/EXPORT)", Path),
    "replications": Option(10, "replications of the model run for the comparison", int, 1),
    "seed": Option(0, "base seed of the model run", int, 0),
    "encoding": Option("", "the CSV's encoding (default: detected)", str),
    "delimiter": Option("", "the CSV's delimiter (default: sniffed)", str),
    "date_format": Option("", "the dates' strptime format (default: detected)", str),
    "vocabulary": Option("", "a YAML file adding names to configs/tracker/vocabulary.yaml", str),
    "since": Option("", "first day of the window (default: detected)", str),
    "signature": Option(
        False, "also compare the export's governance signature with the presets", bool
    ),
    "until": Option("", "last day of the window (default: the export's last date)", str),
}
#: Share of refused rows above which nothing is estimated.
MOST_REFUSED = 0.5


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
    """The command that runs the written organization, with the interpreter that ran this."""
    dotted = {
        "capacity_growth": "org.capacity_growth",
        "size_median": "value.size_median",
        "size_sigma": "value.size_sigma",
    }
    parts = [
        f"{dotted.get(k, k)}={v:.4g}" if isinstance(v, float) else f"{dotted.get(k, k)}={v}"
        for k, v in settings.items()
    ]
    python = shlex.quote(_interpreter())
    return f"{python} -m sim " + " ".join(parts) + (f" {extra}" if extra else "")


def _interpreter() -> str:
    """This interpreter, relative to the working folder when it is inside it (.venv/bin/python)."""
    path = Path(sys.executable)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def compare(export, settings: dict, replications: int, seed: int, path: Path) -> float:
    """Run the model from the written file and draw it beside the data; return the modelled
    throughput (done a week)."""
    import sim
    from sim.figures.calibration import modelled_vs_actual

    # The written file marks each area ticket_coordinator (a TODO for the facilitator).
    preset = "ticket_coordinator"
    result = sim.run(sim.make_config(preset, replications=replications, seed=seed, **settings))
    weekly = result.metrics.pivot(index="replication", columns="tick", values="shipped").to_numpy()
    done = result.ledger[result.ledger["finished"].notna()]
    model_lead = (done["finished"] - done["created"]).to_numpy(dtype=float)
    issues = export.issues
    real_done = issues[issues["done"]]
    actual_lead = ((real_done["resolved"] - real_done["created"]) / WEEK).to_numpy(dtype=float)
    title = f"Modelled ({replications} replications) versus actual"
    atomic_write(
        path,
        lambda tmp: modelled_vs_actual(
            weekly_done(issues), actual_lead, weekly, model_lead, title, tmp, preset
        ),
    )
    return float(weekly.mean())


def load(argv: list[str], options_spec: dict, root: str) -> tuple[dict, object]:
    """Parse the arguments, read the export and check its window; warn about what was counted
    once or trimmed. Returns the options (``out`` defaults to ``root``/EXPORT, a folder named
    after the export) and the export (its issues trimmed to the window)."""
    columns, exclude = {}, None
    for argument in [a for a in argv if a.startswith(("columns.", "types."))]:
        key, value = split(argument)
        if key == "types.exclude":
            exclude = [t.strip() for t in value.split(",") if t.strip()]
            continue
        name = key.partition(".")[2]
        if not key.startswith("columns.") or name not in FIELDS:
            raise ConfigError(
                key, value, "allowed: types.exclude, columns." + ", columns.".join(FIELDS)
            )
        columns[name] = value
    arguments = [a for a in argv if not a.startswith(("columns.", "types."))]
    options = parse_options(arguments, options_spec)
    if options["tracker"] is None:
        raise ConfigError("tracker", None, "missing; give tracker=path/to/export.csv")
    if not options["out"]:
        options["out"] = Path(root) / export_name(options["tracker"])
    export = read_export(
        options["tracker"],
        columns,
        encoding=options["encoding"] or None,
        delimiter=options["delimiter"] or None,
        date_format=options["date_format"] or None,
        vocabulary=Path(options["vocabulary"]) if options["vocabulary"] else None,
        exclude_types=exclude,
    )
    out = Path(options["out"])
    check_refused(export, out)
    issues, window_note = trim(export.issues, options["since"], options["until"])
    export.issues = issues
    export.notes["window"] = window_note
    if not issues["done"].any():
        raise ConfigError("tracker", str(options["tracker"]), why_nothing_is_done(export))
    if not (options["since"] or options["until"]):
        idle = inactive_span(issues)
        if idle:
            raise ConfigError("tracker", str(options["tracker"]), idle)
    if filtered_to_closed(issues):
        print(
            "warning: no issue is open: the export looks filtered to closed work; request "
            "rates and backlog growth read from it are too low (export every status)"
        )
    for warning in integrity_warnings(export.notes):
        print(f"warning: {warning}")
    counts = issues["reporter"].value_counts()
    placeholders = placeholder_reporters(counts.index)
    if placeholders:
        listed = ", ".join(f"{name!r} ({counts[name]} issues)" for name in placeholders[:5])
        print(
            f"warning: placeholder accounts among the reporters: {listed}; each is kept as one "
            "stakeholder, but may stand for many people (marked in organization.yaml)"
        )
    return options, export


def export_name(path: Path) -> str:
    """A folder name for an export's outputs: its file name without the extension."""
    stem = Path(path).stem.strip() or "export"
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)


@command
def main(argv: list[str]) -> int:
    """``python -m sim.calibrate tracker=export.csv [out=DIR] [key=value ...]``."""
    options, export = load(argv, OPTIONS, "outputs/calibration")
    out = Path(options["out"])
    issues = export.issues
    estimates = estimate(issues)
    # Everything goes to a new folder beside ``out``, moved into place when complete.
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        atomic_write(staging / "bad_rows.csv", lambda tmp: export.bad_rows.to_csv(tmp, index=False))
        org_file = write_organization(
            estimates, Path(options["tracker"]).name, staging / "organization.yaml"
        )
        settings = run_settings(estimates, out / "organization.yaml")
        week = max(1, min(13, settings["ticks"] // 2))  # a what-if inside the observed window
        change = f"'timeline=[{{week: {week}, set: {{governance: empowered_product_owner}}}}]'"
        commands = [
            command_line(settings, f"out={out / 'run'}"),
            command_line(settings, f"{change} out={out / 'run_empowered'}"),
        ]
        atomic_write(staging / "commands.txt", lambda t: t.write_text("\n".join(commands) + "\n"))
        run = {**settings, "org_file": str(org_file)}
        modelled = compare(
            export,
            run,
            options["replications"],
            options["seed"],
            staging / "modelled_vs_actual.png",
        )
        actual = estimates["throughput_per_week"]["value"]
        gap = modelled / actual - 1 if actual else float("nan")
        estimates["modelled_throughput_per_week"] = {"value": modelled, "gap": gap}
        if options["signature"]:
            diagnose = f"{shlex.quote(_interpreter())} -m sim.diagnose tracker=" + shlex.quote(
                str(options["tracker"])
            )
            governance_signature(export, estimates, staging, diagnose)
        write_json(
            staging / "estimates.json",
            {
                **estimates,
                "columns": export.mapping,
                "bad_rows": len(export.bad_rows),
                "read": export.notes,
            },
        )
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report(estimates, export, out, commands)
    return 0


def integrity_warnings(notes: dict) -> list[str]:
    """What the import counted once or read as unestimated, one line each."""
    lines = []
    if notes.get("duplicate_keys"):
        lines.append(f"{notes['duplicate_keys']} rows repeat an issue key: each key counted once")
    if notes.get("unreadable_points"):
        lines.append(
            f"{notes['unreadable_points']} issues have points that are not a number (e.g. "
            f"{notes['unreadable_points_example']!r}): counted as unestimated"
        )
    return lines


def check_refused(export, out: Path) -> None:
    """Always write bad_rows.csv when a row was refused; stop when most rows were."""
    bad, rows = export.bad_rows, max(export.notes["rows"], 1)
    if bad.empty:
        return
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "bad_rows.csv", lambda tmp: bad.to_csv(tmp, index=False))
    share = len(bad) / rows
    if share > MOST_REFUSED or export.issues.empty:
        top = bad.groupby("reason").agg(count=("row", "size"), example=("value", "first"))
        top = top.sort_values("count", ascending=False).head(3)
        reasons = "; ".join(f"{r} ({c} rows, e.g. {e!r})" for r, (c, e) in top.iterrows())
        where = out / "bad_rows.csv"
        raise ConfigError(
            "tracker",
            export.notes["path"],
            f"{len(bad)} of {rows} rows refused ({share:.0%}): {reasons}; see {where}",
        )
    print(f"warning: {len(bad)} of {rows} rows refused ({share:.0%}); see {out / 'bad_rows.csv'}")


def _move_into_place(staging: Path, out: Path) -> None:
    """Replace ``out``'s results by the staged ones (an old folder's other files are kept)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in staging.iterdir():
        os.replace(path, out / path.name)
