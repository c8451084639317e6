"""Regenerate the golden files (only when a change of behaviour is intended and reviewed).

.venv/bin/python tests/golden/make_golden.py
"""

from pathlib import Path

import sim

HERE = Path(__file__).resolve().parent
CASES = {"ticket_coordinator": 3, "empowered_product_owner": 3}
TICKS = 52


def main() -> None:
    for preset, seed in CASES.items():
        result = sim.run(sim.make_config(preset, seed=seed, ticks=TICKS, replications=1))
        result.metrics.to_csv(HERE / f"{preset}_metrics.csv", index=False)
        result.ledger.to_csv(HERE / f"{preset}_ledger.csv", index=False)


if __name__ == "__main__":
    main()
