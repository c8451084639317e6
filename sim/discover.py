"""``python -m sim.discover``: scenario discovery (Latin hypercube and PRIM).

A thin entry point; the command lives in ``sim.analysis.discovery``.
"""

from sim.analysis.discovery import main

if __name__ == "__main__":
    raise SystemExit(main())
