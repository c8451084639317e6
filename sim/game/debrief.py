"""The debrief page of a finished room: figures, each seat's costliest and best decisions, and
three questions for the discussion; one self-contained HTML file (figures inline)."""

from __future__ import annotations

import html
import json

from sim.figures.game import reveal_chart, standings_chart
from sim.game.room import WARMUP_TURNS

QUESTIONS = (
    "Which of your decisions did a stakeholder reverse, and what would have let it stand: "
    "more authority, leadership's support, or a different decision?",
    "Your throughput against your value: where did the work that shipped fail to pay, and "
    "when could you have known (an MVP signal, a review)?",
    "The two bots faced exactly your requests. What did the empowered one do that you could "
    "not, or did not, and what in your organization decides that?",
)


def decision_values(room) -> dict[int, list[tuple[float, str]]]:
    """Per seat, each decision a person took, with the value it earned (+) or cost (-) per week.

    Only declines and kills count: admitting is what happens to a request nobody ticked, and the
    bot's decisions are not the person's. Declining or killing an idea of negative true value
    earns its magnitude, of positive value costs it; a decision the owner lost (a yield or a
    reversal) earned nothing.
    """
    work = room.model.work
    out: dict[int, list[tuple[float, str]]] = {s.area: [] for s in room.seats}
    people = room.model.stakeholder_list
    for line in room.log_path.read_text().splitlines()[1:]:
        entry = json.loads(line)
        if entry.get("type"):  # a turn's line: who played
            continue
        i, kind = entry["initiative"], entry["decision"]
        if i < 0 or kind not in ("decline", "kill") or entry.get("player") is None:
            continue
        value = float(work.true_value[i])
        enacted = entry["outcome"] in ("declined", "killed")
        earned = -value if enacted else 0.0
        who = people[work.stakeholder[i]].name
        text = (
            # The log counts the warm-up's turns; the debrief numbers turns as the game did.
            f"Turn {entry['turn'] - WARMUP_TURNS + 1}: {kind} {who}'s request #{i} "
            f"(true value {value:+.2f} a week): {entry['outcome']}"
        )
        out[entry["seat"]].append((earned, text))
    return out


def debrief_html(room) -> str:
    """The whole debrief page."""
    rows = room.standings()
    values = decision_values(room)
    seats = []
    for seat in room.seats:
        ranked = sorted(values[seat.area], key=lambda pair: pair[0])
        worst = [t for v, t in ranked[:3] if v < 0]
        best = [t for v, t in ranked[::-1][:3] if v > 0]
        seats.append(
            f"<h3>{html.escape(seat.name)}: {html.escape(seat.player or '(bot)')}</h3>"
            f"<p>Earned most:</p><ul>{_items(best)}</ul>"
            f"<p>Cost most:</p><ul>{_items(worst)}</ul>"
        )
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in QUESTIONS)
    charts = ""
    if rows:
        charts = (
            reveal_chart(rows)
            + standings_chart(rows, "value_per_week", "Value per week")
            + standings_chart(rows, "throughput", "Shipped per quarter")
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Debrief, room {room.code}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:1em auto;"
        "padding:0 12px;line-height:1.4;}"
        "svg{max-width:100%;height:auto;}</style></head><body>"
        f"<h1>Debrief: room {room.code}, {room.turn} turns of {room.turn_weeks} weeks</h1>"
        f"{charts}<h2>Decisions that earned and cost the most</h2>{''.join(seats)}"
        f"<h2>For the discussion</h2><ol>{questions}</ol></body></html>"
    )


def _items(texts: list[str]) -> str:
    return "".join(f"<li>{html.escape(t)}</li>" for t in texts) or "<li>(none)</li>"
