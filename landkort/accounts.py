"""Accounts and roles: who may log in, and which kommuner each may write.

Three roles: ``læser`` reads (what anonymous visitors do unless
``LANDKORT_LOGIN_REQUIRED`` is set), ``kommune`` (a kommune's tovholder) uploads,
replaces and undoes data of the kommuner on the account and nothing else, ``kl`` does
so for every kommune and sees the whole import history.

Passwords are hashed with scrypt (werkzeug's ``generate_password_hash``: memory-hard,
salted, the parameters stored in the hash). Every account has a ``session_token`` that is
part of its sessions' ids: a new token ends every session at once (log out everywhere, a
new password, removal). Nothing here knows Flask or Dash.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection
from werkzeug.security import check_password_hash, generate_password_hash

from landkort import reference as ref
from landkort import schema
from landkort.lookup import resolve_kommune

LAESER, KOMMUNE, KL = "læser", "kommune", "kl"
ROLES = (LAESER, KOMMUNE, KL)
HASH_METHOD = "scrypt:32768:8:1"  # n=2^15, r=8: 32 MB of memory for each try
MIN_PASSWORD = 10
MAX_NAME = 100
# Hashed once, so a login for an unknown name takes as long as one for a known name.
_DUMMY_HASH = generate_password_hash("ikke-en-adgangskode", method=HASH_METHOD)


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message is Danish."""


@dataclass(frozen=True)
class Account:
    id: int
    navn: str
    rolle: str
    kommuner: frozenset[int]
    session_token: str

    @property
    def is_kl(self) -> bool:
        return self.rolle == KL

    @property
    def writes(self) -> bool:
        """Whether the account may upload, replace or undo anything at all."""
        return self.rolle == KL or (self.rolle == KOMMUNE and bool(self.kommuner))

    def may_write(self, kommune_kode: int) -> bool:
        return self.rolle == KL or (self.rolle == KOMMUNE and kommune_kode in self.kommuner)

    def writable(self) -> frozenset[int] | None:
        """The kommuner it may write; None for all of them (KL)."""
        if self.rolle == KL:
            return None
        return self.kommuner if self.rolle == KOMMUNE else frozenset()

    @property
    def description(self) -> str:
        """'kommune: Vallensbæk, Ishøj' in Danish, for lists and the header."""
        if self.rolle != KOMMUNE:
            return {KL: "KL (alle kommuner)", LAESER: "læser"}[self.rolle]
        names = ref.kommune_by_kode()
        return "kommune: " + ", ".join(
            names[k].navn if k in names else str(k) for k in sorted(self.kommuner)
        )


def check_name(navn: str) -> str:
    navn = (navn or "").strip()
    if not navn or len(navn) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in navn):
        raise AccountError(
            f"Brugernavnet skal være 1-{MAX_NAME} tegn uden mellemrum og kontroltegn."
        )
    return navn


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Adgangskoden skal være mindst {MIN_PASSWORD} tegn.")
    return password


def parse_kommuner(values: Iterable[str]) -> frozenset[int]:
    """Kommunekoder or names ('0187', '187', 'Vallensbæk') to codes; AccountError if unknown."""
    codes = set()
    for value in values:
        kode = resolve_kommune(value)
        if kode is None:
            raise AccountError(f"Ukendt kommune: {value!r}.")
        codes.add(kode)
    return frozenset(codes)


def _check_role(rolle: str, kommuner: frozenset[int]) -> None:
    if rolle not in ROLES:
        raise AccountError(f"Ukendt rolle {rolle!r}; vælg {', '.join(ROLES)}.")
    if rolle == KOMMUNE and not kommuner:
        raise AccountError("En kommune-konto skal have mindst én kommune (--kommune).")
    if rolle != KOMMUNE and kommuner:
        raise AccountError("Kun en kommune-konto har kommuner.")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


def add_account(
    conn: Connection, navn: str, rolle: str, password: str, kommuner: frozenset[int] = frozenset()
) -> Account:
    navn = check_name(navn)
    _check_role(rolle, kommuner)
    if find_account(conn, navn) is not None:
        raise AccountError(f"Brugeren {navn} findes allerede.")
    new_id = conn.execute(
        insert(schema.account)
        .values(
            navn=navn,
            rolle=rolle,
            password_hash=hash_password(check_password(password)),
            session_token=secrets.token_hex(16),
            created_at=datetime.now(UTC),
        )
        .returning(schema.account.c.id)
    ).scalar_one()
    if kommuner:
        conn.execute(
            insert(schema.account_kommune),
            [{"account_id": new_id, "kommune_kode": k} for k in sorted(kommuner)],
        )
    return account_by_id(conn, new_id)


def _kommuner_of(conn: Connection, account_id: int) -> frozenset[int]:
    t = schema.account_kommune
    rows = conn.execute(select(t.c.kommune_kode).where(t.c.account_id == account_id))
    return frozenset(int(k) for (k,) in rows)


def _account(conn: Connection, where) -> Account | None:
    t = schema.account
    row = conn.execute(select(t.c.id, t.c.navn, t.c.rolle, t.c.session_token).where(where)).first()
    if row is None:
        return None
    return Account(row.id, row.navn, row.rolle, _kommuner_of(conn, row.id), row.session_token)


def find_account(conn: Connection, navn: str) -> Account | None:
    return _account(conn, schema.account.c.navn == navn)


def account_by_id(conn: Connection, account_id: int) -> Account | None:
    return _account(conn, schema.account.c.id == account_id)


def accounts(conn: Connection) -> list[Account]:
    t = schema.account
    ids = conn.execute(select(t.c.id).order_by(t.c.navn)).scalars().all()
    return [account_by_id(conn, i) for i in ids]


def authenticate(conn: Connection, navn: str, password: str) -> Account | None:
    """The account when the password is right, else None (same work either way)."""
    t = schema.account
    stored = conn.execute(select(t.c.password_hash).where(t.c.navn == navn)).scalar()
    if stored is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(stored, password):
        return None
    return find_account(conn, navn)


def set_password(conn: Connection, navn: str, password: str) -> None:
    """A new password; every session of the account ends."""
    _required(conn, navn)
    t = schema.account
    conn.execute(
        update(t)
        .where(t.c.navn == navn)
        .values(
            password_hash=hash_password(check_password(password)),
            session_token=secrets.token_hex(16),
        )
    )


def end_sessions(conn: Connection, account_id: int) -> None:
    """Log out everywhere: every session of the account stops being valid."""
    t = schema.account
    conn.execute(update(t).where(t.c.id == account_id).values(session_token=secrets.token_hex(16)))


def remove_account(conn: Connection, navn: str) -> None:
    account = _required(conn, navn)
    conn.execute(
        delete(schema.account_kommune).where(schema.account_kommune.c.account_id == account.id)
    )
    conn.execute(delete(schema.account).where(schema.account.c.id == account.id))


def _required(conn: Connection, navn: str) -> Account:
    account = find_account(conn, navn)
    if account is None:
        raise AccountError(f"Brugeren {navn} findes ikke.")
    return account
