"""'Hent billede': what a chart's PNG or SVG is called and the lines drawn into it.

The figure carries them in ``layout.meta.image`` (name, source line, demo mark), so the
picture follows the figure wherever it changes (a redraw, a Patch, the timeline in the
browser); ``assets/chart_image.js`` draws the lines under the chart and saves the file.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from landkort.export.tables import source_line

Chart = Any  # layouts.registry.Chart (which draws with this module: no import back)
View = Any
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_ALL_OPGAVER = ", alle 35 opgaver"


def slug(text: str, limit: int = 60) -> str:
    """'Selvbetjeningsgrad (transaktioner), Flytning' -> 'selvbetjeningsgrad-flytning'."""
    text = re.sub(r"\([^)]*\)", "", text.replace(_ALL_OPGAVER, "")).translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:limit].rstrip("-") or "graf"


MAIN_CHARTS = ("kort",)  # named by what they show alone


def image_name(chart: Chart, view: View, runde: str | None = None) -> str:
    """'landkort-selvbetjeningsgrad-E2015', 'landkort-0187-…-mix-F2012' (no suffix).

    What the chart shows (its title), the kommune on a kommune page, the chart's key
    (but for the map, which is what a title like 'Selvbetjeningsgrad' means), the round.
    """
    parts = ["landkort"]
    kode = getattr(view, "kode", None)
    if isinstance(kode, int):
        parts.append(f"{kode:04d}")
    parts.append(slug(chart.title_for(view)))
    if chart.key not in MAIN_CHARTS:
        parts.append(slug(chart.key))
    parts.append(runde or view.runde_kode)
    return "-".join(parts)


def image_meta(chart: Chart, view: View, demo: bool, runde: str | None = None) -> dict:
    """``layout.meta.image``: the file name and the lines drawn under the picture."""
    runde = runde or view.runde_kode
    lines = [source_line(demo=False, what=f"{view.chart_title(chart.title_for(view))}, {runde}")]
    credit = chart.credit_for(view)
    if credit:
        lines.append(credit)
    return {
        "name": image_name(chart, view, runde),
        "lines": lines,
        "demo": "Demodata (simuleret)" if demo else "",
    }


def with_image_meta(figure: Any, meta: dict) -> Any:
    """The figure with ``layout.meta.image`` set (plotly figure, dict or PlainFigure);
    anything else (a table) as it is."""
    layout = getattr(figure, "layout", None)
    if isinstance(figure, dict):
        layout = figure.setdefault("layout", {})
    if isinstance(layout, dict):
        layout["meta"] = {**(layout.get("meta") or {}), "image": meta}
    elif layout is not None and hasattr(figure, "update_layout"):
        figure.layout.meta = {**(figure.layout.meta or {}), "image": meta}
    return figure
