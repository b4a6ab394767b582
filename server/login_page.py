"""The login page: plain HTML from the server (it must work before any Dash script may
load, with ``LANDKORT_LOGIN_REQUIRED``), in Danish, styled by the app's own Bootstrap."""

from __future__ import annotations

from html import escape

_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log ind · Digitalt Landkort</title>
<link rel="stylesheet" href="{root}/assets/vendor/bootstrap-5.3.9.landkort.min.css">
<link rel="stylesheet" href="{root}/assets/landkort.css">
</head>
<body>
<header><nav class="navbar navbar-dark bg-primary landkort-navbar mb-4" aria-label="Hovedmenu">
<div class="container-fluid">
<a class="navbar-brand text-white fw-semibold" href="{root}/">Digitalt Landkort</a></div>
</nav></header>
<div class="container" style="max-width: 28rem">
<main id="main">
<h1 class="h3 mb-3">Log ind</h1>
{message}
<form method="post" action="{root}/login" novalidate>
<input type="hidden" name="csrf_token" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<div class="mb-3">
<label class="form-label" for="navn">Brugernavn</label>
<input class="form-control" id="navn" name="navn" type="text" autocomplete="username"
 required value="{navn}"{invalid}>
</div>
<div class="mb-3">
<label class="form-label" for="adgangskode">Adgangskode</label>
<input class="form-control" id="adgangskode" name="adgangskode" type="password"
 autocomplete="current-password" required{invalid}>
</div>
<button class="btn btn-primary" type="submit">Log ind</button>
</form>
<p class="mt-4 small text-muted">Kommunernes tovholdere og KL logger ind for at indlæse
tælleugeresultater. Alle andre kan se tallene uden at logge ind{closed}.</p>
</main>
</div>
</body></html>
"""


def login_page(
    root: str, csrf: str, next_url: str, navn: str = "", error: str = "", closed: bool = False
) -> str:
    """The page; ``error`` is shown above the form and announced (role=alert)."""
    message = (
        f'<div class="alert alert-danger" role="alert" id="login-fejl">{escape(error)}</div>'
        if error
        else ""
    )
    return _PAGE.format(
        root=escape(root),
        message=message,
        csrf=escape(csrf),
        next=escape(next_url),
        navn=escape(navn),
        invalid=' aria-invalid="true" aria-describedby="login-fejl"' if error else "",
        closed=", men her kræver også læsning et login" if closed else "",
    )
