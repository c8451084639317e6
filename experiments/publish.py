"""Where an experiment's table goes: its output folder, and on request the calibration notes.

Every experiment that documents a table (robustness, decomposition, identifiability, ablation)
writes its files into ``out``, replaces its table between its markers in docs/calibration.md
when asked (so the documented figures come from the command, not from hand), and prints it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.outputs import CALIBRATION_NOTES, atomic_write, replace_between


def publish(
    out: Path,
    name: str,
    text: str,
    markers: tuple[str, str],
    update_docs: bool,
    tables: dict[str, pd.DataFrame] | None = None,
) -> None:
    """Write ``out/<name>.md`` and each table as ``out/<table>.csv``; with ``update_docs``,
    replace the text between ``markers`` in docs/calibration.md; print the text."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for table_name, frame in (tables or {}).items():
        atomic_write(out / f"{table_name}.csv", lambda tmp, f=frame: f.to_csv(tmp, index=False))
    atomic_write(out / f"{name}.md", lambda tmp: tmp.write_text(text + "\n"))
    if update_docs:
        replace_between(CALIBRATION_NOTES, *markers, text)
    print(text)
