"""What a kommune page brings drawn, and what its callbacks fill after.

A first load arrives with the header and the first section drawn (what is on screen),
and every other section comes in one batched request when the reader nears them
(scrolls toward them, presses a key or prints: assets/near.js), so a visit that reads
the top draws only the top (callbacks/kommune.py). Before, the header and eight sections
were nine requests, most of them queued by the browser. The cost section, far down the
report, came in a request of its own on every load: drawing it took about 0.4 s of a
phone's main thread (bench/blocking.py) for a section few visits reach. It now comes
with the batch, which reads the prices the browser shows by then.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort.views.kommune_header import header
from landkort.views.kommune_view import KommuneView
from layouts.kommune import sections
from layouts.kommune.charts import SECTIONS
from layouts.registry import Page, draw

FIRST = ("kp-progress",)  # on screen at once: drawn with the page


def batched() -> tuple[sections.Section, ...]:
    """The sections one request fills after the page has arrived."""
    return tuple(s for s in SECTIONS if s.id not in FIRST)


def section_drawn(
    conn: Connection, page: Page, section: sections.Section, view: KommuneView
) -> list:
    """A section's cards for the view, or why the kommune has none in the round."""
    charts = [page.chart(key) for key in section.keys]
    if any(chart.missing(view) for chart in charts):
        return [sections.not_taken(view.navn, view.state.runde)]
    cards = {c.key: sections.chart_card(page, c, view, *draw(c, conn, view)) for c in charts}
    return sections.section_body(section, view, cards)


def report_caption(runde: int) -> str:
    r = ref.RUNDER[runde - 1]
    return (
        f"Runde {r.kode} ({r.navn.lower()}, uge {r.uge_fra}–{r.uge_til}), hver figur "
        "med kommunen ved siden af Hele landet."
    )


def first_drawn(conn: Connection, page: Page, view: KommuneView) -> dict:
    """What the route draws: the header's figures and the sections of FIRST."""
    return {
        "header": header(conn, view.kode, view.state.runde),
        "sections": {s.id: section_drawn(conn, page, s, view) for s in SECTIONS if s.id in FIRST},
    }
