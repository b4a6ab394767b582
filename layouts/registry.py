"""The shapes every page is declared in: a :class:`Page` and its :class:`Chart` table.

A page is one entry in ``layouts/pages.py``: its path (``/kommune/<kode>``), navbar
label, ``<title>``, the view it shows (built by ``landkort`` from the URL), the layout
drawn from that view, and its chart table. Routing, the navbar, the app factory (which
registers ``callbacks/<key>.py``), ``/embed/`` and the 'Indlejr' dialog all read it.

A chart is one entry in its page's table: the frame it shows (from the view), the
figure drawn from that frame, its height, and whether it can be embedded. The page's
card, its CSV/XLSX download, ``/embed/<prefix><key>`` and the 'Indlejr' snippet all
come from that entry. This module imports neither Dash callbacks nor the pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection

View = Any  # a page's view: MapView, CompareView, KommuneView … (landkort.views)
Text = str | Callable[[View], str]


def _text(value: Text | None, view: View) -> str | None:
    return value(view) if callable(value) else value


@dataclass(frozen=True)
class Chart:
    """One chart or table of a page."""

    key: str  # element ids, download key, and the name under /embed/ after the prefix
    title: Text  # what it shows, in words (embed title, 'Indlejr', download source)
    frame: Callable[[Connection, View], pd.DataFrame]  # the data it shows
    figure: Callable[[pd.DataFrame, View], Any]  # a figure, or a component for a table
    height: int = 420  # pixels: the height suggested for its iframe
    embeddable: bool = True
    kind: str = "graph"  # or "table": a table shows its numbers itself (no 'Vis som tabel')
    heading: Callable[[pd.DataFrame, View], str] | str | None = None  # card heading (title)
    note: Callable[[pd.DataFrame, View], str | list[str] | None] | str | None = None
    details: Callable[[pd.DataFrame, View], Any] | None = None  # under it, on the page only
    table: Callable[[pd.DataFrame, View], pd.DataFrame] | None = None  # download shape
    unavailable: Callable[[View], str | None] | None = None  # why it cannot be drawn
    empty: str | None = None  # shown on the page instead of the figure for no rows
    embed_as: str | None = None  # its name under /embed/ when not its key (older links)
    about: Callable[[View], str] | str | None = None  # its section of /om ('maal-straks')
    credit: Callable[[View], str | None] | None = None  # a source to credit (map borders)

    def title_for(self, view: View) -> str:
        return _text(self.title, view)

    def about_for(self, view: View) -> str | None:
        return self.about(view) if callable(self.about) else self.about

    def heading_for(self, frame: pd.DataFrame, view: View) -> str:
        heading = self.heading(frame, view) if callable(self.heading) else self.heading
        return heading or self.title_for(view)

    def notes_for(self, frame: pd.DataFrame, view: View) -> list[str]:
        note = self.note(frame, view) if callable(self.note) else self.note
        return [n for n in (note if isinstance(note, list) else [note]) if n]

    def credit_for(self, view: View) -> str | None:
        """Whom the chart must credit beside its data source (the map's boundaries)."""
        return self.credit(view) if self.credit else None

    def missing(self, view: View) -> str | None:
        """A sentence saying why the chart cannot be drawn for the view, or None."""
        return self.unavailable(view) if self.unavailable else None

    def table_for(self, frame: pd.DataFrame, view: View) -> pd.DataFrame:
        """What the download holds and 'Vis som tabel' shows: the frame in Danish."""
        return self.table(frame, view) if self.table else frame

    def download_frame(self, conn: Connection, view: View) -> pd.DataFrame:
        return self.table_for(self.frame(conn, view), view)


@dataclass(frozen=True)
class Page:
    """One page of the dashboard."""

    key: str  # also its callbacks module: callbacks/<key>.py
    path: str  # '/', '/sammenlign', '/kommune/<kode>' (a <name> matches digits)
    title: Callable[[View], str]  # the document title
    view: Callable[[Connection, dict[str, int], str], View]  # from the URL; LookupError
    layout: Callable[[Page, View, dict[str, tuple]], list]  # (page, view, drawn charts)
    nav: str | None = None  # navbar label; None keeps it out of the navbar
    description: str = ""  # the index page's <meta name="description"> for this path
    charts: tuple[Chart, ...] = ()
    draw_first: bool = True  # the layout arrives with its charts drawn (else callbacks fill)
    # what the route draws instead, when only part of the page arrives drawn
    first: Callable[[Connection, Page, View], dict] | None = None
    callbacks: bool = True  # whether callbacks/<key>.py registers callbacks
    embed_prefix: str | None = None  # charts embed as /embed/<prefix><key>; None: none
    embed_view: Callable[[Connection, str], View] | None = None  # from an embed's query
    problems: Callable[[str], list[str]] | None = None  # strict check of an embed's query
    file_name: Callable[[View, str], str] | None = None  # a download's name, no suffix
    # Its callbacks' answers depend only on what the browser sends and the data, never on
    # who asks, so the server may keep them per data version (server/callback_cache.py).
    shared_answers: bool = False

    @property
    def pattern(self) -> re.Pattern:
        regex = re.sub(r"<(\w+)>", r"(?P<\1>\\d{1,4})", self.path.rstrip("/") or "")
        return re.compile(f"^{regex}/?$")

    def match(self, pathname: str) -> dict[str, int] | None:
        """The path's variables when it is this page's path, else None."""
        found = self.pattern.match(pathname)
        return None if found is None else {k: int(v) for k, v in found.groupdict().items()}

    def download_name(self, view: View, key: str) -> str:
        """The name of a chart's download, without suffix: 'landkort-kort-E2015'."""
        if self.file_name:
            return self.file_name(view, key)
        return f"landkort-{key}-{view.runde_kode}"

    def chart(self, key: str) -> Chart:
        return next(c for c in self.charts if c.key == key)

    def embeddable(self) -> tuple[Chart, ...]:
        if self.embed_prefix is None:
            return ()
        return tuple(c for c in self.charts if c.embeddable)

    def embed_name(self, chart: Chart) -> str:
        return f"{self.embed_prefix}{chart.embed_as or chart.key}"


def find_page(pages: tuple[Page, ...], pathname: str) -> tuple[Page, dict[str, int]] | None:
    """The page a path shows, with its path variables."""
    for page in pages:
        values = page.match(pathname or "/")
        if values is not None:
            return page, values
    return None


def embed_charts(pages: tuple[Page, ...]) -> dict[str, tuple[Page, Chart]]:
    """Every embeddable chart by its name under /embed/."""
    return {p.embed_name(c): (p, c) for p in pages for c in p.embeddable()}


def draw(chart: Chart, conn: Connection, view: View) -> tuple[pd.DataFrame, Any]:
    """A chart's frame and its figure for a view, the figure named for 'Hent billede'."""
    from landkort.store import is_demo
    from layouts.components.chart_image import image_meta, with_image_meta

    frame = chart.frame(conn, view)
    figure = chart.figure(frame, view)
    if chart.kind == "graph":
        figure = with_image_meta(figure, image_meta(chart, view, is_demo(conn)))
    return frame, figure
