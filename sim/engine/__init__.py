"""The engine: the Mesa model (``model.Organization``), the initiative store, value, metrics, the
calendar, the people's decisions and a timeline's changes, with the agents in ``agents/``.

It builds on ``sim.config`` and imports no framework beyond Mesa and numpy, and no interface
(``tests/test_architecture.py`` checks it).
"""
