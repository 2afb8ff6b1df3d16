"""`sanad demo --fund cnass-mr --members 2000 --seed 1`: realistic, deterministic synthetic data."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanad.common.demo import DEMO_PASSWORD
from sanad.demo.loader import demo_is_loaded, demo_load, demo_logins
from sanad.funds import ProfileError, load_profile, profile_codes


class Command(BaseCommand):
    help = "Load synthetic demo data for a fund profile, then print one demo login per role."

    def add_arguments(self, parser):
        parser.add_argument("--fund", default=None, help="fund profile (default: SANAD_FUND)")
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty", action="store_true", help="load only if the database has no members yet"
        )

    def handle(self, *args, fund, members, seed, if_empty, **options):
        fund = fund or settings.SANAD_FUND
        try:
            load_profile(fund)
        except ProfileError as error:
            raise CommandError(f"{error} (known funds: {', '.join(profile_codes())})") from error
        if members < 1:
            raise CommandError("--members must be at least 1")
        if demo_is_loaded():
            if not if_empty:
                raise CommandError(
                    "The database already holds members; demo data goes into an empty database "
                    "(use --if-empty to skip quietly)."
                )
            self.stdout.write("Demo data already loaded.")
        else:
            started = time.perf_counter()
            ctx = demo_load(fund=fund, members=members, seed=seed, today=timezone.localdate())
            elapsed = time.perf_counter() - started
            made = ", ".join(f"{n} {what}" for what, n in ctx.counts.items())
            self.stdout.write(f"Demo data for {fund}: {made} in {elapsed:.1f} s.")
            if ctx.api_key:
                self.stdout.write(
                    f"API key of the demo hospital's software (shown once; see /developers/): {ctx.api_key}"
                )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for label, username in demo_logins():
            self.stdout.write(f"  {label:<22} {username}")
