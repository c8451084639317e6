"""What ideas are worth: objective potentials, the value of each request, claims and signals.

Ideas are hypotheses. Each strategic objective has a hidden potential; an aligned request is worth
its objective's potential plus an idiosyncratic part that is, with probability 1/3 each,
positive (lognormal, heavy-tailed), about zero, or negative with the same magnitude (Kohavi et
al.: a third of experiments win, a third are flat, a third lose). Misaligned requests are
smaller and carry a small negative offset (the complexity they add). All draws here come from
the world stream, so two governance settings with the same seed face the same requests (common
random numbers).
"""

from __future__ import annotations

import numpy as np

from sim.config import ValueConfig
from sim.engine.initiatives import NONE


def draw_potentials(world: np.random.Generator, objectives: int, cfg: ValueConfig) -> np.ndarray:
    """Hidden potential of each strategic objective, drawn once per run."""
    return world.normal(cfg.objective_mean, cfg.objective_sd, size=objectives)


def own_value_sd(cfg: ValueConfig) -> float:
    """Standard deviation of an idea's own value (thirds of +lognormal, ~0, -lognormal)."""
    return float(np.sqrt(2 / 3 * np.exp(2 * cfg.idiosyncratic_sigma**2) + cfg.near_zero_sd**2 / 3))


def draw_requests(
    world: np.random.Generator,
    n: int,
    alignment: np.ndarray,
    potentials: np.ndarray,
    cfg: ValueConfig,
    influence_z: np.ndarray | None = None,
    correlation: float = 0.0,
    insight: float = 0.0,
) -> dict[str, np.ndarray]:
    """Draw ``n`` requests: objective, size, true value, MVP signal, measured outcome and claim.

    ``alignment`` gives, per request, the requester's probability of asking for aligned work;
    ``influence_z`` the requester's standardized influence. With ``correlation`` rho, an idea's
    own value is ``sqrt(1 - rho^2) * own + rho * sd(own) * influence_z``: its correlation with
    the requester's influence is rho and its spread is unchanged (rho = 0: ideas are independent
    of who has them). ``value.idea_mean`` shifts every idea's own value (the declared value of an
    average request).

    A stakeholder's claim blends an upbeat argument for the idea (``|true| * claim_optimism``
    plus noise, whatever its sign) with what they know of it: ``(1 - insight) * upbeat +
    insight * true value``. With ``insight`` 0 claims say nothing about the sign; with 1 the
    requester knows what the idea is worth.

    The number of draws per request is fixed, so the world stream never depends on decisions.
    """
    aligned = world.random(n) < alignment
    objective = world.integers(0, len(potentials), size=n)
    third = world.integers(0, 3, size=n)  # 0 positive, 1 about zero, 2 negative
    magnitude = world.lognormal(0.0, cfg.idiosyncratic_sigma, size=n)
    near_zero = world.normal(0.0, cfg.near_zero_sd, size=n)
    size = world.lognormal(np.log(cfg.size_median), cfg.size_sigma, size=n)
    signal_noise = world.normal(0.0, cfg.signal_noise, size=n)
    claim_noise = world.normal(0.0, cfg.claim_noise, size=n)
    # The outcome measured once shipped: a measurement of its own, as noisy as the MVP's.
    outcome_noise = world.normal(0.0, cfg.signal_noise, size=n)

    own = np.where(third == 0, magnitude, np.where(third == 2, -magnitude, near_zero))
    if correlation and influence_z is not None:
        own = np.sqrt(1 - correlation**2) * own + correlation * own_value_sd(cfg) * influence_z
    own = own + cfg.idea_mean
    own = np.where(aligned, own, cfg.misaligned_scale * own + cfg.misaligned_offset)
    true_value = np.where(aligned, potentials[objective] + own, own)
    return {
        "objective": np.where(aligned, objective, NONE),
        "size": size,
        "true_value": true_value,
        "own_value": own,
        "signal": true_value + signal_noise,
        "outcome": true_value + outcome_noise,
        # Stakeholders argue for their ideas (upbeat, whatever the sign), informed by what
        # they know of the idea.
        "claimed_value": (1.0 - insight) * (np.abs(true_value) * cfg.claim_optimism + claim_noise)
        + insight * true_value,
    }


def estimate(
    true_value: np.ndarray,
    objective: np.ndarray,
    claimed: np.ndarray,
    noise: np.ndarray,
    belief_error: np.ndarray,
    skill: float,
    cfg: ValueConfig,
) -> np.ndarray:
    """A product owner's estimate of value (run-rate per tick) for some initiatives.

    own judgement = believed potential of the objective + the idea's own value + noise whose sd is
    ``estimate_noise * (1 - skill) + estimate_noise_floor``; the estimate blends that judgement
    with the stakeholder's claim, leaning on the claim as skill falls. ``belief_error`` is the PO's
    current belief about each objective's potential minus the truth (indexed by objective);
    misaligned work has no objective and no belief error.
    """
    sd = cfg.estimate_noise * (1.0 - skill) + cfg.estimate_noise_floor
    error = np.where(objective == NONE, 0.0, belief_error[np.maximum(objective, 0)])
    judgement = true_value + error + sd * noise
    return skill * judgement + (1.0 - skill) * claimed


def realize(true_value: float, aligned: bool, capability: float) -> float:
    """Run-rate an initiative adds when shipped: compounding multiplies positive aligned value."""
    if aligned and true_value > 0:
        return true_value * capability
    return true_value


def capability_change(true_value: float, aligned: bool, cfg: ValueConfig) -> float:
    """How a release changes capability: its objective's if aligned, every objective's if not.

    An aligned success builds on its objective (+synergy), an aligned failure makes the product
    worse there (-synergy); misaligned work adds complexity that costs every objective a little
    (feature bloat). The same rule holds under every governance.
    """
    if not aligned:
        return -cfg.complexity_cost
    if true_value > 0:
        return cfg.synergy
    return -cfg.synergy if true_value < 0 else 0.0


def erosion(cfg: ValueConfig) -> float:
    """Weekly factor by which shipped value's run-rate erodes (1: none)."""
    return 0.5 ** (1.0 / cfg.half_life) if cfg.half_life > 0 else 1.0
