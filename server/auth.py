"""Logging in and who may write: Flask-Login sessions, CSRF, the login gate, SSO header.

- Sessions: Flask's signed session cookie (``landkort_session``: HttpOnly,
  SameSite=Lax, Secure when the request came over https, lasting
  ``LANDKORT_SESSION_HOURS``), signed with a key kept in the database (``app_secret``)
  so every server process and restart shares it. The session's user id is
  ``<account id>:<session token>``: a new token (log out everywhere, new password)
  ends every session of the account (``landkort.accounts``).
- CSRF: a random token per session. Forms carry it in a hidden field; Dash's renderer
  sends the cookie ``_csrf_token`` back as the ``X-CSRFToken`` header on every callback
  (its built-in behaviour), which is checked for the callbacks that write.
- User changes through Dash (:data:`ADMIN_PREFIX`) need a KL account and the token.
- Writes through Dash: a callback whose output id starts with :data:`WRITE_PREFIX`
  (the Data page's upload, preview, confirm and undo) is refused with 403 before Dash
  runs it unless a logged-in account that may write sent the right token. The callbacks
  check the account again themselves (:func:`current_account`).
- ``LANDKORT_LOGIN_REQUIRED=1``: every page, embed, callback and API call needs a login;
  pages send the browser to ``/login``, the rest answer 403.
- ``LANDKORT_AUTH_HEADER``: a reverse proxy with single sign-on names the user; the
  header is stripped from every request not from ``LANDKORT_TRUSTED_PROXIES``
  (``server.proxy``), and the account must exist here with its role.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from flask import Flask, Response, has_request_context, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from landkort import accounts, lockout, schema, settings
from landkort.accounts import Account
from server.errors import error_response
from server.login_page import login_page

log = logging.getLogger("landkort.login")

WRITE_PREFIX = "data-write-"
ADMIN_PREFIX = "data-admin-"  # KL's user management: only a KL account
CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
SESSION_COOKIE = "landkort_session"
UPDATE_PATH = "/_dash-update-component"
OPEN_PATHS = ("/login", "/logout", "/logout/overalt", "/healthz", "/_favicon.ico")
OPEN_PREFIXES = ("/assets/",)


def auth_header_environ_key(name: str | None = None) -> str | None:
    """The WSGI environ key of ``LANDKORT_AUTH_HEADER`` (``HTTP_X_REMOTE_USER``), or None."""
    name = settings.get("LANDKORT_AUTH_HEADER") if name is None else name
    if not name:
        return None
    return "HTTP_" + name.strip().upper().replace("-", "_")


def login_required() -> bool:
    return (settings.get("LANDKORT_LOGIN_REQUIRED") or "0").strip() == "1"


class SessionUser(UserMixin):
    """Flask-Login's view of an :class:`Account`."""

    def __init__(self, account: Account):
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_token}"


def current_account() -> Account | None:
    """The logged-in account of this request, or None (anonymous: a reader)."""
    if not has_request_context():
        return None
    user = current_user
    if user is None or not user.is_authenticated:
        return None
    return user.account


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def csrf_ok(sent: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and sent) and hmac.compare_digest(expected, sent)


class _SessionInterface(SecureCookieSessionInterface):
    """The cookie is Secure exactly when the request came over https (behind a trusted
    proxy: its X-Forwarded-Proto), so plain http on an intranet still works. The signing
    key is read from the database when the first session is opened (``create_app`` does
    no database work)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def open_session(self, app: Flask, request):
        if not app.secret_key:
            try:
                app.secret_key = secret_key(self.engine)
            except SQLAlchemyError:  # the database is down: no session (errors.py answers)
                return None
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure


def secret_key(engine: Engine) -> str:
    """The key that signs session cookies: made once, kept in the database."""
    t = schema.app_secret
    read = select(t.c.value).where(t.c.key == "session")
    with engine.connect() as conn:
        found = conn.execute(read).scalar()
    if found:
        return found
    with contextlib.suppress(IntegrityError), engine.begin() as conn:  # another process first
        conn.execute(insert(t).values(key="session", value=secrets.token_hex(32)))
    with engine.connect() as conn:
        return conn.execute(read).scalar_one()


def _safe_next(value: str | None) -> str:
    """Where to go after logging in: a path in this app only (no other host)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _page_load() -> bool:
    return request.method == "GET" and not request.path.startswith(("/_dash-", "/api/"))


def register(server: Flask, engine: Engine) -> None:
    """Sessions, ``/login``, ``/logout``, the SSO header, the login gate and the write guard."""
    hours = float(settings.get("LANDKORT_SESSION_HOURS"))
    server.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=hours),
        # The cookie is sent only when the session changes (login, logout), not with every
        # answer: a callback answer still on its way when the user logs out must not put
        # the old session back into the browser. The lifetime counts from the login.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.session_interface = _SessionInterface(engine)
    manager = LoginManager()
    manager.init_app(server)
    header_key = auth_header_environ_key()

    @manager.user_loader
    def _load(user_id: str) -> SessionUser | None:
        account_id, _, token = user_id.partition(":")
        if not account_id.isdigit():
            return None
        with engine.connect() as conn:
            account = accounts.account_by_id(conn, int(account_id))
        if account is None or not hmac.compare_digest(account.session_token, token):
            return None
        return SessionUser(account)

    def _start_session(account: Account) -> None:
        session.clear()
        session.permanent = True
        login_user(SessionUser(account))
        csrf_token()

    @server.before_request
    def _single_sign_on() -> None:
        if header_key is None:
            return
        navn = (request.environ.get(header_key) or "").strip()
        if not navn:
            return
        account = current_account()
        if account is not None and account.navn == navn:
            return
        with engine.connect() as conn:
            found = accounts.find_account(conn, navn)
        if found is None:
            log.warning("single sign-on: brugeren %r findes ikke her", navn[:100])
            if account is not None:
                logout_user()
            return
        _start_session(found)

    @server.before_request
    def _gate() -> Response | None:
        path = request.path
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return None
        if request.method == "POST" and path == UPDATE_PATH:
            refused = _write_refusal()
            if refused is not None:
                return refused
        if not login_required() or current_account() is not None:
            return None
        if _page_load():
            target = request.full_path if request.query_string else request.path
            return redirect(f"{request.script_root}/login?next={quote(target)}")
        return error_response(403, "Log ind først.")

    def _write_refusal() -> Response | None:
        body = request.get_json(silent=True)
        output = body.get("output") if isinstance(body, dict) else None
        if isinstance(output, str) and ADMIN_PREFIX in output:
            return _admin_refusal()
        if not isinstance(output, str) or WRITE_PREFIX not in output:
            return None
        account = current_account()
        if account is None or not account.writes:
            log.warning("skrivning afvist: %s uden ret til at skrive", _who())
            return error_response(403, "Kun tovholdere og KL kan indlæse data.")
        if not csrf_ok(request.headers.get(CSRF_HEADER)):
            log.warning("skrivning afvist: %s uden gyldig CSRF-nøgle", _who())
            return error_response(403, "Forespørgslen mangler en gyldig CSRF-nøgle.")
        kommuner = _kommuner_named(body.get("changedPropIds"))
        if any(not account.may_write(k) for k in kommuner):
            log.warning("skrivning afvist: %s må ikke skrive for %s", _who(), sorted(kommuner))
            return error_response(403, "Din konto må ikke ændre data for denne kommune.")
        return None

    def _admin_refusal() -> Response | None:
        account = current_account()
        if account is None or not account.is_kl:
            log.warning("brugerændring afvist: %s er ikke KL", _who())
            return error_response(403, "Kun KL kan ændre brugere.")
        if not csrf_ok(request.headers.get(CSRF_HEADER)):
            log.warning("brugerændring afvist: %s uden gyldig CSRF-nøgle", _who())
            return error_response(403, "Forespørgslen mangler en gyldig CSRF-nøgle.")
        return None

    @server.after_request
    def _csrf_cookie(response: Response) -> Response:
        token = session.get("csrf") if "_user_id" in session else None
        if token and request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(
                CSRF_COOKIE,
                token,
                path=(request.script_root or "") + "/",
                samesite="Lax",
                secure=request.is_secure,
                httponly=False,  # Dash's renderer reads it to send it back as a header
            )
        return response

    @server.route("/login", methods=["GET", "POST"])
    def login() -> Response:
        root = request.script_root
        if request.method == "GET":
            page = login_page(
                root, csrf_token(), _safe_next(request.args.get("next")), closed=login_required()
            )
            return _html(page)
        if not csrf_ok(request.form.get("csrf_token")):
            return _html(
                login_page(
                    root,
                    csrf_token(),
                    "/",
                    error="Formularen var forældet. Prøv at logge ind igen.",
                ),
                403,
            )
        navn = (request.form.get("navn") or "").strip()[:100]
        password = request.form.get("adgangskode") or ""
        next_url = _safe_next(request.form.get("next"))
        with engine.begin() as conn:
            until = lockout.locked_until(conn, navn)
            if until is not None:
                lockout.record(conn, navn, lockout.REFUSED)
                account = None
            else:
                account = accounts.authenticate(conn, navn, password)
                lockout.record(conn, navn, lockout.OK if account else lockout.FAILED)
        if until is not None:
            minutes = max(1, round((until - _now()).total_seconds() / 60))
            error = (
                "For mange forkerte forsøg med dette brugernavn. Prøv igen om "
                f"{minutes} {'minut' if minutes == 1 else 'minutter'}."
            )
            return _html(login_page(root, csrf_token(), next_url, navn, error), 429)
        if account is None:
            error = "Forkert brugernavn eller adgangskode."
            return _html(login_page(root, csrf_token(), next_url, navn, error), 401)
        _start_session(account)
        log.info("%s loggede ind", account.navn)
        return redirect(root + next_url)

    @server.route("/logout", methods=["POST"])
    @server.route("/logout/overalt", methods=["POST"])
    def logout() -> Response:
        if not csrf_ok(request.form.get("csrf_token")):
            return error_response(403, "Forespørgslen mangler en gyldig CSRF-nøgle.")
        account = current_account()
        if account is not None and request.path.endswith("/overalt"):
            with engine.begin() as conn:
                accounts.end_sessions(conn, account.id)
            log.info("%s loggede ud alle steder", account.navn)
        logout_user()
        session.clear()
        response = redirect(request.script_root + "/")
        response.delete_cookie(CSRF_COOKIE, path=(request.script_root or "") + "/")
        return response


def _kommuner_named(changed: object) -> set[int]:
    """Kommuner named in the ids of the triggering components (the undo buttons carry
    ``{"type": "data-write-undo", "kommune": 187, "runde": 1}``)."""
    found: set[int] = set()
    for prop in changed if isinstance(changed, list) else []:
        if not isinstance(prop, str) or not prop.startswith("{"):
            continue
        try:
            ident = json.loads(prop.rpartition(".")[0])
        except ValueError:
            found.add(-1)  # unreadable: refused
            continue
        value = ident.get("kommune") if isinstance(ident, dict) else None
        if value is not None:
            found.add(value if isinstance(value, int) else -1)
    return found


def _who() -> str:
    account = current_account()
    return "anonym" if account is None else f"{account.navn} ({account.rolle})"


def _now() -> datetime:
    return datetime.now(UTC)


def _html(page: str, status: int = 200) -> Response:
    response = Response(page, status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
