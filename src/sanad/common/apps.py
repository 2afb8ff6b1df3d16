from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "sanad.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sanad.common.middleware_cache import on_logged_in

        user_logged_in.connect(on_logged_in, dispatch_uid="common.idle_clock")
