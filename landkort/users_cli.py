"""``python -m landkort users add|list|passwd|remove``: the accounts that may log in.

The password is never an argument (it would stand in the shell's history and in the
process list): it is asked for twice on a terminal, or read as the first line of
standard input when that is not a terminal (``echo … | python -m landkort users add …``).
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Sequence

from landkort import accounts
from landkort.accounts import AccountError


def read_password() -> str:
    """The new password from the terminal (twice) or from standard input's first line."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("Adgangskode: ")
        if getpass.getpass("Gentag adgangskoden: ") != first:
            raise AccountError("De to adgangskoder er ikke ens.")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def cli_users(
    action: str, navn: str | None = None, rolle: str | None = None, kommuner: Sequence[str] = ()
) -> int:
    """0 when done, 1 with a Danish message on standard error when it cannot be done."""
    from landkort.database import open_database

    engine = open_database()
    try:
        with engine.begin() as conn:
            if action == "list":
                for account in accounts.accounts(conn):
                    print(f"{account.navn}\t{account.rolle}\t{account.description}")
                return 0
            if action == "add":
                codes = accounts.parse_kommuner(kommuner)
                accounts.check_name(navn)
                account = accounts.add_account(conn, navn, rolle, read_password(), codes)
                print(f"Brugeren {account.navn} er oprettet ({account.description}).")
            elif action == "passwd":
                accounts.set_password(conn, navn, read_password())
                print(f"Brugeren {navn} har fået ny adgangskode; alle logins er afsluttet.")
            elif action == "remove":
                accounts.remove_account(conn, navn)
                print(f"Brugeren {navn} er fjernet.")
        return 0
    except AccountError as err:
        print(str(err), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
