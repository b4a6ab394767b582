"""The timeline's data: every round of one selection, sent to the browser once.

When measure, opgave, group, region, search or map form change, the server sends this
payload; moving the round slider (or playing) then recolours the map, the pooled
figure, the spread, the top and bottom five and the texts in the browser
(``landkort.showRound`` in ``assets/landkort.js``) with no request to the server. Each
round holds the map's trace values (values with interval, n, rank and Hele landet in
the hover text), the pooled card's texts and the spread's points, all formatted here
so the browser shows exactly what a page drawn on the server shows.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from threading import Lock

import pandas as pd
from sqlalchemy.engine import Connection

from landkort import metrics
from landkort import reference as ref
from landkort.formatting import format_int
from landkort.store import data_version
from landkort.urlstate.map import MAP_FORMS
from landkort.views.map import (
    DEFAULT_MEASURE,
    MAP_MEASURES,
    Value,
    kommune_values,
    pooled_trend,
    round_frames,
)
from landkort.views.map_view import MapView
from layouts.components.alt_text import summary
from layouts.components.chart_image import image_meta
from layouts.components.numbers import percents
from layouts.map import charts, panel
from layouts.map import figure as map_figure
from layouts.map.figure import format_value

_EMPTY = Value(None, None, None, 0, None)
IMAGES = ("kort", "spredning")  # the charts whose picture changes with the round


def at_round(view: MapView, runde: int) -> MapView:
    """The same view in another round."""
    return view.with_state(replace(view.state, selection=replace(view.selection, runde=runde)))


def selection_key(view: MapView) -> str:
    """What the payload depends on: the query string without the round."""
    return view.selection_key()


def _pooled_texts(view: MapView, pooled: Value, participants: int, kode: str) -> dict:
    spec = view.selection.spec
    interval = (
        f"95 %-interval {format_value(spec, pooled.lav)} til {format_value(spec, pooled.hoej)}"
        if pooled.lav is not None
        else "Intet interval"
    )
    return {
        "head": f"{view.area}, {kode}",
        "value": format_value(spec, pooled.value),
        "interval": interval,
        "n": f"n = {format_int(pooled.n)} registreringer · "
        f"{format_int(participants)} kommuner deltog",
    }


def _summary(view: MapView, frame: pd.DataFrame) -> str:
    """The map's text alternative (as layouts.components.alt_text builds it from the
    download table, from the two columns it reads)."""
    spec = view.selection.spec
    column = f"{spec.label} ({'%' if spec.kind == 'share' else 'pct.-point'})"
    table = pd.DataFrame({"Kommune": frame["navn"], column: percents(frame["value"], 1)})
    return summary(charts.CHARTS[0].title_for(view), table)


def _selected(view: MapView, frame: pd.DataFrame) -> str | None:
    """The search box's kommune in this round (the panel's note about it)."""
    kommune = view.state.kommune
    return (
        panel.kommune_text(view.selection.spec, frame, kommune) if kommune in frame.index else None
    )


def _round(
    view: MapView,
    frame: pd.DataFrame,
    pooled: Value,
    participants: int,
    demo: bool,
    title: Callable[[MapView], str] | None,
):
    kode, spec = view.runde_kode, view.selection.spec
    top = panel.ranked(frame)
    names, values = top["navn"].tolist(), top["value"].tolist()
    rows = [
        [int(k), navn, format_value(spec, value), int(rank)]
        for k, navn, value, rank in zip(top.index, names, values, top["rank"], strict=True)
    ]
    spread = panel.spread_values(spec, list(zip(names, values, strict=True)), pooled)
    return {
        "kode": kode,
        "map": charts.traces(frame, view, pooled),
        "summary": _summary(view, frame),
        "said": f"Kortet viser nu {view.describe()}, {kode}, {view.area}.",
        "pooled": _pooled_texts(view, pooled, participants, kode),
        "spread": {**spread, "heading": f"Spredning mellem kommunerne ({len(rows)} med tal)"},
        "top": rows[:5],
        "bottom": rows[-5:][::-1],
        "image": {c.key: image_meta(c, view, demo) for c in charts.CHARTS if c.key in IMAGES},
        "selected": _selected(view, frame),
        "table": charts.CHARTS[-1].heading_for(frame, view),
        "title": title(view) if title else None,
    }


def timeline_payload(
    conn: Connection,
    view: MapView,
    demo: bool = False,
    *,
    only_now: bool = False,
    title: Callable[[MapView], str] | None = None,
) -> dict:
    """Every round with data for the view's selection: ``{"key", "rounds": {id: …}}``;
    with ``only_now`` the view's own round alone (the first answer to a new selection,
    so the map is recoloured before all rounds are computed). ``title`` gives each
    round's document title (the page's, from layouts/pages.py)."""
    sel = view.selection
    rounds = [r for r, _, _ in view.rounds] or [sel.runde]
    if only_now:
        rounds = [sel.runde]
        frames = {sel.runde: kommune_values(conn, sel)}
    else:
        frames = round_frames(conn, sel, rounds)
    pooled = dict(pooled_trend(conn, sel))
    taking_part = metrics.participants_per_round(conn, sel.region)
    out = {}
    for runde in rounds:
        out[str(runde)] = _round(
            at_round(view, runde),
            frames[runde],
            pooled.get(runde, _EMPTY),
            taking_part.get(runde, 0),
            demo,
            title,
        )
    return {
        "key": selection_key(view),
        "rounds": out,
        "order": [str(r) for r in rounds],
        "trend": [ref.RUNDER[r - 1].kode for r in sorted(pooled)],
        "names": {str(r.id): f"{r.kode} ({r.navn})" for r in ref.RUNDER},
        "colours": map_figure.colour_props(sel.spec),
    }


def url_rules(view: MapView) -> dict:
    """What the browser needs to write and read the map's address as
    ``landkort.urlstate.map`` does (defaults left out, unknown values ignored)."""
    return {
        "latest": view.latest,
        "defaultMaal": DEFAULT_MEASURE,
        "defaultForm": view.default_form,
        "rounds": {str(r.id): r.kode for r in ref.RUNDER},
        "measures": {key: list(m.groups) for key, m in MAP_MEASURES.items()},
        "regions": [r.kode for r in ref.REGIONER],
        "kommuner": [k.kode for k in ref.KOMMUNER],
        "opgaver": len(ref.OPGAVER),
        "forms": list(MAP_FORMS),
    }


_cache: OrderedDict[tuple[str, str, str], str] = OrderedDict()
_lock = Lock()
CACHE_SIZE = 64  # selections kept (about 200 KB each)


def payload_now(conn: Connection, view: MapView, demo: bool, title=None) -> str:
    """The view's own round of :func:`timeline_payload`, as JSON text."""
    return _text(timeline_payload(conn, view, demo, only_now=True, title=title))


def _text(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def cached_payload(conn: Connection, view: MapView, demo: bool, title=None) -> str:
    """:func:`timeline_payload` as JSON text, kept per database, data version and
    selection, so a selection seen before costs no query until the next import.

    Text, because Dash encodes a string at once, while its plotly-aware encoder spends
    longer on 250 KB of nested lists than the payload takes to compute; the browser
    parses it once (assets/map_timeline.js)."""
    key = (str(conn.engine.url), data_version(conn), selection_key(view))
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    payload = _text(timeline_payload(conn, view, demo, title=title))
    with _lock:
        _cache[key] = payload
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return payload
