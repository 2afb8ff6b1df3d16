from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sanad.registry"
    label = "registry"
    verbose_name = _("Enrollment and rights")

    def ready(self) -> None:
        from sanad.registry.search import receivers  # noqa: F401 - connects the search index's receivers
