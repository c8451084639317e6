"""Reading a drawn figure for the colour promise: which governances it names, in which colours.

A figure names a governance in a legend entry, a tick label beside its bar, or a title (a run
figure is titled with its run's name). The promise, read from the drawn artists:

- an entry that names one governance is drawn in that governance's colour (a lighter shade of it
  when the preset is changed, purple when it switches mid-run);
- a governance's colour appears only where that governance is named: no figure borrows the
  coordinator's red or any preset's colour for something else.
"""

from __future__ import annotations

import re

import numpy as np
from matplotlib.collections import Collection
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from sim.figures.colours import PRESET_COLOURS, SWITCH, lighter

#: Each preset's reserved colours: its own and its lighter shade (a changed preset).
RESERVED = {p: (c, lighter(c)) for p, (c, _) in PRESET_COLOURS.items()}
TOLERANCE = 0.01


def same(a, b) -> bool:
    return bool(np.abs(np.array(to_rgb(a)) - np.array(to_rgb(b))).max() < TOLERANCE)


def visible(colour) -> bool:
    """A drawn colour (not "none", not fully transparent)."""
    if colour is None or (isinstance(colour, str) and colour.lower() == "none"):
        return False
    rgba = to_rgba(colour)
    return rgba[3] > 0


def reserved_for(colour) -> set[str]:
    """The presets whose colour (or lighter shade) this is, and "switch" for purple."""
    if not visible(colour):
        return set()
    found = {p for p, shades in RESERVED.items() if any(same(colour, c) for c in shades)}
    return found | ({"switch"} if same(colour, SWITCH[0]) else set())


def named(text: str, aliases: dict[str, str]) -> set[str]:
    """The governances a text names: preset names (with underscores, spaces or line breaks) and
    the figure's own aliases (a lesson's scenario label, a bot's name)."""
    if text in aliases:
        return {aliases[text]}
    plain = re.sub(r"[_\s]+", " ", text.lower())
    found = set()
    for preset in sorted(PRESET_COLOURS, key=len, reverse=True):
        words = preset.replace("_", " ")
        if words in plain:
            found.add(preset)
            plain = plain.replace(words, "|")  # a longer name is not read twice
    return found


def _colours(artist) -> list:
    if isinstance(artist, Line2D):
        return [artist.get_color(), artist.get_markerfacecolor()]
    if isinstance(artist, Patch):
        return [artist.get_facecolor(), artist.get_edgecolor()]
    if isinstance(artist, Collection):
        return list(artist.get_facecolor()) + list(artist.get_edgecolor())
    return []


def entries(fig, aliases: dict[str, str]) -> list[tuple[str, set[str], list]]:
    """(text, governances it names, colours drawn for it) for every legend entry and every
    tick label that sits on a bar."""
    found = []
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    for legend in filter(None, legends):
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True):
            found.append((text.get_text(), named(text.get_text(), aliases), _colours(handle)))
    for ax in fig.axes:
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        for axis, centre in (
            (ax.xaxis, lambda r: r.get_x() + r.get_width() / 2),
            (ax.yaxis, lambda r: r.get_y() + r.get_height() / 2),
        ):
            for loc, label in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False):
                on_it = [b for b in bars if abs(centre(b) - loc) < 1e-6]
                if on_it and label.get_text():
                    colours = [b.get_facecolor() for b in on_it]
                    found.append((label.get_text(), named(label.get_text(), aliases), colours))
    return found


def titles(fig) -> list[str]:
    texts = [ax.get_title() for ax in fig.axes]
    texts += [fig._suptitle.get_text()] if fig._suptitle is not None else []
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    texts += [legend.get_title().get_text() for legend in filter(None, legends)]
    return texts


def drawn_colours(fig) -> list:
    """Every colour a data artist is drawn in (lines, bars, markers, bands)."""
    colours = []
    for ax in fig.axes:
        for artist in [*ax.lines, *ax.patches, *ax.collections]:
            colours += _colours(artist)
    return colours


def broken_promises(fig, aliases: dict[str, str] | None = None) -> list[str]:
    """Every way the figure breaks the colour promise, in words (empty: kept)."""
    aliases = aliases or {}
    problems = []
    governances_named = set()
    for text, governances, colours in entries(fig, aliases):
        governances_named |= governances
        if len(governances) != 1:
            continue  # a comparison ("a < 2x b") or no governance: nothing to keep
        (governance,) = governances
        for colour in filter(visible, colours):
            if not reserved_for(colour) & {governance, "switch"}:
                problems.append(f"{text!r} is drawn in {colour}, not {governance}'s colour")
    for text in titles(fig):
        governances_named |= named(text, aliases)
        if "->" in text or " since week" in text:
            governances_named.add("switch")
    for colour in drawn_colours(fig):
        owners = reserved_for(colour)
        if owners and not owners & governances_named:
            problems.append(f"{sorted(owners)}'s colour {colour} is drawn but never named")
    return sorted(set(problems), key=problems.index)
