/* A chart is drawn when it nears the screen, not while the page loads. dcc.Graph asks
   plotly.js to draw every graph of a page as soon as it is mounted; a chart further
   down (the compare page's lower rows, the map's side panel on a phone) cost the first
   load its drawing, and a reader who never scrolls there never sees it. Here plotly's
   first draw of a graph away from the screen waits until the graph is within MARGIN of
   it (an IntersectionObserver; meanwhile the graph has the class chart-waiting). Later
   draws, and graphs on or near the screen, go straight through. First draws are made
   one per task, so a page's charts do not add up to one long task that holds back the
   reader's first click or key. A waiting graph keeps the height its style gives it, so
   nothing moves when it is drawn. Printing draws every waiting graph first
   (beforeprint, before assets/print.js sets their print width), and 'Hent billede'
   draws its graph first (assets/chart_image.js).

   plotly.js itself is run only when a chart nears the screen: evaluating it is the
   longest task of a first load (about 0.5 s on a phone), and on a phone the kommune and
   compare pages open with no chart in sight. dcc.Graph waits for ``window.Plotly ||
   <its own script tag>``; until plotly.js has run, window.Plotly is a promise-like
   stand-in that dcc.Graph waits on, and plotly.js is added (the index page has fetched
   it already, layouts/components/script_loader.py) once a chart's box (.chart-slot) is
   within MARGIN of the screen: at once when the first view shows one, when the graphs
   first ask, on scrolling or resizing, when the page changes, or when a chart is wanted
   at once (print, 'Hent billede'). */
(function () {
  "use strict";

  var MARGIN = 100;  // px above and below the screen
  var waiting = new Map();  // graph div -> {react, args, done: [[resolve, reject]]}
  var queue = [];  // first draws due, one per task: [run, resolve, reject]
  var observer = null;
  var plotly;

  function runNext() {
    var job = queue.shift();
    if (queue.length) window.setTimeout(runNext, 0);
    if (job) run(job);
  }

  function run(job) {
    try {
      Promise.resolve(job[0]()).then(job[1], job[2]);
    } catch (err) {
      job[2](err);
    }
  }

  /* ``draw`` in a task of its own, after the first draws already due */
  function soon(draw) {
    return new Promise(function (resolve, reject) {
      queue.push([draw, resolve, reject]);
      if (queue.length === 1) window.setTimeout(runNext, 0);
    });
  }

  function near(gd) {
    var box = gd.getBoundingClientRect();
    if (!box.width && !box.height) return true;  // not laid out (hidden): as before
    var height = window.innerHeight || document.documentElement.clientHeight;
    return box.top < height + MARGIN && box.bottom > -MARGIN;
  }

  /* a waiting graph's first draw: in a task of its own, or ``now`` (print, an image) */
  function draw(gd, now) {
    var entry = waiting.get(gd);
    if (!entry) return Promise.resolve();
    waiting.delete(gd);
    gd.classList.remove("chart-waiting");
    if (observer) observer.unobserve(gd);
    var react = function () { return entry.react.apply(plotly, entry.args); };
    var drawn = now ? new Promise(function (resolve, reject) { run([react, resolve, reject]); })
      : soon(react);
    entry.done.forEach(function (pair) { drawn.then(pair[0], pair[1]); });
    return drawn;
  }

  function watch(gd) {
    if (!observer) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) { if (e.isIntersecting) draw(e.target); });
      }, { rootMargin: MARGIN + "px 0px" });
    }
    observer.observe(gd);
  }

  function later(react) {
    return function (gd) {
      var args = arguments;
      var self = this;
      if (!(gd instanceof HTMLElement) || gd._fullLayout) return react.apply(self, args);
      if (!("IntersectionObserver" in window) || near(gd)) {
        return soon(function () { return react.apply(self, args); });
      }
      return new Promise(function (resolve, reject) {
        var entry = waiting.get(gd);
        if (entry) {  // a newer figure before the first was drawn: that one is drawn
          entry.args = args;
          entry.done.push([resolve, reject]);
          return;
        }
        waiting.set(gd, { react: react, args: args, done: [[resolve, reject]] });
        gd.classList.add("chart-waiting");
        watch(gd);
      });
    };
  }

  /* --- plotly.js when a chart nears the screen ----------------------------- */

  var asked = [];  // dcc.Graph's waits for plotly.js: [resolve, reject]
  var loading = false;
  var watching = false;
  var checkDue = false;
  var mutations = null;
  var standIn = {
    then: function (resolve, reject) {
      asked.push([resolve, reject]);
      watchSlots();
    }
  };

  function slotNear() {
    var height = window.innerHeight || document.documentElement.clientHeight;
    return Array.prototype.some.call(document.querySelectorAll(".chart-slot"), function (slot) {
      var box = slot.getBoundingClientRect();
      return (box.width > 0 || box.height > 0) &&
        box.top < height + MARGIN && box.bottom > -MARGIN;
    });
  }

  function check() {
    checkDue = false;
    if (!loading && slotNear()) load();
  }

  function checkSoon() {
    if (checkDue || loading) return;
    checkDue = true;
    window.requestAnimationFrame(function () { window.setTimeout(check, 0); });
  }

  function watchSlots() {
    if (watching || loading) { checkSoon(); return; }
    watching = true;
    window.addEventListener("scroll", checkSoon, { passive: true });
    window.addEventListener("resize", checkSoon);
    mutations = new MutationObserver(checkSoon);
    mutations.observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["class", "style", "open"]
    });
    checkSoon();
  }

  function stopWatching() {
    window.removeEventListener("scroll", checkSoon);
    window.removeEventListener("resize", checkSoon);
    if (mutations) mutations.disconnect();
  }

  /* plotly.js runs; its ``window.Plotly = Plotly`` lands in the setter below */
  function load() {
    if (loading || plotly) return ready();
    loading = true;
    stopWatching();
    var script = document.createElement("script");
    script.src = plotlyURL();
    script.onerror = function (err) {
      asked.splice(0).forEach(function (pair) { pair[1](err); });
    };
    document.body.appendChild(script);
    return ready();
  }

  /* plotly.js's versioned address: the index page's (assets/plotly_url.js, app.py), which
     this script may run before */
  function plotlyURL() {
    var meta = document.querySelector('meta[name="landkort-plotly"]');
    return (meta && meta.getAttribute("content")) || window._dashPlotlyJSURL;
  }

  function ready() {
    if (plotly) return Promise.resolve(plotly);
    return new Promise(function (resolve, reject) { asked.push([resolve, reject]); });
  }

  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get: function () { return plotly || standIn; },
    set: function (value) {
      if (value && typeof value.react === "function" && !value.landkortNear) {
        value.react = later(value.react);
        value.landkortNear = true;
      }
      plotly = value;
      if (plotly) {
        stopWatching();
        asked.splice(0).forEach(function (pair) { pair[0](plotly); });
      }
    }
  });

  /* every waiting graph, at once (before printing) */
  function drawAll() {
    while (queue.length) run(queue.shift());
    Array.from(waiting.keys()).forEach(function (gd) { draw(gd, true); });
  }

  /* A chart in sight in the first view (the page drawn as HTML, which holds each chart's
     box where it will be): plotly.js runs now, while the renderer fetches the layout and
     draws the page, not after the graph has mounted and asked for it. */
  if (document.getElementById("first-view") && slotNear()) load();

  window.addEventListener("beforeprint", function () {
    if (!plotly) load();  // too late for this print; the next one has every chart
    drawAll();
  });
  window.landkortCharts = {
    load: load,  // plotly.js, now: a promise of it
    loaded: function () { return !!plotly; },
    draw: function (gd) { return draw(gd, true); },
    drawAll: drawAll,
    waiting: function () { return waiting.size; }
  };
})();
