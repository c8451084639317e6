"""Sweeps: experiments, launchers, the results table, reruns, failures and validation."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.cli.aggregate import aggregate
from sim.config import options
from sim.engine.metrics import SUMMARY_METRICS

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENTS = options("experiment")
TINY = ["ticks=8", "replications=2"]
SMALL_SWEEP = [
    "governance.authority=0.2,0.8",
    "governance.review_interval=2,13",
    "ticks=30",
    "replications=3",
    "governance=empowered_product_owner",
]


def sweep(*args, cwd, env=None, timeout=300):
    """Run `python -m sim -m ARGS` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "sim", "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def metric_table(sweep_dir: Path) -> pd.DataFrame:
    table = pd.read_parquet(sweep_dir / "results.parquet")
    return table.sort_values(["job", "replication"]).reset_index(drop=True)


def test_the_experiments_exist():
    assert set(EXPERIMENTS) >= {
        "headline",
        "empowerment_x_kill",
        "authority_vs_skill",
        "feedback_cadence",
        "escalation_support",
        "activity_vs_outcome",
        "entry_criteria",
    }


@pytest.mark.parametrize("experiment", EXPERIMENTS)
def test_every_experiment_composes_and_runs_at_tiny_size(tmp_path, experiment):
    out = tmp_path / experiment
    proc = sweep(
        f"experiment={experiment}",
        *TINY,
        "hydra/launcher=basic",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    plan = json.loads((out / "jobs.json").read_text())
    assert plan["experiment"] == experiment
    table = metric_table(out)
    assert len(table) == len(plan["jobs"]) * 2
    assert (table["status"] == "done").all()
    assert table["cumulative_value"].notna().all()
    assert list(out.glob("*.png")), "a sweep figure"


def test_results_table_columns_and_dtypes(tmp_path):
    out = tmp_path / "s"
    proc = sweep(*SMALL_SWEEP, "hydra/launcher=basic", f"hydra.sweep.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = pd.read_parquet(out / "results.parquet")
    assert list(table.columns) == [
        "experiment",
        "job",
        "status",
        "error",
        "governance.authority",
        "governance.review_interval",
        "seed",
        "replication",
        *SUMMARY_METRICS,
    ]
    assert len(table) == 4 * 3  # jobs x replications
    assert table["governance.authority"].dtype == "float64"
    assert table["governance.review_interval"].dtype == "int64"
    assert table["status"].dtype == "string" and table["job"].dtype == "string"
    assert table["seed"].dtype == "Int64" and table["replication"].dtype == "int64"
    assert all(table[m].dtype == "float64" for m in SUMMARY_METRICS)
    assert sorted(set(table["replication"])) == [0, 1, 2]
    csv = pd.read_csv(out / "results.csv")
    assert list(csv.columns) == list(table.columns) and len(csv) == len(table)
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(series) == 4 * 3 * 30
    assert {"job", "governance.authority", "replication", "tick", "value_rate"} <= set(series)
    # Each row matches a direct run of the same settings.
    row = table[
        (table["governance.authority"] == 0.8)
        & (table["replication"] == 2)
        & (table["governance.review_interval"] == 13)
    ].iloc[0]
    config = sim.make_config(
        "empowered_product_owner", authority=0.8, review_interval=13, ticks=30, replications=1
    )
    direct = sim.run_replication(config, 2).summary
    assert row["cumulative_value"] == pytest.approx(direct["cumulative_value"], rel=1e-12)
    assert (out / "heatmap_governance.authority_x_governance.review_interval.png").exists()


def test_same_results_with_basic_and_joblib_launchers_and_any_worker_count(tmp_path):
    tables = {}
    for name, launcher in {
        "basic": ["hydra/launcher=basic"],
        "joblib1": ["hydra.launcher.n_jobs=1"],
        "joblib2": ["hydra.launcher.n_jobs=2"],
    }.items():
        out = tmp_path / name
        proc = sweep(*SMALL_SWEEP, *launcher, f"hydra.sweep.dir={out}", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr[-3000:]
        tables[name] = metric_table(out)
    pd.testing.assert_frame_equal(tables["basic"], tables["joblib1"])
    pd.testing.assert_frame_equal(tables["basic"], tables["joblib2"])


def test_a_bad_combination_stops_the_sweep_before_any_job(tmp_path):
    out = tmp_path / "bad"
    proc = sweep(
        "governance.authority=0.5,1.5",
        "ticks=5",
        "hydra/launcher=basic",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 2  # as a bad value of a single run
    line = "error: governance.authority=1.5: allowed: a number in [0.0, 1.0] (job overrides: "
    assert proc.stderr.strip().splitlines() == [line + "governance.authority=1.5 ticks=5)"]
    assert not list(tmp_path.rglob("status.json")), "no job started"
    assert not out.exists(), "no sweep folder"


def test_a_failed_job_is_a_failed_row_and_a_rerun_runs_only_that_job(tmp_path, monkeypatch):
    """Jobs run in this process (basic launcher); the engine is made to raise for one job."""
    import sim.cli.job_status
    import sim.cli.main

    out = tmp_path / "sweep"
    argv = [
        "sim",
        "-m",
        "governance.authority=0.2,0.5,0.8",
        "ticks=20",
        "replications=2",
        "hydra/launcher=basic",
        f"hydra.sweep.dir={out}",
    ]
    real_run = sim.cli.job_status.run
    calls = []

    def flaky_run(config, *args, **kwargs):
        calls.append(config.governance.authority)
        if config.governance.authority == 0.5:
            raise RuntimeError("injected engine failure")
        return real_run(config, *args, **kwargs)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(sim.cli.job_status, "run", flaky_run)
    with pytest.raises(SystemExit) as exit_info:
        sim.cli.main.main()
    assert exit_info.value.code == 1
    table = metric_table(out)
    assert len(table) == 3 * 2
    failed = table[table["status"] == "failed"]
    assert set(failed["job"]) == {"governance.authority=0.5,replications=2,ticks=20"}
    assert failed["error"].str.contains("injected engine failure").all()
    assert failed["cumulative_value"].isna().all()
    assert table.loc[table["status"] == "done", "cumulative_value"].notna().all()

    done_files = {p: p.stat().st_mtime_ns for p in out.glob("*/summary.json")}
    assert len(done_files) == 2
    calls.clear()
    monkeypatch.setattr(
        sim.cli.job_status, "run", lambda c, *a, **k: calls.append(c) or real_run(c)
    )
    sim.cli.main.main()  # exits normally: every job is done now
    assert [c.governance.authority for c in calls] == [0.5], "only the failed job ran again"
    assert {p: p.stat().st_mtime_ns for p in done_files} == done_files, "nothing recomputed"
    table = metric_table(out)
    assert (table["status"] == "done").all() and len(table) == 6


def two_job_sweep(tmp_path) -> Path:
    """A finished sweep of two jobs (authority 0.2 and 0.8, 2 replications, 10 ticks)."""
    out = tmp_path / "s"
    proc = sweep(
        "governance.authority=0.2,0.8",
        "ticks=10",
        "replications=2",
        "hydra/launcher=basic",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_aggregate_standalone_reports_jobs_that_never_ran(tmp_path):
    out = two_job_sweep(tmp_path)
    # Simulate a job that never ran (a killed cluster job): remove its folder.
    victim = out / "governance.authority=0.8,replications=2,ticks=10"
    shutil.rmtree(victim)
    proc = subprocess.run(
        [sys.executable, "-m", "sim.aggregate", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    table = metric_table(out)
    assert len(table) == 4
    missing = table[table["status"] == "missing"]
    assert len(missing) == 2 and missing["governance.authority"].eq(0.8).all()
    assert "missing" in proc.stdout


def test_submitit_local_runs_a_sweep_in_bounded_batches(tmp_path):
    out = tmp_path / "s"
    proc = sweep(
        *SMALL_SWEEP,
        "hydra/launcher=submitit_local",
        "hydra.sweeper.max_batch_size=2",
        "hydra.launcher.timeout_min=10",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    # The launcher logs one line per batch it submits: 4 jobs in batches of at most 2.
    assert proc.stdout.count("Submitit 'local' sweep output dir") == 2, proc.stdout
    basic = tmp_path / "basic"
    sweep(*SMALL_SWEEP, "hydra/launcher=basic", f"hydra.sweep.dir={basic}", cwd=tmp_path)
    pd.testing.assert_frame_equal(metric_table(out), metric_table(basic))


def test_submitit_slurm_runs_an_array_job_on_stand_in_slurm_commands(tmp_path):
    fake = ROOT / "tests" / "fake_slurm"
    state = tmp_path / "slurm_state"
    env = {"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "FAKE_SLURM_DIR": str(state)}
    out = tmp_path / "s"
    proc = sweep(
        *SMALL_SWEEP,
        "hydra/launcher=slurm",
        "hydra.launcher.partition=test",
        "hydra.launcher.array_parallelism=2",
        "hydra.launcher.timeout_min=5",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    scripts = list(state.glob("*.script"))
    assert len(scripts) == 1, "one array job"
    script = scripts[0].read_text()
    assert "#SBATCH --array=0-3%2" in script and "#SBATCH --partition=test" in script
    assert "#SBATCH --time=5" in script
    assert sorted(p.read_text() for p in state.glob("*_?")) == ["COMPLETED"] * 4
    table = metric_table(out)
    assert len(table) == 12 and (table["status"] == "done").all()


def _ray_available() -> bool:
    try:
        import hydra_plugins.hydra_ray_launcher  # noqa: F401
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(
    not _ray_available() and not os.environ.get("CI"),
    reason="ray extra not installed (pip install -e '.[ray]'); CI installs it and runs this test",
)
def test_ray_launcher_runs_a_sweep_on_a_local_ray_instance(tmp_path):
    assert _ray_available(), "CI must install the ray extra"
    out = tmp_path / "s"
    env = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
    proc = sweep(
        *SMALL_SWEEP,
        "hydra/launcher=ray_cluster",
        "hydra.launcher.ray.init.address=null",
        "+hydra.launcher.ray.init.num_cpus=2",
        "+hydra.launcher.ray.init.include_dashboard=false",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
        env=env,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    basic = tmp_path / "basic"
    sweep(*SMALL_SWEEP, "hydra/launcher=basic", f"hydra.sweep.dir={basic}", cwd=tmp_path)
    pd.testing.assert_frame_equal(metric_table(out), metric_table(basic))


def test_run_grid_matches_the_sweep_table_and_any_worker_count():
    points = [{"authority": 0.2}, {"authority": 0.8}, {"preset": "ticket_coordinator"}]
    one = sim.run_grid(
        points, replications=3, workers=1, preset="empowered_product_owner", ticks=30
    )
    two = sim.run_grid(
        points, replications=3, workers=2, preset="empowered_product_owner", ticks=30
    )
    pd.testing.assert_frame_equal(one, two)
    assert len(one) == 9 and (one["status"] == "done").all()
    assert list(one.columns[:7]) == [
        "point",
        "preset",
        "authority",
        "status",
        "error",
        "seed",
        "replication",
    ]
    config = sim.make_config("empowered_product_owner", authority=0.8, ticks=30)
    direct = sim.run_replication(config, 1).summary
    row = one[(one["point"] == 1) & (one["replication"] == 1)].iloc[0]
    assert row["cumulative_value"] == direct["cumulative_value"]


def test_run_grid_refuses_bad_points_before_running():
    with pytest.raises(sim.ConfigError, match="governance.authority=2"):
        sim.run_grid([{"authority": 0.5}, {"authority": 2}], replications=1, workers=1)


def test_aggregate_is_idempotent(tmp_path):
    out = two_job_sweep(tmp_path)
    first = metric_table(out)
    aggregate(out)
    pd.testing.assert_frame_equal(first, metric_table(out))


def _path_without(program: str, tmp_path: Path, keep: tuple[str, ...] = ()) -> str:
    """A PATH with this interpreter's folder and the system's, plus the stand-in Slurm commands
    named in ``keep``, and no ``program``."""
    stand_in = tmp_path / "bin"
    stand_in.mkdir(parents=True)
    for name in keep:
        shutil.copy(ROOT / "tests" / "fake_slurm" / name, stand_in / name)
    folders = [str(stand_in), str(Path(sys.executable).parent), "/usr/bin", "/bin"]
    assert not any((Path(f) / program).exists() for f in folders)
    return os.pathsep.join(folders)


def test_a_launcher_that_cannot_start_here_is_one_line_and_leaves_nothing(tmp_path):
    """Slurm without srun is refused before anything is written; with srun but no sbatch the
    launcher fails at its first batch, and the sweep folder it had started is removed."""
    for keep, said in [((), "no Slurm here"), (("srun",), "could not start: FileNotFoundError")]:
        out = tmp_path / f"s{len(keep)}"
        env = {"PATH": _path_without("sbatch", tmp_path / f"p{len(keep)}", keep)}
        proc = sweep(
            *SMALL_SWEEP, "hydra/launcher=slurm", f"hydra.sweep.dir={out}", cwd=tmp_path, env=env
        )
        assert proc.returncode == 2, proc.stderr[-2000:]
        lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
        assert len(lines) == 1 and said in lines[0] and "Traceback" not in proc.stderr
        assert not out.exists()


def test_a_missing_ray_extra_names_the_install_command(monkeypatch):
    import importlib.util

    from sim.cli import main as cli

    real = importlib.util.find_spec
    missing = "hydra_plugins.hydra_ray_launcher"
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == missing else real(name, *a)
    )
    line = cli.launcher_problem(["-m", "experiment=headline", "hydra/launcher=ray_cluster"])
    assert line == (
        "hydra/launcher=ray_cluster: the Ray launcher is not installed; install it with: "
        ".venv/bin/pip install -e '.[ray]'"
    )
    assert cli.launcher_problem(["-m", "hydra/launcher=joblib"]) is None


def test_a_sweep_folder_with_started_jobs_is_never_removed(tmp_path):
    """The clean-up after a launcher fails touches only a folder where no job started: a job's
    own folder, or a job's log in submitit's folder, means results to keep."""
    from hydra_plugins.outcome_sweeper.outcome_sweeper import any_job_started

    submitted = tmp_path / "submitted"
    (submitted / ".submitit").mkdir(parents=True)
    (submitted / ".submitit" / "job.pkl").write_bytes(b"")
    (submitted / "jobs.json").write_text("[]")
    assert not any_job_started(submitted)
    (submitted / ".submitit" / "123_0").mkdir()
    (submitted / ".submitit" / "123_0" / "123_0_0_log.out").write_text("started")
    assert any_job_started(submitted)
    ran = tmp_path / "ran"
    (ran / "governance.authority=0.5,ticks=5").mkdir(parents=True)
    assert any_job_started(ran)
