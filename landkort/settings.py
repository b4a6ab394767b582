"""Every setting of Digitalt Landkort: declared once here, read from the environment here only.

In the manner of Datasette's ``SETTINGS``: one tuple of :class:`Setting` (name, default,
Danish help), and one accessor, :func:`get`. No other module of the app reads the
environment, so this tuple is the whole list of what can be configured, and README's
'Configuration (environment)' table lists exactly these (``tests/test_settings.py``
holds the two together).

Values are read when asked for, not once at import: a lookup is a dict access, and a
variable changed in the environment (tests do it with ``monkeypatch.setenv``) applies to
the next call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its value when unset, and what it does.

    An empty value counts as unset, unless ``keep_empty``: then it is a value like any
    other (an empty ``LANDKORT_EMBED_ORIGINS`` means that no origin may frame a page).
    """

    name: str
    default: str | None
    help: str
    keep_empty: bool = False


SETTINGS = (
    Setting(
        "LANDKORT_DATABASE_URL",
        f"sqlite:///{PROJECT_ROOT / 'data' / 'landkort.db'}",
        "Databasen som SQLAlchemy-URL, fx postgresql+psycopg://bruger@vaert/landkort.",
    ),
    Setting(
        "LANDKORT_DEMO_SIZE",
        "small",
        "Demodata der indlæses, når appen starter på en tom database: small, medium eller large.",
        keep_empty=True,
    ),
    Setting(
        "LANDKORT_BOUNDARIES",
        None,
        "En fil med kommunegrænser til det geografiske kort; uden den bruges de medfølgende "
        "(DAGI, forenklet) eller dem, 'boundaries fetch/import' har gemt.",
    ),
    Setting(
        "LANDKORT_BOUNDARIES_URL",
        "https://api.dataforsyningen.dk/kommuner?format=geojson",
        "Hvorfra 'boundaries fetch' henter kommunegrænserne (som standard DAWA's kommuner).",
    ),
    Setting(
        "LANDKORT_CACHE_DIR",
        str(PROJECT_ROOT / "data" / "cache"),
        "Mappen hvor forenklede kommunegrænser og eksportfiler gemmes.",
    ),
    Setting(
        "LANDKORT_EMBED_ORIGINS",
        "*",
        "De origins der må vise /embed/-sider i en ramme, adskilt af mellemrum eller komma; "
        "* betyder alle.",
        keep_empty=True,
    ),
    Setting(
        "LANDKORT_URL_PREFIX",
        "/",
        "Stien som alle sider, filer, API og indlejringer ligger under, fx /landkort/ "
        "bag en reverse proxy.",
    ),
    Setting(
        "LANDKORT_PUBLIC_URL",
        None,
        "Adressen brugerne ser, fx https://intranet.kommune.dk/landkort; bruges i "
        "'Indlejr'-koden, 'Se hele visningen' og API-beskrivelsen.",
    ),
    Setting(
        "LANDKORT_TRUSTED_PROXIES",
        None,
        "IP-adresser eller net (fx 127.0.0.1 10.0.0.0/8) hvis X-Forwarded-Proto/Host/Prefix "
        "appen tror på; uden den tror den på ingen.",
    ),
    Setting(
        "LANDKORT_WORKERS",
        "4",
        "Antal serverprocesser (gunicorn-workers) i 'serve'.",
    ),
    Setting(
        "LANDKORT_THREADS",
        "2",
        "Antal tråde i hver serverproces.",
    ),
    Setting(
        "LANDKORT_CALLBACK_CACHE_MB",
        "64",
        "Megabyte hver serverproces bruger på at huske svar til kort, sammenligning og "
        "kommunesider (pr. dataversion); 0 slår det fra.",
    ),
    Setting(
        "LANDKORT_LOGIN_REQUIRED",
        "0",
        "Med 1 kræver hver side, indlejring og API-kald login (intranet); med 0 kan alle læse.",
    ),
    Setting(
        "LANDKORT_ROBOTS",
        "sider",
        "Hvad robots.txt tillader: 'sider' lader søgemaskiner læse siderne (aldrig API, "
        "indlejringer og data); 'intet' forbyder alt (også når login kræves).",
    ),
    Setting(
        "LANDKORT_AUTH_HEADER",
        None,
        "Header med brugernavnet fra en reverse proxy med single sign-on, fx X-Remote-User; "
        "troes kun fra LANDKORT_TRUSTED_PROXIES.",
    ),
    Setting(
        "LANDKORT_SESSION_HOURS",
        "8",
        "Timer et login varer, før brugeren skal logge ind igen.",
    ),
    Setting(
        "LANDKORT_UPLOAD_MAX_MB",
        "50",
        "Den største fil (i MB) der kan uploades på siden Data.",
    ),
    Setting(
        "LANDKORT_SQLITE_TIMEOUT",
        "30",
        "Sekunder en skrivning i SQLite venter, når en anden skrivning har låst databasen.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The declaration of ``name``; a ``KeyError`` for a name not in :data:`SETTINGS`."""
    return _BY_NAME[name]


def get(name: str) -> str | None:
    """The value of setting ``name``: from the environment, else its default.

    Asking for a name that is not declared raises ``KeyError``, so a misspelt name fails
    at once instead of quietly giving ``None``.
    """
    declared = setting(name)
    value = os.environ.get(name)
    if value is None or (value == "" and not declared.keep_empty):
        return declared.default
    return value
