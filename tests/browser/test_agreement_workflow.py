"""A manager walks one request from the application to the three signatures, in a real browser."""

import datetime

import pytest

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.demo.users import DEMO_USERS
from sanad.common.permissions import Role
from sanad.providers.checklist import PREREQUISITE_CODES
from sanad.providers.models import AgreementRequest, Facility

pytestmark = pytest.mark.browser


def _submit(page, key: str, values: dict[str, str], select: dict[str, str] | None = None) -> None:
    """Fill the action form `key` (its fields are named `<key>-<field>`) and send it."""
    form = page.locator(f"#form-{key}")
    for name, value in values.items():
        form.locator(f"[name='{key}-{name}']").fill(value)
    for name, value in (select or {}).items():
        form.locator(f"[name='{key}-{name}']").select_option(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_manager_takes_a_request_from_application_to_three_signatures(
    page, live_server, live_demo, artifacts
):
    facility = Facility.objects.filter(network_status="none", kind="health_centre", sector="public").first()
    today = datetime.date.today()
    day = today.isoformat()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", DEMO_USERS[Role.MANAGER])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/providers/?kind=health_centre")
    page.click(f"text={facility.code}")
    page.wait_for_url(f"**/providers/facility/{facility.code}/")
    _submit(page, "request", {"requested_on": day})
    request = AgreementRequest.objects.get(facility=facility)
    key = f"agreement-{request.pk}"

    # A form error names its field and keeps the request where it was.
    _submit(page, f"{key}-announce", {"on": "", "planned_on": day})
    assert page.locator(f"#form-{key}-announce .error[data-field=on]").count() == 1

    _submit(page, f"{key}-announce", {"on": day, "planned_on": day})
    scores = {f"score_{code}": "8" for code in PREREQUISITE_CODES}
    _submit(
        page,
        f"{key}-record",
        {"on": day, "experts": "Dr Ba, Dr Sy", "report": "Prerequisites met.", **scores},
    )
    _submit(page, f"{key}-share", {"on": day})
    _submit(page, f"{key}-approve", {"on": day})
    _submit(page, f"{key}-draft", {"on": day, "validity_months": "36", "tariff_schedule": "TNR-2026"})
    for party in ("facility", "fund", "directorate"):
        _submit(page, f"{key}-sign", {"on": day}, select={"party": party})

    request.refresh_from_db()
    assert request.status == "active"
    assert page.locator(f"#agreement-{request.pk} [data-status=active]").count() == 1
    assert page.locator(f"#validity-{request.pk}").inner_text().startswith(today.strftime("%d/%m/%Y"))
    assert page.locator(".signature").count() == 3
    assert page.locator(".timeline li").count() == 10  # request, 5 steps, 3 signatures, in force
    page.screenshot(path=str(artifacts / "agreement-workflow.png"), full_page=True)

    page.goto(f"{live_server.url}/providers/board/")
    assert page.locator("[data-step=requested]").count() == 1
