"""The command line: ``python -m sim [overrides]``, a thin Hydra wrapper over ``sim.run``.

It registers the schema in Hydra's ConfigStore, checks the composed configuration before Hydra
creates any output folder (so a bad value exits non-zero with one line and leaves nothing behind),
then runs and writes the outputs. ``out=DIR`` chooses the output folder (Hydra's ``hydra.run.dir``,
or ``hydra.sweep.dir`` for a sweep); the default is ``outputs/<label>/<date_time>/``, where the
label names what ran (the preset and each setting that differs from it, ``sim.config.labels``),
and ``outputs/<label>/latest`` points at the newest (``multirun/<date_time>/`` for a sweep).
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import sys
import warnings
from pathlib import Path

import hydra
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.cli.compat import install_hydra_parser_shim
from sim.cli.job_status import run_job
from sim.cli.run_outputs import write_run
from sim.config import (
    CONFIG_DIR,
    ConfigError,
    SimConfig,
    allowed,
    from_dict,
    options,
    room_config,
)
from sim.config.labels import run_name
from sim.figures.tables import summary_table
from sim.outputs import point_latest
from sim.runner import run

ConfigStore.instance().store(name="base_config", node=SimConfig)

#: Flags after which the arguments are not a single run's overrides.
_NOT_A_SINGLE_RUN = {
    "-m",
    "--multirun",
    "--help",
    "-h",
    "--hydra-help",
    "--info",
    "-i",
    "--cfg",
    "-c",
    "--shell-completion",
    "-sc",
    "--version",
}


def to_sim_config(cfg: DictConfig) -> SimConfig:
    """The validated SimConfig of a composed Hydra config (raises ConfigError)."""
    data = {
        key: OmegaConf.to_container(value, resolve=True) if OmegaConf.is_config(value) else value
        for key, value in cfg.items()
        if key != "hydra"
    }
    return from_dict(data)


def _task_overrides(argv: list[str]) -> list[str]:
    return [a for a in argv if not a.lstrip("+~").startswith(("hydra.", "hydra/"))]


def _explain(exc: BaseException, overrides: list[str]) -> str:
    """One line naming the key, the value and what is allowed."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OmegaConfBaseException) and getattr(cause, "full_key", None):
        key = cause.full_key
        value = next(
            (o.split("=", 1)[1] for o in overrides if o.lstrip("+~").split("=")[0] == key), "?"
        )
        return f"{key}={value!r}: {allowed(key)}"
    text = str(exc)
    if "Could not find '" in text:
        group, name = text.split("Could not find '")[1].split("'")[0].split("/", 1)
        return f"{group}={name!r}: no such option; allowed: {', '.join(options(group))}"
    return " ".join(text.split())


def precheck(argv: list[str]) -> tuple[str | None, SimConfig | None]:
    """Compose and validate a single run's config: (an error line, None) or (None, the config).

    A sweep or a help flag is not checked here: (None, None).
    """
    if any(a in _NOT_A_SINGLE_RUN or a.startswith("--") for a in argv):
        return None, None
    from hydra import compose, initialize_config_dir

    overrides = _task_overrides(argv)
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=overrides)
        return None, to_sim_config(cfg)
    except ConfigError as exc:
        return str(exc), None
    except (HydraException, OmegaConfBaseException) as exc:
        return _explain(exc, overrides), None


def named_folder(config: SimConfig) -> str:
    """Hydra's run folder for a run named by what ran: ``outputs/<label>/<date_time>``.

    A replay is named by the room's configuration it runs (as its summary and figures are); the
    time has microseconds, so two runs of one name started in the same second never share a
    folder.
    """
    name = run_name(room_config(config) if config.policy else config)
    return f"hydra.run.dir='outputs/{name.slug}/${{now:%Y-%m-%d_%H-%M-%S_%f}}'"


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def hydra_main(cfg: DictConfig) -> float:
    """Run the composed configuration and write its outputs to Hydra's output folder."""
    # Hydra's job logging would otherwise print Mesa's per-step INFO lines.
    logging.getLogger("MESA").setLevel(logging.WARNING)
    config = to_sim_config(cfg)
    hydra_cfg = HydraConfig.get()
    out = Path(hydra_cfg.runtime.output_dir)
    if hydra_cfg.mode == RunMode.MULTIRUN:
        return run_job(config, out, list(hydra_cfg.overrides.task))
    result = run(config, progress=True)  # the bar shows on a terminal only
    write_run(result, out)
    # A folder named by the run (outputs/<name>/<date_time>) gets outputs/<name>/latest; a
    # folder the user chose (out=DIR) is left alone.
    latest = point_latest(out) if out.parent.name == result.name.slug else None
    if config.policy:  # a replayed room: say what the room was, not the default preset
        from sim.config.replay import describe

        print(f"{describe(result.config)}: {config.replications} replication(s)")
    else:
        print(
            f"{result.label}: means over {config.replications} replications "
            f"of {config.ticks} weeks (seed {config.seed})"
        )
    print(summary_table({result.label: result.summary}))
    print(supply_and_standing(result))
    print("Each number is explained in docs/reading-results.md.")
    print(f"outputs: {out}" + (f" (also {latest})" if latest else ""))
    print("figures: run.png (activity, outcome, standing) and areas.png (the product areas)")
    return result.summary["cumulative_value"]


def supply_and_standing(result) -> str:
    """Two lines: supply against demand, and each owner's standing declared and in effect."""
    ratio = result.summary["capacity_to_demand"]
    areas = result.areas.groupby("area", sort=False)[
        ["declared_support", "mean_support", "declared_authority", "mean_authority"]
    ].mean()
    owners = "; ".join(
        f"{name} support {row.declared_support:.2f} -> {row.mean_support:.2f}, authority "
        f"{row.declared_authority:.2f} -> {row.mean_authority:.2f}"
        for name, row in areas.iterrows()
    )
    return (
        f"supply against demand: teams start able to deliver {ratio:.2f} of the points "
        f"requested a week (org.capacity_to_demand)\n"
        f"standing, declared -> mean in effect: {owners}"
    )


def _one_line(message, category, filename, lineno, line=None) -> str:
    """Warnings as one line each (a setting with no effect, ...), without source lines."""
    return f"warning: {message}\n"


#: Launchers that need something this machine may not have: a check and what to do instead.
_LAUNCHER_NEEDS = {
    "ray_cluster": (
        lambda: importlib.util.find_spec("hydra_plugins.hydra_ray_launcher") is not None,
        "the Ray launcher is not installed; install it with: .venv/bin/pip install -e '.[ray]'",
    ),
    "slurm": (
        lambda: shutil.which("srun") is not None,
        "no Slurm here (srun is not on PATH); run the sweep on the cluster's login node, or use "
        "hydra/launcher=submitit_local on this machine",
    ),
}


def launcher_problem(argv: list[str]) -> str | None:
    """One line if the launcher asked for cannot start here (checked before anything is
    written), else None."""
    for arg in argv:
        key, _, name = arg.partition("=")
        if key.lstrip("+") == "hydra/launcher" and name in _LAUNCHER_NEEDS:
            available, advice = _LAUNCHER_NEEDS[name]
            if not available():
                return f"hydra/launcher={name}: {advice}"
    return None


def output_folder_argument(argv: list[str]) -> list[str]:
    """Turn ``out=DIR`` into Hydra's run folder (or sweep folder, for ``-m``)."""
    sweep = any(a in ("-m", "--multirun") for a in argv)
    target = "hydra.sweep.dir" if sweep else "hydra.run.dir"
    return [f"{target}={a[4:]}" if a.startswith("out=") else a for a in argv]


def main() -> None:
    """Entry point: check the configuration first, then hand over to Hydra.

    After a sweep, exits with status 1 if any job failed or did not finish (the results table
    is written all the same, with those jobs marked).
    """
    from sim.cli.callbacks import LAST_SWEEP

    install_hydra_parser_shim()  # Python 3.14: see sim.cli.compat
    warnings.formatwarning = _one_line

    sys.argv = [sys.argv[0], *output_folder_argument(sys.argv[1:])]
    error, config = precheck(sys.argv[1:])
    error = error or launcher_problem(sys.argv[1:])
    if error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    if config is not None and not any(a.startswith("hydra.run.dir=") for a in sys.argv[1:]):
        sys.argv.append(named_folder(config))
    hydra_main()
    not_done = LAST_SWEEP.get("not_done")
    if not_done is not None and len(not_done):
        for job in not_done.itertuples():
            print(f"job {job.job}: {job.status}: {job.error}", file=sys.stderr)
        print(
            f"error: {len(not_done)} of {LAST_SWEEP['jobs']} jobs did not finish; run the same "
            f"command with hydra.sweep.dir={LAST_SWEEP['sweep_dir']} to run only those again",
            file=sys.stderr,
        )
        sys.exit(1)
