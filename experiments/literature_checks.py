"""Literature checks: the model's value distribution and maintenance load against published figures.

``python -m experiments.literature_checks`` prints:

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

import numpy as np

import sim
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


def main() -> None:
    values = shipped_true_values(authority=0.0)
    shares = thirds(values)
    print(
        "Kohavi thirds, shipped under value-blind ordering (authority 0): "
        + ", ".join(f"{k} {v:.0%}" for k, v in shares.items())
        + f" (flat = |true value| <= {FLAT_BAND}; {len(values)} initiatives)"
    )
    print(
        f"Heavy tail: top 10% of shipped initiatives give {top_decile_share(values):.0%} "
        "of the positive value"
    )
    share = maintenance_share()
    print(
        f"Maintenance after 3 years (ticket_coordinator): {share:.0%} of capacity; "
        f"Stripe's Developer Coefficient: {STRIPE_MAINTENANCE_SHARE:.0%} of developer time "
        f"({share / STRIPE_MAINTENANCE_SHARE:.1f}x)"
    )


if __name__ == "__main__":
    main()
