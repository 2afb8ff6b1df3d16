"""A manager registers a university hospital through the page, in a real browser, and sees it admitted to
direct billing automatically (seed 002: university, State and military hospitals are admitted
automatically)."""

import pytest

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.demo.users import DEMO_USERS
from sanad.common.permissions import Role
from sanad.funds import load_profile
from sanad.providers.models import DirectBillingAccess, Facility

pytestmark = pytest.mark.browser


@pytest.fixture
def cnops_fund(settings):
    # A fund whose profile admits university hospitals automatically (`direct_billing_automatic`).
    settings.SANAD_FUND = "cnops-ma"
    return load_profile("cnops-ma")


def test_a_manager_registers_a_hospital_and_sees_it_admitted_to_direct_billing(
    page, live_server, cnops_fund, live_demo, artifacts
):
    profile = cnops_fund
    assert "university_hospital" in profile.agreements.direct_billing_automatic
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", DEMO_USERS[Role.MANAGER])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/providers/")
    page.click("#facility-register")
    page.wait_for_url("**/providers/register/")
    form = page.locator("#form-facility")
    form.locator("[name='facility-code']").fill("ma-chu-fes")
    form.locator("[name='facility-name_fr']").fill("CHU Hassan II de Fès")
    form.locator("[name='facility-name_ar']").fill("CHU Fes")  # not in Arabic letters: refused
    form.locator("[name='facility-kind']").select_option("university_hospital")
    form.locator("[name='facility-sector']").select_option("public")
    form.locator("[name='facility-level']").select_option(profile.care_pyramid.levels[-1].code)
    form.locator("[name='facility-region']").select_option(profile.regions[0].code)
    form.locator("[name='facility-bank_account']").fill("011519000001205000534921")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    # The error stands next to its field; nothing was registered.
    assert page.locator("#form-facility .error[data-field=name_ar]").count() == 1
    assert not Facility.objects.filter(code="MA-CHU-FES").exists()
    page.screenshot(path=str(artifacts / "facility-registration-form.png"), full_page=True)

    page.locator("[name='facility-name_ar']").fill("المركز الاستشفائي الجامعي الحسن الثاني بفاس")
    page.locator("#form-facility button[type=submit]").click()
    page.wait_for_url("**/providers/facility/MA-CHU-FES/")

    facility = Facility.objects.get(code="MA-CHU-FES")
    access = DirectBillingAccess.objects.get(facility=facility)
    assert access.automatic and access.status == "granted"
    assert facility.mission_curative  # checked by default, as most facilities give curative care
    assert "MA-CHU-FES" in page.locator(".messages").inner_text()
    assert page.locator("text=admis d'office").count() >= 1
    page.screenshot(path=str(artifacts / "facility-registration.png"), full_page=True)

    page.click("#facility-edit")
    page.wait_for_url("**/providers/facility/MA-CHU-FES/edit/")
    assert page.locator("[name='facility-kind']").is_disabled()  # fixed once admitted
    page.locator("[name='facility-health_directorate']").fill("Direction régionale de la santé de Fès-Meknès")
    page.locator("#form-facility button[type=submit]").click()
    page.wait_for_url("**/providers/facility/MA-CHU-FES/")
    facility.refresh_from_db()
    assert facility.health_directorate == "Direction régionale de la santé de Fès-Meknès"
