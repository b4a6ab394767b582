"""Accounts (issue 9): roles, scrypt hashes, the command line (password never an
argument), the lock after failed logins and its end."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from landkort import accounts, lockout
from landkort.accounts import AccountError
from tests.import_helpers import run_cli


@pytest.fixture
def cli_db(engine, db_url, monkeypatch):
    engine.dispose()
    monkeypatch.setenv("LANDKORT_DATABASE_URL", db_url)
    return engine


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_users_on_the_command_line(cli_db, monkeypatch, capsys):
    _stdin(monkeypatch, "første-adgangskode\n")
    status, out, err = run_cli(
        capsys, "users", "add", "tove", "--rolle", "kommune", "--kommune", "0187",
        "--kommune", "Ishøj",
    )  # fmt: skip
    assert status == 0, err
    assert "Ishøj, Vallensbæk" in out
    _stdin(monkeypatch, "kl-adgangskode-1\n")
    assert run_cli(capsys, "users", "add", "kl", "--rolle", "kl")[0] == 0
    status, out, _ = run_cli(capsys, "users", "list")
    assert out.splitlines() == [
        "kl\tkl\tKL (alle kommuner)",
        "tove\tkommune\tkommune: Ishøj, Vallensbæk",
    ]
    with cli_db.connect() as conn:
        assert accounts.authenticate(conn, "tove", "første-adgangskode") is not None
        old_token = accounts.find_account(conn, "tove").session_token
    _stdin(monkeypatch, "anden-adgangskode\n")
    assert run_cli(capsys, "users", "passwd", "tove")[0] == 0
    with cli_db.connect() as conn:
        assert accounts.authenticate(conn, "tove", "første-adgangskode") is None
        assert accounts.authenticate(conn, "tove", "anden-adgangskode") is not None
        assert accounts.find_account(conn, "tove").session_token != old_token
    assert run_cli(capsys, "users", "remove", "tove")[0] == 0
    status, _, err = run_cli(capsys, "users", "remove", "tove")
    assert status == 1 and "findes ikke" in err


def test_the_password_is_never_an_argument(cli_db, capsys):
    with pytest.raises(SystemExit):
        run_cli(capsys, "users", "add", "x", "--rolle", "kl", "--password", "hemmelig-kode")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "add", "a", "--rolle", "kommune"], "mindst én kommune"),
        (["users", "add", "a", "--rolle", "kl", "--kommune", "0187"], "Kun en kommune-konto"),
        (["users", "add", "a", "--rolle", "kommune", "--kommune", "9999"], "Ukendt kommune"),
        (["users", "add", "a b", "--rolle", "kl"], "uden mellemrum"),
    ],
)
def test_bad_accounts_get_danish_messages(cli_db, monkeypatch, capsys, args, message):
    _stdin(monkeypatch, "lang-nok-adgangskode\n")
    status, _, err = run_cli(capsys, *args)
    assert status == 1 and message in err


def test_short_passwords_are_refused(engine):
    with engine.begin() as conn, pytest.raises(AccountError, match="mindst 10 tegn"):
        accounts.add_account(conn, "kort", "kl", "kort")


def test_passwords_are_stored_as_scrypt_hashes(engine):
    with engine.begin() as conn:
        accounts.add_account(conn, "kl", "kl", "kl-adgangskode")
        stored = conn.exec_driver_sql("SELECT password_hash FROM account").scalar()
    assert stored.startswith("scrypt:32768:8:1$") and "kl-adgangskode" not in stored


def test_roles_decide_what_may_be_written():
    kl = accounts.Account(1, "kl", "kl", frozenset(), "t")
    tove = accounts.Account(2, "tove", "kommune", frozenset({187}), "t")
    reader = accounts.Account(3, "l", "læser", frozenset(), "t")
    assert kl.may_write(101) and kl.writable() is None
    assert tove.may_write(187) and not tove.may_write(101) and tove.writable() == {187}
    assert not reader.writes and not reader.may_write(187) and reader.writable() == frozenset()


def test_lock_after_five_failures_in_fifteen_minutes_lasts_fifteen_minutes(engine):
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with engine.begin() as conn:
        for minute in (0, 3, 6, 9):
            lockout.record(conn, "tove", lockout.FAILED, start + timedelta(minutes=minute))
        assert lockout.locked_until(conn, "tove", start + timedelta(minutes=10)) is None
        lockout.record(conn, "tove", lockout.FAILED, start + timedelta(minutes=12))
        until = lockout.locked_until(conn, "tove", start + timedelta(minutes=13))
        assert until == start + timedelta(minutes=27)
        lockout.record(conn, "tove", lockout.REFUSED, start + timedelta(minutes=20))
        assert lockout.locked_until(conn, "tove", start + timedelta(minutes=26)) == until
        assert lockout.locked_until(conn, "tove", start + timedelta(minutes=27, seconds=1)) is None
        assert lockout.locked_until(conn, "andre", start + timedelta(minutes=13)) is None


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(engine):
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with engine.begin() as conn:
        for minute in (0, 4, 8, 12, 16):
            lockout.record(conn, "tove", lockout.FAILED, start + timedelta(minutes=minute))
        assert lockout.locked_until(conn, "tove", start + timedelta(minutes=17)) is None


def test_a_successful_login_forgets_earlier_failures(engine):
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with engine.begin() as conn:
        for minute in (0, 1, 2, 3):
            lockout.record(conn, "tove", lockout.FAILED, start + timedelta(minutes=minute))
        lockout.record(conn, "tove", lockout.OK, start + timedelta(minutes=4))
        lockout.record(conn, "tove", lockout.FAILED, start + timedelta(minutes=5))
        assert lockout.locked_until(conn, "tove", start + timedelta(minutes=6)) is None
