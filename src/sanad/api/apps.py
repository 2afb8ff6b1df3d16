from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "sanad.api"
    label = "api"
    verbose_name = _("Open API")

    def ready(self) -> None:
        # The FHIR subscriptions hear the decisions of prior authorizations and billing files.
        from sanad.api.fhir import subscriptions

        subscriptions.receivers_connect()
