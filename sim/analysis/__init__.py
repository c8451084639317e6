"""Analysis over many runs: declared problems, sensitivity, scenario discovery, EMA export."""
