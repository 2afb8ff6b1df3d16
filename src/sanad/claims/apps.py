from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "sanad.claims"
    label = "claims"
    verbose_name = _("Claims")

    def ready(self) -> None:
        from sanad.claims import receivers

        receivers.receivers_connect()
