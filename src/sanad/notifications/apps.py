from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "sanad.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from sanad.notifications import (
            receivers,
            receivers_authorizations,
            receivers_claims,
            receivers_payments,
            receivers_registry,
        )

        receivers.receivers_connect()
        receivers_authorizations.receivers_connect()
        receivers_claims.receivers_connect()
        receivers_registry.receivers_connect()
        receivers_payments.receivers_connect()
