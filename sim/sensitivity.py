"""``python -m sim.sensitivity``: global sensitivity analysis (Sobol or Morris).

A thin entry point; the command lives in ``sim.analysis.sensitivity``.
"""

from sim.analysis.sensitivity import main

if __name__ == "__main__":
    raise SystemExit(main())
