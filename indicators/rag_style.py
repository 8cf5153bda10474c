"""How a RAG rating looks, in one place: its word, its symbol, its colour and its chart marker.

Pages (the RAG tag), charts (Plotly markers), server-side SVG (sparklines, pack charts), the
summary's words and the Board pack's print styles all read this table, so a rating never
looks one way on screen and another in the pack. Colour is never the only cue: each rating
has its own symbol and marker shape. Colours are the GOV.UK palette's green, orange-shade and
red, each at least 4.5:1 on white. Pure: no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

RAG_ORDER = ("green", "amber", "red", "no_data", "not_rated")


@dataclass(frozen=True)
class RagStyle:
    code: str
    label: str  # the word: "Green"
    symbol: str  # beside the word, for readers who cannot tell colours apart
    colour: str  # text, markers and lines on white
    marker: str  # Plotly marker symbol
    css: str  # modifier of the app-rag tag class: app-rag--<css>


STYLES = {
    "green": RagStyle("green", "Green", "●", "#00703c", "circle", "green"),
    "amber": RagStyle("amber", "Amber", "▲", "#b35c00", "triangle-up", "amber"),
    "red": RagStyle("red", "Red", "■", "#d4351c", "square", "red"),
    "no_data": RagStyle("no_data", "No data", "○", "#505a5f", "circle-open", "no-data"),
    "not_rated": RagStyle("not_rated", "Not rated", "◇", "#505a5f", "diamond", "not-rated"),
}


def rag_style(rag) -> RagStyle:
    """The style of a rating; case, spaces, "-" and "_" are ignored, anything else is Not
    rated (as a tag must still say something meaningful)."""
    key = "".join(ch for ch in str(rag or "").lower() if ch.isalnum())
    for style in STYLES.values():
        if style.code.replace("_", "") == key:
            return style
    return STYLES["not_rated"]


def rag_label(rag) -> str:
    return rag_style(rag).label
