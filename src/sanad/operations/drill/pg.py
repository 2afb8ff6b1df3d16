"""The drill's throwaway PostgreSQL databases, on 127.0.0.1 only: created, copied and dropped here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

# The drill kills sessions and sends a load: it never runs against another machine.
ALLOWED_HOSTS = {"127.0.0.1"}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class DrillRefused(Exception):
    """The drill would run against something else than a throwaway database on 127.0.0.1."""


def server_url() -> str:
    """The PostgreSQL server of the drills (`DRILL_POSTGRES`, default postgresql://root@127.0.0.1:5432)."""
    url = os.environ.get("DRILL_POSTGRES", "postgresql://root@127.0.0.1:5432").rstrip("/")
    host = urlsplit(url).hostname
    if host not in ALLOWED_HOSTS:
        raise DrillRefused(f"the drills run only against 127.0.0.1, not {host!r}")
    return url


def database_url(name: str) -> str:
    if not _NAME.match(name):
        raise DrillRefused(f"not a drill database name: {name!r}")
    return f"{server_url()}/{name}"


def _admin() -> psycopg.Connection:
    return psycopg.connect(f"{server_url()}/postgres", autocommit=True)


def database_create(name: str, *, template: str | None = None) -> str:
    database_url(name)
    with _admin() as admin:
        if template is not None:
            database_url(template)
            # Nobody may be connected to a template while it is copied.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [template]
            )
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            admin.execute(f'CREATE DATABASE "{name}"')
    return database_url(name)


def database_drop(name: str) -> None:
    database_url(name)
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def throwaway(prefix: str) -> Iterator[str]:
    """A database named after the prefix and this process, dropped afterwards whatever happens."""
    name = f"{prefix}_{os.getpid()}"
    database_drop(name)
    database_create(name)
    try:
        yield name
    finally:
        database_drop(name)


def query(name: str, sql: str, params: list | None = None) -> list[tuple]:
    with psycopg.connect(database_url(name), autocommit=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def sanad_env(name: str, **extra: str) -> dict[str, str]:
    """The environment of a Sanad process working on the drill database `name` (a developer's setup, as
    `make bench` runs; the fund of the demo)."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(name),
            "SANAD_DEBUG": "1",
            "SANAD_FUND": env.get("SANAD_FUND", "cnass-mr"),
            "DJANGO_SETTINGS_MODULE": "sanad.operations.drill.settings",
            "LOG_LEVEL": "WARNING",
            "SMS_TRANSPORT": "console",
        }
    )
    env.update(extra)
    return env


def sanad(name: str, *arguments: str, timeout: float = 600, **extra: str) -> str:
    """Run `sanad ARGUMENTS` on the drill database; its output, or an error naming what it said."""
    program = str(Path(sys.executable).with_name("sanad"))
    done = subprocess.run(  # noqa: S603 - our own `sanad`, arguments fixed by the drills
        [program, *arguments],
        env=sanad_env(name, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"sanad {' '.join(arguments)} failed: {done.stderr.strip()[-800:]}")
    return done.stdout


def python(name: str, module: str, *arguments: str, timeout: float = 600) -> str:
    """Run `python -m MODULE ARGUMENTS` (a drill's Django-side step) on the drill database."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, *arguments],
        env=sanad_env(name),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(arguments)} failed: {done.stderr.strip()[-800:]}")
    return done.stdout
