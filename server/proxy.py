"""``X-Forwarded-For/Proto/Host/Prefix`` (and the single sign-on user header,
``LANDKORT_AUTH_HEADER``), honoured only from ``LANDKORT_TRUSTED_PROXIES``.

Anyone can send these headers; believing them from anyone would let a visitor choose
the host name that goes into 'Indlejr' snippets and links. So the request's direct peer
(``REMOTE_ADDR``) must be one of the configured addresses or networks; then werkzeug's
``ProxyFix`` applies them (one proxy hop). From anyone else they are removed, so nothing
further in the app can read them by mistake.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable

from werkzeug.middleware.proxy_fix import ProxyFix

from landkort import settings

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
    "HTTP_FORWARDED",
)


def trusted_networks(value: str | None = None) -> list[Network]:
    """The networks of ``LANDKORT_TRUSTED_PROXIES`` (addresses or CIDR, spaces or commas).

    An entry that is not an address is an error at start, not a silent gap.
    """
    raw = settings.get("LANDKORT_TRUSTED_PROXIES") if value is None else value
    networks = []
    for entry in re.split(r"[\s,]+", (raw or "").strip()):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as err:
            raise ValueError(
                f"LANDKORT_TRUSTED_PROXIES: '{entry}' er ikke en IP-adresse eller et net."
            ) from err
    return networks


def is_trusted(remote_addr: str | None, networks: list[Network]) -> bool:
    if not remote_addr or not networks:
        return False
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in net for net in networks)


class TrustedProxyMiddleware:
    """Apply ``ProxyFix`` for requests from trusted proxies; strip the headers otherwise."""

    def __init__(
        self, app: WSGIApp, networks: list[Network], also_strip: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        self.networks = networks
        self.strip = FORWARDED + also_strip  # e.g. the single sign-on user header
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if is_trusted(environ.get("REMOTE_ADDR"), self.networks):
            return self.fixed(environ, start_response)
        for key in self.strip:
            environ.pop(key, None)
        return self.app(environ, start_response)
