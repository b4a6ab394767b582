"""Refusing logins for a name after repeated failures, and logging every try.

After :data:`MAX_FAILURES` failed logins for one name within :data:`WINDOW`, every
further try for that name is refused for :data:`LOCK` from the failure that tipped it,
whatever the password (so guessing cannot go on in the background). Refusals are
recorded (outcome 'afvist') and logged, but do not count as failures, so the lock ends
on time. A successful login forgets the failures before it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from landkort import schema

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
OK, FAILED, REFUSED = "ok", "fejl", "afvist"

log = logging.getLogger("landkort.login")


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every moment here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def locked_until(conn: Connection, navn: str, now: datetime | None = None) -> datetime | None:
    """When the lock on ``navn`` ends, or None when tries are allowed."""
    now = now or datetime.now(UTC)
    t = schema.login_attempt
    recent = conn.execute(
        select(t.c.at, t.c.outcome)
        .where(t.c.navn == navn[:100], t.c.at >= now - WINDOW - LOCK, t.c.outcome != REFUSED)
        .order_by(t.c.at, t.c.id)
    ).all()
    failures: list[datetime] = []
    for at, outcome in recent:
        if outcome == OK:
            failures = []
        else:
            failures.append(_utc(at))
    until = None
    for i in range(MAX_FAILURES - 1, len(failures)):
        if failures[i] - failures[i - MAX_FAILURES + 1] <= WINDOW:
            until = failures[i] + LOCK
    return until if until is not None and until > now else None


def record(conn: Connection, navn: str, outcome: str, now: datetime | None = None) -> None:
    """Note one try; a refusal is also written to the log."""
    now = now or datetime.now(UTC)
    conn.execute(insert(schema.login_attempt).values(navn=navn[:100], at=now, outcome=outcome))
    if outcome == REFUSED:
        log.warning("login afvist for %r: for mange forkerte forsøg", navn[:100])
    elif outcome == FAILED:
        log.info("forkert login for %r", navn[:100])
