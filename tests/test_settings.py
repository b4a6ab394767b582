"""Settings: declared once in landkort/settings.py, listed in README, read nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from landkort import settings
from landkort.settings import PROJECT_ROOT, SETTINGS

README = PROJECT_ROOT / "README.md"
SECTION = "## Configuration (environment)"
# Tests and benchmarks start apps with a prepared environment; migrations run inside one.
MAY_READ_ENVIRONMENT = ("tests", "bench", "landkort/migrations")
READS_ENVIRONMENT = re.compile(r"os\.environ|getenv")


def _readme_rows() -> dict[str, str]:
    """``{variable: default cell}`` from README's configuration table."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.fullmatch(r"`LANDKORT_\w+`", cells[0]):
            rows[cells[0].strip("`")] = cells[2]
    return rows


def _as_shown(default: str | None) -> str | None:
    """A default as README shows it: paths under the project relative to it."""
    return None if default is None else default.replace(f"{PROJECT_ROOT}/", "")


def test_readme_lists_exactly_the_settings():
    rows = _readme_rows()
    assert list(rows) == [s.name for s in SETTINGS]
    for s in SETTINGS:
        shown = re.match(r"`([^`]*)`", rows[s.name])
        if s.default is None:
            assert shown is None, s.name
        else:
            assert shown is not None and shown.group(1) == _as_shown(s.default), s.name


def test_every_setting_is_documented_in_danish():
    for s in SETTINGS:
        assert s.name.startswith("LANDKORT_")
        assert s.help.endswith(".") and s.help[0].isupper(), s.name
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)


def _app_sources() -> list[Path]:
    files = []
    for path in PROJECT_ROOT.rglob("*.py"):
        relative = path.relative_to(PROJECT_ROOT)
        if any(part.startswith(".") for part in relative.parts):
            continue  # .venv, .git and the like
        if any(relative.as_posix().startswith(f"{d}/") for d in MAY_READ_ENVIRONMENT):
            continue
        files.append(relative)
    return files


def test_only_the_settings_module_reads_the_environment():
    sources = _app_sources()
    assert Path("landkort/settings.py") in sources and Path("app.py") in sources
    readers = [
        path.as_posix()
        for path in sources
        if READS_ENVIRONMENT.search((PROJECT_ROOT / path).read_text(encoding="utf-8"))
    ]
    assert readers == ["landkort/settings.py"]


def test_get_reads_the_environment_at_call_time(monkeypatch):
    monkeypatch.delenv("LANDKORT_DEMO_SIZE", raising=False)
    assert settings.get("LANDKORT_DEMO_SIZE") == "small"
    monkeypatch.setenv("LANDKORT_DEMO_SIZE", "medium")
    assert settings.get("LANDKORT_DEMO_SIZE") == "medium"
    monkeypatch.delenv("LANDKORT_BOUNDARIES", raising=False)
    assert settings.get("LANDKORT_BOUNDARIES") is None


def test_an_empty_value_counts_as_unset_unless_kept(monkeypatch):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", "")
    assert settings.get("LANDKORT_CACHE_DIR") == str(PROJECT_ROOT / "data" / "cache")
    monkeypatch.setenv("LANDKORT_EMBED_ORIGINS", "")
    assert settings.get("LANDKORT_EMBED_ORIGINS") == ""


def test_an_undeclared_name_is_an_error():
    with pytest.raises(KeyError):
        settings.get("LANDKORT_DATABASE_ULR")
