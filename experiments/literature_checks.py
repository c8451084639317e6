"""Literature checks: the model's value distribution and maintenance load against published figures.

``python -m experiments.literature_checks [update_docs=true]`` prints (and with ``update_docs``
writes into docs/calibration.md) a table of:

- Kohavi et al. (Online Controlled Experiments at Large Scale, 2013; Trustworthy Online Controlled
  Experiments, 2020): about a third of ideas improve their metric, a third are flat, a third hurt.
  Measured on shipped initiatives when the order ignores value (authority 0: the backlog is
  ordered by requester influence). "Flat" means a true value within +-FLAT_BAND, smaller than the
  MVP signal's noise (sd 0.3) can tell from zero.
- Heavy tail: the share of positive value contributed by the top 10% of shipped initiatives.
- Stripe, The Developer Coefficient (2018): developers spend about 42% of their time on
  maintenance (technical debt and bad code). Measured: maintenance load as a share of capacity
  after three years under ticket_coordinator.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import sim
from experiments.publish import publish
from sim.cli.arguments import Option, command, parse_options
from sim.engine.initiatives import DONE

FLAT_BAND = 0.2
STRIPE_MAINTENANCE_SHARE = 0.42


def shipped_true_values(replications: int = 20, **params) -> np.ndarray:
    """True values of every initiative shipped in ``replications`` runs of ticket_coordinator."""
    values = []
    for replication in range(replications):
        model = sim.Organization(seed=0, replication=replication, **params)
        model.run_model()
        values.append(model.work.true_value[model.work.status == DONE])
    return np.concatenate(values)


def thirds(values: np.ndarray, band: float = FLAT_BAND) -> dict[str, float]:
    """Shares of positive, flat (|value| <= band) and negative values."""
    return {
        "positive": float(np.mean(values > band)),
        "flat": float(np.mean(np.abs(values) <= band)),
        "negative": float(np.mean(values < -band)),
    }


def top_decile_share(values: np.ndarray) -> float:
    """Share of the positive value that the top 10% of initiatives by value contribute."""
    ordered = np.sort(values)[::-1]
    top = ordered[: max(1, len(ordered) // 10)]
    return float(top.sum() / ordered[ordered > 0].sum())


def maintenance_share(replications: int = 20) -> float:
    """Maintenance load / capacity after 156 weeks under ticket_coordinator (mean)."""
    table = sim.run_grid([{}], replications=replications, workers=1, preset="ticket_coordinator")
    return float(table["maintenance_share_final"].mean())


START, END = "<!-- literature table: start -->", "<!-- literature table: end -->"
OPTIONS = {
    "out": Option(Path("outputs/literature"), "folder for literature.md", Path),
    "replications": Option(20, "replications of each check", int, 2),
    "update_docs": Option(False, "also rewrite the table in docs/calibration.md", bool),
}


def table(replications: int = 20) -> str:
    """The literature checks as the Markdown table of docs/calibration.md."""
    values = shipped_true_values(replications=replications, authority=0.0)
    shares = thirds(values)
    worst = max(abs(v - 1 / 3) for v in shares.values())
    share = maintenance_share(replications)
    ratio = STRIPE_MAINTENANCE_SHARE / share
    rows = [
        "| check | model (defaults) | literature | how far off |",
        "|---|---|---|---|",
        "| shipped initiatives under value-blind ordering: positive / flat (abs(value) <= "
        f"{FLAT_BAND}) / negative | "
        + " / ".join(f"{shares[k]:.0%}" for k in ("positive", "flat", "negative"))
        + f" ({replications} replications, {len(values):,} initiatives) | about a third each "
        "(Kohavi et al., 2013; Kohavi, Tang and Xu, 2020) | "
        f"within {np.ceil(worst * 100):.0f} points of a third |",
        "| share of positive value from the top 10% of shipped initiatives | "
        f"{top_decile_share(values):.0%} | heavy-tailed returns of ideas (Kohavi et al.: most "
        "gains come from a few experiments) | qualitative match |",
        "| maintenance load as a share of capacity after 3 years, ticket_coordinator | "
        f"{share:.0%} | {STRIPE_MAINTENANCE_SHARE:.0%} of developer time on maintenance, technical "
        "debt and bad code (Stripe, The Developer Coefficient, 2018) | "
        f"{ratio:.1f}x too low |",
    ]
    return "\n".join(rows)


@command
def main(argv: list[str]) -> int:
    """``python -m experiments.literature_checks [replications=20] [out=DIR] [update_docs=..]``."""
    args = parse_options(argv, OPTIONS)
    text = table(args["replications"])
    publish(args["out"], "literature", text, (START, END), args["update_docs"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
