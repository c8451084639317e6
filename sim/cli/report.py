"""``python -m sim.report RUN_DIR [RUN_DIR ...]``: finished runs' summaries side by side."""

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
    columns = {doc["governance"]: doc["metrics"] for doc in documents}
    reps = {doc["replications"] for doc in documents}
    print(f"Means over {'/'.join(map(str, sorted(reps)))} replications")
    print(summary_table(columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
