"""Who may put our pages in a frame (CSP ``frame-ancestors`` and X-Frame-Options)."""

from __future__ import annotations

import re
from functools import lru_cache

from landkort import settings

_ORIGIN = re.compile(r"^(https?)://(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(:\d{1,5})?$")


def _origin(entry: str) -> str:
    """One entry as CSP writes it: scheme and host in lower case, no trailing slash.

    ``'self'`` and ``https://*.kommune.dk`` (any subdomain) are allowed as CSP allows them;
    a path, a query, a port out of range or any other character is refused.
    """
    if entry.lower() in ("'self'", "self"):
        return "'self'"
    candidate = entry.rstrip("/")
    scheme, sep, rest = candidate.partition("://")
    normal = scheme.lower() + sep + rest.lower()
    match = _ORIGIN.match(normal)
    if not match or (match.group(4) and not 0 < int(match.group(4)[1:]) < 65536):
        raise ValueError(
            f"LANDKORT_EMBED_ORIGINS: '{entry}' er ikke en origin som https://intranet.kommune.dk."
        )
    return normal


@lru_cache(maxsize=16)
def parse_origins(raw: str) -> tuple[str, ...]:
    """The origins in ``raw`` (spaces or commas between), normalised; ``("'none'",)`` for none.

    Raises ``ValueError`` naming the value when an entry is not an origin, or when ``*``
    stands beside others (it would allow every origin silently).
    """
    entries = [e for e in re.split(r"[\s,]+", raw.strip()) if e]
    if not entries:
        return ("'none'",)
    if "*" in entries:
        if len(entries) > 1:
            raise ValueError(
                f"LANDKORT_EMBED_ORIGINS: '*' (alle origins) kan kun stå alene, ikke i '{raw}'."
            )
        return ("*",)
    origins: list[str] = []
    for entry in entries:
        origin = _origin(entry)
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


def embed_origins(value: str | None = None) -> list[str]:
    """The origins from ``LANDKORT_EMBED_ORIGINS`` (default ``*``: any); set but empty: none.

    An entry that is not an origin is an error (checked at start by ``embed.register``),
    never silently dropped, so a typo can neither inject into the header nor go unseen.
    """
    raw = settings.get("LANDKORT_EMBED_ORIGINS") if value is None else value
    return list(parse_origins(raw or ""))


def frame_headers(path: str) -> dict[str, str]:
    """Headers for a response to ``path``: framable under /embed/, nowhere else."""
    if path.startswith("/embed/"):
        return {"Content-Security-Policy": f"frame-ancestors {' '.join(embed_origins())}"}
    return {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}
