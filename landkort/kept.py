"""Results kept in memory per data version, least recently used dropped first.

Pages ask again and again for the same few derived figures (a kommune's cells, a round's
ranking, a map selection's values). Each is kept under the database's data version
(``landkort.store.data_version``), which every write changes, so an import seen by one
worker process is seen by every other at its next request, and nothing kept outlives
the data it came from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy.engine import Connection

from landkort.store import data_version

T = TypeVar("T")


class Kept(Generic[T]):
    """Up to ``size`` results, each under (data version, key)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, conn: Connection, key: Hashable, build: Callable[[], T], version: str | None = None
    ) -> T:
        """The result kept for ``key`` in the connection's data version, else ``build()``
        (outside the lock: two requests may build it at once, and both get a right one)."""
        full = (data_version(conn) if version is None else version, key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]
        found = build()
        with self._lock:
            self._items[full] = found
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return found
