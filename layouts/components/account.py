"""Who is logged in, in the header: the name and role with 'Log ud' (here or everywhere),
or 'Log ind'. Logging out is a form POST carrying the session's CSRF token."""

from __future__ import annotations

from dash import dcc, html


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
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf_token", value=csrf, id="logout-csrf"),
                    html.Button(
                        "Log ud",
                        type="submit",
                        className="btn btn-sm btn-light me-1",
                        id="logout-button",
                    ),
                    html.Button(
                        "Log ud alle steder",
                        type="submit",
                        name="overalt",
                        value="1",
                        className="btn btn-sm btn-outline-light",
                        id="logout-everywhere",
                    ),
                ],
                method="POST",
                action="/logout",
                className="d-inline",
            ),  # fmt: skip
        ],
        className="account-menu ms-md-3 d-flex flex-wrap align-items-center gap-1",
    )
