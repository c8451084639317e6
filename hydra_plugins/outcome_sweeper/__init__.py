"""Hydra sweeper plugin of the outcome-ownership simulator (see outcome_sweeper.py)."""
