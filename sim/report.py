"""``python -m sim.report``: summaries of finished runs side by side.

A thin entry point; the command lives in ``sim.cli.report``.
"""

from sim.cli.report import main

if __name__ == "__main__":
    raise SystemExit(main())
