"""`sanad backup` and `sanad restore`: the database and the media files come back with the same row counts
and money totals, into the configured database or a new one; a backup that does not match its manifest is
refused before anything is touched."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum

from sanad.claims.models import FileDecision
from sanad.operations.backup.figures import figures_read
from sanad.registry.models import Contribution

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the suite runs on PostgreSQL")
SCAN = b"%PDF-1.4 scan of a prescription"


@pytest.fixture
def media(settings, tmp_path):
    """A media folder of its own, with one scanned document in it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    scan = settings.MEDIA_ROOT / "claims" / "documents" / "7" / "prescription.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(SCAN)
    return settings.MEDIA_ROOT


def _figures() -> dict:
    with connection.cursor() as cursor:
        return figures_read(cursor, connection.vendor)


def _manifest(folder) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def test_the_manifest_holds_checksums_row_counts_and_money_totals(demo, media, tmp_path):
    call_command("backup", output=tmp_path / "backup", verbosity=0)

    manifest = _manifest(tmp_path / "backup")
    database_file = manifest["database"]["file"]
    assert set(manifest["files"]) == {database_file, "media/claims/documents/7/prescription.pdf"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert manifest["tables"]["registry_contribution"] == Contribution.objects.count() > 0
    paid = Contribution.objects.aggregate(total=Sum("amount"))["total"]
    assert manifest["money"]["registry_contribution.amount"] == f"{paid:.2f}"
    decided = FileDecision.objects.aggregate(total=Sum("fund_share"))["total"] or 0
    assert manifest["money"]["claims_filedecision.fund_share"] == f"{decided:.2f}"


@sqlite_only
def test_a_restore_into_a_new_database_gives_back_the_same_rows_and_money(demo, media, tmp_path):
    call_command("backup", output=tmp_path / "backup", verbosity=0)
    before = _figures()

    target = tmp_path / "restored.sqlite3"
    call_command(
        "restore", tmp_path / "backup", database_url=f"sqlite:///{target}", interactive=False, verbosity=0
    )

    with sqlite3.connect(target) as restored:
        assert figures_read(restored.cursor(), "sqlite") == before


@sqlite_only
def test_a_restore_into_the_configured_database_brings_back_deleted_rows_and_files(demo, media, tmp_path):
    call_command("backup", output=tmp_path / "backup.tar.gz", verbosity=0)
    before = _figures()
    Contribution.objects.filter(pk=Contribution.objects.first().pk).delete()
    shutil.rmtree(media)

    call_command("restore", tmp_path / "backup.tar.gz", interactive=False, verbosity=0)

    assert _figures() == before
    assert (media / "claims" / "documents" / "7" / "prescription.pdf").read_bytes() == SCAN


def _tamper_tar(source, target, name: str, data: bytes) -> None:
    """Copy the tar `source` to `target` with the member ending in `name` replaced by `data`."""
    import io

    with tarfile.open(source) as original, tarfile.open(target, "w:gz") as forged:
        for member in original.getmembers():
            content = original.extractfile(member) if member.isfile() else None
            if member.name.endswith(name):
                member.size = len(data)
                content = io.BytesIO(data)
            forged.addfile(member, content)


def test_a_tampered_archive_is_refused_before_anything_is_restored(demo, media, tmp_path):
    call_command("backup", output=tmp_path / "backup.tar.gz", verbosity=0)
    _tamper_tar(tmp_path / "backup.tar.gz", tmp_path / "forged.tar.gz", "prescription.pdf", b"%PDF forged")
    kept = Contribution.objects.first().pk
    Contribution.objects.filter(pk=kept).delete()

    with pytest.raises(CommandError, match=r"prescription\.pdf: checksum mismatch"):
        call_command("restore", tmp_path / "forged.tar.gz", interactive=False, verbosity=0)

    assert not Contribution.objects.filter(pk=kept).exists()


@pytest.mark.parametrize("change", ["database", "added", "removed"])
def test_a_backup_folder_that_no_longer_matches_its_manifest_is_refused(demo, media, tmp_path, change):
    folder = tmp_path / "backup"
    call_command("backup", output=folder, verbosity=0)
    database = folder / _manifest(folder)["database"]["file"]
    if change == "database":
        data = bytearray(database.read_bytes())
        data[len(data) // 2] ^= 0xFF
        database.write_bytes(bytes(data))
    elif change == "added":
        (folder / "media" / "extra.txt").write_text("not from the backup")
    else:
        (folder / "media" / "claims" / "documents" / "7" / "prescription.pdf").unlink()

    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("restore", folder, check=True, verbosity=0)


def _server(settings_dict: dict) -> dict:
    """libpq parameters of the suite's PostgreSQL server, on its maintenance database."""
    keys = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    return {k: settings_dict[v] for k, v in keys.items() if settings_dict.get(v)} | {"dbname": "postgres"}


def _url(settings_dict: dict, name: str) -> str:
    from urllib.parse import quote

    user = quote(settings_dict.get("USER") or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict.get("PASSWORD") else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{settings_dict.get('HOST') or 'localhost'}{port}/{name}"


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the suite runs on SQLite")
def test_a_postgresql_dump_restored_into_a_new_database_has_the_same_rows_and_money(demo, media, tmp_path):
    import psycopg

    from sanad.operations.backup.engines import postgres_figures

    call_command("backup", output=tmp_path / "backup", verbosity=0)
    manifest = _manifest(tmp_path / "backup")
    before = _figures()
    assert manifest["database"]["file"] == "database.dump"
    assert {"tables": manifest["tables"], "money": manifest["money"]} == before

    source = connection.settings_dict
    name = f"{source['NAME']}_restore"
    with psycopg.connect(**_server(source), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        call_command(
            "restore", tmp_path / "backup", database_url=_url(source, name), interactive=False, verbosity=0
        )

        assert postgres_figures({**source, "NAME": name}) == before
    finally:
        with psycopg.connect(**_server(source), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
