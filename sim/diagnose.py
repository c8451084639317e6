"""``python -m sim.diagnose``: where an organization sits, from its tracker export, by simulation.

A thin entry point; the command lives in ``sim.cli.diagnose``.
"""

from sim.cli.diagnose import main

if __name__ == "__main__":
    raise SystemExit(main())
