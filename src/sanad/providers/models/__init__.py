"""The provider network's models, one module per aggregate."""

from sanad.providers.models.agreement import AgreementEvent, AgreementPeriod, AgreementRequest, ChecklistScore
from sanad.providers.models.direct_billing import DirectBillingAccess, DirectBillingEvent
from sanad.providers.models.facility import Facility, FacilityKind, FacilityStaff, Practitioner, Sector

__all__ = [
    "AgreementEvent",
    "AgreementPeriod",
    "AgreementRequest",
    "ChecklistScore",
    "DirectBillingAccess",
    "DirectBillingEvent",
    "Facility",
    "FacilityKind",
    "FacilityStaff",
    "Practitioner",
    "Sector",
]
