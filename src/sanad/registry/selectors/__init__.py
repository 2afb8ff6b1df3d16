"""Reads of the register, scoped to the user who asks."""

from sanad.registry.selectors.enrollment import enrollment_days_left, enrollments_overdue
from sanad.registry.selectors.people import member_counts, member_of_user
from sanad.registry.selectors.rights import Beneficiary, Rights, rights_on, rights_on_many

__all__ = [
    "Beneficiary",
    "Rights",
    "enrollment_days_left",
    "enrollments_overdue",
    "member_counts",
    "member_of_user",
    "rights_on",
    "rights_on_many",
]
