"""'Om tallene' (/om): what every number on the dashboard means, in Danish.

Tables of rounds, opgaver and channels come from the reference data and the database,
never typed twice; each measure the map offers has its own section (``#maal-<key>``),
which the '?' beside a chart title can point to.
"""

from __future__ import annotations

from dash import dcc, html

from landkort import metrics
from landkort import reference as ref
from landkort.formatting import format_int, format_percent
from landkort.views.about import MIN_N, AboutView, Checked
from landkort.views.map import MAP_MEASURES
from layouts.components import bootstrap as bs
from layouts.registry import Page

BOUNDARIES_CREDIT = "Kommunegrænser: DAGI, Styrelsen for Dataforsyning og Infrastruktur"


def _names(items) -> str:
    names = list(items)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _types(groups: tuple[str, ...]) -> str:
    return _names(h.navn for h in ref.HENVENDELSESTYPER if h.gruppe in groups)


def _channels(retning: str, digital: bool | None = None) -> str:
    return _names(
        k.navn
        for k in ref.KANALER
        if k.retning == retning and (digital is None or k.digital == digital)
    )


def _groups(metric: str) -> str:
    return _names(ref.GRUPPER[g].lower() for g in metrics.MEASURES[metric].default_groups)


def measure_texts() -> dict[str, str]:
    """One definition per measure the map offers, built from the metric it rests on."""
    transaktioner = _types((ref.TRANSAKTIONER,))
    return {
        "selvbetjening": (
            "Andelen af de indgående transaktioner, der kom via selvbetjening. Tæller: "
            "indgående henvendelser af typerne " + transaktioner + " på kanalen "
            "Selvbetjening. Nævner: de samme typer på alle indgående kanaler. Det er "
            "målet fra Økonomiaftalen 2013: 80 % af ansøgninger og anmeldelser på "
            "opgaverne med obligatorisk selvbetjening skal komme digitalt."
        ),
        "maal": (
            "Selvbetjeningsgraden minus 80 %, i procentpoint: negativ er så langt under "
            "målet, positiv over. Samme tæller og nævner som selvbetjeningsgraden."
        ),
        "aendring": (
            "Selvbetjeningsgraden i runden minus selvbetjeningsgraden i den forrige runde, "
            "i procentpoint, for de kommuner der deltog i begge. Intervallet om ændringen "
            "er Newcombes 95 %-interval for forskellen mellem to andele."
        ),
        "hjemmeside": (
            "Andelen af de indgående henvendelser om "
            + _groups("hjemmeside_andel")
            + " ("
            + _types((ref.GENEREL_INFORMATION,))
            + "), som hjemmesiden besvarede: kanalen "
            "Hjemmeside tæller et besøg, der gav svaret. Nævner: de samme typer på alle "
            "indgående kanaler. Kan også vises for information om sag."
        ),
        "digital_ud": (
            "Andelen af kommunens udgående henvendelser (alle typer), der blev sendt "
            "digitalt: " + _channels(ref.UD, digital=True) + ". Nævner: al udgående "
            "kommunikation (" + _channels(ref.UD) + ")."
        ),
        "straks": (
            "Andelen af de indgående henvendelser, der blev afsluttet ved første kontakt "
            "(straksafsluttet ÷ antal), over " + _groups("straksafslutningsgrad") + ". "
            "Kun registreringer hvor straksafslutning er angivet, tæller med i nævneren."
        ),
        "blanket": (
            "Andelen af de indgående transaktioner, der kom med en blanket (papir, en "
            "vedhæftet PDF eller en selvbetjening hvis data ikke gik direkte ind i "
            "sagssystemet): med blanket ÷ antal. Kun registreringer hvor blanket er "
            "angivet, tæller med i nævneren."
        ),
    }


def _table(head: list[str], rows: list[list], caption: str) -> html.Div:
    return html.Div(
        bs.table(
            [
                html.Caption(caption),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows]),
            ],
            size="sm",
            striped=True,
            className="small mb-0",
        ),
        className="table-scroll mb-3",
    )


def _section(anchor: str, title: str, *children, level: int = 2) -> html.Section:
    heading = html.H2 if level == 2 else html.H3
    size = "h5 mt-4" if level == 2 else "h6 mt-3"
    return html.Section(
        [heading(title, className=size, id=anchor), *children],
        **{"aria-labelledby": anchor},
    )


def _rounds(view: AboutView) -> html.Section:
    rows = [[r.kode, r.navn, r.uger, format_int(r.deltagere)] for r in view.rounds]
    return _section(
        "runder",
        "Tælleugerne og runderne",
        html.P(
            "En tælleuge er tre uger i træk, forår og efterår, hvor kommunens medarbejdere "
            "registrerede hver henvendelse fra borgere og virksomheder: om hvilken opgave, "
            "af hvilken type og på hvilken kanal. De registrerede i registreringsværktøjet "
            "(TraceTool) i den enhed, der tog imod henvendelsen (borgerservice, jobcenter, "
            "byggesag …); tal for selvbetjening og Digital Post blev lagt ind samlet af "
            "kommunens tovholder eller centralt af KL."
        ),
        html.P(
            f"{format_int(view.counted_once)} kommuner har tal fra mindst én runde i "
            "databasen. Antallet af deltagere i hver runde står herunder."
        ),
        _table(["Runde", "Navn", "Uger", "Kommuner"], rows, "Runderne og deres deltagere"),
    )


def _opgaver() -> html.Section:
    rows = [
        [
            o.navn,
            f"Bølge {o.boelge}" if o.boelge else "–",
            o.obligatorisk_fra.strftime("%d.%m.%Y") if o.obligatorisk_fra else "–",
        ]
        for o in ref.OPGAVER
    ]
    return _section(
        "opgaver",
        "De 35 opgaver",
        html.P(
            "Alle KOMHEN-kommuner talte de samme 35 opgaver. Bølgen er den bølge af "
            "obligatorisk digital selvbetjening, opgaven kom med; kun de kendte er udfyldt."
        ),
        _table(["Opgave", "Bølge", "Obligatorisk fra"], rows, "De 35 opgaver"),
    )


def _types_and_channels() -> html.Section:
    types = [[h.navn, ref.GRUPPER[h.gruppe]] for h in ref.HENVENDELSESTYPER]
    channels = [
        [k.navn, k.kode, "indgående" if k.retning == ref.IND else "udgående",
         "ja" if k.digital else "nej"]
        for k in ref.KANALER
    ]  # fmt: skip
    return _section(
        "kanaler",
        "Henvendelsestyper og kanaler",
        _table(["Henvendelsestype", "Gruppe"], types, "De seks henvendelsestyper"),
        _table(["Kanal", "Kode", "Retning", "Digital"], channels, "Kanalerne"),
    )


def _measures() -> list[html.Section]:
    texts = measure_texts()
    return [
        _section(f"maal-{key}", spec.label, html.P(texts[key]), level=3)
        for key, spec in MAP_MEASURES.items()
    ]


def _costs() -> html.Section:
    return _section(
        "omkostninger",
        "Omkostninger og 'hvad hvis'",
        html.P(
            "Omkostningen er antal henvendelser × en pris pr. henvendelse for kanalen "
            "(variable omkostninger: arbejdstid med overhead). Kun to priser er "
            "offentliggjort, af KL og Devoteam i 2011: 19 kr. for en selvbetjening inklusive "
            "manuel sagsbehandling og 5 kr. for et besøg på hjemmesiden. De øvrige kanaler, "
            "ind- og udgående, skal kommunen selv prissætte; en kanal uden pris indgår ikke."
        ),
        html.P(
            "'Hvad hvis' flytter en valgt andel af de analoge indgående transaktioner "
            "(telefon, personlig henvendelse og papirpost) til selvbetjening for én opgave "
            "eller alle 35 og viser den nye selvbetjeningsgrad, afstanden til 80 % og "
            "ændringen i omkostning: for hver flyttet henvendelse selvbetjeningens pris "
            "minus den analoge kanals. Et år er tælleperioden ganget med 52 ÷ rundens "
            "antal tælleuger, som om ugerne var typiske for hele året."
        ),
    )


def _pooling(view: AboutView) -> html.Section:
    example = view.example
    worked = []
    if example:
        worked = [
            html.P(
                f"Et eksempel fra databasen: i {example.runde} kom {format_int(example.taeller)} "
                f"af {format_int(example.n)} indgående transaktioner i Hele landet via "
                f"selvbetjening, {format_percent(example.taeller / example.n)}. Det 95 "
                f"%-interval går fra {format_percent(example.lav)} til "
                f"{format_percent(example.hoej)}."
            )
        ]
    return _section(
        "hele-landet",
        "Hele landet, usikkerhed og kommuner uden tal",
        html.P(
            "Hele landet er alle deltagende kommuners registreringer lagt sammen: summen "
            "af tællerne divideret med summen af nævnerne, ikke et gennemsnit af "
            "kommunernes andele. En stor kommune vejer altså mere end en lille."
        ),
        html.P(
            "Ved hver andel står et 95 %-interval (Wilsons metode): det område, andelen "
            "med rimelighed kunne ligge i, hvis registreringerne var en tilfældig "
            "stikprøve af kommunens henvendelser. Jo færre registreringer, jo bredere "
            f"interval. Bygger en andel på færre end {MIN_N} registreringer, kaldes den "
            "usikker: den vises bleg og med ? på kortet og markeres i downloads."
        ),
        *worked,
        html.P(
            "En kommune, der ikke deltog i en runde, har ingen tal for runden: den er grå "
            "med × på kortet, ikke 0 %. Nul ville påstå, at ingen henvendelser kom digitalt."
        ),
        html.P(
            "KL's rapporter advarede om, at registreringspraksis varierede mellem enheder, "
            "og at tre uger ikke nødvendigvis er repræsentative for et helt år."
        ),
    )


def _checked_value(row: Checked) -> str:
    if row.value is None:
        return "ingen tal"
    if row.figure.measure is None:
        return format_int(row.value)
    return f"{format_percent(row.value)} (n = {format_int(row.n)})"


def _data(view: AboutView) -> html.Section:
    rows = [[c.figure.text, c.figure.published, _checked_value(c)] for c in view.checked]
    intro = (
        "Tallene i denne installation er simulerede demodata: de er ikke kommunernes "
        "rigtige registreringer, men er kalibreret, så de genskaber de tal, KL "
        "offentliggjorde. Tabellen sammenligner de offentliggjorte tal med databasens, "
        "beregnet nu."
        if view.demo
        else "Tabellen sammenligner de tal, KL offentliggjorde, med databasens, beregnet nu."
    )
    return _section(
        "data",
        "Data og kilder",
        html.P(intro),
        _table(
            ["Tal", "Offentliggjort", "I databasen"],
            rows,
            "Offentliggjorte tal mod databasen",
        ),
        html.P(
            "Rigtige tal indlæses i udvekslingsformatet (CSV eller XLSX) med "
            "'python -m landkort import FIL' eller på siden Data."
        ),
        html.P(
            "Kilder: KL's sider og rapporter om KOMHEN, kommunen.dk og KL's nyheder "
            f"2012–2015; prisundersøgelsen fra KL og Devoteam (2011). {BOUNDARIES_CREDIT}."
        ),
    )


def about_page(page: Page, view: AboutView, drawn: dict) -> list:
    return [
        html.H1("Om tallene", className="h3"),
        html.P(
            "Her står, hvad hvert tal på Digitalt Landkort betyder, hvor det kommer fra, "
            "og hvor sikkert det er."
        ),
        _rounds(view),
        _opgaver(),
        _types_and_channels(),
        html.H2("Målene", className="h5 mt-4"),
        *_measures(),
        _pooling(view),
        _costs(),
        _data(view),
        dcc.Link("Til kortet", href="/"),
    ]
