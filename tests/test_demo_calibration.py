"""The demo data reproduce every published KOMHEN figure, on the small and medium sets.

Each size is generated and loaded once per session into its own database; every
figure is computed from the database: pooled over the round's participants with
plain SQL on ``fact`` (sum of counts ÷ sum of totals), and cross-checked against
``landkort.metrics`` where it offers the measure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from landkort import metrics, store
from landkort import reference as ref
from landkort.database import open_database
from landkort.demo import DemoStats, load_demo
from tests.conftest import drop_everything

SEED = 2011
RUNDE = {r.kode: r.id for r in ref.RUNDER}
OPGAVE = {o.navn: o.id for o in ref.OPGAVER}
KANAL = {k.kode: k.id for k in ref.KANALER}
TRANS = tuple(h.id for h in ref.HENVENDELSESTYPER if h.gruppe == ref.TRANSAKTIONER)
INFO = tuple(h.id for h in ref.HENVENDELSESTYPER if h.gruppe != ref.TRANSAKTIONER)
TRANS_SQL = f"retning = 'ind' AND henvendelsestype_id IN {TRANS}"


@dataclass(frozen=True)
class Demo:
    engine: Engine
    size: str
    stats: DemoStats


@pytest.fixture(
    scope="session",
    params=["small", pytest.param("medium", marks=pytest.mark.slow)],
)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    size = request.param
    folder: Path = tmp_path_factory.mktemp(f"demo_{size}")
    url = os.environ.get("LANDKORT_TEST_DATABASE_URL") or f"sqlite:///{folder / 'demo.db'}"
    if not url.startswith("sqlite"):
        drop_everything(url)
    engine = open_database(url)
    stats = load_demo(engine, size, SEED)
    yield Demo(engine, size, stats)
    engine.dispose()


def _scalar(engine: Engine, sql: str, **params) -> float:
    """As a float: PostgreSQL answers numeric expressions with Decimal."""
    with engine.connect() as conn:
        return float(conn.execute(text(sql), params).scalar_one())


def selvbetjeningsgrad(engine: Engine, runde: str, opgave: str | None = None) -> float:
    where = f"{TRANS_SQL} AND runde_id = :r"
    params = {"r": RUNDE[runde], "k": KANAL["SLVBTJN"]}
    if opgave:
        where += " AND opgave_id = :o"
        params["o"] = OPGAVE[opgave]
    sql = "SELECT 1.0 * SUM(CASE WHEN kanal_id = :k THEN antal ELSE 0 END) / SUM(antal) "
    return _scalar(engine, sql + f"FROM fact WHERE {where}", **params)


def selvbetjening_per_opgave(engine: Engine, runde: str) -> dict[int, float]:
    sql = (
        "SELECT opgave_id, 1.0 * SUM(CASE WHEN kanal_id = :k THEN antal ELSE 0 END) / SUM(antal)"
        f" FROM fact WHERE {TRANS_SQL} AND runde_id = :r GROUP BY opgave_id"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(sql), {"r": RUNDE[runde], "k": KANAL["SLVBTJN"]})
        return {int(o): float(p) for o, p in rows}


def papirandel_ud(engine: Engine, runde: str) -> float:
    sql = (
        "SELECT 1.0 * SUM(CASE WHEN kanal_id = :k THEN antal ELSE 0 END) / SUM(antal)"
        " FROM fact WHERE retning = 'ud' AND runde_id = :r"
    )
    return _scalar(engine, sql, r=RUNDE[runde], k=KANAL["PPRUD"])


def udgaaende_i_alt(engine: Engine, runde: str) -> int:
    sql = "SELECT SUM(antal) FROM fact WHERE retning = 'ud' AND runde_id = :r"
    return int(_scalar(engine, sql, r=RUNDE[runde]))


def deltagere(engine: Engine, runde: str) -> set[int]:
    sql = "SELECT DISTINCT kommune_kode FROM fact WHERE runde_id = :r"
    with engine.connect() as conn:
        return {int(k) for k in conn.execute(text(sql), {"r": RUNDE[runde]}).scalars()}


def kommune_andel(engine: Engine, kommune: int, runde: str, column: str, opgave=None) -> float:
    """A kommune's own share: Selvbetjening ('kanal') or med_blanket of transaktioner."""
    numerator = (
        f"CASE WHEN kanal_id = {KANAL['SLVBTJN']} THEN antal ELSE 0 END"
        if column == "kanal"
        else "COALESCE(med_blanket, 0)"
    )
    where = f"{TRANS_SQL} AND runde_id = :r AND kommune_kode = :k"
    if opgave:
        where += f" AND opgave_id = {OPGAVE[opgave]}"
    sql = f"SELECT 1.0 * SUM({numerator}) / SUM(antal) FROM fact WHERE {where}"
    return _scalar(engine, sql, r=RUNDE[runde], k=kommune)


# --- the published national figures -------------------------------------------------


def test_e2011_selvbetjeningsgrad_is_29_percent(demo: Demo) -> None:
    assert selvbetjeningsgrad(demo.engine, "E2011") == pytest.approx(0.29, abs=0.02)


@pytest.mark.parametrize("opgave", ["Sundhedskort (gult)", "EU-sygesikringskort (blåt)"])
def test_e2011_health_cards_about_three_in_four(demo: Demo, opgave: str) -> None:
    assert selvbetjeningsgrad(demo.engine, "E2011", opgave) == pytest.approx(0.75, abs=0.05)


def test_e2011_flytning_about_half(demo: Demo) -> None:
    assert selvbetjeningsgrad(demo.engine, "E2011", "Flytning") == pytest.approx(0.50, abs=0.05)


def test_e2011_22_of_35_opgaver_under_10_percent(demo: Demo) -> None:
    per_opgave = selvbetjening_per_opgave(demo.engine, "E2011")
    assert len(per_opgave) == 35
    assert abs(sum(p < 0.10 for p in per_opgave.values()) - 22) <= 2


def test_f2014_eu_card_93_and_flytning_88(demo: Demo) -> None:
    eu = selvbetjeningsgrad(demo.engine, "F2014", "EU-sygesikringskort (blåt)")
    flytning = selvbetjeningsgrad(demo.engine, "F2014", "Flytning")
    assert eu == pytest.approx(0.93, abs=0.02)
    assert flytning == pytest.approx(0.88, abs=0.02)


def test_outbound_paper_42_percent_in_2011_and_9_in_f2014(demo: Demo) -> None:
    assert papirandel_ud(demo.engine, "E2011") == pytest.approx(0.42, abs=0.02)
    assert papirandel_ud(demo.engine, "F2014") == pytest.approx(0.09, abs=0.02)


def test_fewer_letters_in_all_in_f2014(demo: Demo) -> None:
    """Fewer in total, and fewer per inhabitant of the kommuner that took part."""
    indbyggere = {k.kode: k.indbyggere for k in ref.KOMMUNER}
    e2011, f2014 = udgaaende_i_alt(demo.engine, "E2011"), udgaaende_i_alt(demo.engine, "F2014")
    assert f2014 < e2011
    per_e2011 = e2011 / sum(indbyggere[k] for k in deltagere(demo.engine, "E2011"))
    per_f2014 = f2014 / sum(indbyggere[k] for k in deltagere(demo.engine, "F2014"))
    assert per_f2014 < per_e2011


def test_80_percent_goal_met_in_e2015_not_f2015(demo: Demo) -> None:
    assert selvbetjeningsgrad(demo.engine, "F2015") < 0.80
    assert selvbetjeningsgrad(demo.engine, "E2015") >= 0.80
    assert selvbetjeningsgrad(demo.engine, "E2016") >= selvbetjeningsgrad(demo.engine, "E2015")


def test_national_path_rises_every_round(demo: Demo) -> None:
    path = [selvbetjeningsgrad(demo.engine, r.kode) for r in ref.RUNDER]
    assert path == sorted(path)


@pytest.mark.parametrize(
    ("runde", "n"), [("E2011", 76), ("F2012", 49), ("F2013", 54), ("F2014", 54)]
)
def test_participants_per_round(demo: Demo, runde: str, n: int) -> None:
    assert len(deltagere(demo.engine, runde)) == n
    with demo.engine.connect() as conn:
        assert len(metrics.participants(conn, RUNDE[runde])) == n


def test_86_kommuner_in_the_first_year(demo: Demo) -> None:
    assert len(deltagere(demo.engine, "E2011") | deltagere(demo.engine, "F2012")) == 86


def test_metrics_module_agrees_with_plain_sql(demo: Demo) -> None:
    with demo.engine.connect() as conn:
        selv = metrics.share(conn, "selvbetjeningsgrad", RUNDE["E2011"])
        flyt = metrics.share(conn, "selvbetjeningsgrad", RUNDE["F2014"], opgave=OPGAVE["Flytning"])
        papir = metrics.share(conn, "papir_andel_udgaaende", RUNDE["F2014"])
    assert selv.andel == pytest.approx(selvbetjeningsgrad(demo.engine, "E2011"))
    assert flyt.andel == pytest.approx(selvbetjeningsgrad(demo.engine, "F2014", "Flytning"))
    assert papir.andel == pytest.approx(papirandel_ud(demo.engine, "F2014"))


# --- the history behaves like the real one ------------------------------------------


def test_wave_1_jumps_when_it_became_mandatory(demo: Demo) -> None:
    for opgave in ("Flytning", "Sundhedskort (gult)", "EU-sygesikringskort (blåt)"):
        before = selvbetjeningsgrad(demo.engine, "E2012", opgave)
        after = selvbetjeningsgrad(demo.engine, "F2013", opgave)
        earlier = selvbetjeningsgrad(demo.engine, "F2012", opgave)
        assert after - before > 2 * (before - earlier) > 0


def test_kommuner_skip_rounds(demo: Demo) -> None:
    e2011, e2012 = deltagere(demo.engine, "E2011"), deltagere(demo.engine, "E2012")
    assert e2011 - e2012 and e2012 - e2011


def test_kommuner_differ(demo: Demo) -> None:
    sql = (
        "SELECT kommune_kode, 1.0 * SUM(CASE WHEN kanal_id = :k THEN antal ELSE 0 END)"
        f" / SUM(antal) FROM fact WHERE {TRANS_SQL} AND runde_id = :r GROUP BY kommune_kode"
    )
    with demo.engine.connect() as conn:
        shares = [p for _, p in conn.execute(text(sql), {"r": 1, "k": KANAL["SLVBTJN"]})]
    assert max(shares) - min(shares) > 0.15


def test_several_enheder_per_kommune(demo: Demo) -> None:
    sql = "SELECT COUNT(*) FROM enhed WHERE kommune_kode = 101"
    expected = 4 if demo.size == "small" else 10
    assert _scalar(demo.engine, sql) >= expected


def test_straksafslutning_higher_on_phone_and_counter_than_paper(demo: Demo) -> None:
    sql = (
        "SELECT 1.0 * SUM(straksafsluttet) / SUM(antal) FROM fact"
        " WHERE kanal_id = :k AND straksafsluttet IS NOT NULL"
    )
    paper = _scalar(demo.engine, sql, k=KANAL["PPRIND"])
    assert _scalar(demo.engine, sql, k=KANAL["TLFIND"]) > paper + 0.3
    assert _scalar(demo.engine, sql, k=KANAL["PRSNLG"]) > paper + 0.3


def test_forms_almost_always_on_paper_partly_on_self_service(demo: Demo) -> None:
    sql = (
        "SELECT 1.0 * SUM(med_blanket) / SUM(antal) FROM fact"
        " WHERE kanal_id = :k AND med_blanket IS NOT NULL"
    )
    assert _scalar(demo.engine, sql, k=KANAL["PPRIND"]) > 0.9
    assert 0.05 < _scalar(demo.engine, sql, k=KANAL["SLVBTJN"]) < 0.5


def test_self_service_mostly_for_transaktioner(demo: Demo) -> None:
    sql = "SELECT SUM(antal) FROM fact WHERE kanal_id = :k AND henvendelsestype_id IN "
    trans = _scalar(demo.engine, sql + str(TRANS), k=KANAL["SLVBTJN"])
    info = _scalar(demo.engine, sql + str(INFO), k=KANAL["SLVBTJN"])
    assert trans > 10 * info


def test_outbound_moves_from_paper_to_digital_post(demo: Demo) -> None:
    sql = (
        "SELECT 1.0 * SUM(CASE WHEN kanal_id = :k THEN antal ELSE 0 END) / SUM(antal)"
        " FROM fact WHERE retning = 'ud' AND runde_id = :r"
    )
    docud = [_scalar(demo.engine, sql, k=KANAL["DOCUD"], r=r.id) for r in ref.RUNDER]
    assert docud[-1] > 2 * docud[0]
    for kode in ("FJERNPRINT", "OUTPUTMGR"):
        assert _scalar(demo.engine, sql, k=KANAL[kode], r=1) > 0.05


# --- named kommune examples (looser on small: fewer registrations) ------------------


def _tolerance(demo: Demo) -> float:
    return 0.10 if demo.size == "small" else 0.05


def test_vallensbaek_f2012(demo: Demo) -> None:
    tol = _tolerance(demo)
    assert kommune_andel(demo.engine, 187, "F2012", "kanal") == pytest.approx(0.49, abs=tol)
    assert kommune_andel(demo.engine, 187, "F2012", "blanket") == pytest.approx(0.30, abs=tol)


@pytest.mark.parametrize(
    ("kommune", "opgave", "share"),
    [
        (630, "Sundhedskort (gult)", 0.90),
        (217, "Folkepension", 0.50),
        (147, "Optagelse i dagtilbud", 0.97),
    ],
)
def test_named_kommuner_in_e2011(demo: Demo, kommune: int, opgave: str, share: float) -> None:
    got = kommune_andel(demo.engine, kommune, "E2011", "kanal", opgave)
    assert got == pytest.approx(share, abs=_tolerance(demo) * (1.5 if kommune == 217 else 1))


# --- invariants -----------------------------------------------------------------------


def test_web_only_with_information_types(demo: Demo) -> None:
    sql = "SELECT COUNT(*) FROM fact WHERE kanal_id = :k AND henvendelsestype_id IN " + str(TRANS)
    assert _scalar(demo.engine, sql, k=KANAL["WEB"]) == 0
    sql = "SELECT COUNT(*) FROM fact WHERE kanal_id = :k AND henvendelsestype_id IN " + str(INFO)
    assert _scalar(demo.engine, sql, k=KANAL["WEB"]) > 0


def test_channels_fit_their_direction(demo: Demo) -> None:
    sql = (
        "SELECT COUNT(*) FROM fact JOIN kanal ON kanal.id = fact.kanal_id"
        " WHERE kanal.retning <> fact.retning"
    )
    assert _scalar(demo.engine, sql) == 0


def test_values_within_bounds(demo: Demo) -> None:
    sql = (
        "SELECT COUNT(*) FROM fact WHERE antal <= 0"
        " OR straksafsluttet < 0 OR straksafsluttet > antal"
        " OR med_blanket < 0 OR med_blanket > antal"
    )
    assert _scalar(demo.engine, sql) == 0


def test_not_registered_is_null_not_zero(demo: Demo) -> None:
    outside = f"NOT ({TRANS_SQL})"
    sql = f"SELECT COUNT(*) FROM fact WHERE med_blanket IS NOT NULL AND {outside}"
    assert _scalar(demo.engine, sql) == 0
    sql = "SELECT COUNT(*) FROM fact WHERE straksafsluttet IS NOT NULL AND retning = 'ud'"
    assert _scalar(demo.engine, sql) == 0
    sql = f"SELECT COUNT(*) FROM fact WHERE straksafsluttet IS NULL AND {TRANS_SQL}"
    assert _scalar(demo.engine, sql) > 0  # a few kommune-rounds did not register it


def test_database_says_it_holds_demo_data(demo: Demo) -> None:
    with demo.engine.connect() as conn:
        assert store.is_demo(conn)
        info = store.dataset_info(conn)
    assert info["demo_size"] == demo.size
    assert info["demo_seed"] == str(SEED)
    assert info["demo_sha256"] == demo.stats.sha256


def test_import_log_records_the_load(demo: Demo) -> None:
    sql = "SELECT kind, file_name, sha256, rows_read, rows_added FROM import_log"
    with demo.engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    assert len(rows) == 1
    kind, name, sha, read, added = rows[0]
    assert (kind, name, sha) == ("demo", f"demo:{demo.size}:seed={SEED}", demo.stats.sha256)
    assert read == added == demo.stats.rows
    assert _scalar(demo.engine, "SELECT COUNT(*) FROM fact") == demo.stats.rows


def test_participation_table_matches_the_facts(demo: Demo) -> None:
    distinct = "SELECT DISTINCT kommune_kode, runde_id FROM fact"
    joined = (
        f"SELECT COUNT(*) FROM ({distinct}) f JOIN participation p"
        " ON p.kommune_kode = f.kommune_kode AND p.runde_id = f.runde_id"
    )
    pairs = _scalar(demo.engine, "SELECT COUNT(*) FROM participation")
    assert pairs == _scalar(demo.engine, f"SELECT COUNT(*) FROM ({distinct}) f")
    assert pairs == _scalar(demo.engine, joined)
