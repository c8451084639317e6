"""The game's charts, as SVG with real text (readable from the back of a room: 16 pt and up).

The projector shows at most two charts at a time: value per week and throughput per seat, each
beside the two bots that faced the same requests. The reveal is one chart: every seat and both
bots, throughput against value.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np

FONT = 16  # points: at 100 dpi about 22 px, so no chart text is under 14 px when shown 1:1
SEAT, COORDINATOR, EMPOWERED = "#4c72b0", "#c44e52", "#55a868"


def _svg(fig) -> str:
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):  # text stays text, so the page can read it
        fig.savefig(buffer, format="svg")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _plain(text: str) -> str:
    """A name as text, never as matplotlib's maths (a ``$`` in a name must not break a chart)."""
    return str(text).replace("$", r"\$")


def _style(ax) -> None:
    ax.tick_params(labelsize=FONT)
    ax.xaxis.label.set_size(FONT)
    ax.yaxis.label.set_size(FONT)
    ax.title.set_size(FONT + 2)


def standings_chart(rows: list[dict], metric: str, title: str) -> str:
    """One metric per seat, beside the coordinator bot's and the empowered bot's same area."""
    fig, ax = plt.subplots(figsize=(6.2, 3.4), dpi=100)
    x = np.arange(len(rows))
    series = (
        (metric, "you", SEAT),
        (f"ticket_coordinator_{metric.split('_')[0]}", "coordinator bot", COORDINATOR),
        (f"empowered_product_owner_{metric.split('_')[0]}", "empowered bot", EMPOWERED),
    )
    for k, (key, label, color) in enumerate(series):
        ax.bar(x + (k - 1) * 0.27, [r[key] for r in rows], 0.27, color=color, label=label)
    ax.set_xticks(x, [_plain(r["seat"]) for r in rows])
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_title(title)
    ax.legend(fontsize=FONT - 2, loc="best", frameon=False)
    _style(ax)
    fig.tight_layout()
    return _svg(fig)


def reveal_chart(rows: list[dict]) -> str:
    """Throughput against value per week: every seat, and both bots in the same areas."""
    fig, ax = plt.subplots(figsize=(7.5, 4.6), dpi=100)
    for key, label, color, marker in (
        ("", "seats", SEAT, "o"),
        ("ticket_coordinator_", "coordinator bot", COORDINATOR, "s"),
        ("empowered_product_owner_", "empowered bot", EMPOWERED, "^"),
    ):
        tp = [r[f"{key}throughput"] for r in rows]
        value = [r[f"{key}value" if key else "value_per_week"] for r in rows]
        ax.scatter(tp, value, s=120, color=color, marker=marker, label=label)
    for r in rows:
        ax.annotate(
            r["player"],
            (r["throughput"], r["value_per_week"]),
            fontsize=FONT - 2,
            xytext=(6, 4),
            textcoords="offset points",
        )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set(
        xlabel="initiatives shipped per quarter",
        ylabel="value per week",
        title="Activity against outcome",
    )
    ax.legend(fontsize=FONT - 2, frameon=False)
    _style(ax)
    fig.tight_layout()
    return _svg(fig)
