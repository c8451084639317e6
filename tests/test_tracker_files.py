"""Real exports in: every kind of file a delivery manager brings, each read or refused in one
line. The fixtures are written here, as files on disk, from one base export (the model's own,
in Jira's format) so that every variant's numbers can be checked against the same truth."""

import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.calibration.estimates import estimate
from sim.calibration.export import jira_frame
from sim.calibration.tracker import read_export
from sim.cli.calibrate import main
from sim.config import ConfigError


@pytest.fixture(scope="module")
def base() -> pd.DataFrame:
    """A year of the model's own export (Jira's English columns and dates)."""
    result = sim.run(sim.make_config("ticket_coordinator", replications=1, ticks=60, seed=2))
    return jira_frame(result.ledger)


def truth(frame: pd.DataFrame) -> dict:
    return estimate(read_export_frame(frame).issues)


def read_export_frame(frame: pd.DataFrame):
    """An export of ``frame`` as written in Jira's own form (English, comma, UTF-8), read back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base.csv"
        frame.to_csv(path, index=False)
        return read_export(path)


def same_numbers(export, expected: dict) -> None:
    numbers = estimate(export.issues)
    assert numbers["window"]["issues"] == expected["window"]["issues"]
    assert numbers["throughput_per_week"]["value"] == pytest.approx(
        expected["throughput_per_week"]["value"], rel=1e-6
    )
    assert numbers["size"]["data_median"] == pytest.approx(expected["size"]["data_median"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_encodings_are_detected(base, tmp_path, encoding):
    frame = base.copy()
    frame["Reporter"] = "Chef d'équipe " + frame["Reporter"]  # accents
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False, encoding=encoding)
    export = read_export(path)
    assert export.issues["reporter"].str.contains("équipe").any()
    same_numbers(export, truth(frame))


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_delimiters_are_sniffed_with_delimiters_inside_fields(base, tmp_path, sep):
    frame = base.copy()
    frame.insert(1, "Summary", "Checkout, payments; phase 2")  # every delimiter inside a field
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False, sep=sep)
    export = read_export(path)
    assert export.notes["delimiter"] == sep
    same_numbers(export, truth(base))


def test_an_excel_workbook_is_read(base, tmp_path):
    path = tmp_path / "export.xlsx"
    base.to_excel(path, index=False)
    export = read_export(path)
    assert export.notes["file"] == "xlsx"
    same_numbers(export, truth(base))


PORTUGUESE = {
    "Issue key": "Chave do item",
    "Issue Type": "Tipo de item",
    "Status": "Status",
    "Resolution": "Resolução",
    "Created": "Criado",
    "Resolved": "Resolvido",
    "Reporter": "Relator",
    "Custom field (Story Points)": "Campo personalizado (Story Points)",
}
GERMAN = {
    "Issue key": "Vorgangsschlüssel",
    "Issue Type": "Vorgangstyp",
    "Resolution": "Lösung",
    "Created": "Erstellt",
    "Resolved": "Erledigt",
    "Reporter": "Autor",
}


@pytest.mark.parametrize("names", [PORTUGUESE, GERMAN], ids=["pt", "de"])
def test_jira_columns_in_other_languages(base, tmp_path, names):
    frame = base.rename(columns=names)
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False, sep=";")
    same_numbers(read_export(path), truth(base))


def test_portuguese_statuses_and_resolutions_decide_done(base, tmp_path):
    """Concluído is done; Cancelado (a not-done resolution) is not, resolved date or not."""
    frame = base.rename(columns=PORTUGUESE)
    frame["Status"] = frame["Status"].replace({"Done": "Concluído", "Closed": "Fechado"})
    frame["Resolução"] = frame["Resolução"].replace(
        {"Done": "Feito", "Won't Do": "Não será feito", "Cancelled": "Cancelado"}
    )
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    export = read_export(path)
    expected = read_export_frame(base).issues
    assert export.issues["done"].sum() == expected["done"].sum()
    assert export.issues["not_done"].sum() == expected["not_done"].sum()


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("%m/%d/%y %H:%M", "Excel US"),
        ("%d/%m/%Y %H:%M", "European day first"),
        ("%d.%m.%Y", "German"),
        ("%Y-%m-%dT%H:%M:%S+02:00", "ISO with offset"),
    ],
)
def test_date_forms_are_detected_and_reported(base, tmp_path, fmt, name):
    frame = base.copy()
    for column in ("Created", "Resolved", "Custom field (Start date)"):
        dates = pd.to_datetime(frame[column], format="%d/%b/%y %I:%M %p", errors="coerce")
        frame[column] = dates.dt.strftime(fmt).fillna("")
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    export = read_export(path)
    assert export.bad_rows.empty, export.bad_rows.head()
    assert export.notes["date_format"] in (fmt, "ISO8601", fmt.replace("%Y", "%y"))
    assert estimate(export.issues)["window"]["issues"] == truth(base)["window"]["issues"]


def test_localized_month_names(base, tmp_path):
    frame = base.copy()
    months = {"Feb": "fev", "Apr": "abr", "May": "mai", "Aug": "ago", "Sep": "set", "Oct": "out"}
    months |= {"Dec": "dez", "Jan": "jan", "Mar": "mar", "Jun": "jun", "Jul": "jul", "Nov": "nov"}
    for column in ("Created", "Resolved"):
        for en, pt in months.items():
            frame[column] = frame[column].str.replace(f"/{en}/", f"/{pt}/", regex=False)
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    export = read_export(path)
    assert export.notes["date_format"].startswith("localized")
    assert estimate(export.issues)["window"]["issues"] == truth(base)["window"]["issues"]


def test_subtasks_and_epics_are_excluded_and_counted(base, tmp_path):
    frame = base.copy()
    frame.loc[frame.index[:30], "Issue Type"] = "Sub-task"
    frame.loc[frame.index[30:35], "Issue Type"] = "Epic"
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    export = read_export(path)
    assert export.notes["excluded_types"] == {"Sub-task": 30, "Epic": 5}
    assert len(export.issues) == len(base) - 35
    kept = read_export(path, exclude_types=[])
    assert len(kept.issues) == len(base)


def test_a_stray_old_issue_is_trimmed_with_a_warning(base, tmp_path, capsys):
    frame = base.copy()
    frame.loc[frame.index[0], "Created"] = "03/Mar/19 10:00 AM"  # years before the rest
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    assert main([f"tracker={path}", f"out={tmp_path / 'out'}", "replications=1"]) == 0
    printed = capsys.readouterr().out
    assert "window trimmed: 1 issues left out" in printed
    estimates = json.loads((tmp_path / "out" / "estimates.json").read_text())
    assert estimates["window"]["weeks"] < 70


def test_mostly_bad_rows_stop_the_run_with_the_reasons(base, tmp_path, capsys):
    frame = base.copy()
    frame.loc[frame.index[: int(0.65 * len(frame))], "Created"] = "last Tuesday"
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "out"
    assert main([f"tracker={path}", f"out={out}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "rows refused (65%)" in err[0] and "'last Tuesday'" in err[0]
    assert [p.name for p in out.iterdir()] == ["bad_rows.csv"]


def test_a_few_bad_rows_warn_with_their_share(base, tmp_path, capsys):
    frame = base.copy()
    frame.loc[frame.index[:5], "Created"] = "soon"
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    assert main([f"tracker={path}", f"out={tmp_path / 'out'}", "replications=1"]) == 0
    assert f"warning: 5 of {len(frame)} rows refused" in capsys.readouterr().out
    assert len(pd.read_csv(tmp_path / "out" / "bad_rows.csv")) == 5


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
        (b"PK\x03\x04 not really a workbook", "not a readable .xlsx workbook"),
        (b"just one column\nof text\n", "one column only"),
        (b'a,b,c\n1,"2,3\n', "not a well-formed CSV"),
    ],
    ids=["empty", "png", "fake-xlsx", "one-column", "malformed"],
)
def test_files_that_are_not_exports_are_refused_in_one_line(tmp_path, capsys, content, expected):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=expected):
        read_export(path)
    assert main([f"tracker={path}", f"out={tmp_path / 'out'}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "out").exists()


def test_an_interrupted_run_leaves_the_old_results_whole(base, tmp_path, monkeypatch):
    path = tmp_path / "export.csv"
    base.to_csv(path, index=False)
    out = tmp_path / "out"
    assert main([f"tracker={path}", f"out={out}", "replications=1"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    import sim.cli.calibrate as calibrate

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(calibrate, "compare", broken)
    frame = base.copy()
    frame["Reporter"] = "someone else"
    frame.to_csv(path, index=False)
    with pytest.raises(KeyboardInterrupt):
        main([f"tracker={path}", f"out={out}", "replications=1"])
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before, "the old results are whole"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "nothing left over"


def test_a_vocabulary_file_adds_names_for_columns_and_statuses(base, tmp_path):
    """A team's own words: a column called "Ticket" and a done status called "Shipped it"."""
    frame = base.rename(columns={"Issue key": "Ticket"})
    frame["Status"] = frame["Status"].replace({"Done": "Shipped it"})
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ConfigError, match="columns.key"):
        read_export(path)
    words = tmp_path / "words.yaml"
    words.write_text("columns:\n  key: [Ticket]\ndone_statuses: [Shipped it]\n")
    export = read_export(path, vocabulary=words)
    assert export.mapping["key"] == "Ticket"
    expected = read_export_frame(base).issues
    assert export.issues["done"].sum() == expected["done"].sum() > 0
    # The defaults are kept beside the user's words: the base export still reads.
    assert len(read_export(tmp_path / "export.csv", vocabulary=words).issues) == len(expected)
