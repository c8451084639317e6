"""A Hydra sweeper that validates every job first and skips the jobs that already finished.

It extends Hydra's basic sweeper (the same grid of overrides and batches) with two things a
researcher needs:

1. Before the first job starts, every job's configuration is composed and range-checked; one bad
   combination stops the sweep at once, naming the key, the value and the job's overrides.
2. Each job's folder is named by its overrides (``hydra.job.override_dirname``), so a sweep run
   again into the same folder finds the jobs whose status is ``done`` and launches only the
   missing and failed ones.

Failed jobs do not stop the other jobs: their status file records the error, and the results
callback (``sim.cli.callbacks.SweepResults``) puts them in the table as failed rows.
"""

import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import OmegaConf

log = logging.getLogger(__name__)


# No `from __future__ import annotations` here: Hydra's plugin scan executes this module without
# registering it in sys.modules, and dataclasses then cannot resolve string annotations.
@dataclass
class OutcomeSweeperConf:
    _target_: str = "hydra_plugins.outcome_sweeper.outcome_sweeper.OutcomeSweeper"
    max_batch_size: Any = None
    params: Any = None


ConfigStore.instance().store(
    group="hydra/sweeper", name="outcome", node=OutcomeSweeperConf, provider="outcome_sim"
)


def refuse(message: str) -> None:
    """Stop the sweep before anything is written: one line on stderr, exit status 2 (the same as
    a bad value of a single run; SystemExit passes through Hydra's error report)."""
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def any_job_started(sweep_dir: Path) -> bool:
    """Has any job of the sweep started? A job makes its folder (named by its overrides) as it
    starts, and submitit writes a job's log (``.submitit/<job>/*.out``) when it runs; the
    launcher's own submission files (``.submitit/*.pkl``, ``*.sh``) are not jobs."""
    if not sweep_dir.is_dir():
        return False
    folders = [p for p in sweep_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return bool(folders) or any(sweep_dir.glob(".submitit/**/*.out"))


class OutcomeSweeper(BasicSweeper):
    """Basic grid sweeper + validation of all jobs before launch + skipping finished jobs."""

    def sweep(self, arguments: list[str]) -> Any:
        from sim.cli.job_status import is_done, plan_entry, write_plan
        from sim.cli.main import to_sim_config
        from sim.config import ConfigError

        assert self.config is not None and self.launcher is not None
        assert self.hydra_context is not None
        loader = self.hydra_context.config_loader
        parser = OverridesParser.create(config_loader=loader)
        parsed = parser.parse_overrides([*self._parse_config(), *arguments])
        jobs = self.split_arguments(parsed, None)[0]

        sweep_dir = Path(self.config.hydra.sweep.dir)
        plan, todo = [], []
        for job in jobs:
            cfg = loader.load_sweep_config(master_config=self.config, sweep_overrides=list(job))
            subdir = str(cfg.hydra.sweep.subdir)
            if not subdir:
                refuse(
                    "every job of a sweep needs at least one override to name its folder "
                    "(add one, e.g. seed=0)"
                )
            try:
                config = to_sim_config(cfg)
            except ConfigError as exc:
                refuse(f"{exc} (job overrides: {' '.join(job)})")
            plan.append(plan_entry(subdir, list(job), config))
            if not is_done(sweep_dir / subdir, list(job)):
                todo.append(job)

        fresh = not sweep_dir.exists()
        sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        experiment = self.config.hydra.runtime.choices.get("experiment")
        write_plan(sweep_dir, experiment, plan)
        skipped = len(jobs) - len(todo)
        if skipped:
            log.info(f"{skipped} of {len(jobs)} jobs already done in {sweep_dir}; skipping them")

        returns = []
        first = 0
        batches = self.split_overrides_to_chunks(todo, self.max_batch_size) if todo else []
        for batch in batches:
            # Failed jobs are recorded in their status files; the other jobs carry on.
            try:
                returns.append(self.launcher.launch(batch, initial_job_idx=first))
            except Exception as exc:
                if first or any_job_started(sweep_dir):
                    raise  # jobs have run: their results stay, the rerun command finishes them
                if fresh:  # the launcher could not start: leave nothing behind
                    shutil.rmtree(sweep_dir, ignore_errors=True)
                launcher = self.config.hydra.runtime.choices.get("hydra/launcher")
                refuse(f"hydra/launcher={launcher} could not start: {type(exc).__name__}: {exc}")
            first += len(batch)
        return returns
