"""The command-line interfaces: the Hydra entry point, sweep machinery and plain commands.

Only this package (and the sweeper plugin in ``hydra_plugins/``) imports Hydra. The engine and the
Python API never do: they take plain validated configuration objects.
"""
