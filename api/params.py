"""Query parameters of the API, checked with plain Danish messages.

Each ``read_*`` returns a resolved value or raises :class:`BadRequest`, which the
blueprint turns into a 400 answer ``{"fejl": …, "parameter": …}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from landkort import lookup
from landkort import reference as ref
from landkort.views.map import DEFAULT_MEASURE, MAP_MEASURES, Selection


class BadRequest(Exception):
    """A parameter the API cannot use; the message is Danish and names the value."""

    def __init__(self, message: str, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


def check_known(args: Mapping[str, str], allowed: Iterable[str]) -> None:
    """Refuse parameters the endpoint does not know (a typo must not pass silently)."""
    allowed = tuple(allowed)
    for name in args:
        if name not in allowed:
            known = ", ".join(allowed) if allowed else "ingen"
            raise BadRequest(f'Ukendt parameter "{name}". Tilladte parametre: {known}.', name)


def _unknown(kind: str, text: str, parameter: str) -> BadRequest:
    hint = lookup.suggest(text, kind)
    tail = f' Mente du "{hint}"?' if hint else ""
    return BadRequest(f'Ukendt {kind}: "{text}".{tail}', parameter)


def _text(args: Mapping[str, str], name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if not value.strip():
        raise BadRequest(f'Parameteren "{name}" er tom.', name)
    return value.strip()


def read_runde(args: Mapping[str, str], name: str = "runde") -> int | None:
    text = _text(args, name)
    if text is None:
        return None
    runde = lookup.resolve_runde(text)
    if runde is None:
        raise _unknown("runde", text, name)
    return runde


def read_kommune(text: str, name: str = "kommune") -> int:
    kode = lookup.resolve_kommune(text)
    if kode is None:
        raise _unknown("kommune", text, name)
    return kode


def read_opgave(args: Mapping[str, str]) -> int | None:
    text = _text(args, "opgave")
    if text is None:
        return None
    opgave = lookup.resolve_opgave(text)
    if opgave is None:
        raise _unknown("opgave", text, "opgave")
    return opgave


def read_region(args: Mapping[str, str]) -> int | None:
    text = _text(args, "region")
    if text is None:
        return None
    for r in ref.REGIONER:
        if text == str(r.kode) or lookup.normalize(text) in (
            lookup.normalize(r.navn),
            lookup.normalize(f"Region {r.navn}"),
        ):
            return r.kode
    known = ", ".join(f"{r.kode} ({r.navn})" for r in ref.REGIONER)
    raise BadRequest(f'Ukendt region: "{text}". Kendte regioner: {known}.', "region")


def read_measure(args: Mapping[str, str]) -> str:
    text = _text(args, "maal")
    if text is None:
        return DEFAULT_MEASURE
    if text not in MAP_MEASURES:
        raise BadRequest(f'Ukendt mål: "{text}". Kendte mål: {", ".join(MAP_MEASURES)}.', "maal")
    return text


def read_gruppe(args: Mapping[str, str], measure: str) -> str | None:
    text = _text(args, "gruppe")
    if text is None:
        return None
    allowed = MAP_MEASURES[measure].groups
    if text not in allowed:
        raise BadRequest(
            f'Målet "{measure}" kan ikke opdeles på gruppen "{text}". '
            f"Tilladte grupper: {', '.join(allowed)}.",
            "gruppe",
        )
    return text


def read_selection(args: Mapping[str, str], runde: int, *, region: bool = True) -> Selection:
    """maal, opgave, gruppe (and region) as a mapview Selection for the round."""
    measure = read_measure(args)
    return Selection(
        measure=measure,
        runde=runde,
        opgave=read_opgave(args),
        gruppe=read_gruppe(args, measure),
        region=read_region(args) if region else None,
    )


def read_choice(args: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    text = _text(args, name)
    if text is None:
        return choices[0]
    if text not in choices:
        raise BadRequest(
            f'Ugyldig værdi for "{name}": "{text}". Vælg en af: {", ".join(choices)}.', name
        )
    return text
