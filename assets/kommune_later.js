/* The kommune page draws what is on the first screen at once and the report's sections
   below it when the reader nears them: scrolls to within 200 px of them, presses a
   key (keyboard users, and Ctrl+P) or prints. Then kp-near is set, once per page, and
   the server's batch callback (callbacks/kommune.py) draws them in one request. A
   visit that reads the top costs the browser and the server only the top. */
(function () {
  "use strict";

  var watcher = null;
  var watched = [];

  function near() {
    if (!watched.length) return;
    var fresh = watched.filter(function (el) { return !el.landkortNear; });
    watched.forEach(function (el) { el.landkortNear = true; });
    stop();
    if (fresh.length && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("kp-near", { data: true });
    }
  }

  function stop() {
    if (watcher) watcher.disconnect();
    watcher = null;
    watched = [];
  }

  function watch() {
    if (watched.length && !document.body.contains(watched[0])) stop();  /* a new page */
    if (watched.length) return;
    var later = Array.prototype.filter.call(
      document.querySelectorAll(".kp-later"), function (el) { return !el.landkortNear; });
    if (!later.length) return;
    watched = later;
    if (!("IntersectionObserver" in window)) { near(); return; }
    watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) near();
    }, { rootMargin: "200px 0px" });
    later.forEach(function (el) { watcher.observe(el); });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; watch(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("keydown", near, true);
  window.addEventListener("beforeprint", near);
})();
