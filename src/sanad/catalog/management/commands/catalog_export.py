"""`sanad catalog_export <table> <file>`: write a catalog table to CSV or XLSX (by the file's extension)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanad.catalog.fileio import format_of, write_rows
from sanad.catalog.selectors import table_records
from sanad.catalog.tables import TABLES
from sanad.common.errors import DomainError


class Command(BaseCommand):
    help = "Export a catalog table to a CSV or XLSX file that catalog_import reads back."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("file", type=Path)

    def handle(self, *args, table, file, **options):
        spec = TABLES[table]
        try:
            content = write_rows(spec, table_records(table=spec), format_of(file.name))
            file.write_bytes(content)
        except (OSError, DomainError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{table}: written to {file.name}.")
