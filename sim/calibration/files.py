"""Read what trackers export into a table of text: CSV in any common encoding and delimiter, or
an Excel workbook, and nothing else.

- an Excel workbook (.xlsx, or any file that is one) is read with openpyxl, first sheet;
- a CSV's encoding is detected by charset-normalizer (UTF-8, UTF-8 with BOM, Windows-1252,
  Latin-1, ...) unless ``encoding=`` is given; its delimiter is sniffed by Python's csv module
  among ``,`` ``;`` tab and ``|`` unless ``delimiter=`` is given;
- an empty file, a binary file (an image, a PDF, an archive), a file that decodes to nothing
  readable, or a malformed CSV is refused with one ConfigError naming the file and the problem.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.config import ConfigError

DELIMITERS = ",;\t|"


@dataclass
class Table:
    """A file's rows as text, with how it was read (for the report)."""

    frame: pd.DataFrame
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    delimiter: str | None


def refuse(path: Path, problem: str) -> ConfigError:
    return ConfigError("tracker", str(path), problem)


def read_table(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """The export's rows (every cell text, empty cells ""), or a ConfigError."""
    path = Path(path)
    if not path.is_file():
        raise refuse(path, "allowed: an existing CSV or .xlsx export")
    data = path.read_bytes()
    if not data.strip():
        raise refuse(path, "the file is empty")
    if data[:4] == b"PK\x03\x04":
        return Table(_read_xlsx(path, data), "xlsx", None, None)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(path, "not a CSV or .xlsx export (binary data)")
    text, used = _decode(path, data, encoding)
    if text.lstrip("\ufeff \t\r\n")[:1] in ("[", "{"):
        raise refuse(
            path,
            "this is JSON, not a CSV: export the issues as CSV (Jira: Export > CSV) or .xlsx",
        )
    sep = delimiter or _sniff(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        detail = str(exc).strip().splitlines()[-1][:120]
        raise refuse(path, f"not a well-formed CSV with delimiter {sep!r} ({detail})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.shape[1] < 2:
        raise refuse(path, f"one column only with delimiter {sep!r}; give delimiter=")
    return Table(frame, "csv", used, sep)


def _read_xlsx(path: Path, data: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl").fillna("")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise refuse(path, f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.astype(str).apply(lambda col: col.str.replace(r"\.0$", "", regex=True))


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text and the encoding used (the given one, or charset-normalizer's best guess)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise ConfigError("encoding", encoding, f"cannot decode {path.name} ({exc})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise refuse(path, "not text in any encoding charset-normalizer knows; give encoding=")
    return str(best), best.encoding


def _sniff(text: str) -> str:
    """The delimiter: csv.Sniffer on the first lines; else the one that splits the header most."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return max(DELIMITERS, key=header.count)
