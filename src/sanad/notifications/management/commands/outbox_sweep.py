from django.core.management.base import BaseCommand

from sanad.notifications.services import outbox_sweep


class Command(BaseCommand):
    help = "Send the queued messages that are due (for cron, or when the tasks backend cannot defer retries)."

    def handle(self, *args, **options):
        self.stdout.write(f"{outbox_sweep()} message(s) tried")
