"""Who is logged in, in the header: the name and role with 'Log ud' (here or everywhere),
or 'Log ind'. Logging out is a form POST carrying the session's CSRF token: as the
submit button's own name and value, so the form works as soon as the button is drawn
(no input component that Dash loads later)."""

from __future__ import annotations

from dash import html


def account_menu(name: str | None, description: str = "", csrf: str = "") -> html.Div:
    """The header's account part; ``name`` None for an anonymous visitor."""
    if name is None:
        return html.Div(
            html.A("Log ind", href="/login", className="nav-link text-white", id="login-link"),
            className="account-menu ms-md-3",
        )
    return html.Div(
        [
            html.Span(
                [html.Span("Logget ind som "), html.Strong(name), html.Span(f" ({description})")],
                className="text-white small me-2",
                id="logged-in-as",
            ),
            _logout_form("Log ud", "/logout", "btn-light me-1", "logout-button", csrf),
            _logout_form(
                "Log ud alle steder",
                "/logout/overalt",
                "btn-outline-light",
                "logout-everywhere",
                csrf,
            ),  # fmt: skip
        ],
        className="account-menu ms-md-3 d-flex flex-wrap align-items-center gap-1",
    )


def _logout_form(text: str, action: str, style: str, id_: str, csrf: str) -> html.Form:
    button = html.Button(
        text, type="submit", name="csrf_token", value=csrf, className=f"btn btn-sm {style}",
        id=id_,
    )  # fmt: skip
    return html.Form(button, method="POST", action=action, className="d-inline")
