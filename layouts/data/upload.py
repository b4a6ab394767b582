"""The Data page's upload: pick or drop a file, its preview (problems or changes), the
confirmation, and the import history with undo. Ids that start ``data-write-`` belong to
callbacks that write or need a writing account (``server.auth`` guards them)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort import reference as ref
from landkort.formatting import format_int, format_percent
from landkort.history import Entry
from landkort.importer.preview import SliceChange
from layouts.components import bootstrap as bs

PROBLEM_COLUMNS = (
    ("file", "Fil"),
    ("row", "Række"),
    ("column", "Kolonne"),
    ("value", "Værdi"),
    ("explanation", "Forklaring"),
    ("suggestion", "Forslag"),
)
SORTS = (
    ("row", "Række"),
    ("column", "Kolonne"),
    ("explanation", "Forklaring"),
    ("value", "Værdi"),
)
MAX_PROBLEMS_SHOWN = 500


def _alert(children, color: str, id: str | None = None) -> html.Div:
    """Bootstrap's alert as a plain element (no fade, no close button: it stays until
    the next preview replaces it)."""
    extra = {"id": id} if id else {}
    return html.Div(children, className=f"alert alert-{color}", **extra)


def account_area() -> html.Div:
    """Filled for the visitor: the upload for a writing account, else how to get one."""
    return html.Div(id="data-account-area", className="mt-5")


def login_prompt(login_href: str) -> list:
    return [
        html.H2("Indlæs data", className="h5"),
        html.P(
            [
                "Kommunernes tovholdere og KL indlæser tælleugeresultater her. ",
                html.A("Log ind", href=login_href),
                " for at indlæse.",
            ]
        ),
    ]


def read_only(description: str) -> list:
    return [
        html.H2("Indlæs data", className="h5"),
        html.P(f"Du er logget ind som {description}: din konto kan ikke indlæse data."),
    ]


def upload_section(description: str, limit_mb: float, history: list) -> list:
    """The upload, its (empty) preview and the history."""
    return [
        html.H2("Indlæs data", className="h5"),
        html.P(
            f"Du er logget ind med rollen {description}. Vælg en CSV- eller XLSX-fil i "
            "udvekslingsformatet. Først vises en prøvekørsel: intet skrives, før du "
            "bekræfter."
        ),
        dcc.Upload(
            html.Div(
                [
                    html.Span("Træk en fil hertil, eller "),
                    html.Span("vælg en fil", className="text-decoration-underline"),
                    html.Span(f" (CSV eller XLSX, højst {format_int(limit_mb)} MB)"),
                ]
            ),
            id="data-write-upload",
            accept=".csv,.txt,.xlsx,.xlsm,text/csv",
            className="upload-drop p-4 mb-3 border border-2 rounded text-center",
            className_active="upload-drop p-4 mb-3 border border-2 border-primary rounded "
            "text-center bg-light",
        ),
        html.Div(id="data-upload-size", role="alert", className="alert alert-danger"),
        dcc.Store(id="data-upload-limit", data=int(limit_mb * 1_000_000)),
        dcc.Store(id="data-write-file"),
        dbc.Checkbox(
            id="data-write-replace",
            label="Erstat hele runden: fjern først alle celler for hver kommune og runde, "
            "som filen rører",
            value=False,
            className="mb-3",
        ),
        dcc.Store(id="data-write-token"),
        dcc.Store(id="data-problems"),
        dcc.Download(id="data-problems-download"),
        html.Div(
            [
                html.Span(
                    className="spinner-border spinner-border-sm me-2", **{"aria-hidden": "true"}
                ),
                "Læser og kontrollerer filen …",
            ],
            className="upload-progress mb-2",
            role="status",
        ),
        html.Div(id="data-write-preview", className="mb-3"),
        bs.button(
            "Bekræft og indlæs", id="data-write-confirm", color="primary", n_clicks=0, disabled=True
        ),
        html.Div(id="data-write-result", role="status", className="mt-3"),
        html.H2("Indlæsninger", className="h5 mt-4"),
        html.Div(history, id="data-write-history"),
    ]


def size_refusal(name: str, limit_mb: float) -> html.Div:
    return _alert(
        f"{name} er for stor: højst {format_int(limit_mb)} MB kan uploades. "
        "Del filen i flere, eller bed driften indlæse den med 'python -m landkort import'.",
        color="danger",
    )


def sorted_problems(problems: list[dict], sort: str) -> list[dict]:
    """The problems ordered by a column of :data:`SORTS`, then by row."""
    key = sort if sort in dict(SORTS) else "row"

    def order(p: dict) -> tuple:
        value = p.get(key)
        return (value is None, value if key == "row" else str(value or "").lower(), p["row"] or 0)

    return sorted(problems, key=order)


def problems_table(problems: list[dict]) -> list:
    """Caption, head and body of the problems table (at most MAX_PROBLEMS_SHOWN rows)."""
    head = html.Thead(html.Tr([html.Th(label, scope="col") for _, label in PROBLEM_COLUMNS]))
    body = html.Tbody(
        [
            html.Tr(
                [html.Td("" if p.get(key) is None else str(p[key])) for key, _ in PROBLEM_COLUMNS]
            )
            for p in problems[:MAX_PROBLEMS_SHOWN]
        ]
    )
    return [html.Caption("Problemer i filen"), head, body]


def problems_view(file_name: str, problems: list[dict], sort: str) -> list:
    """The problems, sortable and downloadable; nothing is written."""
    count = len(problems)
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = (
        [html.P(f"Viser de første {format_int(len(shown))}; hent alle som CSV.")]
        if count > len(shown)
        else []
    )
    return [
        _alert(
            f"{file_name}: {format_int(count)} "
            f"{'problem' if count == 1 else 'problemer'}. Intet er indlæst. "
            "Ret filen og upload den igen.",
            color="danger",
            id="data-problems-summary",
        ),
        bs.row(
            [
                bs.col(
                    [
                        html.Label(
                            "Sortér efter", htmlFor="data-problems-sort", className="form-label"
                        ),
                        dbc.Select(
                            id="data-problems-sort",
                            options=[{"label": label, "value": key} for key, label in SORTS],
                            value=sort,
                        ),
                    ],
                    xs=12,
                    sm="auto",
                ),
                bs.col(
                    bs.button(
                        "Hent problemerne som CSV",
                        id="data-problems-csv",
                        color="secondary",
                        outline=True,
                        n_clicks=0,
                    ),
                    xs=12,
                    sm="auto",
                    className="align-self-end",
                ),
            ],
            className="g-2 mb-2",
        ),
        html.Div(
            bs.table(
                problems_table(shown),
                size="sm",
                striped=True,
                id="data-problems-table",
            ),
            className="table-responsive",
            tabIndex="0",
            role="region",
            **{"aria-label": "Problemer i filen"},
        ),
        *more,
    ]


def _kommune(kode: int) -> str:
    found = ref.kommune_by_kode().get(kode)
    return found.navn if found else str(kode)


def _runde(runde_id: int) -> str:
    return next((r.kode for r in ref.RUNDER if r.id == runde_id), str(runde_id))


def changes_view(file_name: str, changes: list[SliceChange], replace: bool, notes: str) -> list:
    """What confirming would change, per kommune and runde, and the confirm button."""
    head = html.Thead(
        html.Tr(
            [
                html.Th(t, scope="col")
                for t in ("Kommune", "Runde", "Nye", "Ændrede", "Fjernede", "Uændrede",
                          "Selvbetjeningsgrad før → efter")
            ]
        )
    )  # fmt: skip
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(_kommune(c.kommune)),
                    html.Td(_runde(c.runde)),
                    html.Td(format_int(c.added)),
                    html.Td(format_int(c.changed)),
                    html.Td(format_int(c.removed)),
                    html.Td(format_int(c.unchanged)),
                    html.Td(f"{format_percent(c.before)} → {format_percent(c.after)}"),
                ]
            )
            for c in changes
        ]
    )
    totals = [sum(getattr(c, k) for c in changes) for k in ("added", "changed", "removed")]
    mode = "erstatter hele runden" if replace else "opdaterer cellerne"
    return [
        _alert(
            [
                html.Strong(f"{file_name}: ingen fejl. "),
                f"Prøvekørsel ({mode}): {format_int(totals[0])} nye, "
                f"{format_int(totals[1])} ændrede og {format_int(totals[2])} fjernede celler. "
                "Intet er skrevet endnu.",
                html.Span(f" ({notes})" if notes else ""),
            ],
            color="info",
            id="data-changes-summary",
        ),
        html.Div(
            bs.table(
                [html.Caption("Ændringer per kommune og runde"), head, body],
                size="sm",
                striped=True,
                id="data-changes-table",
            ),
            className="table-responsive",
            tabIndex="0",
            role="region",
            **{"aria-label": "Ændringer per kommune og runde"},
        ),
    ]


KIND = {"import": "kommandolinje", "upload": "upload", "undo": "fortrudt", "demo": "demodata"}


def _slices_text(entry: Entry) -> str:
    return ", ".join(f"{_kommune(k)} {_runde(r)}" for k, r in entry.slices[:6]) + (
        " …" if len(entry.slices) > 6 else ""
    )


def _undo_buttons(entry: Entry) -> list:
    return [
        bs.button(
            f"Fortryd {_kommune(k)} {_runde(r)}",
            id={"type": "data-write-undo", "kommune": k, "runde": r},
            color="warning",
            size="sm",
            className="me-1 mb-1",
            n_clicks=0,
        )
        for k, r in entry.undoable
    ]


def history_view(entries: list[Entry]) -> list:
    """The import history the account may see, newest first, with undo where allowed."""
    if not entries:
        return [html.P("Ingen indlæsninger endnu.")]
    head = html.Thead(
        html.Tr(
            [
                html.Th(t, scope="col")
                for t in ("Tidspunkt (UTC)", "Hvem", "Hvad", "Fil", "SHA-256", "Nye",
                          "Ændrede", "Fjernede", "Erstat", "Kommune og runde", "Fortryd")
            ]
        )
    )  # fmt: skip
    rows = [
        html.Tr(
            [
                html.Td(e.at.strftime("%d.%m.%Y %H:%M:%S")),
                html.Td(e.who),
                html.Td(KIND.get(e.kind, e.kind)),
                html.Td(e.file_name, className="text-break"),
                html.Td(html.Code(e.sha256, className="small text-break")),
                html.Td(format_int(e.added)),
                html.Td(format_int(e.changed)),
                html.Td(format_int(e.removed)),
                html.Td("ja" if e.replace else "nej"),
                html.Td(_slices_text(e)),
                html.Td(_undo_buttons(e)),
            ]
        )
        for e in entries
    ]
    return [
        html.Div(
            bs.table(
                [html.Caption("Indlæsninger, nyeste først"), head, html.Tbody(rows)],
                size="sm",
                striped=True,
                id="data-history-table",
            ),
            className="table-responsive",
            tabIndex="0",
            role="region",
            **{"aria-label": "Indlæsninger"},
        )
    ]


def written(text: str, color: str = "success") -> html.Div:
    return _alert(text, color=color)
