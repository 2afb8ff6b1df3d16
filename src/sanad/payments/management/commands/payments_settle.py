"""`sanad payments_settle --from DATE --to DATE [--region R] [--kind K] [--user NAME] [--chunk N]`: prepare
a settlement run over the validated files received in the period, with a progress line; or
`sanad payments_settle --resume`: go on with the run being prepared, where it stopped (after a kill)."""

from __future__ import annotations

import datetime
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanad.common.errors import DomainError
from sanad.common.progress import progress_line
from sanad.payments.models import SettlementRun
from sanad.payments.services import CHUNK, settlement_run_gather, settlement_run_start
from sanad.payments.statuses import RunStatus


class Command(BaseCommand):
    help = "Prepare a settlement run (or resume the one being prepared), chunk after chunk."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat, help="received from")
        parser.add_argument("--to", dest="end", type=datetime.date.fromisoformat, help="received until")
        parser.add_argument("--region", default="", help="one region's facilities only")
        parser.add_argument("--kind", default="", help="one kind of facility only")
        parser.add_argument("--user", help="the finance officer who prepares it (login)")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="files per transaction")
        parser.add_argument("--resume", action="store_true", help="go on with the run being prepared")

    def handle(self, *args, start, end, region, kind, user, chunk, resume, **options):
        if chunk < 1:
            raise CommandError("--chunk must be at least 1")
        try:
            if resume:
                run = SettlementRun.objects.filter(status=RunStatus.PREPARING).first()
                if run is None:
                    raise CommandError("no settlement run is being prepared")
            else:
                if start is None or end is None:
                    raise CommandError("--from and --to are required (or --resume)")
                actor = get_user_model().objects.filter(username=user).first() if user else None
                if user and actor is None:
                    raise CommandError(f"no user {user!r}")
                run = settlement_run_start(
                    actor=actor,
                    period_start=start,
                    period_end=end,
                    region=region,
                    facility_kind=kind,
                    on=timezone.localdate(),
                )
            started = time.perf_counter()
            done_before = run.files_done

            def progress(current: SettlementRun) -> None:
                elapsed = time.perf_counter() - started
                line = progress_line(
                    current.files_done - done_before, current.files_expected - done_before, elapsed, "files"
                )
                self.stdout.write(f"\r{run.number} {line}", ending="")
                self.stdout.flush()

            run = settlement_run_gather(run_id=run.pk, chunk=chunk, progress=progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        self.stdout.write(
            f"{run.number}: {run.get_status_display()}, {run.files} files, {run.orders} orders, "
            f"fund share {run.fund_share} {run.currency} ({time.perf_counter() - started:.1f} s)"
        )
