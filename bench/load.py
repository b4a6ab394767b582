"""Load on the real server: simulated users against gunicorn, with or without an import.

Starts ``python -m landkort serve`` (gunicorn, LANDKORT_WORKERS × LANDKORT_THREADS) on
127.0.0.1 over a database with the medium demo set, then runs ``--users`` simulated
users for ``--seconds``. What a user does is first recorded from a real browser
(headless Chromium, the DevTools network log): every request, with its body, that a
page load and a round change make. Each user then loops over a mix of those, with a
think time between steps (``--think``, mean seconds), the round and kommune varied
in the recorded bodies:

- ``forside``    a first page load of the map: index page, /_dash-layout,
                 /_dash-dependencies and every callback the browser posted (static files,
                 which a browser caches, are left out);
- ``maal``       a change of measure on the map: the callbacks the browser posted (a
                 round change on the timeline posts nothing: the browser recolours
                 from the selection's rounds, sent once);
- ``kommune``    a kommune page load, read to the end (the report's sections, drawn when
                 the reader scrolls toward them, included);
- ``sammenlign`` a compare page load with two kommuner;
- ``api``        /api/v1/tal, /api/v1/kommuner/<kode>/serie or /api/v1/hele-landet.

Reported: per action (all its requests one after the other, as a slow browser would)
and per request class (page = index and layout, callback, api), requests, errors and
p50/p95/p99 in ms; requests/s in all.

``--import-during`` also runs a ``--replace`` import of one round's cells (about
100,000 on the medium set, every count changed) halfway through, and checks every
answer to two probe requests (the API's ranking for that round with its ETag, and
the map's recolour callback) against the answers before and after the import: each
must be exactly one of the two, never a mix. Figures are printed, never asserted in
tests. Run from the project root:

    .venv/bin/python bench/load.py [--database-url URL] [--users 50] [--seconds 60]
                                   [--warm 20] [--import-during]

Timing starts after ``--warm`` seconds of the same load (default 20), which is not
counted: a service runs for hours, and each gunicorn worker keeps its own caches, so a
run that starts timing on a fresh server measures mostly its first minute.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import brotli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from landkort import reference as ref  # noqa: E402
from tests.serving_helpers import serve  # noqa: E402

OUT = ROOT / "bench" / "out"
KINDS = ("forside", "maal", "kommune", "sammenlign", "api")
WEIGHTS = (1, 4, 2, 2, 3)
RUNDER = [r.kode for r in ref.RUNDER]
KOMMUNER = [f"{k.kode:04d}" for k in ref.KOMMUNER]
PROBE_RUNDE = "E2014"


def medium_database(url: str | None) -> str:
    """``url``, or bench/out/medium.db with the medium demo set (made once)."""
    if url:
        return url
    path = OUT / "medium.db"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "LANDKORT_DATABASE_URL": f"sqlite:///{path}"}
        subprocess.run(
            [sys.executable, "-m", "landkort", "demo", "--size", "medium"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    return f"sqlite:///{path}"


def _decoded(data: bytes, headers: dict) -> bytes:
    encoding = headers.get("Content-Encoding", "")
    if encoding == "br":
        return brotli.decompress(data)
    if encoding == "gzip":
        return gzip.decompress(data)
    return data


class Client:
    """One keep-alive connection per simulated user, asking for compressed answers as a
    browser does (the time to decompress is part of the client's, not the figures)."""

    def __init__(self, host: str, port: int, prefix: str) -> None:
        self.host, self.port, self.prefix = host, port, prefix.rstrip("/")
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def request(
        self, method: str, path: str, body: str | None = None, page: str | None = None
    ) -> tuple[int, bytes, dict]:
        """``page``: the address a browser would name in ``Referer`` (the page asking for
        its layout, which the server then builds for it: server/page_address.py)."""
        data = body.encode() if body is not None else None
        headers = {"Accept": "text/html,application/json", "Accept-Encoding": "gzip, br"}
        if page is not None:
            headers["Referer"] = f"http://{self.host}:{self.port}{self.prefix}{page}"
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, self.prefix + path, body=data, headers=headers)
                response = self.conn.getresponse()
                headers = dict(response.getheaders())
                return response.status, _decoded(response.read(), headers), headers
            except (ConnectionError, http.client.HTTPException):
                # A keep-alive connection the server closed between requests: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.requests = 0
        self.samples: list[str] = []
        self.by_class: dict[str, list[float]] = defaultdict(list)
        self.by_request: dict[str, list[float]] = defaultdict(list)
        self.class_errors: dict[str, int] = defaultdict(int)

    def add_request(self, klass: str, seconds: float, ok: bool, name: str = "") -> None:
        with self.lock:
            self.by_class[klass].append(seconds)
            self.by_request[name or klass].append(seconds)
            self.requests += 1
            if not ok:
                self.class_errors[klass] += 1

    def add(self, kind: str, seconds: float, ok: bool, note: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {note}")


Request = tuple[str, str, str | None]  # method, path under the prefix, JSON body


def record_actions(public: str) -> dict[str, list[Request]]:
    """What a browser asks for on each action, from Chromium's DevTools network log."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS
    from tests.browser.mappage import READ_ON, MapPage

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='landkort-chromium-')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    page = MapPage(driver, public)

    def taken() -> list[Request]:
        found = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] != "Network.requestWillBeSent":
                continue
            req = message["params"]["request"]
            url = req["url"]
            if not url.startswith(public) or "/assets/" in url or "component-suites" in url:
                continue
            if "_favicon" in url or "_reload-hash" in url:
                continue
            found.append((req["method"], url[len(public) :] or "/", req.get("postData")))
        return found

    actions = {}
    try:
        driver.get(f"{public}/?runde={PROBE_RUNDE}")
        page.wait(
            lambda: driver.find_elements("css selector", "#map .js-plotly-plot"),
            timeout=60,
            what="kortet",
        )
        page.wait_idle()
        actions["forside"] = taken()
        page.choose("ctl-maal", "Straksafslutningsgrad")
        maal: list[Request] = []
        page.wait(  # the side panel is asked for last, once the selection's rounds came
            lambda: (
                maal.extend(r for r in taken() if r[0] == "POST")
                or any("map-panel" in (r[2] or "") for r in maal)
            ),
            timeout=60,
            what="sidepanelet for det nye mål",
        )
        actions["maal"] = maal
        driver.get(f"{public}/kommune/0187")
        page.wait(  # read to the end: the report's sections come as the reader nears them
            lambda: (
                driver.execute_script(READ_ON)
                or len(driver.find_elements("css selector", ".js-plotly-plot")) >= 10
            ),
            timeout=60,
            what="kommunesiden",
        )
        page.wait_idle()
        actions["kommune"] = taken()
        driver.get(f"{public}/sammenlign?runde={PROBE_RUNDE}&kommuner=0187,0751")
        page.wait(
            lambda: len(driver.find_elements("css selector", ".js-plotly-plot")) >= 3,
            timeout=60,
            what="sammenligningssiden",
        )
        page.wait_idle()
        actions["sammenlign"] = taken()
    finally:
        driver.quit()
    return actions


_CONTROLS = {
    "kp-kode": lambda runde, kommune: int(kommune),  # the kommune page's own
    "kp-runde": lambda runde, kommune: RUNDER.index(runde) + 1,
}


def _varied(text: str | None, runde: str, kommune: str) -> str | None:
    """A recorded path or body for another round and kommune: in addresses and query
    strings by text, and in a callback's inputs and states by the control's id (the
    kommune page sends its kommune and round as numbers)."""
    if text is None:
        return None
    text = text.replace(PROBE_RUNDE, runde).replace("0187", kommune)
    if not text.startswith("{"):
        return text
    body = json.loads(text)
    for item in [*body.get("inputs", []), *body.get("state", [])]:
        if isinstance(item, dict) and item.get("id") in _CONTROLS:
            item["value"] = _CONTROLS[item["id"]](runde, kommune)
    return json.dumps(body)


def one_step(client: Client, actions: dict, kind: str, rec: Recorder) -> tuple[bool, str]:
    """Do one user action; record each request's time by class. (ok, note)."""
    runde = random.choice(RUNDER[2:])
    kommune = random.choice(KOMMUNER)
    if kind == "api":
        path = random.choice(
            [
                "/api/v1/tal?" + urlencode({"runde": runde, "maal": "selvbetjening"}),
                f"/api/v1/kommuner/{kommune}/serie",
                "/api/v1/hele-landet?" + urlencode({"runde": runde}),
            ]
        )
        calls: list[Request] = [("GET", path, None)]
    else:
        calls = [
            (m, _varied(p, runde, kommune), _varied(b, runde, kommune)) for m, p, b in actions[kind]
        ]
    page = None
    for method, path, body in calls:
        if method == "GET" and not path.startswith(("/_dash", "/api/")):
            page = path
        start = time.perf_counter()
        asking = page if path.startswith("/_dash-layout") else None
        status, data, _ = client.request(method, path, body, asking)
        seconds = time.perf_counter() - start
        klass = "api" if path.startswith("/api/") else "callback" if method == "POST" else "side"
        rec.add_request(klass, seconds, status in (200, 204), request_name(method, path, body))
        if status not in (200, 204):
            return False, f"{status} {method} {path}: {data[:200]!r}"
    return True, ""


def request_name(method: str, path: str, body: str | None) -> str:
    """A request's name in the per-request table: a callback by its outputs, else its
    path without the query (kommune codes as <kode>)."""
    if method == "POST" and body:
        output = json.loads(body).get("output", "")
        return "callback " + (output if len(output) <= 48 else output[:47] + "…")
    path = path.split("?", 1)[0]
    return "/".join("<kode>" if part.isdigit() else part for part in path.split("/"))


def run_users(
    base: tuple[str, int, str], actions: dict, seconds: float, rec: Recorder, n: int, think: float
) -> None:
    """``n`` users for ``seconds``, until each has finished its last action."""
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=user, args=(base, actions, stop, rec, 1000 + i, think), daemon=True)
        for i in range(n)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def user(
    base: tuple[str, int, str], actions: dict, stop: float, rec: Recorder, seed: int, think: float
) -> None:
    rng = random.Random(seed)
    client = Client(*base)
    while time.monotonic() < stop:
        kind = rng.choices(KINDS, WEIGHTS)[0]
        start = time.perf_counter()
        try:
            ok, note = one_step(client, actions, kind, rec)
        except Exception as err:  # noqa: BLE001 - every failure is counted and shown
            ok, note = False, repr(err)
            client = Client(*base)
        rec.add(kind, time.perf_counter() - start, ok, note)
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def recolour_request(actions: dict) -> Request:
    """The callback that sends the map's values for the probe round (the round on
    screen of a new selection), as the browser posted it."""
    taken = actions["forside"] + actions["maal"]
    return next(r for r in taken if r[2] and "map-round-now" in r[2].split('"inputs"')[0])


def probes(client: Client, actions: dict) -> tuple[tuple, bytes]:
    """(API answer with its ETag, recolour callback answer) for the probe round."""
    status, api, headers = client.request(
        "GET", "/api/v1/tal?" + urlencode({"runde": PROBE_RUNDE, "maal": "selvbetjening"})
    )
    assert status == 200
    method, path, body = recolour_request(actions)
    status, recolour, _ = client.request(method, path, body)
    assert status == 200
    return (headers.get("ETag"), api), recolour


def changed_round_file(url: str, folder: Path) -> tuple[Path, int]:
    """One round's cells, exported and every count raised by one: a replace import."""
    exported = folder / "runde.csv"
    env = {**os.environ, "LANDKORT_DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "landkort", "export", str(exported), "--runde", PROBE_RUNDE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    changed = folder / "runde-rettet.csv"
    rows = 0
    with exported.open(encoding="utf-8-sig", newline="") as src:
        sample = src.read(4096)
        src.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        reader = csv.DictReader(src, dialect=dialect)
        with changed.open("w", encoding="utf-8", newline="") as dst:
            writer = csv.DictWriter(dst, reader.fieldnames, delimiter=";")
            writer.writeheader()
            for row in reader:
                row["antal"] = str(int(row["antal"]) + 1)
                writer.writerow(row)
                rows += 1
    return changed, rows


def report(rec: Recorder, seconds: float, label: str) -> None:
    print(
        f"\n{label}: {rec.requests} forespørgsler på {seconds:.0f} s = "
        f"{rec.requests / seconds:.1f} forespørgsler/s"
    )
    print(f"{'handling':<11} {'antal':>7} {'fejl':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in KINDS:
        times = sorted(rec.times.get(kind, []))
        if not times:
            continue
        q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
        print(
            f"{kind:<11} {len(times):>7} {rec.errors.get(kind, 0):>5} "
            f"{1000 * statistics.median(times):>8.0f} {1000 * q[94]:>8.0f} {1000 * q[98]:>8.0f}"
        )
    print(f"{'klasse':<11} {'forsp.':>7} {'fejl':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for klass in ("side", "callback", "api"):
        times = sorted(rec.by_class.get(klass, []))
        if len(times) < 2:
            continue
        q = statistics.quantiles(times, n=100, method="inclusive")
        print(
            f"{klass:<11} {len(times):>7} {rec.class_errors.get(klass, 0):>5} "
            f"{1000 * statistics.median(times):>8.0f} {1000 * q[94]:>8.0f} {1000 * q[98]:>8.0f}"
        )
    for sample in rec.samples:
        print("  fejl:", sample)


def report_requests(rec: Recorder) -> None:
    """Each request by name, the slowest (p95) first."""
    rows = []
    for name, times in rec.by_request.items():
        times = sorted(times)
        q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
        rows.append((q[94], name, len(times), statistics.median(times)))
    print(f"\n{'forespørgsel':<58} {'antal':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for p95, name, count, p50 in sorted(rows, reverse=True):
        print(f"{name:<58} {count:>6} {1000 * p50:>8.0f} {1000 * p95:>8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database with data (default: medium demo)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--import-during", action="store_true")
    parser.add_argument("--per-request", action="store_true", help="also a table per request")
    parser.add_argument(
        "--warm",
        type=float,
        default=20,
        help="seconds of the same load before timing starts, so every worker process has "
        "met the pages (0: time a server that has just started)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.15,
        help="mean seconds a user waits between actions (0.15: the server saturated; "
        "a person reading the page: 2 or more)",
    )
    args = parser.parse_args()

    url = medium_database(args.database_url)
    with tempfile.TemporaryDirectory(prefix="landkort-load-") as tmp:
        folder = Path(tmp)
        served = serve(url, folder / "server")
        try:
            _, rest = served.base.split("//", 1)
            hostport, _, prefix = rest.partition("/")
            host, port = hostport.split(":")
            base = (host, int(port), "/" + prefix)
            warm = Client(*base)
            actions = record_actions(served.base)
            for kind in KINDS:  # every kind once, so no cache is cold when timing starts
                one_step(warm, actions, kind, Recorder())
            before = probes(warm, actions) if args.import_during else None
            change = changed_round_file(url, folder) if args.import_during else None

            if args.warm > 0:
                run_users(base, actions, args.warm, Recorder(), args.users, args.think)
            rec = Recorder()
            stop = time.monotonic() + args.seconds
            started = time.monotonic()
            threads = [
                threading.Thread(
                    target=user, args=(base, actions, stop, rec, i, args.think), daemon=True
                )
                for i in range(args.users)
            ]
            for t in threads:
                t.start()
            seen: list[tuple] = []
            import_seconds = None
            if args.import_during:
                time.sleep(args.seconds / 4)
                env = {**os.environ, "LANDKORT_DATABASE_URL": url}
                importer = subprocess.Popen(
                    [sys.executable, "-m", "landkort", "import", "--replace", str(change[0])],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                t0 = time.monotonic()
                probe = Client(*base)
                finished = None
                # Probe while the import runs and for 10 s after it committed.
                while finished is None or time.monotonic() < finished + 10:
                    seen.append(probes(probe, actions))
                    if finished is None and importer.poll() is not None:
                        finished = time.monotonic()
                    time.sleep(0.05)
                import_seconds = finished - t0
                out, err = importer.communicate()
                if importer.returncode != 0:
                    print("importen fejlede:", err[-2000:])
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
            label = f"{args.users} brugere, {url.split(':', 1)[0]}, tænketid {args.think} s"
            report(rec, elapsed, label)
            if args.per_request:
                report_requests(rec)
            if args.import_during:
                after = probes(warm, actions)
                # Each answer on its own must be the one before or the one after: the two
                # requests of a probe may fall on either side of the import's commit.
                answers = [(i, answer) for probe in seen for i, answer in enumerate(probe)]
                old = sum(1 for i, answer in answers if answer == before[i])
                new = sum(1 for i, answer in answers if answer == after[i])
                mixed = len(answers) - old - new
                changed = all(before[i] != after[i] for i in range(len(before)))
                print(
                    f"\nimport under belastning: {change[1]:,} celler (--replace) på "
                    f"{import_seconds:.1f} s; {len(answers)} svar på prøverne (API med ETag, "
                    f"kortets callback): {old} som før, {new} som efter, {mixed} andre; "
                    f"før og efter forskellige: {changed}"
                )
        finally:
            served.stop(signal.SIGTERM)


if __name__ == "__main__":
    main()
