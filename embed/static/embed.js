// Draws the one chart of an embed page and keeps it sized to the iframe.
(function () {
  var holder = document.getElementById("chart");
  var figure = JSON.parse(document.getElementById("figure").textContent);
  var config = {
    responsive: true,
    displayModeBar: false,
    scrollZoom: false,
    locale: "da",
    topojsonURL: holder.getAttribute("data-topojson"),
  };
  Plotly.newPlot(holder, figure.data, figure.layout, config).then(function () {
    document.body.setAttribute("data-drawn", String(performance.now()));
  });
  window.addEventListener("resize", function () { Plotly.Plots.resize(holder); });
})();
