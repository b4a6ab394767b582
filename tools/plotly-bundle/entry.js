// Digitalt Landkort's plotly.js: only the trace types the dashboard draws.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
  require('plotly.js/lib/choropleth'),
  require('plotly.js/lib/scattergeo'),
  require('plotly.js/lib/bar'),
  require('plotly.js/lib/box'),
  require('plotly.js/lib/heatmap'),
]);
window.Plotly = Plotly;
module.exports = Plotly;
