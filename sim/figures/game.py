"""The game's charts, as SVG with real text (readable from the back of a room: 16 pt, and 11 pt
for the names of more than 12 seats).

The projector shows at most two charts at a time: value per week and throughput per seat, each
beside the two bots that faced the same requests. The reveal is one chart: every seat and both
bots, throughput against value.
"""

from __future__ import annotations

import contextlib
import io
import warnings

import matplotlib.pyplot as plt
import numpy as np

from sim.figures.colours import GOVERNANCE_COLOURS, NEUTRAL_DARK

FONT = 16  # points: at 100 dpi about 22 px, so no chart text is under 14 px when shown 1:1
# The benchmark bots in their governances' colours, as in every figure; the seats (people, each
# playing a governance of their own) in a grey no governance uses. The room's browser charts
# use the same three (sim/dashboard/static/room/room.js, COLOURS).
SEAT = NEUTRAL_DARK
COORDINATOR, EMPOWERED = GOVERNANCE_COLOURS["dysfunction"], GOVERNANCE_COLOURS["remedy"]


def _svg(fig) -> str:
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):  # text stays text, so the page can read it
        fig.savefig(buffer, format="svg")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _as_text(*texts) -> None:
    """Show text as typed, never as matplotlib's maths: ``$``, ``\\``, ``_`` and ``^`` in a
    name must not break a chart."""
    for text in texts:
        text.set_parse_math(False)


def _label_size(seats: int) -> int:
    """Points for the seats' names: large for a few seats, smaller (never under 11) for 30."""
    return FONT if seats <= 12 else 11


def _style(ax) -> None:
    ax.tick_params(labelsize=FONT)
    ax.xaxis.label.set_size(FONT)
    ax.yaxis.label.set_size(FONT)
    ax.title.set_size(FONT + 2)


def standings_chart(rows: list[dict], metric: str, title: str) -> str:
    """The standings figure as SVG (see ``standings_figure``)."""
    with _any_glyph():
        return _svg(standings_figure(rows, metric, title))


def reveal_chart(rows: list[dict]) -> str:
    """The reveal figure as SVG (see ``reveal_figure``)."""
    with _any_glyph():
        return _svg(reveal_figure(rows))


@contextlib.contextmanager
def _any_glyph():
    """The page draws the text (SVG text, the browser's fonts): matplotlib's own fonts may lack
    an emoji or a script, which only its layout notices; that is no reason to warn."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        warnings.filterwarnings("ignore", message="Matplotlib currently does not support")
        yield


def standings_figure(rows: list[dict], metric: str, title: str):
    """One metric per seat, beside the coordinator bot's and the empowered bot's same area.

    Horizontal bars, one row per seat, so that 30 seats' names stay readable (no overlap).
    """
    size = _label_size(len(rows))
    fig, ax = plt.subplots(figsize=(6.2, max(3.4, 0.024 * size * len(rows) + 1.6)), dpi=100)
    y = np.arange(len(rows))[::-1]
    series = (
        (metric, "seat", SEAT),
        (f"ticket_coordinator_{metric.split('_')[0]}", "coordinator bot", COORDINATOR),
        (f"empowered_product_owner_{metric.split('_')[0]}", "empowered bot", EMPOWERED),
    )
    for k, (key, label, color) in enumerate(series):
        ax.barh(y - (k - 1) * 0.27, [r[key] for r in rows], 0.27, color=color, label=label)
    ax.set_yticks(y, [str(r["seat"]) for r in rows])
    _as_text(*ax.get_yticklabels())
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_title(title)
    ax.legend(fontsize=FONT - 4, loc="lower right", frameon=False)
    _style(ax)
    ax.tick_params(axis="y", labelsize=size)
    fig.tight_layout()
    return fig


def reveal_figure(rows: list[dict]):
    """Throughput against value per week: every seat, and both bots in the same areas.

    Each seat is numbered on the chart and named in the key beside it, so 30 names never sit on
    top of each other.
    """
    size = _label_size(len(rows))
    fig, (ax, key) = plt.subplots(
        1,
        2,
        figsize=(11, max(4.6, 0.02 * size * len(rows) + 1.5)),
        dpi=100,
        gridspec_kw={"width_ratios": [2.2, 1]},
    )
    for prefix, label, color, marker in (
        ("", "seats", SEAT, "o"),
        ("ticket_coordinator_", "coordinator bot", COORDINATOR, "s"),
        ("empowered_product_owner_", "empowered bot", EMPOWERED, "^"),
    ):
        tp = [r[f"{prefix}throughput"] for r in rows]
        value = [r[f"{prefix}value" if prefix else "value_per_week"] for r in rows]
        ax.scatter(tp, value, s=120, color=color, marker=marker, label=label)
    for n, r in enumerate(rows, start=1):
        ax.annotate(
            str(n),
            (r["throughput"], r["value_per_week"]),
            fontsize=FONT - 4,
            xytext=(5, 3),
            textcoords="offset points",
        )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set(
        xlabel="initiatives shipped per quarter",
        ylabel="value per week",
        title="Activity against outcome",
    )
    ax.legend(fontsize=FONT - 4, frameon=False)
    _style(ax)
    key.axis("off")
    lines = [f"{n}. {r['player']} ({r['seat']})" for n, r in enumerate(rows, start=1)]
    for n, line in enumerate(lines):
        text = key.text(
            0,
            1 - (n + 0.5) / max(len(lines), 1),
            line,
            fontsize=size,
            va="center",
            transform=key.transAxes,
        )
        _as_text(text)
    fig.tight_layout()
    return fig
