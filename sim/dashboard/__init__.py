"""The workshop dashboard: a tested state module (``state``) and a thin Solara page (``page``)."""
