"""`sanad restore PATH [--database ALIAS | --database-url URL] [--no-media] [--check] [--noinput]`.

Checks every checksum of the backup first and refuses it on any mismatch; then replaces the database
and copies the media files back, and checks that the restored database has the manifest's row counts
and money totals. Stop the web server and the worker before restoring into the configured database.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanad.operations.backup.archive import BackupError
from sanad.operations.backup.service import backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restore a backup written by `sanad backup`, after checking its checksums."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the backup folder or tar")
        parser.add_argument("--database", default="default", help="the database alias to restore into")
        parser.add_argument(
            "--database-url", help="restore into this database instead (for example a new one)"
        )
        parser.add_argument("--no-media", dest="media", action="store_false", help="leave the media files")
        parser.add_argument("--check", action="store_true", help="only check the backup against its manifest")
        parser.add_argument("--noinput", "--no-input", dest="interactive", action="store_false")

    def handle(self, *args, source, database, database_url, media, check, interactive, **options):
        try:
            if check:
                manifest = backup_verify(source)
                self.stdout.write(f"{source}: {len(manifest['files'])} files match the manifest")
                return
            manifest = backup_restore(
                source,
                alias=database,
                database_url=database_url,
                media=media,
                confirm=self._confirm if interactive else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored the backup of {manifest['created_at']}: {rows} rows in {len(manifest['tables'])} "
            "tables, row counts and money totals as in the manifest"
        )

    def _confirm(self, manifest, target) -> bool:
        answer = input(
            f"The backup of {manifest['created_at']} checks out. Replace the data of {target} with it? "
            "Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"
