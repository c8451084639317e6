"""Reading a drawn figure for the colour promise: which governances it names, in which colours.

A figure names a governance in a legend entry or a tick label beside its bar; a figure of one
run names it in its title (the caller says which colour that run's governance has). The promise,
read from the drawn artists:

- an entry that names one governance is drawn in exactly its colour: the preset's, a lighter
  shade when the entry says the preset is changed, purple when it says it switches mid-run;
- an entry that names no governance is not drawn in a governance's colour (except in a one-run
  figure, where every series is that run's);
- every colour that is not a grey is the colour of a governance the figure names: nothing else
  borrows the palette, and no colour outside it stands in for a governance.

The palette is read once, here, so a figure drawn with swapped colours is caught.
"""

from __future__ import annotations

import colorsys
import re

import numpy as np
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, Rectangle

from sim.figures.colours import PRESET_COLOURS, SWITCH, lighter

#: The palette, frozen at import: each preset's colour.
PALETTE = {p: c for p, (c, _) in PRESET_COLOURS.items()}
TOLERANCE = 0.01


def same(a, b) -> bool:
    return bool(np.abs(np.array(to_rgb(a)) - np.array(to_rgb(b))).max() < TOLERANCE)


def visible(colour) -> bool:
    """A drawn colour (not "none", not fully transparent)."""
    if colour is None or (isinstance(colour, str) and colour.lower() == "none"):
        return False
    return to_rgba(colour)[3] > 0


def chromatic(colour) -> bool:
    """Not a grey (nor black or white): a colour that can stand for a governance."""
    return visible(colour) and colorsys.rgb_to_hsv(*to_rgb(colour))[1] > 0.12


def named(text: str) -> set[str]:
    """The presets a text names, with underscores, spaces or line breaks."""
    plain = re.sub(r"[_\s]+", " ", text.lower())
    found = set()
    for preset in sorted(PALETTE, key=len, reverse=True):
        words = preset.replace("_", " ")
        if words in plain:
            found.add(preset)
            plain = plain.replace(words, "|")  # a longer name is not read twice
    return found


def colour_named(text: str, expected: dict[str, str]) -> str | None:
    """The colour an entry's text calls for: the caller's expectation for that text, else the
    one preset it names (purple when it says it switches, lighter when it says it is changed);
    None for a text that names no governance, or compares two ("a >= 2x b")."""
    if text in expected:
        return expected[text]
    presets = named(text)
    if "->" in text or " since week " in text or "mid-run" in text:
        return SWITCH[0]
    if len(presets) != 1:
        return None
    (preset,) = presets
    return lighter(PALETTE[preset]) if "changed" in text else PALETTE[preset]


def _colours(artist) -> list:
    if isinstance(artist, Line2D):
        # What shows: the line where it has one, a marker's edge, and its face where filled.
        marker = artist.get_marker() not in (None, "None", "", " ")
        filled = marker and MarkerStyle(artist.get_marker()).is_filled()
        return (
            ([artist.get_color()] if artist.get_linestyle() not in ("None", "", " ") else [])
            + ([artist.get_markeredgecolor()] if marker else [])
            + ([artist.get_markerfacecolor()] if filled else [])
        )
    if isinstance(artist, Patch):
        return [artist.get_facecolor(), artist.get_edgecolor()]
    if isinstance(artist, Collection):
        return list(artist.get_facecolor()) + list(artist.get_edgecolor())
    return []


def entries(fig) -> list[tuple[str, list, bool]]:
    """(text, colours drawn for it, in a legend?) for every legend entry and every tick label
    on a bar."""
    found = []
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    for legend in filter(None, legends):
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True):
            found.append((text.get_text(), _colours(handle), True))
    for ax in fig.axes:
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        for axis, centre in (
            (ax.xaxis, lambda r: r.get_x() + r.get_width() / 2),
            (ax.yaxis, lambda r: r.get_y() + r.get_height() / 2),
        ):
            for loc, label in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False):
                on_it = [b.get_facecolor() for b in bars if abs(centre(b) - loc) < 1e-6]
                if on_it and label.get_text():
                    found.append((label.get_text(), on_it, False))
    return found


def drawn_colours(fig) -> list:
    """Every colour a data artist or a text is drawn in (lines, bars, markers, bands, labels)."""
    colours = []
    for ax in fig.axes:
        if getattr(ax, "_colorbar", None) is not None:
            continue  # a colour bar's scale (a heatmap's values), not a governance
        for artist in [*ax.lines, *ax.patches, *ax.collections]:
            colours += _colours(artist)
        colours += [t.get_color() for t in ax.texts]
    return colours + [t.get_color() for t in fig.texts]


def broken_promises(fig, expected: dict[str, str] | None = None, single: str | None = None):
    """Every way the figure breaks the colour promise, in words (empty: kept).

    ``expected``: the colour an entry's text stands for, where its words do not say it (a
    lesson's scenario label); ``single``: the colour of the one run a figure shows."""
    expected = expected or {}
    problems, allowed = [], [single] if single else []
    for text, colours, in_legend in entries(fig):
        want = colour_named(text, expected)
        drawn = [c for c in colours if chromatic(c)]
        if want is None and not in_legend:
            continue  # a tick that names no governance (a quarter, a world): bars checked below
        if want is not None:
            allowed.append(want)
            problems += [
                f"{text!r} is drawn in {to_hex(c)}, not {to_hex(want)}"
                for c in drawn
                if not same(c, want)
            ]
        elif single is None:
            problems += [f"{text!r} names no governance but is drawn in {to_hex(c)}" for c in drawn]
        else:
            problems += [
                f"{text!r} is drawn in {to_hex(c)}, not the run's {to_hex(single)}"
                for c in drawn
                if not same(c, single)
            ]
    for colour in filter(chromatic, drawn_colours(fig)):
        if not any(same(colour, a) for a in allowed):
            problems.append(f"{to_hex(colour)} is drawn but stands for no governance named here")
    return list(dict.fromkeys(problems))
