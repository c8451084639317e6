"""``python -m sim.report RUN_DIR [RUN_DIR ...]``: finished runs' summaries side by side.

Columns are named by what ran (the preset and the settings that differ from it, as in the
output folder's name); when two runs still share a name (two runs of one configuration) each is
named by its folder instead, so no run is dropped. Runs of different lengths, organizations or
replications are compared with a warning saying how they differ.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.cli.arguments import command
from sim.config import ConfigError
from sim.figures.tables import summary_table


@command
def main(argv: list[str]) -> int:
    """``python -m sim.report RUN_DIR [RUN_DIR ...]``: summaries side by side."""
    if not argv:
        raise ConfigError("RUN_DIR", None, "allowed: one or more folders written by python -m sim")
    for folder in argv:
        key, sep, value = folder.partition("=")
        if sep and not Path(folder).is_dir():  # sweep job folders have "=" in their names
            raise ConfigError(key, value, "unknown setting; sim.report takes only RUN_DIR folders")
        if not (Path(folder) / "summary.json").is_file():
            raise ConfigError("RUN_DIR", folder, "allowed: a folder with summary.json")
    documents = [json.loads((Path(d) / "summary.json").read_text()) for d in argv]
    names = [doc.get("label", doc["governance"]) for doc in documents]
    labels = [
        name if names.count(name) == 1 else _folder_label(Path(folder))
        for name, folder in zip(names, argv, strict=True)
    ]
    labels = [
        f"{label} ({k + 1})" if labels.count(label) > 1 else label for k, label in enumerate(labels)
    ]
    columns = {label: doc["metrics"] for label, doc in zip(labels, documents, strict=True)}
    for warning in _differences(documents, labels):
        print(f"warning: {warning}")
    reps = {doc["replications"] for doc in documents}
    print(f"Means over {'/'.join(map(str, sorted(reps)))} replications")
    print(summary_table(columns))
    return 0


def _folder_label(folder: Path) -> str:
    """A run's folder as a column name: its own name, with its parent when that is a date."""
    folder = folder.resolve()
    return f"{folder.parent.name}/{folder.name}" if folder.name[:1].isdigit() else folder.name


def _differences(documents: list[dict], labels: list[str]) -> list[str]:
    """What makes the runs hard to compare: their length, organization or replications."""
    out = []
    for key, what in (("ticks", "weeks"), ("replications", "replications")):
        values = [doc[key] for doc in documents]
        if len(set(values)) > 1:
            listed = ", ".join(f"{label}: {v}" for label, v in zip(labels, values, strict=True))
            out.append(f"the runs differ in {what} ({listed})")
    organizations = [
        json.dumps(
            {k: doc["config"].get(k) for k in ("org", "org_file", "organization")}, sort_keys=True
        )
        for doc in documents
    ]
    if len(set(organizations)) > 1:
        out.append("the runs simulate different organizations (org settings or files)")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
