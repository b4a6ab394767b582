"""The map page for a URL: its state with the database's defaults, and the links it makes.

A link that names no round means the newest round with data, and no map form means
geographic when boundaries are there; both are left out of the links the page writes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort.geography.boundaries import CREDIT
from landkort.geography.geometry import default_form, geo_geometry, geometry, geometry_url
from landkort.metrics import participants
from landkort.urlstate.map import MapState, format_state, parse_state
from landkort.views.map import Selection
from landkort.views.rounds import Round, latest_round, rounds_with_data, runde_kode


@dataclass(frozen=True)
class MapView:
    state: MapState
    rounds: tuple[Round, ...]
    latest: int  # the round a link without ``runde`` means
    default_form: str
    participants: int  # kommuner of the area that took part in the round

    @property
    def selection(self) -> Selection:
        return self.state.selection

    @property
    def runde_kode(self) -> str:
        return runde_kode(self.selection.runde)

    @property
    def geo_available(self) -> bool:
        return geo_geometry() is not None

    @property
    def credit(self) -> str | None:
        """The boundaries' source, to be credited wherever the geographic map is shown."""
        return CREDIT if self.state.form == "geo" else None

    @property
    def geometry(self) -> dict:
        return geometry(self.state.form)

    @property
    def geometry_url(self) -> str:
        """The shapes' address (the map's figure names it instead of carrying them)."""
        return geometry_url(self.state.form)

    @property
    def geometry_key(self) -> str:
        """Changes exactly when the map must be drawn anew (shapes, not only colours)."""
        return f"{self.state.form}:{self.selection.region or ''}"

    @property
    def area(self) -> str:
        """'Hele landet' or 'Region Hovedstaden'."""
        names = {r.kode: r.navn for r in ref.REGIONER}
        region = self.selection.region
        return "Hele landet" if region is None else f"Region {names[region]}"

    def query(self, state: MapState | None = None) -> str:
        """The query string of this view (or of ``state``), defaults left out."""
        return format_state(
            state or self.state, default_runde=self.latest, default_form=self.default_form
        )

    def selection_key(self) -> str:
        """The query string without the round: what the timeline's values depend on."""
        latest = replace(self.state, selection=replace(self.selection, runde=self.latest))
        return self.query(latest)

    def full_view(self) -> str:
        return f"/{self.query()}"

    def embed_query(self) -> str:
        return self.query()

    def describe(self) -> str:
        """What the charts show: 'Selvbetjeningsgrad (transaktioner), alle 35 opgaver'."""
        sel = self.selection
        opgave = ref.OPGAVER[sel.opgave - 1].navn if sel.opgave else "alle 35 opgaver"
        return f"{sel.spec.label}, {opgave}"

    def chart_title(self, title: str) -> str:
        """A chart's title where it stands alone (an embed, its 'Indlejr' snippet)."""
        return title

    def with_state(self, state: MapState) -> MapView:
        return replace(self, state=state)


def map_view(conn: Connection, search: str | None) -> MapView:
    """The view a query string asks for (forgiving: unknown values take their default)."""
    latest, form = latest_round(conn), default_form()
    state = parse_state(search, default_runde=latest, default_form=form)
    return MapView(state, tuple(rounds_with_data(conn)), latest, form, _participants(conn, state))


def _participants(conn: Connection, state: MapState) -> int:
    region = state.selection.region
    koder = participants(conn, state.selection.runde)
    if region is None:
        return len(koder)
    kommuner = ref.kommune_by_kode()
    return sum(1 for k in koder if kommuner[k].region_kode == region)
