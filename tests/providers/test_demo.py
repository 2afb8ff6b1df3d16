"""The demo network: agreements in every workflow state, valid bank accounts, direct billing per profile."""

import datetime

import pytest

from sanad.common.banking import bank_account_normalize
from sanad.demo.loader import demo_load
from sanad.providers.models import AgreementRequest, DirectBillingAccess, Facility, Practitioner
from sanad.providers.selectors import facility_can_bill
from sanad.providers.statuses import AgreementStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fund", ["cnass-mr", "cnops-ma", "cnss-ma"])
def test_the_demo_has_agreements_in_every_state_and_valid_accounts(settings, fund):
    settings.SANAD_FUND = fund
    ctx = demo_load(fund=fund, members=5, seed=3, today=datetime.date(2026, 11, 23))

    statuses = set(AgreementRequest.objects.values_list("status", flat=True))
    assert statuses == set(AgreementStatus.values)
    for account in Facility.objects.values_list("bank_account", flat=True):
        assert bank_account_normalize(account) == account
    assert Practitioner.objects.exists()
    staff_facility = ctx.users["facility_staff"].facility_staff.facility
    assert facility_can_bill(
        facility=staff_facility, on=datetime.date.today(), care_type="outpatient"
    ).allowed
    automatic = DirectBillingAccess.objects.filter(automatic=True)
    if ctx.profile.agreements.direct_billing_automatic:
        assert automatic.filter(facility__kind="university_hospital").exists()
        assert DirectBillingAccess.objects.filter(automatic=False, status="applied").exists()
    else:
        assert not DirectBillingAccess.objects.exists()
