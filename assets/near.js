/* Parts of a page drawn when the reader nears them. An element with data-near="<store>"
   sets that store to true, once per page, when it comes within 200 px of the screen,
   when the reader presses a key (keyboard users, Ctrl+F, Ctrl+P) or prints; a callback
   then fills it. The kommune page's report sections (kp-near: one batched request,
   callbacks/kommune.py) and the compare page's ranking table (its rows, kept in the
   page: callbacks/compare.py) wait so. A visit that reads the top costs the browser and
   the server only the top. Charts are drawn as they near the screen in
   assets/charts_near.js. */
(function () {
  "use strict";

  var watcher = null;
  var watched = [];

  /* set the stores of ``elements`` (each once) */
  function reached(elements) {
    var stores = [];
    elements.forEach(function (el) {
      if (el.landkortNear) return;
      el.landkortNear = true;
      var store = el.getAttribute("data-near");
      if (stores.indexOf(store) < 0) stores.push(store);
    });
    watched = watched.filter(function (el) {
      if (stores.indexOf(el.getAttribute("data-near")) < 0) return true;
      el.landkortNear = true;  // its store is set: the one request brings it too
      if (watcher) watcher.unobserve(el);
      return false;
    });
    if (!window.dash_clientside || !window.dash_clientside.set_props) return;
    stores.forEach(function (store) {
      window.dash_clientside.set_props(store, { data: true });
    });
  }

  function all() {
    reached(watched.slice());
  }

  function stop() {
    if (watcher) watcher.disconnect();
    watcher = null;
    watched = [];
  }

  function watch() {
    if (watched.length && !document.body.contains(watched[0])) stop();  /* a new page */
    var fresh = Array.prototype.filter.call(
      document.querySelectorAll("[data-near]"), function (el) {
        return !el.landkortNear && watched.indexOf(el) < 0;
      });
    if (!fresh.length) return;
    watched = watched.concat(fresh);
    if (!("IntersectionObserver" in window)) { all(); return; }
    if (!watcher) {
      watcher = new IntersectionObserver(function (entries) {
        reached(entries.filter(function (e) { return e.isIntersecting; })
          .map(function (e) { return e.target; }));
      }, { rootMargin: "200px 0px" });
    }
    fresh.forEach(function (el) { watcher.observe(el); });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; watch(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("keydown", all, true);
  window.addEventListener("beforeprint", all);
})();
