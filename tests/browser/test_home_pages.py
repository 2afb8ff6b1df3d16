import pytest
from django.utils import translation

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.demo.users import DEMO_USERS

pytestmark = pytest.mark.browser


def test_every_role_logs_in_and_its_home_page_is_captured(page, live_server, live_demo, artifacts):
    for role, username in DEMO_USERS.items():
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button.primary")
        page.wait_for_url(f"{live_server.url}/")

        assert page.locator("h1").inner_text().strip()
        with translation.override("fr"):  # the browser asks for French pages
            assert str(role.label) in page.locator(".who").inner_text()
        page.screenshot(path=str(artifacts / f"home-{role.value}.png"), full_page=True)
        page.click(".who button")
        page.wait_for_url(f"{live_server.url}/login/")


def test_the_arabic_page_reads_right_to_left(page, live_server, live_demo, artifacts):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")

    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    # The brand sits on the right in a right-to-left page.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > 1280 / 2
    page.screenshot(path=str(artifacts / "home-manager-ar.png"), full_page=True)
