"""A counter agent enrolls a family at the counter, then records its contribution and opens the receipt."""

import datetime
import io

import pytest
from PIL import Image

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.demo.users import DEMO_USERS
from sanad.common.permissions import Role
from sanad.funds.active import active_profile
from sanad.registry.models import Contribution, Member

pytestmark = pytest.mark.browser


def _years_ago(years: int) -> str:
    today = datetime.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)).isoformat()


def _add_dependant(page, relationship: str, name: str, sex: str, birth_date: str) -> None:
    form = page.locator("#dependant-form")
    form.locator("[name=relationship]").select_option(relationship)
    form.locator("[name=first_name]").fill(name)
    form.locator("[name=last_name]").fill("Ould Ahmed")
    form.locator("[name=sex]").select_option(sex)
    form.locator("[name=birth_date]").fill(birth_date)
    form.locator("#add-dependant").click()
    page.wait_for_load_state()


def test_a_counter_agent_enrolls_a_family_and_takes_its_contribution(
    page, live_server, live_demo, artifacts, tmp_path
):
    profile = active_profile()
    picture = tmp_path / "photo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", DEMO_USERS[Role.COUNTER_AGENT])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")

    # Step 1: the person. A phone of another country is refused next to the field.
    page.goto(f"{live_server.url}/registry/enroll/?new=1")
    form = page.locator("#step-person")
    form.locator("[name=first_name]").fill("Aminetou")
    form.locator("[name=last_name]").fill("Mint Ahmed")
    form.locator("[name=first_name_ar]").fill("أمينتو")
    form.locator("[name=last_name_ar]").fill("منت أحمد")
    form.locator("[name=sex]").select_option("F")
    form.locator("[name=birth_date]").fill("1986-05-04")
    form.locator("[name=nationality]").select_option(profile.country)
    form.locator("[name=population]").select_option("national")
    form.locator("[name=phone]").fill("+33612345678")
    form.locator("[name=region]").select_option(profile.regions[0].code)
    form.locator("[name=photo]").set_input_files(str(picture))
    form.locator("button.primary").click()
    page.wait_for_load_state()
    assert page.locator(".error[data-field=phone]").count() == 1
    page.screenshot(path=str(artifacts / "enrollment-1-person-error.png"), full_page=True)
    form = page.locator("#step-person")
    form.locator("[name=phone]").fill("+22236123456")
    form.locator("[name=photo]").set_input_files(str(picture))
    form.locator("button.primary").click()
    page.wait_for_url("**/registry/enroll/documents/")

    # Step 2: identity documents, as the profile lists them for nationals.
    page.locator("[name=doc-0-kind]").select_option("national_id_card")
    page.locator("[name=doc-0-number]").fill("MR1234567")
    page.locator("[name=doc-0-expires_on]").fill("2031-01-01")
    page.locator("#step-documents button.primary").click()
    page.wait_for_url("**/registry/enroll/dependants/")

    # Step 3: a spouse and two children.
    _add_dependant(page, "spouse", "Mohamed", "M", _years_ago(40))
    _add_dependant(page, "child", "Fatimetou", "F", _years_ago(9))
    _add_dependant(page, "child", "Sidi", "M", _years_ago(4))
    assert page.locator("#dependants tbody tr").count() == 3
    page.screenshot(path=str(artifacts / "enrollment-3-dependants.png"), full_page=True)
    page.locator("#to-review").click()
    page.wait_for_url("**/registry/enroll/review/")

    # Step 4: review, then the single submit.
    assert page.locator("#review-dependants li").count() == 3
    page.screenshot(path=str(artifacts / "enrollment-4-review.png"), full_page=True)
    page.locator("#submit-enrollment").click()
    page.wait_for_url("**/registry/member/*/")
    member = Member.objects.get(first_name="Aminetou", last_name="Mint Ahmed")
    assert page.locator("#registration-number").inner_text() == member.registration_number
    assert page.locator("#dependants tbody tr").count() == 3
    page.screenshot(path=str(artifacts / "enrollment-5-member.png"), full_page=True)

    # A contribution by mobile money: htmx swaps in the operator and reference fields.
    page.locator("#id_method").select_option("mobile_money")
    page.locator("#method-fields [name=operator]").select_option(
        profile.contributions.mobile_money_operators[0]
    )
    page.locator("#method-fields [name=reference]").fill("TX-778899")
    page.locator("#record-contribution").click()
    page.wait_for_url("**/registry/receipt/*/")
    contribution = Contribution.objects.get(member=member)
    assert contribution.persons == 4
    assert page.locator("#receipt").inner_text().count(contribution.receipt_number) >= 1
    assert "TX-778899" in page.locator("#receipt").inner_text()
    page.screenshot(path=str(artifacts / "enrollment-6-receipt.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".topbar").is_hidden()
    page.screenshot(path=str(artifacts / "enrollment-7-receipt-print.png"), full_page=True)
