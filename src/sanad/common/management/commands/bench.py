"""`sanad bench [NAME ...] [--scale S]`: run the registered benchmarks, one JSON line per figure."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sanad.common.benchmarks import discover, run_benches


class Command(BaseCommand):
    help = "Run the benchmarks (all, or those named) and print one JSON line per figure."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
        parser.add_argument("--scale", type=float, default=1.0, help="shrink or grow every size")
        parser.add_argument(
            "--list", dest="list_only", action="store_true", help="list the benchmarks and stop"
        )

    def handle(self, *args, names, scale, list_only, **options):
        benches = discover()
        if list_only:
            for bench in benches.values():
                self.stdout.write(bench.name + (" (database)" if bench.needs_database else ""))
            return
        unknown = sorted(set(names) - set(benches))
        if unknown:
            raise CommandError(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(benches)}")
        if scale <= 0:
            raise CommandError("--scale must be greater than 0")
        chosen = [benches[n] for n in (names or benches)]
        throwaway = None
        if any(b.needs_database for b in chosen):
            # Benchmarks write a lot: give them a fresh database, then drop it.
            throwaway = connection.settings_dict["NAME"]
            connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            for line in run_benches(chosen, scale):
                self.stdout.write(line)
                self.stdout.flush()
        finally:
            if throwaway is not None:
                connection.creation.destroy_test_db(throwaway, verbosity=0)
