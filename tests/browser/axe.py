"""axe-core in the browser tests: WCAG 2.1 A and AA, run on the page as the user sees it.

``scripts/test`` installs axe-core (pinned in tests/browser/package.json) with npm.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(driver) -> list[dict]:
    """Every violation axe finds on the current page (rule, impact, nodes, help URL)."""
    if not AXE.exists():
        raise RuntimeError(f"axe-core mangler ({AXE}): kør scripts/test, som installerer den.")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-fejl', help: String(e),"
        " nodes: []}]));",
        TAGS,
    )
    return result


def report(found: list[dict]) -> str:
    """A readable list: rule, impact, each node's target and the help URL."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} {v.get('helpUrl', '')}")
        for node in v.get("nodes", [])[:8]:
            lines.append(f"    {node.get('target')}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)
