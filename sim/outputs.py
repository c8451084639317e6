"""Writing outputs atomically: a file appears complete or not at all.

Each file is written to a temporary name in the same folder and then renamed, so an interrupted
run never leaves a half-written file that looks complete.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and rename the result to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp creates private files; give the output the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _jsonable(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def write_json(path: Path, document: dict) -> Path:
    """JSON with NaN written as null (strict JSON)."""
    text = json.dumps(_jsonable(document), indent=2)
    return atomic_write(path, lambda tmp: tmp.write_text(text + "\n"))


#: The calibration notes, where the experiments' documented tables and the map's finding live.
CALIBRATION_NOTES = Path(__file__).resolve().parent.parent / "docs" / "calibration.md"


def replace_between(path: Path, start: str, end: str, text: str) -> None:
    """Replace the text between two marker lines of a document (the markers stay)."""
    doc = path.read_text()
    head, found, rest = doc.partition(start)
    if not found:
        raise ValueError(f"{path} has no marker {start}")
    _, _, tail = rest.partition(end)
    atomic_write(path, lambda tmp: tmp.write_text(f"{head}{start}\n{text}\n{end}{tail}"))


def read_between(path: Path, start: str, end: str) -> str:
    """The text between two marker lines of a document ("" when the markers are missing)."""
    try:
        doc = Path(path).read_text()
    except OSError:
        return ""
    _, found, rest = doc.partition(start)
    return rest.partition(end)[0].strip() if found else ""


def point_latest(out: Path) -> Path | None:
    """``<folder>/latest``: a link to the newest dated run folder ``out``, replaced atomically.

    Documented commands name ``outputs/<label>/latest`` instead of a date and time.
    """
    latest = out.parent / "latest"
    # Dated names sort in time: a run that finishes after a newer one leaves the pointer alone.
    if latest.is_symlink() and os.readlink(latest) > out.name:
        return latest
    tmp = out.parent / f".latest.{os.getpid()}"
    try:
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(out.name, target_is_directory=True)
        os.replace(tmp, latest)
    except OSError:  # a file system without links: the dated folder is still there
        tmp.unlink(missing_ok=True)
        return None
    return latest
