"""The kommune page's chart table and the sections its charts stand in.

One entry per chart or table: what it shows (a frame from ``landkort.views.kommune``
for the page's view), the figure drawn from that frame, its height and whether it
embeds (as ``/embed/kommune-<key>?kommune=…``). The page's cards, 'Hent data',
``/embed/`` and 'Indlejr' all read this table; the sections say where each one stands.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from landkort import reference as ref
from landkort.formatting import format_int, format_percent, format_points
from landkort.views import kommune as report
from landkort.views.kommune import THIN
from landkort.views.kommune_view import KommuneView
from landkort.views.map import MIN_N
from landkort.views.rounds import runde_kode
from landkort.views.whatif import what_if
from layouts.components.tables import frame_table
from layouts.kommune import figures
from layouts.kommune import sections as s
from layouts.registry import Chart

V = KommuneView


def _absent(view: V) -> str | None:
    """Charts of one round say so when the kommune skipped it, instead of drawing zeros."""
    return None if view.deltog else view.absent_text()


def _notes(text: str | None = None):
    """The chart's note, and the thin-data note when a row rests on few registrations."""

    def notes(frame: pd.DataFrame, view: V) -> list[str]:
        thin = THIN in frame and bool(frame[THIN].any())
        return [n for n in (text, figures.THIN_NOTE if thin else None) if n]

    return notes


def _round(key: str, title: str, frame, figure, **options) -> Chart:
    """A chart of KL's report for the chosen round."""
    return Chart(key, title, frame, figure, unavailable=_absent, **options)


def _enhed_rows(frame: pd.DataFrame, view: V):
    return figures.stacked_rows(
        frame, "Enhed", view.navn, title_n="Registreringer i enheden", counts=view.state.counts
    )


ENHED_NOTE = (
    "Enhederne registrerer forskelligt; sammenlign med forsigtighed. Nederste række er Hele landet."
)


def _blanket_note(frame: pd.DataFrame, view: V) -> list[str]:
    """'Vallensbæk: 255 af 851 indgående transaktioner (30 %) kom med blanket; …'."""
    med = frame.iloc[0]
    n = int(frame["Antal, kommunen"].sum())
    if not n:
        return []
    share = format_percent(med["Andel, kommunen"], 0)
    national = format_percent(med["Andel, Hele landet"], 0)
    return [
        f"{view.navn}: {format_int(med['Antal, kommunen'])} af {format_int(n)} indgående "
        f"transaktioner ({share}) kom med blanket; Hele landet {national}. Kun "
        "registreringer hvor blanket er angivet."
    ]


def _whatif_opgave(view: V) -> str:
    if view.state.hvis_opgave:
        return ref.OPGAVER[view.state.hvis_opgave - 1].navn
    return "alle 35 opgaver"


def _points(value: float | None) -> str:
    """Percentage points as the frame holds them (−22,5) in words ('−22,5 pct.-point')."""
    return format_points(None if value is None or value != value else value / 100)


def _kr(value: float) -> str:
    return f"{format_int(round(value))} kr."


def _whatif_notes(frame: pd.DataFrame, view: V) -> list[str]:
    """What the move changes for the kommune and Hele landet, and the assumptions."""
    notes = []
    for after in frame.to_dict("records"):
        area = view.navn if after["Område"] == "Kommunen" else after["Område"]
        text = (
            f"{area}: selvbetjeningsgrad {format_percent(after['Selvbetjeningsgrad før'])} → "
            f"{format_percent(after['Selvbetjeningsgrad efter'])}, "
            f"{_points(after['Afstand til 80 % efter (pct.-point)'])} fra målet."
        )
        change = after["Ændring (kr. pr. tælleperiode)"]
        if change == change and change is not None:
            text += (
                f" Ændring i omkostning {_kr(change)} pr. tælleperiode, "
                f"{_kr(after['Ændring (kr. pr. år)'])} pr. år."
            )
        else:
            text += f" Ændring i omkostning: angiv pris for {after['Kanaler uden pris']}."
        notes.append(text)
    weeks = int(frame["Uger i runden"].iloc[0])
    notes.append(
        f"Antagelser: analoge kanaler er telefon, personlig henvendelse og papirpost; et år er "
        f"tælleperioden ({weeks} uger) × 52/{weeks}, som om ugerne var typiske for året."
    )
    return notes


def _opgave(view: V) -> ref.Opgave:
    return ref.OPGAVER[view.state.opgave - 1]


def _opgave_note(frame: pd.DataFrame, view: V) -> list[str]:
    wave = None if _opgave(view).obligatorisk_fra else (
        "Opgavens bølge for obligatorisk selvbetjening er ikke registreret."
    )  # fmt: skip
    return _notes(wave)(frame, view)


HEAT_NOTE = "Tom celle: ingen registreringer."

CHARTS: tuple[Chart, ...] = (
    Chart(
        "progress-all",
        "selvbetjeningsgrad pr. runde, alle 35 opgaver",
        lambda c, v: report.selvbetjening_series(c, v.kode),
        lambda f, v: figures.progress_figure(f, v.navn, s.whole_markers()),
        heading="Alle 35 opgaver",
        note=_notes(),
    ),
    Chart(
        "progress-opgave",
        "selvbetjeningsgrad pr. runde for opgaven",
        lambda c, v: report.selvbetjening_series(c, v.kode, v.state.opgave),
        lambda f, v: figures.progress_figure(f, v.navn, s.opgave_markers(_opgave(v))),
        heading=lambda f, v: _opgave(v).navn,
        note=_opgave_note,
    ),
    Chart(
        "mix",
        "kanalfordeling pr. runde",
        lambda c, v: report.channel_mix_over_time(c, v.kode, v.state.opgave, v.state.gruppe),
        lambda f, v: figures.mix_figure(
            f, v.navn, v.round_codes, v.taken_codes, counts=v.state.counts
        ),
        heading=lambda f, v: f"{_opgave(v).navn} · {ref.GRUPPER[v.state.gruppe]}",
        note=_notes(),
        empty="Ingen registreringer.",
    ),
    Chart(
        "multiples",
        "selvbetjeningsgrad pr. opgave og runde",
        lambda c, v: report.opgave_progress(c, v.kode, v.ordering_round),
        lambda f, v: figures.multiples_figure(f, runde_kode(v.ordering_round), v.navn),
        height=900,
        heading=lambda f, v: (
            "Selvbetjeningsgrad pr. opgave, sorteret efter afstand til 80 % i "
            + runde_kode(v.ordering_round)
        ),
        note="Procenten i titlen er kommunens selvbetjeningsgrad i runden (rød: mere end "
        f"20 procentpoint fra målet). Åbne punkter: færre end {MIN_N} registreringer.",
    ),
    _round(
        "ind",
        "indgående henvendelser pr. kanal",
        lambda c, v: report.direction_pattern(c, v.kode, v.state.runde, ref.IND),
        lambda f, v: figures.beside_bars(f, "Kanal", v.navn, counts=v.state.counts),
        heading="Indgående henvendelser pr. kanal (35 opgaver)",
        note=_notes(),
    ),
    _round(
        "ud",
        "udgående henvendelser pr. kanal",
        lambda c, v: report.direction_pattern(c, v.kode, v.state.runde, ref.UD),
        lambda f, v: figures.beside_bars(f, "Kanal", v.navn, counts=v.state.counts),
        heading="Udgående henvendelser pr. kanal (35 opgaver)",
        note=_notes(),
    ),
    _round(
        "ud-info",
        "udgående henvendelser om information om sag pr. kanal",
        lambda c, v: report.direction_pattern(
            c, v.kode, v.state.runde, ref.UD, ref.INFORMATION_OM_SAG
        ),
        lambda f, v: figures.beside_bars(f, "Kanal", v.navn, counts=v.state.counts),
        heading="Udgående henvendelser om information om sag pr. kanal",
        note=_notes("Kommunens svar og orienteringer om en eksisterende sag."),
    ),
    _round(
        "types",
        "fordeling på henvendelsestyper",
        lambda c, v: report.type_split(c, v.kode, v.state.runde),
        lambda f, v: figures.beside_bars(f, "Henvendelsestype", v.navn, with_counts=True),
        heading="Fordeling på de seks henvendelsestyper (indgående, andel og antal)",
    ),
    _round(
        "groups",
        "kanalmønster pr. gruppe",
        lambda c, v: report.group_pattern(c, v.kode, v.state.runde),
        lambda f, v: figures.stacked_rows(
            s.group_rows(f, v.navn), "Række", v.navn, counts=v.state.counts
        ),
        heading="Kanalmønster for hver gruppe (indgående)",
    ),
    _round(
        "opgave-table",
        "kanalfordeling pr. opgave",
        lambda c, v: report.opgave_channel_table(c, v.kode, v.state.runde, v.state.gruppe),
        lambda f, v: s.opgave_table(f, v.state.gruppe),
        embeddable=False,
        kind="table",
        heading=lambda f, v: (
            f"{ref.GRUPPER[v.state.gruppe]}: kanalfordeling pr. opgave, " + v.runde_kode
        ),
        note=_notes(
            "Hver række summer til 100 %; klik på en kolonneoverskrift for at sortere. "
            "Farve: hvid under 25 %, lyseblå 25–50 %, blå 50–75 %, mørkeblå fra 75 %. "
            "Sidste procentkolonne er Hele landets andel for samme opgave; kursiv: under "
            f"{MIN_N} registreringer."
        ),
        empty="Ingen registreringer i gruppen.",
    ),
    _round(
        "straks-group",
        "straksafslutningsgrad pr. gruppe",
        lambda c, v: report.straks_by_group(c, v.kode, v.state.runde),
        lambda f, v: figures.straks_figure(f, v.navn),
        heading="Straksafslutningsgrad pr. gruppe",
        note=_notes(
            "Andel af de indgående henvendelser, der blev afsluttet ved første kontakt "
            "(kun hvor det er registreret). Streger: kommunens 95 %-interval."
        ),
    ),
    _round(
        "straks-opgave",
        "straksafslutningsgrad pr. opgave og kanal",
        lambda c, v: report.opgave_kanal_beside(c, v.kode, v.state.runde, "straks", v.navn),
        lambda f, v: figures.heatmap_figure(f, "Straksafslutningsgrad", "Registreret (n)", "green"),
        height=760,
        heading="Straksafslutningsgrad pr. opgave og kanal, kommunen og Hele landet",
        note=_notes(HEAT_NOTE),
    ),
    _round(
        "blanket-total",
        "indgående transaktioner med og uden blanket",
        lambda c, v: report.blanket_split(c, v.kode, v.state.runde),
        lambda f, v: figures.beside_bars(f, "Blanket", v.navn),
        heading="Indgående transaktioner med og uden blanket",
        note=lambda f, v: _blanket_note(f, v),
    ),
    _round(
        "blanket-opgave",
        "blanketandel pr. opgave og kanal",
        lambda c, v: report.opgave_kanal_beside(c, v.kode, v.state.runde, "blanket", v.navn),
        lambda f, v: figures.heatmap_figure(f, "Blanketandel", "Registreret (n)", "orange"),
        height=760,
        heading="Blanketandel pr. opgave og kanal (transaktioner), kommunen og Hele landet",
        note=_notes(
            "Andel af transaktionerne, der kom med blanket (papir, vedhæftet PDF eller "
            "selvbetjening uden dataoverførsel). " + HEAT_NOTE
        ),
    ),
    _round(
        "cost",
        "omkostninger pr. gruppe og kanal",
        lambda c, v: report.cost_by_group(c, v.kode, v.state.runde, v.state.prices),
        lambda f, v: figures.cost_figure(f),
        heading="Omkostninger pr. gruppe i tælleugerne (indgående pr. gruppe, udgående samlet)",
        note=lambda f, v: s.cost_note(report.cost_summary(f)),
        details=lambda f, v: s.cost_table(report.cost_summary(f)),
    ),
    _round(
        "hvis",
        "hvad hvis: analoge transaktioner flyttet til selvbetjening",
        lambda c, v: what_if(
            c, v.kode, v.state.runde, v.state.prices, v.state.flyt / 100, v.state.hvis_opgave
        ),
        lambda f, v: figures.whatif_figure(f, v.navn),
        heading=lambda f, v: (
            f"Hvad hvis {v.state.flyt} % af de analoge transaktioner "
            f"({_whatif_opgave(v)}) kom via selvbetjening?"
        ),
        note=lambda f, v: _whatif_notes(f, v),
    ),
    _round(
        "enhed-counts",
        "registreringer pr. enhed",
        lambda c, v: report.enhed_counts(c, v.kode, v.state.runde),
        lambda f, v: frame_table(
            f,
            f"Registreringer pr. enhed, {v.navn}, {v.runde_kode}",
            "kommune-enhed-counts",
            totals=1,
        ),
        embeddable=False,
        kind="table",
        heading="Registreringer pr. enhed (indgående og udgående)",
        empty="Ingen registreringer.",
    ),
    _round(
        "enhed",
        "kanalmønster pr. enhed",
        lambda c, v: report.enhed_pattern(c, v.kode, v.state.runde),
        lambda f, v: figures.stacked_rows(
            f, "Enhed", v.navn, title_n="Registreringer i enheden", counts=v.state.counts
        ),
        height=520,
        heading="Kanalmønster for hver enhed (indgående, alle grupper)",
        note=_notes(ENHED_NOTE),
    ),
    _round(
        "enhed-gruppe",
        "kanalmønster pr. enhed for den valgte gruppe",
        lambda c, v: report.enhed_pattern(c, v.kode, v.state.runde, gruppe=v.state.gruppe),
        lambda f, v: figures.stacked_rows(
            f, "Enhed", v.navn, title_n="Registreringer i enheden", counts=v.state.counts
        ),
        height=520,
        heading=lambda f, v: f"Kanalmønster for hver enhed: {ref.GRUPPER[v.state.gruppe]}",
        note=_notes(ENHED_NOTE),
        empty="Ingen registreringer i gruppen.",
    ),
    _round(
        "enhed-ud",
        "udgående kanalmønster pr. enhed",
        lambda c, v: report.enhed_pattern(c, v.kode, v.state.runde, retning=ref.UD),
        lambda f, v: figures.stacked_rows(
            f, "Enhed", v.navn, title_n="Registreringer i enheden", counts=v.state.counts
        ),
        height=520,
        heading="Kanalmønster for hver enhed (udgående, alle grupper)",
        note=_notes(ENHED_NOTE),
        empty="Ingen udgående registreringer.",
    ),
)

ABOUT = {  # where /om explains each chart
    **dict.fromkeys(("progress-all", "progress-opgave", "multiples"), "maal-selvbetjening"),
    **dict.fromkeys(("straks-group", "straks-opgave"), "maal-straks"),
    **dict.fromkeys(("blanket-total", "blanket-opgave"), "maal-blanket"),
    **dict.fromkeys(("cost", "hvis"), "omkostninger"),
    "enhed-counts": "runder",
}
CHARTS = tuple(replace(c, about=ABOUT.get(c.key, "kanaler")) for c in CHARTS)

SECTIONS: tuple[s.Section, ...] = (
    s.Section(
        "kp-progress",
        "Udviklingen mod 80 %-målet",
        (("progress-all", "progress-opgave"),),
        ("opgave",),
        "Selvbetjeningsgrad (andel af ansøgninger og anmeldelser via digital selvbetjening) "
        "i hver runde med 95 %-interval; det stiplede grå er Hele landet, det røde målet.",
    ),
    s.Section(
        "kp-mix",
        "Kanalfordeling over tid",
        (("mix",),),
        ("opgave", "gruppe", "visning"),
        "Hver kanals andel af de indgående henvendelser for den valgte opgave og "
        "henvendelsestype, runde for runde.",
    ),
    s.Section(
        "kp-multiples",
        "Alle 35 opgaver: hvem halter?",
        (("multiples",),),
        ("runde",),
        "Selvbetjeningsgraden for hver opgave over runderne, sorteret efter afstanden til "
        "80 % i den valgte runde (længst fra målet først).",
    ),
    s.Section(
        "kp-patterns",
        "Henvendelsesmønster",
        (("ind", "ud"), ("types", "groups"), ("ud-info",)),
        ("runde", "visning"),
    ),
    s.Section(
        "kp-opgave-table", "Kanalfordeling pr. opgave", (("opgave-table",),), ("runde", "gruppe")
    ),
    s.Section(
        "kp-quality",
        "Straksafslutning og blanketter",
        (("straks-group", "blanket-total"), ("straks-opgave",), ("blanket-opgave",)),
        ("runde",),
    ),
    s.Section(
        "kp-cost",
        "Omkostninger",
        (("cost",), ("hvis",)),
        ("runde", "prices", "flyt", "hvis-opgave"),
    ),
    s.Section(
        "kp-enheder",
        "Enhedernes mønstre",
        (("enhed-counts",), ("enhed",), ("enhed-gruppe",), ("enhed-ud",)),
        ("runde", "gruppe", "visning"),
    ),
)
REPORT_STARTS = "kp-patterns"  # KL's report heading stands before this section


def file_name(view: V, key: str) -> str:
    """'0187-mix-F2012' (the download's name without its suffix)."""
    return f"{view.kode:04d}-{key}-{view.runde_kode}"
