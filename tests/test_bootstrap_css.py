"""The trimmed Bootstrap (tools/bootstrap-css) keeps every Bootstrap class the pages use.

The stylesheet holds only the rules PurgeCSS found a use for when it was built; a class
added to a page later, and not built for, would silently look like nothing. So every
class in the pages' layouts and first views that is named the way Bootstrap names its
classes must have a rule in the stylesheet (or in the app's own landkort.css).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import create_app

ASSETS = Path(__file__).resolve().parents[1] / "assets"
STYLESHEETS = (ASSETS / "vendor" / "bootstrap-5.3.9.landkort.min.css", ASSETS / "landkort.css")
PAGES = ("/", "/kommune/0187", "/sammenlign", "/data", "/om", "/tilgaengelighed", "/login")
BOOTSTRAP_LIKE = re.compile(
    r"^(row|col(-\w+)*|g-\d|container(-\w+)?|card(-\w+)?|btn(-[\w-]+)?|badge|alert(-\w+)?|"
    r"table(-\w+)?|form-[\w-]+|input-group(-\w+)?|nav(bar)?(-[\w-]+)?|[mp][trblxyse]?-\d|"
    r"d-[\w-]+|flex-[\w-]+|justify-content-\w+|align-[\w-]+|gap-\d|text-[\w-]+|bg-\w+|"
    r"fs-\d|fw-\w+|small|shadow(-\w+)?|rounded(-\w+)?|border(-\w+)?|[wh]-\d+|"
    r"visually-hidden(-focusable)?|position-\w+|(top|end|start|bottom)-\d+|float-\w+|"
    r"display-\d|lead|collapse|show|fade|modal(-\w+)?)$"
)


def defined_classes() -> set[str]:
    text = "".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)
    return set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", text))


def used_classes(html: str) -> set[str]:
    return {
        name
        for value in re.findall(r'class(?:Name)?"?\s*[=:]\s*"([^"]*)"', html)
        for name in value.split()
    }


@pytest.fixture(scope="module")
def client(small_demo_url):
    return create_app(small_demo_url).server.test_client()


@pytest.mark.parametrize("path", PAGES)
def test_every_bootstrap_class_a_page_uses_has_its_rules(client, path):
    page = client.get(path).get_data(as_text=True)  # the first view
    layout = client.get("/_dash-layout", headers={"Referer": f"http://localhost{path}"})
    used = used_classes(page) | used_classes(layout.get_data(as_text=True))
    bootstrap = {name for name in used if BOOTSTRAP_LIKE.match(name)}
    assert bootstrap, "no Bootstrap classes found: the test reads nothing"
    missing = bootstrap - defined_classes()
    assert not missing, f"{path}: run tools/bootstrap-css/build.sh again for {sorted(missing)}"
