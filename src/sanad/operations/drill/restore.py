"""Drill `restore`: the drill's database backed up with `sanad backup`, restored with `sanad restore` into
a new database, and both compared: rows of every table and the money totals (operations/backup's
figures), read afresh from each database, not from the manifest. Figures: the time of each step, the rows
and the tables restored, the differences (0 to pass).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sanad.operations.drill import Outcome
from sanad.operations.drill.pg import database_create, database_drop, database_url, python, sanad

MODULE = "sanad.operations.drill.restore"


def figures_of(*urls: str) -> list[dict]:
    """Django side: rows per table and money totals of each database."""
    import psycopg

    from sanad.operations.backup.figures import figures_read

    found = []
    for url in urls:
        with psycopg.connect(url) as conn:
            found.append(figures_read(conn.cursor(), "postgresql"))
    return found


def restore_drill(name: str) -> Outcome:
    outcome = Outcome("restore")
    target = f"drill_restored_{os.getpid()}"
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "backup.tar.gz"
        started = time.monotonic()
        sanad(name, "backup", "--output", str(archive), "--no-media")
        backed_up = time.monotonic() - started
        try:
            database_create(target)
            started = time.monotonic()
            sanad(
                name,
                "restore",
                str(archive),
                "--database-url",
                database_url(target),
                "--no-media",
                "--noinput",
            )
            restored = time.monotonic() - started
            live, copy = json.loads(python(name, MODULE, "figures", database_url(name), database_url(target)))
        finally:
            database_drop(target)
        size = archive.stat().st_size
    differences = [
        f"{kind} {key}: {live[kind].get(key)} live, {copy[kind].get(key)} restored"
        for kind in ("tables", "money")
        for key in sorted(set(live[kind]) | set(copy[kind]))
        if live[kind].get(key) != copy[kind].get(key)
    ]
    outcome.add("backup", backed_up, "s")
    outcome.add("backup_size", size / 1_000_000, "MB")
    outcome.add("restore", restored, "s")
    outcome.add("tables", len(copy["tables"]), "tables")
    outcome.add("rows", sum(copy["tables"].values()), "rows")
    outcome.add("money_columns", len(copy["money"]), "columns")
    outcome.add("differences", len(differences), "differences")
    if differences:
        outcome.fail("the restored database differs: " + "; ".join(differences[:5]))
    if not copy["tables"] or not sum(copy["tables"].values()):
        outcome.fail("nothing was restored")
    return outcome


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1:2] == ["figures"]:
        print(json.dumps(figures_of(*sys.argv[2:])))
