"""Lighthouse on the pages of issue 15: scores, CLS, TBT, LCP, FCP, failing audits.

    .venv/bin/python bench/lighthouse.py                      # 4 pages x desktop, mobile x 3
    .venv/bin/python bench/lighthouse.py --runs 1 --pages / --presets desktop
    .venv/bin/python bench/lighthouse.py --root /tmp/before   # another checkout's app

Needs Node.js (20 or newer) and npm. On first use it installs Lighthouse, pinned in
``bench/lighthouse/package.json``, into ``bench/lighthouse/node_modules`` (ignored by git;
``--no-package-lock``, so nothing is written beside it). It starts ``python -m landkort
serve`` (from ``--root``) on the small demo database (``bench/out/small.db``, built once),
visits every page once to warm the server's caches, then runs Lighthouse with Debian's
Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``) ``--runs`` times per page and
preset: ``desktop`` (``--preset=desktop``) and ``mobile`` (Lighthouse's default form
factor: a phone, 4x slower CPU, slow 4G, simulated). Every run is a fresh browser profile,
so a first visit.

Prints per page and preset the medians of the performance, accessibility,
best-practices and SEO scores (0-100), CLS, TBT, LCP and FCP (ms), and the audits that
failed (score below 1) in at least half of the runs, those with the most to gain first.
Writes everything, with each run's figures, to ``bench/out/lighthouse-<label>.json``
(``--reports DIR``: every run's whole report too, to read what an audit found).
Figures depend on the machine and what else runs on it; never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_map import OUT, database  # noqa: E402
from bench.browser_timing import running_app  # noqa: E402

HERE = ROOT / "bench" / "lighthouse"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
PAGES = ("/", "/kommune/0187", "/sammenlign", "/embed/kort")
PRESETS = ("desktop", "mobile")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "cls": "cumulative-layout-shift",
    "tbt_ms": "total-blocking-time",
    "lcp_ms": "largest-contentful-paint",
    "fcp_ms": "first-contentful-paint",
}
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def install() -> None:
    """Lighthouse into bench/lighthouse/node_modules, once."""
    if LIGHTHOUSE.exists():
        return
    print("Installerer Lighthouse (bench/lighthouse/package.json) …", flush=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--silent"],
        cwd=HERE,
        check=True,
    )


def run_lighthouse(url: str, preset: str, keep: Path | None = None) -> dict:
    """One Lighthouse run: its JSON report (written whole to ``keep`` when given)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse {url} ({preset}) fejlede: {done.stderr[-2000:]}")
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_text(done.stdout)
    return json.loads(done.stdout)


def figures(report: dict) -> dict:
    """Scores (0-100), metrics and the failing audits of one report."""
    audits = report["audits"]
    out: dict = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        out[category] = None if score is None else round(score * 100)
    for name, audit in METRICS.items():
        value = audits[audit].get("numericValue")
        out[name] = None if value is None else round(value, 3 if name == "cls" else 0)
    failing = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if audit.get("scoreDisplayMode") in ("manual", "notApplicable", "informative"):
                continue
            if audit.get("score") is not None and audit["score"] < 1:
                failing[ref["id"]] = {
                    "score": audit["score"],
                    "weight": ref.get("weight", 0),
                    "title": audit.get("title", ""),
                    "display": audit.get("displayValue", ""),
                }
    out["failing"] = failing
    return out


def summarise(runs: list[dict], top: int) -> dict:
    """Medians over the runs; audits failing in at least half of them, heaviest first."""
    summary: dict = {}
    for key in (*CATEGORIES, *METRICS):
        values = [r[key] for r in runs if r[key] is not None]
        summary[key] = statistics.median(values) if values else None
    counts: dict[str, list[dict]] = {}
    for run in runs:
        for audit, found in run["failing"].items():
            counts.setdefault(audit, []).append(found)
    often = [(a, f) for a, f in counts.items() if len(f) * 2 >= len(runs)]
    often.sort(key=lambda i: (-i[1][0]["weight"], statistics.mean(x["score"] for x in i[1])))
    summary["failing"] = [
        f"{audit} ({found[0]['display'] or round(statistics.mean(x['score'] for x in found), 2)})"
        for audit, found in often[:top]
    ]
    return summary


def warm(base: str) -> None:
    for path in PAGES:
        urllib.request.urlopen(base + path, timeout=30).read()


def table(results: dict) -> str:
    head = "side            preset   perf a11y   BP  SEO    CLS    TBT    LCP    FCP"
    rows = [head]
    for path, presets in results.items():
        for preset, s in presets.items():
            rows.append(
                f"{path:<15} {preset:<8} {s['performance']:>4} {s['accessibility']:>4} "
                f"{s['best-practices']:>4} {s['seo']:>4} {s['cls']:>6} {s['tbt_ms']:>6} "
                f"{s['lcp_ms']:>6} {s['fcp_ms']:>6}"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app runs")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--presets", nargs="+", default=list(PRESETS), choices=PRESETS)
    parser.add_argument("--top", type=int, default=8, help="failing audits to list")
    parser.add_argument("--label", default="", help="names the output file")
    parser.add_argument(
        "--reports", type=Path, help="a folder for every run's whole Lighthouse report (JSON)"
    )
    args = parser.parse_args()
    install()
    url = database("small")
    results: dict = {}
    raw: dict = {}
    with running_app(url, None, args.root) as base:
        warm(base)
        for path in args.pages:
            for preset in args.presets:
                runs = []
                for number in range(args.runs):
                    started = time.monotonic()
                    keep = None
                    if args.reports:
                        slug = path.strip("/").replace("/", "-") or "kort"
                        keep = args.reports / f"{slug}-{preset}-{number + 1}.json"
                    runs.append(figures(run_lighthouse(base + path, preset, keep)))
                    took = time.monotonic() - started
                    shown = {k: v for k, v in runs[-1].items() if k != "failing"}
                    print(f"{path} {preset} #{number + 1} ({took:.0f} s): {shown}", flush=True)
                raw.setdefault(path, {})[preset] = runs
                results.setdefault(path, {})[preset] = summarise(runs, args.top)
                print(path, preset, "mislykkede:", results[path][preset]["failing"], flush=True)
    print()
    print(table(results))
    for path, presets in results.items():
        for preset, s in presets.items():
            print(f"{path} {preset}: {', '.join(s['failing']) or '-'}")
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"lighthouse-{args.label}.json" if args.label else "lighthouse.json"
    document = {"root": str(args.root), "runs": args.runs, "medians": results, "each": raw}
    (OUT / name).write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"Skrevet: {OUT / name}")


if __name__ == "__main__":
    main()
