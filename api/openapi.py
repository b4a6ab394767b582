"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from landkort import reference as ref
from landkort.views.map import MAP_MEASURES
from server.public import public_root

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_OK_JSON = "Svar som JSON (ETag sat; If-None-Match giver 304)"


def _param(name: str, description: str, schema: dict, where: str = "query", required=False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema,
    }


# Each value parameter lists its canonical values as an enum, so the description says
# exactly what is answered (an empty value, or an unknown one, is a 400). Other spellings
# the API also reads ('Forår 2013', 'aarhus', '187') are named in the descriptions.
RUNDE_KODER = [r.kode for r in ref.RUNDER]
OPGAVE_VALUES = [str(o.id) for o in ref.OPGAVER] + [o.navn for o in ref.OPGAVER]
REGION_VALUES = [str(r.kode) for r in ref.REGIONER] + [r.navn for r in ref.REGIONER]
KOMMUNE_VALUES = [ref.format_kommunekode(k.kode) for k in ref.KOMMUNER] + [
    k.navn for k in ref.KOMMUNER
]

RUNDE = _param(
    "runde",
    "Runden: E2011, F2012 … E2016; også 'Forår 2013' eller '2011' (= E2011).",
    {"type": "string", "enum": RUNDE_KODER},
)
MAAL = _param(
    "maal",
    "Målet, som på kortet. Standard: selvbetjening.",
    {"type": "string", "enum": list(MAP_MEASURES)},
)
OPGAVE = _param(
    "opgave",
    "En af de 35 opgaver: id (1–35) eller navn. Uden: alle 35.",
    {"type": "string", "enum": OPGAVE_VALUES},
)
GRUPPE = _param(
    "gruppe",
    "Henvendelsestypegruppe, hvor målet tillader det (se /maal); ellers 400.",
    {"type": "string", "enum": list(ref.GRUPPER)},
)
REGION = _param(
    "region",
    "Regionskode (1081–1085) eller navn (også 'Region Hovedstaden'); begrænser til "
    "regionens kommuner.",
    {"type": "string", "enum": REGION_VALUES},
)
KOMMUNE_PATH = _param(
    "kommune",
    "Kommunekode (0187, også 187) eller navn; en ukendt kommune giver 404.",
    {"type": "string"},
    "path",
)
_FEJL = {"application/json": {"schema": {"$ref": "#/components/schemas/Fejl"}}}


def _responses(
    schema_ref: str | None,
    content: tuple[str, ...] = ("application/json",),
    extra: tuple[str, ...] = (),
) -> dict:
    schema = {"$ref": f"#/components/schemas/{schema_ref}"} if schema_ref else {}
    responses = {
        "200": {"description": _OK_JSON, "content": {c: {"schema": schema} for c in content}},
        "304": {"description": "Uændret siden den ETag, klienten sendte"},
        "400": {"description": "Ugyldig parameter (dansk fejlbesked)", "content": _FEJL},
    }
    for status in extra:
        responses[status] = {"description": _EXTRA[status], "content": _FEJL}
    return responses


_EXTRA = {
    "404": "Kommunen findes ikke (dansk fejlbesked)",
    "503": "Der bygges for mange eksporter lige nu; prøv igen efter Retry-After sekunder",
}


def _get(summary: str, parameters: list[dict], schema_ref: str | None, **kw) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": _responses(schema_ref, **kw),
        }
    }


_LIST = {"type": "array", "items": {"type": "object"}}
_NUM = {"type": ["number", "null"]}
VAERDI = {
    "type": "object",
    "properties": {
        "vaerdi": _NUM,
        "lav": _NUM,
        "hoej": _NUM,
        "andel": _NUM,
        "n": {"type": "integer"},
        "usikker": {"type": "boolean", "description": "n under grænsen for sikre tal"},
    },
}
SCHEMAS = {
    "Fejl": {
        "type": "object",
        "required": ["fejl", "status"],
        "properties": {
            "fejl": {"type": "string"},
            "status": {"type": "integer"},
            "parameter": {"type": "string"},
        },
    },
    "Liste": _LIST,
    "Vaerdi": VAERDI,
    "KommuneTal": {
        "type": "object",
        "properties": {
            "runde": {"type": "string"},
            "maal": {"type": "string"},
            "min_n": {"type": "integer"},
            "hele_landet": {
                "description": "null for en runde uden data",
                "anyOf": [{"$ref": "#/components/schemas/Vaerdi"}, {"type": "null"}],
            },
            "kommuner": _LIST,
        },
    },
    "Serie": {"type": "object", "properties": {"runder": _LIST}},
}


def openapi_document() -> dict:
    """The description, built from the same reference data the API answers from."""
    sel = [MAAL, OPGAVE, GRUPPE, REGION]
    files = {"content": ("text/csv", XLSX_MIMETYPE)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Digitalt Landkort API",
            "version": "1.0.0",
            "description": (
                "Læseadgang til KOMHEN-tælleugernes resultater: referencedata, mål pr. "
                "kommune og runde, en kommunes udvikling og Hele landet. Andele er brøker "
                "(0–1) med 95 %-interval og n. Kommuner, der ikke deltog, har ingen værdi."
            ),
        },
        "servers": [{"url": f"{public_root()}/api/v1"}],
        "paths": {
            "/": _get("Indgangen: beskrivelsen og adresserne", [], None),
            "/kommuner": _get("De 98 kommuner", [REGION], "Liste"),
            "/regioner": _get("De 5 regioner", [], "Liste"),
            "/opgaver": _get("De 35 opgaver", [], "Liste"),
            "/kanaler": _get(
                "Kanalerne",
                [_param("retning", "ind eller ud", {"type": "string", "enum": ["ind", "ud"]})],
                "Liste",
            ),
            "/runder": _get("Runderne, med antal deltagende kommuner", [], "Liste"),
            "/maal": _get("Målene, som kortet og sammenligningen tilbyder", [], "Liste"),
            "/tal": _get(
                "Målet for alle kommuner i en runde (rangeret) og Hele landet",
                [RUNDE, *sel],
                "KommuneTal",
            ),
            "/kommuner/{kommune}/serie": _get(
                "En kommunes mål over runderne",
                [KOMMUNE_PATH, MAAL, OPGAVE, GRUPPE],
                "Serie",
                extra=("404",),
            ),
            "/hele-landet": _get(
                "Hele landet (eller regionen) pr. runde, eller for én runde", [RUNDE, *sel], "Serie"
            ),
            "/eksport": _get(
                "Hele databasen (eller en runde/kommune) i udvekslingsformatets lange form",
                [
                    _param("format", "csv eller xlsx", {"type": "string", "enum": ["csv", "xlsx"]}),
                    RUNDE,
                    _param(
                        "kommune",
                        "Kommunekode (0187, også 187) eller navn",
                        {"type": "string", "enum": KOMMUNE_VALUES},
                    ),
                ],
                None,
                extra=("503",),
                **files,
            ),
            "/openapi.json": _get("Denne beskrivelse", [], None),
        },
        "components": {"schemas": SCHEMAS},
    }
