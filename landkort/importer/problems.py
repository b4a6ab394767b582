"""What is wrong with an imported file, said in plain Danish.

Every check in the importer reports a :class:`Problem` naming the file, the row as the
user sees it in Excel (header = row 1), the column as written in the file's header, the
offending value and an explanation; a near-miss name also gets a suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_SHOWN = 200
_MAX_VALUE_CHARS = 60


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    explanation: str
    suggestion: str | None = None

    def __str__(self) -> str:
        place = [_shorten(self.file, 200)]
        if self.row is not None:
            place.append(f"række {self.row}")
        if self.column is not None:
            place.append(f'kolonne "{_shorten(self.column)}"')
        if self.value is not None:
            place.append(f'værdi "{_shorten(self.value)}"')
        text = f"{', '.join(place)}: {self.explanation.translate(_CONTROL)}"
        if self.suggestion is not None:
            text += f'. Mente du "{self.suggestion}"?'
        return text


# Spelled out in messages: C0, DEL and C1 controls, line and paragraph separators (which
# would split a problem over lines) and the marks that turn text around.
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]} | {
    c: f"\\u{c:04x}" for c in [0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F),
                                *range(0x2066, 0x206A)]
}  # fmt: skip


def _shorten(value: str, limit: int = _MAX_VALUE_CHARS) -> str:
    """A text as shown: control characters spelled out (one problem, one line), long
    text cut (a value, or a column name from the file's header)."""
    value = value.translate(_CONTROL)
    if len(value) <= limit:
        return value
    return value[: limit - 1] + "…"


class ReadError(Exception):
    """The file cannot be read as a table at all; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def format_problems(problems: Iterable[Problem], limit: int = MAX_SHOWN) -> list[str]:
    """One line per problem, at most ``limit`` of them, then how many were left out."""
    problems = list(problems)
    lines = [str(p) for p in problems[:limit]]
    rest = len(problems) - limit
    if rest == 1:
        lines.append("… og 1 problem mere")
    elif rest > 1:
        lines.append(f"… og {format_count(rest)} flere problemer")
    return lines


def format_count(n: int) -> str:
    """A whole number the Danish way: 1234567 -> '1.234.567'."""
    return f"{n:,}".replace(",", ".")


def format_size(n: int) -> str:
    """Bytes the Danish way: '800 MB', '30 kB', '512 byte'."""
    if n >= 1_000_000:
        return f"{format_count(round(n / 1_000_000))} MB"
    if n >= 1_000:
        return f"{format_count(round(n / 1_000))} kB"
    return f"{n} byte"
