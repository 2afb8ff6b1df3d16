"""Dump and restore per database engine: pg_dump/pg_restore for PostgreSQL, the online backup API for
SQLite. Each returns the figures (rows per table, money totals) of what it wrote.

PostgreSQL: the dump and the figures come from one snapshot (pg_dump --snapshot), so the manifest
describes exactly the rows in the dump while the application keeps writing. The password travels in
the environment of pg_dump, never on its command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import psycopg
from django.db import connections

from sanad.operations.backup.archive import BackupError
from sanad.operations.backup.figures import figures_read

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DATABASE_FILES = {POSTGRESQL: "database.dump", SQLITE: "database.sqlite3"}

# libpq's connection keywords and the environment variables its programs read them from.
_LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


def vendor_of(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine:
        return POSTGRESQL
    if "sqlite3" in engine:
        return SQLITE
    raise BackupError(f"no backup for the database engine {engine}")


def _libpq(settings_dict: dict[str, Any]) -> dict[str, str]:
    params = {
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
    }
    params.update({k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k in _LIBPQ_ENV})
    return {k: str(v) for k, v in params.items() if v not in (None, "")}


def _run(program: str, arguments: list[str], settings_dict: dict[str, Any]) -> None:
    binary = shutil.which(program)
    if binary is None:
        raise BackupError(f"{program} is not installed (PostgreSQL client programs, same major version)")
    # The server's address and credentials override whatever PG* variables the shell has.
    env = {**os.environ, **{_LIBPQ_ENV[k]: v for k, v in _libpq(settings_dict).items()}}
    done = subprocess.run([binary, *arguments], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()[-2000:]}")


def postgres_figures(settings_dict: dict[str, Any]) -> dict[str, Any]:
    with psycopg.connect(**_libpq(settings_dict)) as conn:
        conn.read_only = True
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        return figures_read(conn.cursor(), POSTGRESQL)


def postgres_dump(settings_dict: dict[str, Any], target: Path) -> dict[str, Any]:
    """pg_dump in the custom format, and the figures of the same snapshot."""
    with psycopg.connect(**_libpq(settings_dict)) as conn:
        conn.read_only = True
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        cursor = conn.cursor()
        # The transaction stays open while pg_dump runs, so that it can take the same snapshot.
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        arguments = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        _run("pg_dump", [*arguments, f"--file={target}"], settings_dict)
        return figures_read(cursor, POSTGRESQL)


def postgres_restore(settings_dict: dict[str, Any], source: Path) -> dict[str, Any]:
    """pg_restore into the database, all or nothing, replacing the objects the dump holds."""
    connections.close_all()
    arguments = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    name = settings_dict["NAME"]
    _run("pg_restore", [*arguments, "--exit-on-error", f"--dbname={name}", str(source)], settings_dict)
    return postgres_figures(settings_dict)


def sqlite_dump(alias: str, target: Path) -> dict[str, Any]:
    """Copy the database with SQLite's online backup, in one step (a consistent copy while others write),
    then count the copy."""
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # The copy stands alone: no -wal or -shm file beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        return figures_read(copy.cursor(), SQLITE)
    finally:
        copy.close()


def sqlite_restore(source: Path, *, alias: str | None, name: str | None) -> dict[str, Any]:
    """Replace the whole database (Django's `alias`, or the file `name`) with the copy `source`."""
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = None
    try:
        if alias is not None:
            connections[alias].ensure_connection()
            destination = connections[alias].connection
        else:
            destination = target = sqlite3.connect(str(name))
        copy.backup(destination)
        return figures_read(destination.cursor(), SQLITE)
    finally:
        copy.close()
        if target is not None:
            target.close()
