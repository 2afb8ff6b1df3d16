"""The application served for a drill as in production: gunicorn with deploy/gunicorn.conf.py, bound to a
free port of 127.0.0.1, on the drill's database; stopped (its whole process group) afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sanad.operations.drill.pg import sanad_env

ROOT = Path(__file__).resolve().parents[4]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
# Sync workers as deployed, fewer than (2 x cores) + 1: the clients of the load share the machine.
WORKERS = int(os.environ.get("DRILL_GUNICORN_WORKERS", "3"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_live(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {process.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /health/live within 60 s")


@contextmanager
def served(name: str, **environment: str) -> Iterator[int]:
    """gunicorn on the drill database `name`; yields its port. Its log goes to a temporary file, whose
    last lines are shown if it fails to start. `environment` adds to or overrides the drill's own
    (a benchmark serves with DEBUG off and settings of its own)."""
    port = free_port()
    env = sanad_env(
        name,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(WORKERS),
        SANAD_HOST=f"127.0.0.1:{port}",
        **environment,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, arguments fixed here
            [gunicorn, "-c", str(CONFIG), "sanad.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            try:
                _wait_live(port, process, time.monotonic() + 60)
            except RuntimeError:
                log.seek(0)
                print(log.read()[-2000:].decode("utf-8", "replace"), file=sys.stderr)
                raise
            yield port
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
