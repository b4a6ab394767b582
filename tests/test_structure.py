"""The house rules, checked: data flows files → landkort → callbacks → layouts, embed/ and
api/ never reach into callbacks/, and no module imports itself round a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("landkort", "layouts", "callbacks", "api", "embed", "server")


def _modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The project modules a module imports, anywhere in its body."""
    out = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in known else base)
    return {m for m in out if m in known and m != name}


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(path, name, known) for name, path in known.items()}


def _top(name: str) -> str:
    return name.split(".")[0]


def test_embed_and_api_never_import_callbacks():
    for name, targets in _graph().items():
        if _top(name) in ("embed", "api"):
            assert not {t for t in targets if _top(t) == "callbacks"}, name


def test_layers_only_look_down():
    """landkort knows no page; layouts know no callbacks. The one exception is the
    command line's ``serve``, which starts the app (a lazy import inside the command)."""
    for name, targets in _graph().items():
        tops = {_top(t) for t in targets}
        if name == "landkort.cli":
            tops -= {"app"}
        if _top(name) == "landkort":
            assert tops <= {"landkort"}, name
        if _top(name) == "layouts":
            assert tops <= {"landkort", "layouts"}, name


def test_landkort_never_imports_dash():
    for path in (ROOT / "landkort").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] in ("dash", "dash_bootstrap_components") for n in names)


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []
