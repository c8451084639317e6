"""The course pack's lesson figures: a dysfunctional and a healthy scenario, side by side.

Each function draws one lesson on a figure from two runs (``sim.RunResult``) of scenarios that
faced the same requests, plus any extra scenarios as ``(run, scenario)`` pairs. Each scenario
takes its governance's colour (``sim.figures.colours``: the ticket coordinator red, the
empowered owner green, in every lesson); a scenario that changes the world rather than the
governance keeps the colour and is drawn dashed (hatched bars).
"""

from __future__ import annotations

from pathlib import Path
from textwrap import fill

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from sim.config import GovernanceConfig, fields_of
from sim.engine.periods import QUARTER, quarterly_sums
from sim.figures.colours import NEUTRAL_LIGHT, colour_of
from sim.figures.run import quarterly_throughput
from sim.outputs import atomic_write

_GOVERNANCE_KEYS = set(fields_of(GovernanceConfig))


def colour(scenario) -> str:
    """A scenario's colour: its governance's (a changed preset is a lighter shade of it)."""
    params = dict(scenario.params)
    changed = any(key in _GOVERNANCE_KEYS for key in params)
    return colour_of(scenario.preset, changed=changed, switched=bool(scenario.timeline))


def world_changed(scenario) -> bool:
    """Does the scenario change the world (a value or org setting), not only the governance?"""
    return any(key not in _GOVERNANCE_KEYS for key in dict(scenario.params))


def _line(scenario) -> dict:
    return {"color": colour(scenario), "ls": "--" if world_changed(scenario) else "-"}


def _bar(scenario) -> dict:
    return {"color": colour(scenario), "hatch": "//" if world_changed(scenario) else None}


def _runs(bad, good, lesson, extras=()) -> list:
    """(run, scenario) of the lesson's two scenarios and its extras, in drawing order."""
    return [(bad, lesson.bad), (good, lesson.good), *extras]


def lesson_figure(name: str, title: str, path: Path, bad, good, lesson, extras) -> None:
    """Draw lesson figure ``name`` (a function of this module) and write it as a PNG."""
    fig = plt.figure(figsize=(12, 4.4), constrained_layout=True)
    globals()[name](fig, bad, good, lesson, extras)
    fig.suptitle(title, fontsize=12)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=100))
    plt.close(fig)


def _mean_by_tick(run, column: str) -> pd.Series:
    return run.metrics.groupby("tick")[column].mean()


def throughput_and_value(fig, bad, good, lesson, extras):
    """The title in one picture: initiatives shipped per quarter beside value added per quarter."""
    left, right = fig.subplots(1, 2)
    runs = _runs(bad, good, lesson, extras)
    width = 0.8 / len(runs)
    for k, (run, scenario) in enumerate(runs):
        q = quarterly_throughput(run.metrics).mean(axis=0)
        quarters = np.arange(1, len(q) + 1)
        offset = (k - (len(runs) - 1) / 2) * width
        left.bar(quarters + offset, q, width=width, label=scenario.label, **_bar(scenario))
        added = run.metrics.pivot(index="replication", columns="tick", values="value_added")
        per_quarter = quarterly_sums(added.to_numpy()).mean(axis=0)
        right.plot(quarters, per_quarter, label=scenario.label, lw=2, marker="o", **_line(scenario))
    left.set(title="Activity: initiatives shipped per quarter", xlabel="quarter")
    right.axhline(0, color="grey", lw=0.8)
    right.set(title="Outcome: value added per quarter (by what shipped)", xlabel="quarter")
    left.legend(fontsize=8, loc="lower right")
    right.legend(fontsize=8)


def influence(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    for run, scenario in _runs(bad, good, lesson):
        s = run.stakeholders
        left.scatter(
            s["influence"],
            s["delivered_share"],
            s=12,
            alpha=0.5,
            color=colour(scenario),
            label=scenario.label,
        )
    left.set(
        title="Who gets their work delivered",
        xlabel="stakeholder influence",
        ylabel="share of delivered initiatives",
    )
    left.legend(fontsize=8)
    names = ["pushes", "yields", "escalations", "reversals"]
    _per_run_bars(right, bad, good, lesson, names, "Contests per run: " + ", ".join(names))


def _per_run_bars(ax, bad, good, lesson, names: list[str], title: str) -> None:
    """Some summary counts per run, the dysfunction's beside the remedy's."""
    x = np.arange(len(names))
    for offset, (run, scenario) in zip((-0.2, 0.2), _runs(bad, good, lesson), strict=True):
        heights = [run.summary[n] for n in names]
        ax.bar(x + offset, heights, 0.4, label=scenario.label, **_bar(scenario))
    ax.set_xticks(x, names)
    ax.set(title=title)
    ax.legend(fontsize=8)


def zombies(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    runs = _runs(bad, good, lesson, extras)
    for run, scenario in runs:
        share = _mean_by_tick(run, "zombie_share").rolling(QUARTER, min_periods=1).mean()
        left.plot(share, lw=2, label=scenario.label, **_line(scenario))
    left.set(title="Share of capacity on zombies (13-week mean)", xlabel="week")
    left.yaxis.set_major_formatter(PercentFormatter(1.0))
    left.legend(fontsize=8)
    right.bar(
        [sc.label for _, sc in runs],
        [run.summary["cumulative_value"] for run, _ in runs],
        color=[colour(sc) for _, sc in runs],
    )
    right.set(title="Cumulative value after 3 years")
    right.tick_params(axis="x", labelsize=8)


def backlog(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    for run, scenario in _runs(bad, good, lesson):
        style = _line(scenario)
        left.plot(_mean_by_tick(run, "backlog_size"), lw=2, label=scenario.label, **style)
        right.plot(_mean_by_tick(run, "declines").cumsum(), lw=2, label=scenario.label, **style)
    left.set(title="Backlog size", xlabel="week", ylabel="initiatives waiting")
    right.set(title="Requests declined (cumulative)", xlabel="week")
    left.legend(fontsize=8)


def cadence(fig, bad, good, lesson, extras):
    left, right = fig.subplots(1, 2)
    for run, scenario in _runs(bad, good, lesson):
        left.plot(_mean_by_tick(run, "value_rate"), lw=2, label=scenario.label, **_line(scenario))
        share = _mean_by_tick(run, "zombie_share").rolling(QUARTER, min_periods=1).mean()
        right.plot(share, lw=2, label=scenario.label, **_line(scenario))
    left.set(title="Value run-rate (value per week)", xlabel="week")
    right.set(title="Share of capacity on zombies (13-week mean)", xlabel="week")
    right.yaxis.set_major_formatter(PercentFormatter(1.0))
    left.legend(fontsize=8)


def _label_beyond_intervals(ax, value: pd.DataFrame) -> None:
    """Each bar's value written past the end of its interval (above a rising bar's upper
    limit, below a falling one's lower), so no error bar crosses a label."""
    for x, (effect, low, high) in enumerate(value[["effect", "low", "high"]].to_numpy()):
        rising = effect >= 0
        ax.annotate(
            f"{effect:+,.0f}",
            (x, high if rising else low),
            xytext=(0, 3 if rising else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if rising else "top",
            gid="effect-label",
        )
    ax.margins(y=0.12)  # room for the labels inside the axes


def decomposition_figure(title: str, path: Path, effects: pd.DataFrame, skill: str) -> None:
    """Lesson 6: each factor's main effect on cumulative value, with its 95% interval.
    ``skill`` says skill's two levels ("0.3 to 0.9"): the one factor not set by the presets."""
    fig = draw_decomposition(title, effects, skill)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=100))
    plt.close(fig)


def draw_decomposition(title: str, effects: pd.DataFrame, skill: str):
    """The lesson 6 figure, drawn but not saved."""
    value = effects[
        (effects["outcome"] == "cumulative_value") & ~effects["term"].str.contains(" x ")
    ]
    fig, ax = plt.subplots(figsize=(12, 4.4), constrained_layout=True)
    # Factors, not governances: a grey no governance uses.
    ax.bar(value["term"], value["effect"], color=NEUTRAL_LIGHT)
    ax.errorbar(
        value["term"],
        value["effect"],
        yerr=[value["effect"] - value["low"], value["high"] - value["effect"]],
        fmt="none",
        ecolor="black",
        capsize=4,
    )
    _label_beyond_intervals(ax, value)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set(
        title=fill(
            "Main effect on cumulative value: each factor from its low level to its high one "
            f"(skill {skill}; the others the coordinator's to the empowered owner's), over all "
            "32 combinations of the others (95% interval)",
            120,
        ),
        ylabel="cumulative value",
    )
    ax.title.set_fontsize(10)
    fig.suptitle(title, fontsize=12)
    return fig


def when_coordinating_is_enough(fig, bad, good, lesson, extras):
    """Lesson 7: cumulative value by governance, in the default world and where the powerful
    know best."""
    ax = fig.subplots(1, 1)
    (coordinator, coordinator_scenario), (without, _), (with_, _) = extras
    worlds = ["default world", "the powerful know best (insight 1, correlation 1)"]
    groups = [
        (coordinator_scenario, (None, coordinator)),
        (lesson.bad, (bad, without)),
        (lesson.good, (good, with_)),
    ]
    x = np.arange(len(worlds))
    for k, (scenario, runs) in enumerate(groups):
        heights = [run.summary["cumulative_value"] if run is not None else np.nan for run in runs]
        bars = ax.bar(
            x + (k - 1) * 0.27, heights, 0.27, label=scenario.label, color=colour(scenario)
        )
        bars[1].set_hatch("//")  # the changed world, hatched as in every lesson
        ax.bar_label(bars, labels=["" if np.isnan(h) else f"{h:,.0f}" for h in heights], fontsize=8)
    ax.set_xticks(x, worlds)
    ax.set(ylabel="cumulative value after 3 years")
    ax.legend(fontsize=8)


def support(fig, bad, good, lesson, extras):
    """Lesson 8: leadership support over time, and reversals, where results come or do not."""
    left, right = fig.subplots(1, 2)
    for run, scenario in _runs(bad, good, lesson):
        left.plot(_mean_by_tick(run, "mean_support"), lw=2, label=scenario.label, **_line(scenario))
    left.set(title="Leadership support (mean over owners)", xlabel="week", ylim=(0, 1))
    left.legend(fontsize=8)
    _per_run_bars(
        right, bad, good, lesson, ["escalations", "reversals"], "Escalations and reversals per run"
    )
