"""Charts that embed in an intranet page: ``/embed/<chart>?…`` and the framing rules.

An embed page is plain HTML with one chart: plotly.js, the figure as JSON and a footer
(source, round, link to the full view, demo mark). No Dash, no navigation, so it loads
a fraction of a dashboard page. Only pages under ``/embed/`` may be framed, by the
origins in ``LANDKORT_EMBED_ORIGINS`` (default: any); every other page refuses.
"""

from __future__ import annotations

from embed.blueprint import register

__all__ = ["register"]
