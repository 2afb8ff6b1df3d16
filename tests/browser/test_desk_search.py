"""The desk in a browser: the clerk types words of an act's label in a line of the care sheet, picks the act
from the list the search shows, and sees the amount billed filled from the tariff in force on the date of
care; billed above it, the line warns.

The CNASS world of the claims tests: the Teyarett health centre under agreement, its clerk, a family
covered around today, and a specialist's consultation worth 1,000 MRU until yesterday and 1,500 MRU today.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.catalog.models import Act, KeyLetterValue
from tests.claims.conftest import agreed_centre
from tests.claims.desk.conftest import AROUND_TODAY, family, staff_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def desk_world(live_server, make_user, settings):
    settings.SANAD_FUND = "cnass-mr"
    today = timezone.localdate()
    centre = agreed_centre("CS-001", "Centre de santé de Teyarett", "MR-12", "DRS de Nouakchott-Nord")
    clerk = staff_of(make_user, "salka", centre)
    KeyLetterValue.objects.create(
        letter="CS",
        value=Decimal("1000"),
        valid_from=datetime.date(2020, 1, 1),
        valid_to=today - datetime.timedelta(days=1),
    )
    KeyLetterValue.objects.create(letter="CS", value=Decimal("1500"), valid_from=today)
    Act.objects.create(
        code="CON-CS",
        label_fr="Consultation de spécialiste",
        label_ar="استشارة طبيب مختص",
        category="consultation",
        key_letter="CS",
        coefficient=Decimal("1"),
        valid_from=datetime.date(2020, 1, 1),
    )
    return clerk, family(covered=AROUND_TODAY)


def test_the_clerk_searches_an_act_and_sees_its_tariff_filled_in(page, live_server, desk_world, artifacts):
    clerk, member = desk_world
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}{reverse('claims:sheet_new')}?member={member.registration_number}")
    page.wait_for_selector("#care-sheet")
    page.select_option("[name='lines-0-kind']", "act")
    page.locator("[name='lines-0-code']").press_sequentially("spécialiste", delay=30)
    choice = page.locator("#found-lines-0 button[data-code='CON-CS']")
    choice.wait_for()
    assert "1 500,00" in choice.inner_text().replace("\u202f", " ").replace("\xa0", " ")
    page.screenshot(path=str(artifacts / "desk-search-1-found.png"), full_page=True)

    choice.click()
    page.wait_for_selector("#line-lines-0 [name='lines-0-code'][value='CON-CS']")
    assert page.input_value("[name='lines-0-billed']") == "1500.00"
    assert page.get_attribute("#tariff-lines-0 [data-tariff]", "data-tariff") == "1500.00"
    page.screenshot(path=str(artifacts / "desk-search-2-tariff.png"), full_page=True)

    page.fill("[name='lines-0-billed']", "1800")
    page.locator("[name='lines-0-billed']").dispatch_event("change")
    page.wait_for_selector("#tariff-lines-0 [data-warning='over-tariff']")
    page.screenshot(path=str(artifacts / "desk-search-3-above.png"), full_page=True)
