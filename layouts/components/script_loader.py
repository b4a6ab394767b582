"""Dash's scripts, fetched once the browser has painted the page's first view.

The index page carries the page drawn as HTML (static_html.py). With Dash's scripts as
``<script defer src>`` the browser fetched them beside the style sheets and, on a fast
connection, often ran them (React, the renderer, plotly.js) before it painted anything:
the first view then never showed and the first paint waited for the live page. Here
the index page lists them as data blocks (``<script type="text/x-landkort-later"
data-src>``, which the browser neither fetches nor runs) and :data:`LOADER` (Dash's
renderer script, allowed by its hash in the Content-Security-Policy) adds them, in
their order, after the first frame; the renderer starts when the last one has run.

A tab opened in the background paints nothing until it is shown, so there the scripts
are added at once.
"""

from __future__ import annotations

import html
import re

LATER = "text/x-landkort-later"

LOADER = """(function () {
  var started = false;
  function start() {
    if (started) return;
    started = true;
    var later = document.querySelectorAll('script[type="text/x-landkort-later"]');
    var last = null;
    later.forEach(function (block) {
      var src = block.getAttribute("data-src");
      if (block.hasAttribute("data-preload")) {
        var link = document.createElement("link");
        link.rel = "preload";
        link.as = "script";
        link.href = src;
        document.head.appendChild(link);
        return;
      }
      last = document.createElement("script");
      last.src = src;
      last.async = false;
      document.body.appendChild(last);
    });
    last.addEventListener("load", function () { window.renderer = new DashRenderer(); });
  }
  if (document.visibilityState === "hidden") start();
  else window.requestAnimationFrame(function () { window.setTimeout(start, 0); });
})();"""

_SCRIPT_TAG = re.compile(r'<script src="(?P<src>[^"]+)"></script>')


def scripts_for_later(scripts_html: str, preload: list[str]) -> str:
    """Dash's ``{%scripts%}`` with every ``<script src>`` turned into a data block that
    :data:`LOADER` reads; inline scripts stay as they are. ``preload``: addresses fetched
    first, beside them (plotly.js on a page with charts, which dcc.Graph asks for later)."""
    early = "".join(
        f'<script type="{LATER}" data-src="{html.escape(url, quote=True)}" data-preload></script>\n'
        for url in preload
    )
    later = _SCRIPT_TAG.sub(rf'<script type="{LATER}" data-src="\g<src>"></script>', scripts_html)
    return early + later
