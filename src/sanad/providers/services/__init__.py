"""Writes to the provider network: each one atomic, locked and audited."""

from sanad.providers.services.agreement_life import (
    agreement_reinstate,
    agreement_renew,
    agreement_suspend,
    agreement_terminate,
)
from sanad.providers.services.agreements import (
    agreement_approve,
    agreement_draft_send,
    agreement_mission_announce,
    agreement_mission_record,
    agreement_refuse,
    agreement_report_share,
    agreement_request,
    agreement_sign,
)
from sanad.providers.services.direct_billing import (
    direct_billing_admit,
    direct_billing_apply,
    direct_billing_decide,
    direct_billing_reinstate,
    direct_billing_suspend,
    direct_billing_terminate,
)
from sanad.providers.services.facilities import (
    facility_create,
    facility_staff_assign,
    facility_update,
    practitioner_add,
)

__all__ = [
    "agreement_approve",
    "agreement_draft_send",
    "agreement_mission_announce",
    "agreement_mission_record",
    "agreement_refuse",
    "agreement_reinstate",
    "agreement_renew",
    "agreement_report_share",
    "agreement_request",
    "agreement_sign",
    "agreement_suspend",
    "agreement_terminate",
    "direct_billing_admit",
    "direct_billing_apply",
    "direct_billing_decide",
    "direct_billing_reinstate",
    "direct_billing_suspend",
    "direct_billing_terminate",
    "facility_create",
    "facility_staff_assign",
    "facility_update",
    "practitioner_add",
]
