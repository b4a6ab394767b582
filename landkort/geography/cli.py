"""``python -m landkort boundaries fetch|import|status``: Danish output, exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

from landkort.formatting import format_int
from landkort.geography import boundaries


def _kb(size: int) -> str:
    return f"{format_int(size / 1000)} KB"


def _report(verb: str, origin: str, path: Path) -> None:
    meta = boundaries.read_meta(path) or {}
    print(f"{verb} {meta.get('kommuner', '?')} kommuner fra {origin}.")
    print(f"Forenklet til {_kb(path.stat().st_size)} GeoJSON, gemt i {path}.")


def _describe(meta: dict | None) -> str:
    if not meta:
        return "ukendt kilde"
    if meta.get("kilde") == "download":
        origin = f"hentet fra {meta.get('url')}"
    else:
        origin = f"indlæst fra {meta.get('sti')}"
    return f"{origin}, {meta.get('created', '?')}: {meta.get('kommuner', '?')} kommuner"


def status_text() -> str:
    """Which boundaries the map uses, in Danish."""
    override = boundaries.override_path()
    if override is not None:
        try:
            collection = boundaries.load_override(override)
        except (OSError, boundaries.BoundaryError) as exc:
            lines = [f"{boundaries.ENV_FILE}={override} kan ikke bruges: {exc}"]
        else:
            n = len(collection["features"])
            return f"Kortet bruger filen fra {boundaries.ENV_FILE}: {override} ({n} kommuner)."
    else:
        lines = []
    cached = boundaries.cache_path()
    if cached.exists():
        meta = boundaries.read_meta(cached)
        lines.append(
            f"Kortet bruger gemte kommunegrænser ({_describe(meta)}), "
            f"{_kb(cached.stat().st_size)} i {cached}."
        )
    elif boundaries.SHIPPED.exists():
        lines.append(
            f"Kortet bruger de medfølgende kommunegrænser ({boundaries.CREDIT}; forenklet, "
            f"{_kb(boundaries.SHIPPED.stat().st_size)}). Erstat dem med "
            "'python -m landkort boundaries fetch' eller 'boundaries import STI'."
        )
    else:
        lines.append(
            "Kommunegrænser: ingen — kortet viser sekskantkortet. "
            "Hent grænser med 'python -m landkort boundaries fetch' "
            "eller indlæs en fil med 'boundaries import STI'."
        )
    return "\n".join(lines)


def cli_boundaries(
    action: str, path: str | None = None, url: str | None = None, output: str | None = None
) -> int:
    """Run one ``boundaries`` sub-command; 0 on success, 1 on a Danish error message."""
    try:
        if action == "fetch":
            from landkort.geography.fetch import boundaries_url, fetch_boundaries

            _report("Hentede", boundaries_url(url), fetch_boundaries(url))
        elif action == "import":
            if not path:
                raise boundaries.BoundaryError("Angiv en fil: boundaries import STI")
            target = Path(output) if output else None
            _report("Indlæste", path, boundaries.import_boundaries(path, target=target))
        elif action == "status":
            print(status_text())
        else:
            print(f"Ukendt handling: {action}", file=sys.stderr)
            return 2
    except (OSError, boundaries.BoundaryError) as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 1
    return 0
