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


def test_the_discovery_figure_plots_what_its_box_restricts():
    """A box that mostly restricts one uncertainty (a third of its range, but most of the
    worlds) and cuts a far tail of another (most of its range, few worlds): the figure's axes
    are the uncertainties ranked by the worlds each limit leaves out."""
    import numpy as np
    import pandas as pd

    from sim.figures.discovery import restricted_most

    rng = np.random.default_rng(0)
    n = 2000
    worlds = pd.DataFrame(
        {
            "request_rate": rng.uniform(0.1, 1.0, n),
            "misaligned_offset": rng.uniform(-1.0, 1.0, n),
            "escalation_propensity": rng.exponential(0.05, n),  # a long thin tail
            "seed_like": rng.uniform(0, 1, n),
        }
    )
    worlds["pays"] = worlds["misaligned_offset"] > 0.3
    limits = pd.DataFrame(
        {
            "min": [0.3, 0.0, 0.15],
            "max": [1.0, 0.2, 1.0],
        },
        index=["misaligned_offset", "escalation_propensity", "request_rate"],
    )
    # misaligned_offset leaves out 65% of worlds; request_rate about 6%; the tail cut of
    # escalation_propensity (most of its span) only about 2%.
    assert restricted_most(worlds, limits) == ("misaligned_offset", "request_rate")
    one = limits.loc[["misaligned_offset"]]
    assert restricted_most(worlds, one)[0] == "misaligned_offset"


def test_lesson_6_labels_its_bars_beyond_their_intervals():
    """No error bar crosses a value label in lesson 6's figure: each label sits past its
    interval's end, for a rising bar with a wide interval and for a falling one."""
    import matplotlib.pyplot as plt
    import pandas as pd
    from matplotlib.collections import LineCollection

    from sim.figures.lessons import draw_decomposition

    effects = pd.DataFrame(
        {
            "outcome": ["cumulative_value"] * 4,
            "term": ["standing", "skill", "feedback", "outcome focus"],
            "effect": [12_400.0, 4_200.0, -900.0, 150.0],
            "low": [9_000.0, 3_900.0, -5_000.0, -2_500.0],
            "high": [15_800.0, 4_500.0, 3_200.0, 2_800.0],
        }
    )
    fig = draw_decomposition("Lesson 6", effects, "0.3 to 0.9")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_gid() == "effect-label"]
    assert [t.get_text() for t in labels] == ["+12,400", "+4,200", "-900", "+150"]
    segments = [
        ax.transData.transform(segment)
        for collection in ax.collections
        if isinstance(collection, LineCollection)
        for segment in collection.get_segments()
    ]
    assert len(segments) == 4, "one error bar per factor"
    for label in labels:
        box = label.get_window_extent(renderer)
        for (x0, y0), (_x1, y1) in segments:
            crosses = box.x0 <= x0 <= box.x1 and min(y0, y1) <= box.y1 and max(y0, y1) >= box.y0
            assert not crosses, f"an error bar crosses the label {label.get_text()}"
        inside = ax.get_window_extent(renderer)
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, f"{label.get_text()} leaves the axes"
    title = ax.title.get_window_extent(renderer)
    assert title.x0 >= 0 and title.x1 <= fig.bbox.width, "the subtitle is cut at an edge"
    plt.close(fig)
