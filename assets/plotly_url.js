/* plotly.js from its versioned address (?v=<content hash>, kept by the browser for a
   year; server/static_cache.py) instead of the fixed one Dash's renderer sets, which can
   only be revalidated. The address comes from the index page (app.py). Loaded before the
   renderer, which then sets the fixed address in vain. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="landkort-plotly"]');
  if (!meta) return;
  var url = meta.getAttribute("content");
  Object.defineProperty(window, "_dashPlotlyJSURL", {
    configurable: true,
    get: function () { return url; },
    set: function () {}
  });
})();
