"""``python -m sim.calibrate``: numbers from an issue tracker's CSV export.

A thin entry point; the command lives in ``sim.cli.calibrate``.
"""

from sim.cli.calibrate import main

if __name__ == "__main__":
    raise SystemExit(main())
