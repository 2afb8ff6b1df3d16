"""`sanad backup [--output PATH] [--database ALIAS] [--no-media]`: the database and the media files,
with a manifest of checksums, row counts and money totals (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanad.operations.backup.archive import BackupError
from sanad.operations.backup.service import backup_create


class Command(BaseCommand):
    help = "Back up the database and the media files, with a manifest (checksums, row counts, money totals)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="a new folder, or a file ending in .tar, .tar.gz or .tgz (default: "
            "a dated folder under SANAD_BACKUP_DIR)",
        )
        parser.add_argument("--database", default="default", help="the database alias (default: default)")
        parser.add_argument(
            "--no-media", dest="media", action="store_false", help="leave the media files out"
        )

    def handle(self, *args, output, database, media, **options):
        try:
            path, manifest = backup_create(output=output, alias=database, media=media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        files = len(manifest["files"])
        self.stdout.write(
            f"backup written to {path}: {len(manifest['tables'])} tables, {rows} rows, {files} files"
        )
        for column, total in sorted(manifest["money"].items()):
            self.stdout.write(f"  {column}: {total}")
