from django.core.management.base import BaseCommand

from sanad.notifications.services import outbox_drain


class Command(BaseCommand):
    help = (
        "Send every queued message that is due, 500 at a time until none is left: the messages whose task "
        "was lost (a process killed after the commit), and the retries when the tasks backend cannot defer. "
        "Run it every few minutes (a timer): each message is sent once, however often it runs."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{outbox_drain()} message(s) tried")
