"""`sanad catalog_import <table> <file> [--dry-run]`: check a CSV or XLSX file, then import it whole."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from sanad.catalog.fileio import format_of
from sanad.catalog.services import catalog_import
from sanad.catalog.tables import TABLES
from sanad.common.errors import DomainError


class Command(BaseCommand):
    help = "Import a catalog table from a CSV or XLSX file; nothing is written if any row has an error."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
        parser.add_argument("--language", default="fr", help="language of the error messages (fr, ar, en)")

    def handle(self, *args, table, file, dry_run, language, **options):
        translation.activate(language)
        try:
            report = catalog_import(
                actor=None, table=table, content=file.read_bytes(), fmt=format_of(file.name), dry_run=dry_run
            )
        except (OSError, DomainError) as error:
            raise CommandError(str(error)) from error
        for error in report.errors:
            self.stderr.write(f"row {error.row}, {error.field} [{error.rule}]: {error.message}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s) in {report.rows} row(s): nothing imported.")
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            f"{report.table}: {report.rows} row(s) checked; {verb} {report.created}, "
            f"updated {report.updated}, closed {report.closed}."
        )
