"""Download kommune boundaries from DAWA (Danmarks Adressers Web API).

DAWA serves DAGI's kommuner as GeoJSON (property ``kode``, e.g. ``'0101'``) in WGS84,
openly and without a token. Its documented parameters for this resource are
``format``, ``struktur`` (flad is already the GeoJSON default) and ``srid``; there is
no coarser geometry to ask for, so the full-resolution download is simplified here.
SDFI has announced that DAWA closes on 1 July 2026: the URL can be replaced with
``--url`` or ``$LANDKORT_BOUNDARIES_URL`` (any GeoJSON with a kommunekode column).
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from landkort import settings
from landkort.geography.boundaries import BoundaryError, cache_dir, import_boundaries

ENV_URL = "LANDKORT_BOUNDARIES_URL"
DEFAULT_URL = settings.setting(ENV_URL).default
TIMEOUT_S = 60.0
_CHUNK = 1 << 16


class FetchError(BoundaryError):
    """The download failed; the message says why, in Danish."""


def boundaries_url(url: str | None = None) -> str:
    """The URL to fetch: the argument, else ``$LANDKORT_BOUNDARIES_URL``, else DAWA."""
    return url or settings.get(ENV_URL)


def _download(url: str, target: Path, timeout: float) -> None:
    request = urllib.request.Request(
        url, headers={"Accept": "application/geo+json, application/json", "User-Agent": "landkort"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, target.open("wb") as out:
            while block := response.read(_CHUNK):
                out.write(block)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"Serveren svarede {exc.code} ({exc.reason}) på {url}.") from exc
    except urllib.error.URLError as exc:
        raise FetchError(
            f"Kunne ikke hente {url}: {exc.reason}. Tjek netforbindelsen, "
            "eller hent filen på anden vis og brug 'boundaries import'."
        ) from exc
    except TimeoutError as exc:
        raise FetchError(f"Intet svar fra {url} inden for {timeout:.0f} sekunder.") from exc
    except OSError as exc:  # connection reset mid-download and the like
        raise FetchError(f"Overførslen fra {url} blev afbrudt: {exc}.") from exc


def _check_geojson(path: Path, url: str) -> None:
    """Fail with a clear message unless the download is a GeoJSON FeatureCollection."""
    try:
        data = json.loads(path.read_bytes())
    except ValueError as exc:
        raise FetchError(f"Svaret fra {url} er ikke gyldig JSON ({exc}).") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FetchError(f"Svaret fra {url} er ikke en GeoJSON FeatureCollection.")
    if not data.get("features"):
        raise FetchError(f"Svaret fra {url} indeholder ingen kommuner.")


def fetch_boundaries(url: str | None = None, timeout: float = TIMEOUT_S) -> Path:
    """Download, check, simplify and cache the kommuner; returns the cache file."""
    url = boundaries_url(url)
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="download-", suffix=".geojson", dir=directory)
    os.close(handle)
    raw = Path(name)
    try:
        _download(url, raw, timeout)
        _check_geojson(raw, url)
        return import_boundaries(raw, source={"kilde": "download", "url": url})
    finally:
        raw.unlink(missing_ok=True)
