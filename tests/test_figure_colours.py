"""The colour promise, checked on the pixels: the coordinator red and the empowered owner green
in the areas figure and the signature figure, as in every other figure."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb

from sim.figures.areas import areas_figure
from sim.figures.calibration import signature_figure
from sim.figures.colours import PRESET_COLOURS

RED = PRESET_COLOURS["ticket_coordinator"][0]
GREEN = PRESET_COLOURS["empowered_product_owner"][0]


def share_of(path, colour: str) -> float:
    """The share of the image's pixels in exactly this colour (bars and markers are flat)."""
    image = plt.imread(path)[..., :3]
    return float((np.abs(image - np.array(to_rgb(colour))).max(axis=2) < 0.01).mean())


def test_areas_figure_draws_the_coordinator_red_and_the_empowered_owner_green(tmp_path):
    area = {"throughput": 3.0, "value_per_point": 0.2, "zombie_share": 0.1, "escalations": 4.0}
    per_area = [
        {"area": "Checkout", "governance": "ticket_coordinator", **area, "reversals": 1.0},
        {"area": "Search", "governance": "empowered_product_owner", **area, "reversals": 0.0},
    ]
    path = tmp_path / "areas.png"
    areas_figure(per_area, "a run", path)
    assert share_of(path, RED) > 0.005 and share_of(path, GREEN) > 0.005
    assert share_of(path, "#1f77b4") < 0.0005  # matplotlib's first default blue is gone


def test_signature_figure_draws_each_preset_in_its_colour(tmp_path):
    table = pd.DataFrame(
        {"preset": ["ticket_coordinator"] * 2 + ["empowered_product_owner"] * 2, "a": [0, 1, 5, 6]}
    )
    path = tmp_path / "signature.png"
    signature_figure({"a": 3.0}, table, ["a"], path)
    assert share_of(path, RED) > 0 and share_of(path, GREEN) > 0
