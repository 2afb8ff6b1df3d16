"""`sanad claims_adjudicate [--on DATE] [--chunk N] [--workers N] [--limit N]`: decide every received file.

Runs the batch runner (`sanad.claims.runner.decide`): the received files, oldest first, a chunk per
transaction, with a progress line. A rerun decides only what is still received. If a runner process
dies or fails, the run stops the others and the command ends with an error (exit status 1) saying how many
files are still received.
"""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanad.claims.runner.decide import CHUNK, RunResult, claims_adjudicate_run, received_count
from sanad.common.errors import DomainError
from sanad.common.progress import progress_line


class Command(BaseCommand):
    help = "Decide every received billing file with the engine, chunk after chunk."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=datetime.date.fromisoformat, help="decision date (default: today)")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="files per transaction")
        parser.add_argument("--workers", type=int, default=1, help="runner processes (PostgreSQL)")
        parser.add_argument("--limit", type=int, help="decide at most this many files")

    def handle(self, *args, on, chunk, workers, limit, **options):
        if chunk < 1 or workers < 1 or (limit is not None and limit < 1):
            raise CommandError("--chunk, --workers and --limit must be at least 1")
        started = time.perf_counter()
        total = received_count() if limit is None else min(limit, received_count())

        def progress(result: RunResult) -> None:
            line = progress_line(result.files, total, time.perf_counter() - started, "files")
            self.stdout.write(f"\r{line} · {result.lines} lines", ending="")
            self.stdout.flush()

        try:
            result = claims_adjudicate_run(
                on=on or timezone.localdate(), chunk=chunk, workers=workers, limit=limit, progress=progress
            )
        except DomainError as error:
            # A run of several runners one of which failed (`faults.RunStopped`): the progress line ends,
            # the error says in plain words how many files are left, and the command exits with status 1.
            self.stdout.write("")
            raise CommandError(str(error)) from error
        self.stdout.write("")
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(result.statuses.items()))
        self.stdout.write(
            f"{result.files} files decided in {time.perf_counter() - started:.1f} s ({statuses or 'none'})"
        )
