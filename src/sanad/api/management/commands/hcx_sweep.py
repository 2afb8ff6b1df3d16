"""`sanad hcx_sweep`: the HCX exchange's safety net, run every few minutes by a timer (deploy/systemd).

It answers the requests accepted with a 202 whose background task was lost (a process killed between the
commit and the task), then delivers every answer whose callback is due and every FHIR subscription
notification due. Each request is answered once and each answer or notification delivered once: the
rows' states and locks decide, not this command.
"""

from django.core.management.base import BaseCommand

from sanad.api.hcx.tasks import exchanges_unanswered_sweep_task
from sanad.exchange.services import exchanges_sweep


class Command(BaseCommand):
    help = (
        "Answer the HCX requests whose task was lost, then deliver the answers and the subscription "
        "notifications that are due."
    )

    def handle(self, *args, **options):
        answered = exchanges_unanswered_sweep_task.call()
        delivered = exchanges_sweep()
        self.stdout.write(f"{answered} request(s) answered, {delivered} answer(s) and notification(s) tried")
