"""Reads of the provider network, scoped to the user who asks."""

from sanad.providers.selectors.billing import BillingReason, BillingRight, facility_can_bill
from sanad.providers.selectors.billing_days import BillingDays, billing_days, spans_cover
from sanad.providers.selectors.facilities import (
    FacilityPage,
    facilities_visible,
    facility_count,
    facility_counts_by_level,
    facility_get,
    facility_list,
    facility_of_user,
)
from sanad.providers.selectors.workflow import (
    agreement_board,
    agreement_overdue_list,
    facility_timeline,
)

__all__ = [
    "BillingDays",
    "BillingReason",
    "BillingRight",
    "FacilityPage",
    "agreement_board",
    "agreement_overdue_list",
    "billing_days",
    "facilities_visible",
    "facility_can_bill",
    "facility_count",
    "facility_counts_by_level",
    "facility_get",
    "facility_list",
    "facility_of_user",
    "facility_timeline",
    "spans_cover",
]
