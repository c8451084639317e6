"""``python -m sim.aggregate``: combine a sweep folder into one results table.

A thin entry point; the command lives in ``sim.cli.aggregate``.
"""

from sim.cli.aggregate import main

if __name__ == "__main__":
    raise SystemExit(main())
