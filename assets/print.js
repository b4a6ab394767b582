/* Print: redraw every chart at the width it gets on an A4 page, then back. plotly.js
   draws at a fixed pixel width, so without this a chart drawn for a wide screen would be
   cut at the page edge. Half-width cards sit two to a row on paper (see print.css). */
(function () {
  var A4_WIDTH = 690; /* CSS px inside the page margins */

  function charts() {
    return Array.prototype.slice.call(document.querySelectorAll(".kp-chart .js-plotly-plot"));
  }

  /* plotly.js runs only once a chart nears the screen (assets/charts_near.js) */
  function plotlyRan() {
    return window.landkortCharts ? window.landkortCharts.loaded() : !!window.Plotly;
  }

  function printWidth(graph) {
    var half = graph.closest(".col-lg-6");
    return (half ? A4_WIDTH / 2 : A4_WIDTH) - 34; /* card padding and border */
  }

  window.addEventListener("beforeprint", function () {
    if (!plotlyRan()) return;
    charts().forEach(function (graph) {
      graph.dataset.screenWidth = graph.layout && graph.layout.width ? graph.layout.width : "";
      window.Plotly.relayout(graph, { width: printWidth(graph), autosize: false });
    });
    window.__landkortPrinted = charts().map(function (g) {
      var svg = g.querySelector(".main-svg");
      return svg ? Number(svg.getAttribute("width")) : null;
    });
  });

  window.addEventListener("afterprint", function () {
    if (!plotlyRan()) return;
    charts().forEach(function (graph) {
      window.Plotly.relayout(graph, { width: null, autosize: true });
    });
  });
})();
