"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from landkort import reference as ref
from landkort.views.map import MAP_MEASURES
from server.public import public_root

_OK_JSON = "Svar som JSON (ETag sat; If-None-Match giver 304)"


def _param(name: str, description: str, schema: dict, where: str = "query", required=False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema,
    }


RUNDE = _param(
    "runde",
    "Runden: E2011, F2012 … E2016, også 'Forår 2013' eller '2011' (= E2011).",
    {"type": "string", "examples": [r.kode for r in ref.RUNDER]},
)
MAAL = _param(
    "maal",
    "Målet, som på kortet. Standard: selvbetjening.",
    {"type": "string", "enum": list(MAP_MEASURES)},
)
OPGAVE = _param(
    "opgave", "En af de 35 opgaver: id (1–35) eller navn. Uden: alle 35.", {"type": "string"}
)
GRUPPE = _param(
    "gruppe",
    "Henvendelsestypegruppe, hvor målet tillader det.",
    {"type": "string", "enum": list(ref.GRUPPER)},
)
REGION = _param(
    "region",
    "Regionskode (1081–1085) eller navn; begrænser til regionens kommuner.",
    {"type": "string"},
)
KOMMUNE_PATH = _param(
    "kommune", "Kommunekode (0187 eller 187) eller navn.", {"type": "string"}, "path"
)


def _responses(schema_ref: str | None, content: str = "application/json") -> dict:
    schema = {"$ref": f"#/components/schemas/{schema_ref}"} if schema_ref else {}
    return {
        "200": {"description": _OK_JSON, "content": {content: {"schema": schema}}},
        "304": {"description": "Uændret siden den ETag, klienten sendte"},
        "400": {
            "description": "Ugyldig parameter (dansk fejlbesked)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fejl"}}},
        },
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
            "hele_landet": {"$ref": "#/components/schemas/Vaerdi"},
            "kommuner": _LIST,
        },
    },
    "Serie": {"type": "object", "properties": {"runder": _LIST}},
}


def openapi_document() -> dict:
    """The description, built from the same reference data the API answers from."""
    sel = [MAAL, OPGAVE, GRUPPE, REGION]
    csv = {"content": "text/csv"}
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
                "En kommunes mål over runderne", [KOMMUNE_PATH, MAAL, OPGAVE, GRUPPE], "Serie"
            ),
            "/hele-landet": _get(
                "Hele landet (eller regionen) pr. runde, eller for én runde", [RUNDE, *sel], "Serie"
            ),
            "/eksport": _get(
                "Hele databasen (eller en runde/kommune) i udvekslingsformatets lange form",
                [
                    _param("format", "csv eller xlsx", {"type": "string", "enum": ["csv", "xlsx"]}),
                    RUNDE,
                    _param("kommune", "Kommunekode eller navn", {"type": "string"}),
                ],
                None,
                **csv,
            ),
            "/openapi.json": _get("Denne beskrivelse", [], None),
        },
        "components": {"schemas": SCHEMAS},
    }
