from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorizationsConfig(AppConfig):
    name = "sanad.authorizations"
    label = "authorizations"
    verbose_name = _("Prior authorization")

    def ready(self) -> None:
        from sanad.authorizations import receivers
        from sanad.authorizations.decision_document.payload import KIND
        from sanad.authorizations.views.documents import document_verify
        from sanad.registry.certificates.views import verify_kind_register

        receivers.receivers_connect()
        # A decision document's QR code opens the public check page of the rights certificates.
        verify_kind_register(KIND, document_verify)
