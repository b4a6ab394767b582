"""The compare page's chart table: lines, ranking, change, spread and the opgave heat map.

Each entry's frame comes from ``landkort.views.compare`` (answered from the in-memory
frame of measure totals, no query); its download is that frame with Danish headers.
Lines, change, spread and heat map embed as ``/embed/sammenlign-<name>``.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from landkort.views import compare
from landkort.views.compare_view import CompareView
from landkort.views.map import MIN_N
from layouts.compare import figures as figs
from layouts.compare import table as tables
from layouts.registry import Chart

V = CompareView


def _udvalg_text(view: V) -> str:
    state, koder = view.state, view.chosen
    if state.udvalg == "flyttere":
        return f"de ti største flyttere {view.fra_kode}–{view.runde_kode}{view.area}"
    if state.udvalg == "alle":
        return f"alle {len(koder)} deltagere i {view.runde_kode}{view.area}"
    return "valgte kommuner" if koder else "vælg kommuner ovenfor"


def _since(view: V) -> int | None:
    """The round the ranking's change is measured from (none when it is the same round)."""
    return view.state.fra if view.state.fra != view.selection.runde else None


def _ranking_heading(frame: pd.DataFrame, view: V) -> str:
    ranked = int(frame["rank"].notna().sum())
    return f"Rangliste {view.runde_kode}{view.area}: {ranked} kommuner med tal"


def ranking_note(frame: pd.DataFrame, view: V) -> str:
    absent, thin = int((~frame["deltog"]).sum()), int(frame["usikker"].sum())
    return (
        f"{absent} kommuner deltog ikke; {thin} har under {MIN_N} registreringer (usikre). "
        "Klik på en kolonneoverskrift for at sortere; skriv i feltet under den for at filtrere "
        "(fx > 80 eller Midt)."
    )


def ranking_parts(frame: pd.DataFrame, view: V) -> tuple[list[dict], list[dict]]:
    """The ranking table's columns and rows."""
    spec, fra = view.selection.spec, _since(view)
    fra_kode = view.fra_kode if fra else None
    columns = tables.ranking_columns(spec, view.runde_kode, fra_kode)
    return columns, tables.ranking_records(frame, spec, fra_kode)


def _national(view: V) -> pd.DataFrame:
    return compare.national(view.data, replace(view.selection, region=None))


def _measure(view) -> str:
    """The section of /om that explains the compared measure."""
    return f"maal-{view.selection.measure}"


CHARTS: tuple[Chart, ...] = (
    Chart(
        "udvikling",
        lambda v: f"{v.selection.spec.label} over runderne: {_udvalg_text(v)} og Hele landet",
        lambda c, v: compare.series(v.data, v.selection, v.chosen),
        lambda f, v: figs.lines_figure(f, v.selection.spec, v.chosen),
        height=480,
        note=f"Åbne punkter, kursiv og blege celler: usikre tal (under {MIN_N} registreringer). "
        "Huller i linjerne og grå celler: kommunen deltog ikke. Alle andele er samlet over "
        "kommunernes registreringer (ikke gennemsnit af andele).",
        table=lambda f, v: tables.series_download(f, v.selection.spec),
        embed_as="linjer",
    ),
    Chart(
        "rangliste",
        lambda v: f"Rangliste {v.runde_kode}{v.area}",
        lambda c, v: compare.ranking(v.data, v.selection, _since(v)),
        lambda f, v: tables.ranking_table(*ranking_parts(f, v)),
        embeddable=False,
        kind="table",
        heading=_ranking_heading,
        note=ranking_note,
        table=lambda f, v: tables.ranking_download(
            f, v.selection.spec, v.runde_kode, v.fra_kode if _since(v) else None
        ),
    ),
    Chart(
        "aendring",
        lambda v: f"Fra {v.fra_kode} til {v.runde_kode}: {v.selection.spec.label.lower()}",
        lambda c, v: compare.change_between(
            v.data, v.selection, v.state.fra, v.selection.runde, v.chosen
        ),
        lambda f, v: figs.dumbbell_figure(f, v.selection.spec, v.fra_kode, v.runde_kode),
        height=560,
        note=f"Kun kommuner med tal i begge runder. * usikkert (under {MIN_N} registreringer) "
        "i mindst én af runderne.",
        table=lambda f, v: tables.change_download(f, v.selection.spec, v.fra_kode, v.runde_kode),
    ),
    Chart(
        "fordeling",
        lambda v: f"Spredningen over kommunerne pr. runde{v.area}",
        lambda c, v: compare.distribution(v.data, v.selection),
        lambda f, v: figs.box_figure(f, _national(v), v.selection.spec),
        table=lambda f, v: tables.distribution_download(f, v.selection.spec),
        embed_as="spredning",
    ),
    Chart(
        "opgaver",
        lambda v: f"Opgaver × kommuner, {v.runde_kode}: {v.selection.spec.label.lower()}",
        lambda c, v: compare.opgave_matrix(v.data, v.selection, v.chosen),
        lambda f, v: figs.heatmap_figure(f, v.selection.spec, v.chosen, v.runde_kode),
        height=760,
        table=lambda f, v: tables.matrix_download(f, v.selection.spec, v.runde_kode),
    ),
)

CHARTS = tuple(replace(c, about=_measure) for c in CHARTS)
ROWS: tuple[tuple[str, ...], ...] = (  # where the charts stand: each tuple side by side
    ("udvikling",),
    ("aendring", "fordeling"),
    ("rangliste",),
    ("opgaver",),
)
