"""The profile of the fund this Sanad instance serves (settings.SANAD_FUND)."""

from __future__ import annotations

from django.conf import settings

from sanad.funds.loader import load_profile
from sanad.funds.types import FundProfile


def active_profile() -> FundProfile:
    """The profile named by `settings.SANAD_FUND`, looked up on each call (tests may override it)."""
    return load_profile(settings.SANAD_FUND)
