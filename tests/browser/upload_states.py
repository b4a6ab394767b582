"""An account and files that bring the Data page's upload into each of its states."""

from __future__ import annotations

from pathlib import Path

from landkort import accounts
from landkort.database import open_database
from tests.import_helpers import COLUMNS


def kl_account(url: str) -> None:
    """A KL account for the accessibility checks (created once per database)."""
    engine = open_database(url)
    try:
        with engine.begin() as conn:
            if accounts.find_account(conn, "kl-tilgaengelighed") is None:
                accounts.add_account(conn, "kl-tilgaengelighed", "kl", "kl-tilgaengelighed-kode")
    finally:
        engine.dispose()


def state_files(folder: Path) -> dict[str, Path]:
    head = ";".join(COLUMNS)
    good = "0187;F2012;;Flytning;Oprettelse ny sag;ind;SLVBTJN;3;;"
    bad = "0187;F2012;;Flytning;Oprettelse ny sag;ind;SLVBTJN;mange;;"
    wrong = "0187;F2012;;Flytnng;Oprettelse ny sag;ind;TLFIND;1;;"
    files = {
        "problemer": folder / "med-fejl.csv",
        "ændringer": folder / "uden-fejl.csv",
    }
    files["problemer"].write_text(f"{head}\n{bad}\n{wrong}\n", encoding="utf-8")
    files["ændringer"].write_text(f"{head}\n{good}\n", encoding="utf-8")
    return files
