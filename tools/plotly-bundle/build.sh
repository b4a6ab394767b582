#!/usr/bin/env bash
# Rebuilds assets/vendor/plotly-landkort.min.js from plotly.js (the version must match
# the plotly Python package: `python -c "import plotly.offline as o; print(o.get_plotlyjs_version())"`).
# Needs Node.js and npm. The result is committed, so users and CI never run this.
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --no-save
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --define:global=window \
  --loader:.css=empty --legal-comments=none \
  --banner:js="/* plotly.js 4.1.1 (MIT, Plotly, Inc.): choropleth, scattergeo, scatter, bar, box, heatmap */" \
  --outfile=../../assets/vendor/plotly-landkort.min.js
