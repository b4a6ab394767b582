"""A progress bar on stderr for large files; silent for small ones and in tests."""

from __future__ import annotations

import sys

from tqdm import tqdm

LARGE_FILE_ROWS = 50_000


class Progress:
    """One file's bar: rows read, then the checking and writing phases by name."""

    def __init__(self, name: str, rows: int, enabled: bool | None):
        show = rows > LARGE_FILE_ROWS if enabled is None else enabled
        self._bar = tqdm(
            total=rows or None,
            desc=f"{name}: læser",
            unit=" rækker",
            file=sys.stderr,
            disable=not show,
            leave=False,
            dynamic_ncols=True,
        )

    def advance(self, n: int) -> None:
        self._bar.update(n)

    def phase(self, text: str) -> None:
        self._bar.set_description_str(text, refresh=True)

    def close(self) -> None:
        self._bar.close()
