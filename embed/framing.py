"""Who may put our pages in a frame (CSP ``frame-ancestors`` and X-Frame-Options)."""

from __future__ import annotations

import re

from landkort import settings

_ORIGIN = re.compile(
    r"^(\*|'self'|https?://[A-Za-z0-9.-]+(:\d{1,5})?|https?://\*\.[A-Za-z0-9.-]+)$"
)


def embed_origins(value: str | None = None) -> list[str]:
    """The origins from ``LANDKORT_EMBED_ORIGINS`` (spaces or commas between); default any.

    Anything that is not an origin is dropped, so a typo cannot inject into the header.
    """
    raw = settings.get("LANDKORT_EMBED_ORIGINS") if value is None else value
    origins = [o for o in re.split(r"[\s,]+", raw.strip()) if _ORIGIN.match(o)]
    return origins or ["'none'"]


def frame_headers(path: str) -> dict[str, str]:
    """Headers for a response to ``path``: framable under /embed/, nowhere else."""
    if path.startswith("/embed/"):
        return {"Content-Security-Policy": f"frame-ancestors {' '.join(embed_origins())}"}
    return {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}
