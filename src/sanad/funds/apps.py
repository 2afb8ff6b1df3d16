"""Django start-up for the fund profiles: a broken profile stops the process before it serves anything."""

from __future__ import annotations

from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "sanad.funds"
    label = "funds"
    verbose_name = "Fund profiles"

    def ready(self) -> None:
        """Every shipped profile and the active one (settings.SANAD_FUND) load without error."""
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from sanad.funds.errors import ProfileError
        from sanad.funds.loader import load_profile, profile_codes

        code = getattr(settings, "SANAD_FUND", None)
        if not code:
            raise ImproperlyConfigured(f"SANAD_FUND is not set (one of: {', '.join(profile_codes())})")
        try:
            for each in profile_codes():
                load_profile(each)
            load_profile(code)
        except ProfileError as error:
            raise ImproperlyConfigured(str(error)) from error
