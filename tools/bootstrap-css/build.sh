#!/usr/bin/env bash
# Rebuilds assets/vendor/bootstrap-5.3.9.landkort.min.css: Bootstrap 5.3.9's CSS without
# the rules no page can use (PurgeCSS, purgecss.config.cjs). Lighthouse counted 31-43 KiB
# of the full file unused on every page. Needs Node.js, npm and the project's .venv (for
# the paths of the Dash bundles it reads). The result is committed, so users and CI never
# run this. Run it again after adding a Bootstrap class the pages did not use before.
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --no-save
LANDKORT_DASH_BUNDLES=$(../../.venv/bin/python - <<'PY'
import os
import dash
import dash_bootstrap_components as dbc
roots = [os.path.dirname(dbc.__file__), os.path.join(os.path.dirname(dash.__file__), "dcc")]
print(os.pathsep.join(os.path.join(r, "**", "*.js") for r in roots))
PY
)
export LANDKORT_DASH_BUNDLES
out=../../assets/vendor/bootstrap-5.3.9.landkort.min.css
node_modules/.bin/purgecss --config purgecss.config.cjs --output /tmp/landkort-bootstrap/
note='/* Digitalt Landkort: without the rules its pages cannot use (tools/bootstrap-css) */'
sed -e 's|/\*# sourceMappingURL=[^*]*\*/||' -e "1s|^@charset \"UTF-8\";|&${note}|" \
  /tmp/landkort-bootstrap/bootstrap.min.css > "$out"
wc -c node_modules/bootstrap/dist/css/bootstrap.min.css "$out"
