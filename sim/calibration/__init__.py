"""Numbers from an issue tracker: read a Jira (or generic) CSV export, estimate the organization's
rates with intervals, and write an organization file the model can run."""
