"""Answers to Dash's callbacks kept per data version, so a view asked for twice is
computed once.

A callback of the public pages (map, compare, kommune) is a function of its request body
(inputs, states, which input changed) and of the database's data; nothing else goes in.
So its answer is kept under (data version, SHA-256 of the body): any write of cells sets
a new data version (``landkort.store``), after which no request asks for the old key and
old answers age out of the bounded store. Which callbacks may be kept is the app's
decision (``cacheable``, from the page registry in ``callbacks/cacheable.py``): a callback
whose answer depends on who asks is never kept.

The version is read before the callback runs, and the callback reads its data after:
an answer kept under a version holds that version's data or newer, never older, so no
request is answered from before an import it could already see.

Each worker process keeps its own store (``LANDKORT_CALLBACK_CACHE_MB``; 0 turns it off).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, Response, g, request
from sqlalchemy import Engine

from landkort.store import data_version
from server.callback_guard import UPDATE

LARGEST = 4 * 1024 * 1024  # an answer larger than this (a big download) is not kept


class AnswerStore:
    """Bytes by key, the least recently used dropped beyond ``limit`` bytes; thread-safe."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: str, value: bytes) -> None:
        if len(value) > min(LARGEST, self.limit):
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.size += len(value) - (len(old) if old is not None else 0)
            self._items[key] = value
            while self.size > self.limit:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)


def answer_key(version: str, body: bytes) -> str:
    return f"{version}:{hashlib.sha256(body).hexdigest()}"


def register(
    server: Flask,
    engine: Engine,
    cacheable: Callable[[Mapping[str, Any]], bool],
    megabytes: int,
) -> AnswerStore | None:
    """Answer kept callbacks from the store, and keep new answers. Register it after the
    checks that may refuse a request (the body guard, and any login check): a kept answer
    is only given to a request those let through."""
    if megabytes <= 0:
        return None
    store = AnswerStore(megabytes * 1024 * 1024)

    @server.before_request
    def _answer_kept() -> Response | None:
        if request.method != "POST" or request.path != "/" + UPDATE:
            return None
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not cacheable(body):
            return None
        with engine.connect() as conn:
            key = answer_key(data_version(conn), request.get_data())
        kept = store.get(key)
        if kept is None:
            g.answer_key = key
            return None
        return Response(kept, mimetype="application/json", headers={"X-Landkort-Cache": "hit"})

    @server.after_request
    def _keep_answer(response: Response) -> Response:
        key = g.pop("answer_key", None)
        if key is not None and response.status_code == 200 and not response.direct_passthrough:
            store.put(key, response.get_data())
            response.headers["X-Landkort-Cache"] = "miss"
        return response

    server.extensions["landkort_answers"] = store
    return store
