from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "sanad.credentials"
    label = "credentials"
    verbose_name = _("API clients")
    default_auto_field = "django.db.models.BigAutoField"
