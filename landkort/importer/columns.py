"""The file's header: which column is which, and whether the file is long or wide.

Column names are matched case-insensitively, with surrounding spaces ignored and
``æøå`` or ``ae/oe/aa`` accepted (``Kommunekode``, ``med blanket``, ``Retning ``).
A file with ``kanal`` and ``antal`` columns is long (one row per cell); a file with
one column per channel, headed by the channel's code or name, is wide.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from landkort import lookup
from landkort import reference as ref
from landkort.importer.problems import Problem

LONG, WIDE = "long", "wide"

KEY_COLUMNS = ("kommunekode", "runde", "enhed", "opgave", "henvendelsestype", "retning")
REQUIRED_KEYS = ("kommunekode", "runde", "opgave", "henvendelsestype", "retning")
LONG_COLUMNS = ("kanal", "antal", "straksafsluttet", "med_blanket")
LONG_REQUIRED = ("kanal", "antal")
TOTAL = "total"

_ALIASES: dict[str, str] = {
    "kommunekode": "kommunekode",
    "kommune_kode": "kommunekode",
    "kommune": "kommunekode",
    "runde": "runde",
    "enhed": "enhed",
    "opgave": "opgave",
    "henvendelsestype": "henvendelsestype",
    "retning": "retning",
    "kanal": "kanal",
    "antal": "antal",
    "straksafsluttet": "straksafsluttet",
    "med_blanket": "med_blanket",
    "total": TOTAL,
    "i_alt": TOTAL,
    "ialt": TOTAL,
}

_SEPARATORS = re.compile(r"[\s_\-]+")


def column_key(header: str) -> str:
    """'Med blanket ' -> 'med_blanket'; 'Kommune-kode' -> 'kommune_kode'."""
    return _SEPARATORS.sub("_", lookup.normalize(header)).strip("_")


def canonical_column(header: str) -> str | None:
    """The contract's name for a header, or None if it is not one of the named columns."""
    return _ALIASES.get(column_key(header))


def known_columns(header: list[str]) -> int:
    """How many of a header row's cells name a column of the format."""
    return sum(canonical_column(h) is not None for h in header)


def has_key_columns(header: list[str]) -> bool:
    """Whether a header row names every required key column (used to pick an XLSX sheet)."""
    found = {canonical_column(h) for h in header}
    return all(name in found for name in REQUIRED_KEYS)


@dataclass(frozen=True)
class ChannelColumn:
    """A wide file's column for one channel; a name like 'Telefon' serves both directions."""

    position: int
    header: str
    kanal_ind: int | None
    kanal_ud: int | None


@dataclass(frozen=True)
class Layout:
    shape: str
    header: tuple[str, ...]
    positions: dict[str, int]  # contract column name -> position in the file
    channels: tuple[ChannelColumn, ...] = ()
    total: int | None = None

    def header_of(self, name: str) -> str:
        return self.header[self.positions[name]]


def channel_column(position: int, header: str) -> ChannelColumn | None:
    """The channel(s) a wide column header names, or None if it names none."""
    ids = {lookup.resolve_kanal(header, ref.IND), lookup.resolve_kanal(header, ref.UD)}
    ids.discard(None)
    if not ids:
        return None
    by_id = {k.id: k for k in ref.KANALER}
    ind = [i for i in ids if by_id[i].retning == ref.IND]
    ud = [i for i in ids if by_id[i].retning == ref.UD]
    return ChannelColumn(position, header, ind[0] if ind else None, ud[0] if ud else None)


def detect_layout(
    file: str, header: list[str], used: list[bool]
) -> tuple[Layout | None, list[Problem]]:
    """Read the header row; ``used[i]`` says whether column i holds any data.

    Returns the layout, or None with the problems that make the file unreadable.
    """
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    channels: list[ChannelColumn] = []
    unknown: list[int] = []
    for i, text in enumerate(header):
        name = canonical_column(text)
        if not text.strip():
            if used[i]:
                problems.append(_at(file, i, "", "kolonnen har data, men ingen overskrift"))
            continue
        if name is not None:
            if name in positions:
                problems.append(_at(file, i, text, _twice(header[positions[name]])))
            else:
                positions[name] = i
            continue
        channel = channel_column(i, text)
        if channel is not None:
            channels.append(channel)
        else:
            unknown.append(i)

    long = "kanal" in positions or "antal" in positions
    shape = LONG if long or not channels else WIDE
    problems += _unknown_columns(file, header, unknown, shape)
    problems += _misplaced_columns(file, header, positions, channels, shape)
    problems += _missing_columns(file, header, positions, shape)
    if shape == WIDE:
        problems += _clashing_channels(file, channels)
    if problems:
        return None, problems
    total = positions.pop(TOTAL, None)
    return Layout(shape, tuple(header), positions, tuple(channels), total), []


def _at(file: str, position: int, text: str, explanation: str, suggestion=None) -> Problem:
    return Problem(file, 1, text or f"nr. {position + 1}", text, explanation, suggestion)


def _twice(first: str) -> str:
    return f'kolonnen findes to gange (også som "{first}")'


def _unknown_columns(file: str, header: list[str], unknown: list[int], shape: str) -> list[Problem]:
    known = list(KEY_COLUMNS) + (list(LONG_COLUMNS) if shape == LONG else ["Total", "I alt"])
    if shape == WIDE:
        known += lookup.known_names("kanal")
    keys = {column_key(k): k for k in known}
    problems = []
    for i in unknown:
        hit = difflib.get_close_matches(column_key(header[i]), list(keys), n=1, cutoff=0.6)
        explanation = "ukendt kolonne"
        if shape == WIDE:
            explanation += " (hverken en af formatets kolonner eller en kanal)"
        problems.append(_at(file, i, header[i], explanation, keys[hit[0]] if hit else None))
    return problems


def _misplaced_columns(
    file: str,
    header: list[str],
    positions: dict[str, int],
    channels: list[ChannelColumn],
    shape: str,
) -> list[Problem]:
    problems = []
    if shape == LONG:
        for c in channels:
            problems.append(
                _at(
                    file,
                    c.position,
                    c.header,
                    "en kolonne pr. kanal hører til den brede form, men filen har kolonnerne "
                    '"kanal" og "antal" (lang form)',
                )
            )
        if TOTAL in positions:
            problems.append(
                _at(
                    file,
                    positions[TOTAL],
                    header[positions[TOTAL]],
                    "en total-kolonne hører til den brede form (en kolonne pr. kanal)",
                )
            )
    else:
        for name in ("straksafsluttet", "med_blanket"):
            if name in positions:
                problems.append(
                    _at(
                        file,
                        positions[name],
                        header[positions[name]],
                        "kan kun bruges i lang form (en række pr. kanal med kolonnerne "
                        '"kanal" og "antal")',
                    )
                )
    return problems


def _missing_columns(
    file: str, header: list[str], positions: dict[str, int], shape: str
) -> list[Problem]:
    required = REQUIRED_KEYS + (LONG_REQUIRED if shape == LONG else ())
    named = [h for h in header if h.strip()]
    found = ", ".join(f'"{h[:40]}"' for h in named[:12]) or "ingen"
    if len(named) > 12:
        found += f" og {len(named) - 12} flere"
    problems = []
    for name in required:
        if name not in positions:
            explanation = f"kolonnen mangler (filens kolonner: {found})"
            if name in LONG_REQUIRED and "kanal" not in positions and "antal" not in positions:
                explanation += (
                    '; lang form kræver "kanal" og "antal", bred form en kolonne pr. kanal'
                )
            problems.append(Problem(file, 1, name, None, explanation))
    return problems


def _clashing_channels(file: str, channels: list[ChannelColumn]) -> list[Problem]:
    seen: dict[tuple[str, int], ChannelColumn] = {}
    problems = []
    for c in channels:
        for key in ((ref.IND, c.kanal_ind), (ref.UD, c.kanal_ud)):
            if key[1] is None:
                continue
            first = seen.setdefault(key, c)
            if first is not c:
                problems.append(
                    _at(file, c.position, c.header, f'samme kanal som kolonnen "{first.header}"')
                )
                break
    return problems
