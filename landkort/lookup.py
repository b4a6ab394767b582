"""Resolve what users write (names, codes, Danish spellings) to reference ids.

Files are typed by hand in Excel, so matching ignores case, surrounding and repeated
spaces, and accepts ``ae/oe/aa`` for ``æ/ø/å``. Every resolver returns ``None`` for
no match; :func:`suggest` offers the nearest known name for an error message.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from landkort import reference as ref

_SPACES = re.compile(r"\s+")
_ASCII_INT = re.compile(r"[0-9]{1,18}")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def normalize(text: object) -> str:
    """Return a comparison key: lower case, single spaces, æøå spelled out."""
    s = _SPACES.sub(" ", str(text).strip().lower())
    return s.translate(_TRANSLIT)


def _key_kommune(text: str) -> str:
    s = normalize(text).replace("-", " ")
    return s.removesuffix(" kommune").strip()


@cache
def _kommune_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for k in ref.KOMMUNER:
        index[_key_kommune(k.navn)] = k.kode
    return index


@cache
def _kommune_koder() -> frozenset[int]:
    return frozenset(k.kode for k in ref.KOMMUNER)


def ascii_int(text: str) -> int | None:
    """``text`` as a whole number if it is 1-18 of the digits 0-9 and nothing else.

    ``str.isdigit()`` is not enough: '²' and '①' pass it and then fail ``int()``;
    '١٨٧' (Arabic-Indic) or '１８７' (full width) would quietly become 187; and ``int()``
    refuses more than 4,300 digits with an exception. Anything else gives None.
    """
    return int(text) if _ASCII_INT.fullmatch(text) else None


def is_whole(value: object) -> bool:
    """Whether a control's value (from JSON) is a whole number, not a bool or text."""
    return isinstance(value, int) and not isinstance(value, bool)


def resolve_kommune(text: object) -> int | None:
    """'187', '0187', 'Vallensbæk', 'vallensbaek kommune' -> 187."""
    s = str(text).strip()
    kode = ascii_int(s)
    if kode is not None:
        return kode if kode in _kommune_koder() else None
    return _kommune_index().get(_key_kommune(s))


_RUNDE = re.compile(r"(f|e|foraar|efteraar)\s*-?\s*([0-9]{4})")


@cache
def _runde_ids() -> dict[str, int]:
    return {r.kode: r.id for r in ref.RUNDER}


def resolve_runde(text: object) -> int | None:
    """'E2011', 'f2013', 'Forår 2013', 'Efterår 2013', '2011' (= E2011) -> runde id."""
    s = normalize(text)
    if s == "2011":
        s = "e2011"
    m = _RUNDE.fullmatch(s)
    if not m:
        return None
    saeson = "F" if m.group(1).startswith("f") else "E"
    return _runde_ids().get(f"{saeson}{m.group(2)}")


@cache
def _name_index(kind: str) -> dict[str, int]:
    items = {"opgave": ref.OPGAVER, "henvendelsestype": ref.HENVENDELSESTYPER}[kind]
    return {normalize(x.navn): x.id for x in items}


def resolve_opgave(text: object) -> int | None:
    s = str(text).strip()
    i = ascii_int(s)
    if i is not None:
        return i if 1 <= i <= len(ref.OPGAVER) else None
    return _name_index("opgave").get(normalize(s))


def resolve_henvendelsestype(text: object) -> int | None:
    return _name_index("henvendelsestype").get(normalize(text))


_RETNING = {"ind": ref.IND, "indgaaende": ref.IND, "ud": ref.UD, "udgaaende": ref.UD}


def resolve_retning(text: object) -> str | None:
    return _RETNING.get(normalize(text))


@cache
def _kanal_index() -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for k in ref.KANALER:
        index.setdefault(normalize(k.kode), []).append(k.id)
        index.setdefault(normalize(k.navn), []).append(k.id)
    return {key: tuple(ids) for key, ids in index.items()}


def resolve_kanal(text: object, retning: str | None = None) -> int | None:
    """A channel by code or name; a name like 'Telefon' needs the direction.

    With a direction, a channel that exists only in the other direction still
    resolves, so the caller can report 'wrong direction' rather than 'unknown'.
    """
    ids = _kanal_index().get(normalize(text), ())
    if not ids:
        return None
    if len(ids) == 1:
        return ids[0]
    by_id = {k.id: k for k in ref.KANALER}
    fitting = [i for i in ids if by_id[i].retning == retning]
    return fitting[0] if fitting else ids[0]


def known_names(kind: str) -> list[str]:
    """The names a user may write for a dimension, for suggestions and help."""
    if kind == "kommune":
        return [k.navn for k in ref.KOMMUNER]
    if kind == "runde":
        return [r.kode for r in ref.RUNDER]
    if kind == "opgave":
        return [o.navn for o in ref.OPGAVER]
    if kind == "henvendelsestype":
        return [h.navn for h in ref.HENVENDELSESTYPER]
    if kind == "kanal":
        return sorted({k.navn for k in ref.KANALER} | {k.kode for k in ref.KANALER})
    if kind == "retning":
        return ["ind", "ud", "indgående", "udgående"]
    raise ValueError(kind)


def suggest(text: object, kind: str) -> str | None:
    """The known name nearest to ``text``, or None when nothing is close."""
    names = known_names(kind)
    keys = {normalize(n): n for n in names}
    hit = difflib.get_close_matches(normalize(text), list(keys), n=1, cutoff=0.6)
    return keys[hit[0]] if hit else None
