"""Accounts, logins and Dash callback calls for the login and upload tests."""

from __future__ import annotations

import base64
import json
import re

from sqlalchemy import Engine

from landkort import accounts
from landkort.store import data_version

PASSWORD = "en-lang-adgangskode"


def add(engine: Engine, navn: str, rolle: str, *kommuner: int) -> accounts.Account:
    with engine.begin() as conn:
        return accounts.add_account(conn, navn, rolle, PASSWORD, frozenset(kommuner))


def csrf_from(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def login(client, navn: str, password: str = PASSWORD, **extra):
    """POST the login form as a browser does (token from the form); the response."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login",
        data={"navn": navn, "adgangskode": password, "csrf_token": token, "next": "/data", **extra},
    )


def session_csrf(client) -> str:
    """The CSRF token Dash's renderer would send (the ``_csrf_token`` cookie)."""
    cookie = client.get_cookie("_csrf_token")
    return cookie.value if cookie else ""


def version(engine: Engine) -> str:
    with engine.connect() as conn:
        return data_version(conn)


def contents(raw: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(raw).decode()


def callback_body(output: str, inputs: list, state: list, changed: list[str]) -> dict:
    def items(entries):
        """(id, property, value) triples; a list stands for a pattern input as it is."""
        return [
            e if isinstance(e, list) else dict(zip(("id", "property", "value"), e, strict=True))
            for e in entries
        ]

    outs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]}
        for part in output.strip(".").split("...")
    ]
    return {
        "output": output,
        "outputs": outs if output.startswith("..") else outs[0],  # one output: an object
        "inputs": items(inputs),
        "state": items(state),
        "changedPropIds": changed,
    }


def post_callback(client, body: dict, csrf: str | None = None):
    headers = {"Content-Type": "application/json"}
    if csrf is not None:
        headers["X-CSRFToken"] = csrf
    return client.post("/_dash-update-component", data=json.dumps(body), headers=headers)


def dependencies(client) -> dict[str, dict]:
    return {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
