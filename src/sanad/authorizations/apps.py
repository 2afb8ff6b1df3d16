from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorizationsConfig(AppConfig):
    name = "sanad.authorizations"
    label = "authorizations"
    verbose_name = _("Prior authorization")

    def ready(self) -> None:
        from sanad.authorizations import receivers

        receivers.receivers_connect()
