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


def photo(tmp_path):
    """A small picture to upload as the member's photo."""
    picture = tmp_path / "photo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())
    return picture


def log_in(page, base: str, role: Role) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", DEMO_USERS[role])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")


def enroll_at_counter(page, base: str, picture, artifacts=None) -> Member:
    """Aminetou Mint Ahmed, her husband and two children, through the four steps of the wizard."""
    profile = active_profile()

    def shot(name: str) -> None:
        if artifacts is not None:
            page.screenshot(path=str(artifacts / f"enrollment-{name}.png"), full_page=True)

    # Step 1: the person. A phone of another country is refused next to the field.
    page.goto(f"{base}/registry/enroll/?new=1")
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
    shot("1-person-error")
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
    shot("3-dependants")
    page.locator("#to-review").click()
    page.wait_for_url("**/registry/enroll/review/")

    # Step 4: review, then the single submit.
    assert page.locator("#review-dependants li").count() == 3
    shot("4-review")
    page.locator("#submit-enrollment").click()
    page.wait_for_url("**/registry/member/*/")
    member = Member.objects.get(first_name="Aminetou", last_name="Mint Ahmed")
    assert page.locator("#registration-number").inner_text() == member.registration_number
    assert page.locator("#dependants tbody tr").count() == 3
    shot("5-member")
    return member


def pay_by_mobile_money(page, paid_on: datetime.date | None = None) -> None:
    """A contribution by mobile money: htmx swaps in the operator and reference fields."""
    profile = active_profile()
    if paid_on is not None:
        page.locator("[name=paid_on]").fill(paid_on.isoformat())
    page.locator("#id_method").select_option("mobile_money")
    page.locator("#method-fields [name=operator]").select_option(
        profile.contributions.mobile_money_operators[0]
    )
    page.locator("#method-fields [name=reference]").fill("TX-778899")
    page.locator("#record-contribution").click()
    page.wait_for_url("**/registry/receipt/*/")


def test_a_counter_agent_enrolls_a_family_and_takes_its_contribution(
    page, live_server, live_demo, artifacts, tmp_path
):
    log_in(page, live_server.url, Role.COUNTER_AGENT)
    member = enroll_at_counter(page, live_server.url, photo(tmp_path), artifacts)

    pay_by_mobile_money(page)

    contribution = Contribution.objects.get(member=member)
    assert contribution.persons == 4
    assert page.locator("#receipt").inner_text().count(contribution.receipt_number) >= 1
    assert "TX-778899" in page.locator("#receipt").inner_text()
    page.screenshot(path=str(artifacts / "enrollment-6-receipt.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".topbar").is_hidden()
    page.screenshot(path=str(artifacts / "enrollment-7-receipt-print.png"), full_page=True)
