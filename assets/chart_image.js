/* 'Hent billede' and 'Kopiér link', on the dashboard and on embed pages (which load this
   file alone). A chart's picture is drawn from its figure as it stands, with the lines
   the figure carries in layout.meta.image (layouts/components/chart_image.py: the file
   name, the source line, the boundaries' credit, the demo mark) drawn under it. */
(function () {
  "use strict";

  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function wrap(text, width) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  /* {name, url}: the chart as a PNG or SVG data address, the lines under it */
  function chartImage(gd, format) {
    var meta = (gd.layout && gd.layout.meta && gd.layout.meta.image) ||
      { name: "landkort-graf", lines: ["Kilde: Digitalt Landkort"], demo: "" };
    var full = gd._fullLayout;
    var width = Math.max(full.width || 700, 320);
    var height = full.height || 450;
    var margin = full.margin || { l: 0, r: 0, t: 0, b: 0 };
    var lines = [];
    (meta.lines || []).forEach(function (l) {
      lines = lines.concat(wrap(l, Math.max(40, Math.floor(width / 6.4))));
    });
    var below = lines.length * 15 + 12;
    var above = meta.demo ? 28 : 0;
    var layout = JSON.parse(JSON.stringify(gd.layout));
    layout.width = width;
    layout.height = height + below + above;
    layout.autosize = false;
    layout.paper_bgcolor = "#ffffff";
    layout.margin = { l: margin.l, r: margin.r, t: margin.t + above, b: margin.b + below,
                      pad: margin.pad || 0 };
    var notes = (layout.annotations || []).slice();
    notes.push({
      text: lines.map(escapeText).join("<br>"), showarrow: false, align: "left",
      xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top",
      yshift: -(margin.b + 6), font: { size: 11, color: "#333333" }
    });
    if (meta.demo) {
      notes.push({
        text: "<b>" + escapeText(meta.demo) + "</b>", showarrow: false,
        xref: "paper", yref: "paper", x: 1, y: 1, xanchor: "right", yanchor: "bottom",
        yshift: margin.t + 4, bgcolor: "#ffc107", borderpad: 3,
        font: { size: 12, color: "#212529" }
      });
    }
    layout.annotations = notes;
    var config = { topojsonURL: gd._context && gd._context.topojsonURL };
    return window.Plotly.toImage(
      { data: gd.data, layout: layout, config: config },
      { format: format, width: layout.width, height: layout.height }
    ).then(function (url) {
      return { name: meta.name + "." + format, url: url };
    });
  }

  function save(image) {
    var link = document.createElement("a");
    link.href = image.url;
    link.download = image.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    return image;
  }

  /* the plotly graph a button names: an element's id inside the chart's figure (the
     dashboard: its caption), or the graph itself (an embed page) */
  function graphOf(button) {
    var target = document.getElementById(button.getAttribute("data-image-of"));
    if (!target) return null;
    if (target.classList.contains("js-plotly-plot")) return target;
    return (target.closest("figure") || target)
      .querySelector(".js-plotly-plot, .chart-waiting");
  }

  /* the button's graph; on the dashboard, plotly.js is run first if no chart has been
     near the screen yet (assets/charts_near.js), and the graph is there a frame or two
     after it */
  function graphSoon(button) {
    var charts = window.landkortCharts;
    var loaded = charts ? charts.load() : Promise.resolve(window.Plotly);
    return loaded.then(function () {
      return new Promise(function (resolve) {
        var frames = 0;
        (function look() {
          var gd = graphOf(button);
          if (gd || frames++ > 120) resolve(gd);
          else window.requestAnimationFrame(look);
        })();
      });
    }, function () { return null; });
  }

  /* a graph not yet drawn (away from the screen, assets/charts_near.js) is drawn first */
  function drawn(gd) {
    return window.landkortCharts ? window.landkortCharts.draw(gd) : Promise.resolve();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByHand(text); });
    }
    return Promise.resolve(copyByHand(text));
  }

  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the address stays in data-copied */ }
    area.remove();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-image-format]");
    if (button) {
      button.setAttribute("aria-busy", "true");
      var format = button.getAttribute("data-image-format");
      graphSoon(button).then(function (gd) {
        if (!gd) return null;
        return drawn(gd).then(function () { return chartImage(gd, format); }).then(save)
          .then(function (image) { button.setAttribute("data-saved", image.name); });
      }).finally(function () { button.removeAttribute("aria-busy"); });
      return;
    }
    var copy = event.target.closest && event.target.closest("[data-copy-link]");
    if (copy) {
      var address = window.location.href;
      copy.setAttribute("data-copied", address);
      copyText(address).then(function () {
        var status = copy.parentNode.querySelector(".copy-status");
        if (status) {
          status.textContent = "Linket er kopieret";
          window.setTimeout(function () { status.textContent = ""; }, 4000);
        }
      });
    }
  });

  window.landkortImage = { chartImage: chartImage, save: save };
})();
