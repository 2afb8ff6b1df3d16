"""`backup_create` writes a backup, `backup_verify` checks one, `backup_restore` puts one back."""

from __future__ import annotations

import datetime
import shutil
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connections
from django.utils import timezone

from sanad.operations.backup import engines
from sanad.operations.backup.archive import (
    FORMAT,
    BackupError,
    archive_open,
    archive_verify,
    files_checksum,
    is_tar,
    manifest_write,
    tar_pack,
)
from sanad.operations.backup.figures import figures_compare

MEDIA = "media"


def _version() -> str:
    try:
        return version("sanad")
    except PackageNotFoundError:
        return "unknown"


def _media_copy(source: Path, target: Path) -> int:
    """Copy the regular files under `source` to `target` (links are left out); how many."""
    copied = 0
    if not source.is_dir():
        return copied
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            copied += 1
    return copied


def _write(root: Path, *, alias: str, media: bool, now: datetime.datetime) -> dict[str, Any]:
    settings_dict = connections[alias].settings_dict
    vendor = engines.vendor_of(settings_dict)
    database_file = engines.DATABASE_FILES[vendor]
    if vendor == engines.POSTGRESQL:
        figures = engines.postgres_dump(settings_dict, root / database_file)
    else:
        figures = engines.sqlite_dump(alias, root / database_file)
    if media:
        _media_copy(Path(settings.MEDIA_ROOT), root / MEDIA)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "sanad_version": _version(),
        "fund": settings.SANAD_FUND,
        "database": {"engine": vendor, "file": database_file},
        "media": media,
        **figures,
        "files": files_checksum(root),
    }
    manifest_write(root, manifest)
    return manifest


def backup_create(
    *,
    output: Path | None = None,
    alias: str = "default",
    media: bool = True,
    now: datetime.datetime | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Write a backup of the database `alias` and the media files: a folder, or a tar when `output` ends
    in .tar, .tar.gz or .tgz. Without `output`, a dated folder under SANAD_BACKUP_DIR."""
    now = now or timezone.now()
    name = f"sanad-{settings.SANAD_FUND}-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    output = output or Path(settings.SANAD_BACKUP_DIR) / name
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"{output} already exists: choose a new name")
    if is_tar(output):
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="sanad-backup-", dir=output.parent) as folder:
            root = Path(folder) / output.name.split(".")[0]
            root.mkdir()
            manifest = _write(root, alias=alias, media=media, now=now)
            tar_pack(root, output)
        return output, manifest
    output.mkdir(parents=True, exist_ok=True)
    try:
        return output, _write(output, alias=alias, media=media, now=now)
    except BaseException:
        shutil.rmtree(output, ignore_errors=True)  # never leave half a backup that looks like one
        raise


def backup_verify(source: Path) -> dict[str, Any]:
    """The manifest of the backup at `source` (folder or tar) once every checksum matches."""
    with archive_open(source) as root:
        return archive_verify(root)


def backup_restore(
    source: Path,
    *,
    alias: str = "default",
    database_url: str | None = None,
    media: bool = True,
    confirm: Callable[[dict[str, Any], str], bool] | None = None,
) -> dict[str, Any]:
    """Check the backup, then restore it into the database `alias` (or the one at `database_url`) and the
    media folder; the restored database must give back the manifest's row counts and money totals.
    `confirm(manifest, target)` may still say no once the backup is checked. Returns the manifest."""
    with archive_open(source) as root:
        manifest = archive_verify(root)
        if database_url:
            settings_dict = dj_database_url.parse(database_url)
            target = f"{settings_dict.get('HOST') or 'local'}/{settings_dict['NAME']}"
        else:
            settings_dict = connections[alias].settings_dict
            target = f"the configured database {alias!r}"
        vendor = engines.vendor_of(settings_dict)
        if vendor != manifest["database"]["engine"]:
            raise BackupError(f"a {manifest['database']['engine']} backup cannot be restored into {vendor}")
        if confirm is not None and not confirm(manifest, target):
            raise BackupError("restore cancelled")
        dump = root / manifest["database"]["file"]
        if vendor == engines.POSTGRESQL:
            figures = engines.postgres_restore(settings_dict, dump)
        else:
            figures = engines.sqlite_restore(
                dump, alias=None if database_url else alias, name=settings_dict["NAME"]
            )
        if media and manifest.get("media"):
            _media_copy(root / MEDIA, Path(settings.MEDIA_ROOT))
    problems = figures_compare(manifest, figures)
    if problems:
        raise BackupError("the restored database differs from the backup: " + "; ".join(problems[:10]))
    return manifest
