"""The compare page for a URL: its state with the data's default rounds, and its links.

Without ``runde`` and ``fra`` a link compares the newest round with the oldest one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort.urlstate.compare import CompareState, format_compare, parse_compare
from landkort.views import compare
from landkort.views.map import Selection
from landkort.views.rounds import Round, rounds_with_data, runde_kode


@dataclass(frozen=True)
class CompareView:
    data: compare.CompareData
    state: CompareState
    rounds: tuple[Round, ...]  # rounds with data, for the round choices

    @property
    def selection(self) -> Selection:
        return self.state.selection

    @property
    def defaults(self) -> tuple[int, int]:
        """The rounds a link means when it names none: (latest, earliest)."""
        return default_rounds(self.data)

    @property
    def runde_kode(self) -> str:
        return runde_kode(self.selection.runde)

    @property
    def fra_kode(self) -> str:
        return runde_kode(self.state.fra)

    @cached_property
    def chosen(self) -> list[int]:
        """The kommuner shown: the picked ones, all participants or the top movers."""
        s = self.state
        return compare.chosen(self.data, s.selection, s.udvalg, s.kommuner, s.fra)

    @property
    def area(self) -> str:
        """', Region Hovedstaden' when a region narrows the view, else ''."""
        names = {r.kode: r.navn for r in ref.REGIONER}
        region = self.selection.region
        return "" if region is None else f", Region {names[region]}"

    def query(self, state: CompareState | None = None) -> str:
        runde, fra = self.defaults
        return format_compare(state or self.state, default_runde=runde, default_fra=fra)

    def full_view(self) -> str:
        return f"/sammenlign{self.query()}"

    def embed_query(self) -> str:
        return self.query()

    def describe(self) -> str:
        """The selection in words, for a download's source line."""
        sel = self.selection
        parts = [sel.spec.label]
        parts.append(ref.OPGAVER[sel.opgave - 1].navn if sel.opgave else "alle 35 opgaver")
        if sel.effective_gruppe:
            parts.append(ref.GRUPPER[sel.effective_gruppe])
        if sel.region:
            parts.append(self.area.lstrip(", "))
        return ", ".join(parts)

    def chart_title(self, title: str) -> str:
        """A chart's title where it stands alone (an embed, its 'Indlejr' snippet)."""
        return title

    def with_state(self, state: CompareState) -> CompareView:
        return replace(self, state=state)


def default_rounds(data: compare.CompareData) -> tuple[int, int]:
    rounds = data.rounds or (ref.RUNDER[-1].id,)
    return rounds[-1], rounds[0]


def compare_view(conn: Connection, search: str | None) -> CompareView:
    """The view a query string asks for (forgiving: unknown values take their default)."""
    data = compare.cached(conn)
    runde, fra = default_rounds(data)
    state = parse_compare(search, default_runde=runde, default_fra=fra)
    return CompareView(data, state, tuple(rounds_with_data(conn)))
