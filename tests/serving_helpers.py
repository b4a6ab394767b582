"""Starting and stopping the real server (``python -m landkort serve``) in tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    base: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 40) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)


def get(url: str, timeout: float = 30, headers: dict | None = None) -> tuple[int, bytes, dict]:
    """(status, body, headers) of a GET; HTTP errors are answers too."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def serve(database_url: str, folder: Path, *, args: tuple[str, ...] = (), **env: str) -> Served:
    """``python -m landkort serve`` on a free port of 127.0.0.1, once /healthz answers 200."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    environment = {
        **os.environ,
        "LANDKORT_DATABASE_URL": database_url,
        "LANDKORT_CACHE_DIR": str(folder / "cache"),
        "LANDKORT_DEMO_SIZE": "",
        **env,
    }
    environment.pop("LANDKORT_BOUNDARIES", None)
    log = folder / f"server-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "landkort", "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    prefix = env.get("LANDKORT_URL_PREFIX", "/").rstrip("/")
    served = Served(f"http://127.0.0.1:{port}{prefix}", process, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Serveren stoppede:\n{served.output()}")
        try:
            if get(served.base + "/healthz", timeout=2)[0] == 200:
                return served
        except OSError:
            pass
        time.sleep(0.3)
    served.stop(signal.SIGKILL)
    raise RuntimeError(f"Serveren svarede ikke:\n{served.output()}")


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers of ``master`` (its child processes)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)
