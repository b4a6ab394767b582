// Which of Bootstrap's rules Digitalt Landkort can use: every class name written in the
// project's Python and JavaScript, or in the bundles of the Dash component libraries
// that add Bootstrap's classes themselves (dash-bootstrap-components: modal, navbar,
// form-check ...). Classes the Python code builds from parts (f"btn-{color}",
// layouts/components/bootstrap.py) are kept by prefix below.
const path = require("path");
const root = path.resolve(__dirname, "../..");
const libraries = process.env.LANDKORT_DASH_BUNDLES.split(path.delimiter);

module.exports = {
  content: [
    `${root}/app.py`,
    `${root}/layouts/**/*.py`,
    `${root}/callbacks/**/*.py`,
    `${root}/server/**/*.py`,
    `${root}/embed/**/*.py`,
    `${root}/landkort/**/*.py`,
    `${root}/assets/*.js`,
    ...libraries,
  ],
  css: [`${__dirname}/node_modules/bootstrap/dist/css/bootstrap.min.css`],
  safelist: {
    standard: [
      /^btn-/, /^bg-/, /^text-/, /^alert-/, /^badge/, /^col-/, /^table-/,
      /^form-control-/, /^form-select-/, /^input-group-/, /^navbar-/, /^container-/,
    ],
  },
  variables: false,
  keyframes: false,
  fontFace: false,
};
