"""The Data page's upload: preview (a dry run), confirm, undo, history, problems as CSV.

Every callback that writes or shows what an account may write checks the account here,
on the server (``current_account``), besides the guard in ``server.auth`` that refuses
the request before Dash runs it. Files go through the same reader and checks as the
command line (``landkort.importer.check_file``), with the account's kommuner.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging

import pandas as pd
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy import Engine
from werkzeug.exceptions import BadRequest

from callbacks import data_users
from landkort import accounts, history, uploads
from landkort.accounts import Account
from landkort.export.cells import defuse_frame
from landkort.formatting import format_int
from landkort.importer import check_file, summary_line
from landkort.importer.preview import preview
from landkort.importer.writing import write_file
from landkort.store import WriteResult
from layouts.data import upload as ui
from layouts.data import users as users_ui
from server.auth import current_account

log = logging.getLogger("landkort.import")
REFUSED = "Kun tovholdere og KL kan indlæse data. Log ind med en konto, der må skrive."


def _writer() -> Account | None:
    account = current_account()
    return account if account is not None and account.writes else None


def _decoded(contents: str) -> bytes | None:
    try:
        return base64.b64decode(contents.partition(",")[2], validate=True)
    except (binascii.Error, ValueError):
        return None


def _problem_rows(report) -> list[dict]:
    return [
        {
            "file": p.file,
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "explanation": p.explanation,
            "suggestion": p.suggestion,
        }
        for p in report.problems
    ]


def _dry_run(engine: Engine, account: Account, path, replace: bool):
    """(preview children, the problems for the store or None when there are none)."""
    report, cells = check_file(path, progress=False, kommuner=account.writable())
    if not report.ok:
        problems = _problem_rows(report)
        return ui.problems_view(report.name, ui.sorted_problems(problems, "row"), "row"), problems
    with engine.connect() as conn:
        changes = preview(conn, cells, replace=replace)
    return ui.changes_view(report.name, changes, replace, "; ".join(report.notes)), None


def register(app: Dash, engine: Engine) -> None:
    data_users.register(app, engine)

    @app.callback(Output("data-account-area", "children"), Input("data-account-area", "id"))
    def account_area(_id):
        account = current_account()
        if account is None:
            return ui.login_prompt("/login?next=/data")
        if not account.writes:
            return ui.read_only(account.description)
        with engine.connect() as conn:
            entries = history.history(conn, account)
            listed = accounts.accounts(conn) if account.is_kl else []
        section = ui.upload_section(
            account.description, uploads.max_bytes() / 1_000_000, ui.history_view(entries)
        )
        return section + ([users_ui.users_section(listed, account.navn)] if listed else [])

    app.clientside_callback(
        ClientsideFunction("landkort", "checkUpload"),
        Output("data-write-file", "data"),
        Output("data-upload-size", "children"),
        Input("data-write-upload", "contents"),
        State("data-write-upload", "filename"),
        State("data-upload-limit", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("data-write-preview", "children"),
        Output("data-write-token", "data"),
        Output("data-problems", "data"),
        Output("data-write-confirm", "disabled"),
        Input("data-write-file", "data"),
        Input("data-write-replace", "value"),
        State("data-write-token", "data"),
        prevent_initial_call=True,
    )
    def dry_run(upload, replace, token):
        account = _writer()
        if account is None:
            return ui.written(REFUSED, "danger"), None, None, True
        if ctx.triggered_id == "data-write-file":
            if not isinstance(upload, dict) or not isinstance(upload.get("contents"), str):
                raise PreventUpdate
            contents, limit = upload["contents"], uploads.max_bytes()
            name = uploads.safe_name(upload.get("filename"))
            if len(contents) * 3 // 4 > limit + 3:
                return ui.size_refusal(name, limit / 1_000_000), None, None, True
            raw = _decoded(contents)
            if raw is None:
                failed = ui.written(f"{name} kunne ikke modtages. Prøv igen.", "danger")
                return failed, None, None, True
            if len(raw) > limit:
                return ui.size_refusal(name, limit / 1_000_000), None, None, True
            if token:
                uploads.discard(token)
            token, path = uploads.save(raw, name, account.id)
            log.info("%s uploadede %s (%d bytes)", account.navn, name, len(raw))
        else:
            path = uploads.find(token, account.id)
            if path is None:
                raise PreventUpdate
        children, problems = _dry_run(engine, account, path, bool(replace))
        return children, token, problems, problems is not None

    @app.callback(
        Output("data-problems-table", "children"),
        Input("data-problems-sort", "value"),
        State("data-problems", "data"),
        prevent_initial_call=True,
    )
    def sort_problems(sort, problems):
        if not problems:
            raise PreventUpdate
        if not (isinstance(problems, list) and all(isinstance(p, dict) for p in problems)):
            raise BadRequest("fejllisten passer ikke til siden")
        return ui.problems_table(ui.sorted_problems(problems, sort))

    @app.callback(
        Output("data-problems-download", "data"),
        Input("data-problems-csv", "n_clicks"),
        State("data-problems", "data"),
        prevent_initial_call=True,
    )
    def problems_csv(clicks, problems):
        if not clicks or not problems:
            raise PreventUpdate
        frame = pd.DataFrame(problems, columns=[k for k, _ in ui.PROBLEM_COLUMNS])
        frame.columns = [label for _, label in ui.PROBLEM_COLUMNS]
        text = io.StringIO()
        defuse_frame(frame).to_csv(text, sep=";", index=False)
        return {"content": "\ufeff" + text.getvalue(), "filename": "problemer.csv"}

    @app.callback(
        Output("data-write-result", "children"),
        Output("data-write-history", "children"),
        Output("data-write-preview", "children", allow_duplicate=True),
        Output("data-write-token", "data", allow_duplicate=True),
        Output("data-write-confirm", "disabled", allow_duplicate=True),
        Input("data-write-confirm", "n_clicks"),
        Input({"type": "data-write-undo", "kommune": ALL, "runde": ALL}, "n_clicks"),
        State("data-write-token", "data"),
        State("data-write-replace", "value"),
        prevent_initial_call=True,
    )
    def write(confirm, undo_clicks, token, replace):
        account = _writer()
        if account is None:
            return ui.written(REFUSED, "danger"), no_update, no_update, no_update, no_update
        trigger = ctx.triggered_id
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate  # a button drawn anew, not pressed
        if trigger == "data-write-confirm":
            message = _confirm(engine, account, token, bool(replace))
            preview_children, new_token, disabled = None, None, True
        else:
            message = _undo(engine, account, int(trigger["kommune"]), int(trigger["runde"]))
            preview_children, new_token, disabled = no_update, no_update, no_update
        with engine.connect() as conn:
            entries = history.history(conn, account)
        return message, ui.history_view(entries), preview_children, new_token, disabled


def _confirm(engine: Engine, account: Account, token, replace: bool):
    path = uploads.find(token, account.id)
    if path is None:
        return ui.written("Filen er ikke gemt længere. Upload den igen.", "warning")
    report, cells = check_file(path, progress=False, kommuner=account.writable())
    if not report.ok:
        return ui.written(
            f"{report.name} har problemer og er ikke indlæst. Upload den igen for at se dem.",
            "danger",
        )
    report.result = write_file(
        engine, report.name, report.sha256, cells, replace=replace, user=account.navn,
        kind="upload",
    )  # fmt: skip
    uploads.discard(token)
    log.info("%s indlæste %s: %s", account.navn, report.name, summary_line(report))
    return ui.written("Indlæst: " + summary_line(report, replace=replace) + ".")


def _undo(engine: Engine, account: Account, kommune: int, runde: int):
    try:
        with engine.begin() as conn:
            undo_id, result = history.undo(conn, account, kommune, runde)
    except history.UndoError as err:
        return ui.written(str(err), "warning")
    log.info("%s fortrød en indlæsning for %s/%s (log %s)", account.navn, kommune, runde, undo_id)
    return ui.written(_undone_text(result))


def _undone_text(result: WriteResult) -> str:
    return (
        f"Fortrudt: {format_int(result.rows_read)} celler er sat tilbage som før "
        f"indlæsningen ({format_int(result.rows_removed)} fjernet, "
        f"{format_int(result.rows_added)} genskabt, {format_int(result.rows_changed)} "
        "ændret tilbage)."
    )
