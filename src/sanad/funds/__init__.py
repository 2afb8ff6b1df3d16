"""Fund profiles: everything that differs between CNASS, CNOPS and CNSS, typed and checked.

Importing this package never imports Django; `active_profile` (which reads Django's settings) is loaded
only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sanad.funds.calendar import (
    add_months,
    add_working_days,
    add_working_hours,
    deadline,
    is_working_day,
    next_working_day,
    public_holidays,
    working_days_between,
)
from sanad.funds.coverage import coverage_rate
from sanad.funds.errors import ProfileError
from sanad.funds.loader import load_profile, load_profile_file, profile_codes
from sanad.funds.registration import (
    RegistrationNumberError,
    registration_number_check,
    registration_number_make,
    registration_number_normalize,
    registration_number_serial,
)
from sanad.funds.types import Clock, FundProfile, Text

if TYPE_CHECKING:
    from sanad.funds.active import active_profile

__all__ = [
    "Clock",
    "FundProfile",
    "ProfileError",
    "RegistrationNumberError",
    "Text",
    "active_profile",
    "add_months",
    "add_working_days",
    "add_working_hours",
    "coverage_rate",
    "deadline",
    "is_working_day",
    "load_profile",
    "load_profile_file",
    "next_working_day",
    "profile_codes",
    "public_holidays",
    "registration_number_check",
    "registration_number_make",
    "registration_number_normalize",
    "registration_number_serial",
    "working_days_between",
]


def __getattr__(name: str) -> Any:
    # Django is imported only by whoever asks for the active profile.
    if name == "active_profile":
        from sanad.funds.active import active_profile

        return active_profile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
