"""A small page object for the map: open views, use controls, read the drawn map."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

# Scroll at once (Bootstrap makes scrolling smooth, and a click during it misses): to the
# end as a reader going down (the kommune page draws its report as one nears it), or back.
TO_THE_END = "window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'})"
# One screen further down on each call, from the top again after the end: a reader going
# through the page (the kommune report's sections, and every chart, are drawn as one
# nears them: assets/near.js, assets/charts_near.js). Called in a wait's
# condition, it goes on until what the test waits for is drawn.
READ_ON = """
var end = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 4;
var next = end ? 0 : window.scrollY + Math.round(window.innerHeight * 0.75);
window.scrollTo({top: next, behavior: 'instant'});
"""
TO_THE_TOP = "window.scrollTo({top: 0, behavior: 'instant'})"

# Every server callback a page posts, by its output, in window.__callbacks (installed with
# Page.addScriptToEvaluateOnNewDocument, so it sees the first load's too).
RECORD_CALLBACKS = """
window.__callbacks = [];
const fetchFirst = window.fetch;
window.fetch = function (url, options) {
  if (String(url).includes('_dash-update-component') && options && options.body) {
    window.__callbacks.push(JSON.parse(options.body).output);
  }
  return fetchFirst.apply(this, arguments);
};
"""
ROUTE = "..page.children...page-title.data.."  # callbacks/routing.py

_PATHS = """
return Array.from(document.querySelectorAll('#map .choroplethlocation'))
  .map(p => [p.__data__ && p.__data__.loc, getComputedStyle(p).fill,
             getComputedStyle(p).fillOpacity, (p.getAttribute('d') || '').length])
  .filter(r => r[0] != null && !r[1].startsWith('rgba(0, 0, 0, 0)'));
"""


class MapPage:
    def __init__(self, driver, base: str):
        self.driver = driver
        self.base = base

    def wait(self, predicate: Callable[[], object], timeout: float = 15, what: str = "") -> object:
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            try:
                value = predicate()
                if value:
                    return value
            except Exception as error:  # the DOM changes under us while Dash renders
                last_error = error
            time.sleep(0.1)
        if callable(what):
            what = what()
        raise AssertionError(f"Ventede forgæves på: {what or predicate} ({last_error})")

    def open(self, query: str = "", kommuner: int = 98) -> None:
        self.driver.get(f"{self.base}/{query}")
        # Bootstrap scrolls smoothly: a click must not land on a page still moving
        self.driver.execute_script("document.documentElement.style.scrollBehavior = 'auto';")
        self.wait(lambda: len(self.drawn()) == kommuner, what=f"{kommuner} kommuner på kortet")
        self.wait_idle()

    def posted_on_load(self, path: str, drawn: Callable[[], object], what: str) -> list[str]:
        """The outputs of the server callbacks a first load of ``path`` posts, once
        ``drawn`` holds and Dash is idle."""
        script = self.driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS}
        )
        try:
            self.driver.get(f"{self.base}{path}")
            self.wait(drawn, timeout=30, what=what)
            self.wait_idle()
            time.sleep(1)  # anything that would follow the last answer
            self.wait_idle()
            return self.driver.execute_script("return window.__callbacks")
        finally:
            self.driver.execute_cdp_cmd(
                "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
            )

    def wait_idle(self) -> None:
        """Until Dash has no callback in flight."""
        self.wait(
            lambda: self.driver.execute_script(
                "return !document.querySelector('[data-dash-is-loading=\"true\"]')"
            ),
            what="Dash er færdig",
        )
        time.sleep(0.3)

    def drawn(self) -> dict[int, tuple[str, int]]:
        """kommunekode -> (fill colour, length of the path) for every drawn kommune."""
        rows = self.driver.execute_script(_PATHS)
        return {int(loc): (f"{fill} {opacity}", length) for loc, fill, opacity, length in rows}

    def fills(self) -> dict[int, str]:
        return {k: fill for k, (fill, _) in self.drawn().items()}

    def same_colours(self, expected: dict[int, str]) -> bool:
        """The map shows these colours (±1 per channel: plotly may round differently when
        it recolours a drawn map than when it draws one)."""
        return same_colours(self.fills(), expected)

    def choose(self, control: str, label: str) -> None:
        """Pick an option of a dcc.Dropdown by its exact label."""
        element = self.driver.find_element(By.ID, control)
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
        )
        element.click()
        options = self.wait(
            lambda: [
                o
                for o in self.driver.find_elements(By.CSS_SELECTOR, "[role=option]")
                if o.text.strip() == label
            ],
            what=f"valgmuligheden {label!r} i {control}",
        )
        self.driver.execute_script("arguments[0].click()", options[0])
        self.wait_idle()

    def set_round(self, kode: str) -> None:
        """Move the timeline's slider to a round with the keyboard, as a user would:
        Home, then the right arrow until the slider names the round."""
        slider = self.wait(
            lambda: self.driver.find_elements(By.ID, "ctl-runde"), what="tidslinjen"
        )[0]
        slider.send_keys(Keys.HOME)
        for _ in range(12):
            if self.round_text().startswith(kode):
                break
            slider.send_keys(Keys.ARROW_RIGHT)
            time.sleep(0.05)
        self.wait(lambda: self.round_text().startswith(kode), what=f"runden {kode}")
        self.driver.execute_script("document.activeElement.blur();")

    def jump_round(self, runde: int) -> None:
        """Put the slider on a round in one move (as a click on the track does)."""
        self.driver.execute_script(
            "var s = document.getElementById('ctl-runde');"
            "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')"
            ".set.call(s, String(arguments[0]));"
            "s.dispatchEvent(new Event('input', {bubbles: true}));",
            runde,
        )

    def round_text(self) -> str:
        """The round the timeline stands on: 'E2015 (Efterår 2015)'."""
        return self.driver.execute_script(
            "var e = document.getElementById('timeline-now'); return e ? e.textContent : '';"
        )

    def control_text(self, control: str) -> str:
        """The value a dropdown shows, once it is drawn (dropdowns load after the map)."""
        element = self.wait(
            lambda: self.driver.find_elements(By.ID, control), what=f"valgmenuen {control}"
        )
        return element[0].text.strip()

    def _path(self, kode: int):
        script = """
        return Array.from(document.querySelectorAll('#map .choroplethlocation'))
          .find(p => p.__data__ && p.__data__.loc == arguments[0]);"""
        return self.wait(lambda: self.driver.execute_script(script, kode), what=f"kommune {kode}")

    def hover(self, kode: int) -> str:
        ActionChains(self.driver).move_to_element(self._path(kode)).perform()
        return self.wait(
            lambda: self.driver.execute_script(
                "var t = document.querySelector('#map .hoverlayer .hovertext');"
                "return t ? t.textContent : null;"
            ),
            what="hovertekst",
        )

    def click(self, kode: int) -> None:
        ActionChains(self.driver).move_to_element(self._path(kode)).click().perform()

    def query(self) -> str:
        return self.driver.execute_script("return window.location.search")


def _close(a: str, b: str) -> bool:
    """'rgb(56, 87, 139) 1' against 'rgb(56, 87, 140) 1'; anything else must be equal."""
    numbers = [re.findall(r"[\d.]+", x) for x in (a, b)]
    if a.split("(")[0] != b.split("(")[0] or len(numbers[0]) != len(numbers[1]):
        return False
    return all(abs(float(x) - float(y)) <= 1 for x, y in zip(*numbers, strict=True))


def same_colours(a: dict[int, str], b: dict[int, str]) -> bool:
    return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
