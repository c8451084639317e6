"""Every command is strict: an unknown key or a bad value is one line, exit status 2, no work.

And every command that writes results takes ``out=DIR``.
"""

import json

import pytest

from tests.conftest import command

REFUSED = [
    ("sim", ["nonsense=1"], "nonsense"),
    ("sim.sensitivity", ["analysis=morris", "nonsense=1"], "nonsense='1': unknown setting"),
    ("sim.sensitivity", ["analysis=morris", "hydra.run.dir=elsewhere"], "hydra.run.dir="),
    ("sim.sensitivity", ["analysis=morris", "samples=0"], "samples=0"),
    ("sim.sensitivity", ["analysis=nope"], "analysis='nope': no such analysis"),
    ("sim.discover", ["nonsense=1"], "nonsense='1': unknown setting"),
    ("sim.discover", ["worlds=-1"], "worlds=-1"),
    ("sim.aggregate", ["no_such_folder"], "SWEEP_DIR='no_such_folder'"),
    ("sim.aggregate", [".", "nonsense=1"], "nonsense='1': unknown setting"),
    ("sim.report", ["no_such_folder"], "RUN_DIR='no_such_folder'"),
    ("sim.report", [], "RUN_DIR=None"),
    ("sim.report", ["x=1"], "x='1': unknown setting"),
    ("experiments.course_pack", ["nonsense=1"], "nonsense='1': unknown setting"),
    ("sim.calibrate", [], "tracker=None: missing"),
    ("sim.calibrate", ["tracker=no_such.csv"], "tracker='no_such.csv'"),
    ("sim.calibrate", ["tracker=x.csv", "columns.nope=A"], "columns.nope='A'"),
    ("experiments.ablation", ["replications=0"], "replications='0'"),
    ("experiments.ablation", ["only=nothing"], "only='nothing'"),
    ("experiments.robustness", ["seeds=0"], "seeds='0'"),
    ("experiments.robustness", ["nonsense=1"], "nonsense='1': unknown setting"),
    ("experiments.decomposition", ["replications=1"], "replications='1'"),
    ("experiments.where_it_pays", ["worlds=0"], "worlds=0"),
    ("experiments.where_it_pays", ["nonsense=1"], "nonsense='1': unknown setting"),
    ("experiments.course_pack", ["replications=many"], "replications='many'"),
    ("experiments.course_pack", ["--out", "x"], "expected key=value"),
]


@pytest.mark.parametrize(("module", "args", "expected"), REFUSED, ids=lambda x: str(x))
def test_a_command_refuses_a_bad_argument_with_one_line_and_status_2(
    tmp_path, module, args, expected
):
    # sim.report writes nothing, so it takes no out=; every other command gets one.
    out = [] if module == "sim.report" else ["out=" + str(tmp_path / "out")]
    proc = command(module, *args, *out, cwd=tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists(), "no work was done"
    assert not (tmp_path / "outputs").exists() and not (tmp_path / "multirun").exists()


def test_out_chooses_the_folder_of_a_run(tmp_path):
    proc = command("sim", "ticks=13", "replications=1", f"out={tmp_path / 'here'}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "here" / "summary.json").is_file()
    assert not (tmp_path / "outputs").exists()


def test_out_chooses_the_folder_of_a_sweep_and_of_its_aggregation(tmp_path):
    sweep = tmp_path / "sweep"
    proc = command(
        "sim",
        "-m",
        "governance.authority=0.2,0.8",
        "ticks=13",
        "replications=1",
        "hydra/launcher=basic",
        f"out={sweep}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert (sweep / "results.parquet").is_file() and not (tmp_path / "multirun").exists()
    again = command("sim.aggregate", str(sweep), f"out={tmp_path / 'tables'}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "tables" / "results.parquet").is_file()
    report = command("sim.report", *map(str, sorted(sweep.glob("governance*"))), cwd=tmp_path)
    assert report.returncode == 0 and "cumulative value" in report.stdout, report.stderr


def test_out_chooses_the_folder_of_scenario_discovery(tmp_path):
    args = ["worlds=6", "replications=1", "ticks=26", "workers=1", f"out={tmp_path / 'box'}"]
    proc = command("sim.discover", *args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    box = json.loads((tmp_path / "box" / "box.json").read_text())
    assert box["worlds"] == 6
    assert not (tmp_path / "outputs").exists()
