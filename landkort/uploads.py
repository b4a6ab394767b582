"""Files uploaded on the Data page, kept between the preview and the confirmation.

The preview reads and checks the file; the confirmation must write exactly that file,
checked again (the database or the account may have changed in between), without the
browser sending it twice. So the bytes wait under ``LANDKORT_CACHE_DIR/uploads/<token>/``
beside a note of which account uploaded them; a token from another account is not found.
Uploads older than a day are removed when the next one arrives.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path

from landkort import settings

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def max_bytes() -> int:
    """The upload limit in bytes (``LANDKORT_UPLOAD_MAX_MB``)."""
    return int(float(settings.get("LANDKORT_UPLOAD_MAX_MB")) * 1_000_000)


def _root() -> Path:
    return Path(settings.get("LANDKORT_CACHE_DIR")) / "uploads"


def safe_name(name: str | None) -> str:
    """The file's own name without any folder, usable on disk ('fil.csv' if nothing is
    left)."""
    base = re.split(r"[\\/]", name or "")[-1].strip().lstrip(".")
    base = "".join(c for c in base if c.isprintable())[-200:]
    return base or "fil.csv"


def save(raw: bytes, name: str | None, account_id: int) -> tuple[str, Path]:
    """Keep an uploaded file; returns its token and where it lies."""
    _clean_old()
    token = secrets.token_hex(16)
    folder = _root() / token
    folder.mkdir(parents=True)
    path = folder / safe_name(name)
    path.write_bytes(raw)
    (folder / ".upload.json").write_text(json.dumps({"account": account_id}), encoding="utf-8")
    return token, path


def find(token: object, account_id: int) -> Path | None:
    """The file kept under ``token`` for this account, or None."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    folder = _root() / token
    try:
        note = json.loads((folder / ".upload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if note.get("account") != account_id:
        return None
    files = [p for p in folder.iterdir() if p.name != ".upload.json"]
    return files[0] if len(files) == 1 else None


def discard(token: str) -> None:
    if isinstance(token, str) and _TOKEN.match(token):
        shutil.rmtree(_root() / token, ignore_errors=True)


def _clean_old() -> None:
    root = _root()
    if not root.is_dir():
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
