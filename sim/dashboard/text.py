"""Prose on the pages without Solara's Markdown, whose math helper (KaTeX) is fetched from a CDN
and fails offline. A tiny subset of Markdown: ``### heading``, ``**bold**`` and line breaks;
everything else is escaped, so names typed by participants are shown, never run."""

from __future__ import annotations

import html
import re

import solara


def to_html(text: str) -> str:
    """The Markdown subset as HTML, with every other character escaped."""
    out = []
    for line in text.split("\n"):
        line = line.rstrip()
        heading = line.startswith("### ")
        body = html.escape(line[4:] if heading else line)
        body = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", body)
        out.append(f"<h3>{body}</h3>" if heading else body)
    return "<br>".join(out).replace("</h3><br>", "</h3>")


@solara.component
def Prose(text: str, classes: list[str] | None = None):
    """A paragraph of prose (see the module docstring for the Markdown subset)."""
    solara.HTML(tag="div", unsafe_innerHTML=to_html(text), classes=classes or [])
