"""Analysis scripts that read simulation results: literature checks and the course pack."""
