"""The game's charts and pages take any text, and stay readable at 30 seats."""

import itertools

import matplotlib

from sim.figures.game import reveal_chart, reveal_figure, standings_chart, standings_figure

JOKES = ["Rich $$", "C:\\temp", "snake_case", "x^2", "<b>bold</b>", "🚀 rocket", "سارة", "a&b"]


def _rows(names):
    rows = []
    for k, name in enumerate(names):
        rows.append(
            {
                "seat": f"{name} area",
                "player": name,
                "value_per_week": 3.0 * k - 10,
                "throughput": 40 + k,
                "ticket_coordinator_value": 1.0 + k,
                "ticket_coordinator_throughput": 50.0,
                "empowered_product_owner_value": 20.0 - k,
                "empowered_product_owner_throughput": 35.0,
            }
        )
    return rows


def test_any_name_renders_as_typed_in_every_chart():
    rows = _rows(JOKES)
    for svg in (
        standings_chart(rows, "value_per_week", "Value per week"),
        standings_chart(rows, "throughput", "Shipped per quarter"),
        reveal_chart(rows),
    ):
        assert svg.startswith("<svg")
        for name in ("Rich $$", "C:\\temp", "snake_case", "x^2", "🚀 rocket", "سارة"):
            assert name in svg, name
        assert "&lt;b&gt;bold&lt;/b&gt;" in svg and "<b>bold" not in svg
        assert "a&amp;b" in svg


def _boxes(fig, texts):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts if t.get_text()]


def _overlapping(boxes) -> int:
    return sum(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_thirty_seats_labels_do_not_overlap():
    names = [f"Participant {k} {'with a long name' if k % 3 else ''}" for k in range(30)]
    rows = _rows(names)
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        for metric in ("value_per_week", "throughput"):
            fig = standings_figure(rows, metric, metric)
            ax = fig.axes[0]
            boxes = _boxes(fig, ax.get_yticklabels())
            assert len(boxes) == 30 and _overlapping(boxes) == 0
            assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 11
        fig = reveal_figure(rows)
        key = fig.axes[1]
        boxes = _boxes(fig, key.texts)
        assert len(boxes) == 30 and _overlapping(boxes) == 0
