"""Every role's top bar fits 1024 px in French and Arabic, each link in the row or in the "More" menu."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sanad.common.demo import DEMO_PASSWORD
from sanad.common.demo.users import DEMO_USERS
from sanad.common.permissions import Role
from sanad.web.context import NAVIGATION, _visible

pytestmark = pytest.mark.browser

WIDTH = 1024


def _expected_links(username: str) -> set[str]:
    user = get_user_model().objects.get(username=username)
    return {reverse(url) for _label, url, need in NAVIGATION if _visible(user, need)}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_top_bar_fits_1024_px_for_every_role(browser, live_server, live_demo, artifacts, language):
    context = browser.new_context(locale=language, viewport={"width": WIDTH, "height": 768})
    page = context.new_page()
    base = live_server.url
    try:
        for role, username in DEMO_USERS.items():
            page.goto(f"{base}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button.primary")
            page.wait_for_url(f"{base}/")
            assert page.locator("html").get_attribute("lang") == language

            # Nothing sticks out sideways: no horizontal scroll bar at 1024 px.
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= WIDTH, f"{role.value} in {language}: the page is {scroll} px wide"
            page.screenshot(path=str(artifacts / f"nav-1024-{language}-{role.value}.png"))

            # Every link the role may use is in the navigation, each visible in the row or in the menu.
            links = page.locator(".nav a")
            hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
            assert hrefs == _expected_links(username), role.value
            # The links outside the menu stand on one row.
            row = page.locator(".nav > a")
            tops = {round(row.nth(i).bounding_box()["y"]) for i in range(row.count())}
            assert len(tops) == 1, f"{role.value} in {language}: the navigation wraps"
            more = page.locator(".nav-more summary")
            if more.count():
                more.click()
                page.screenshot(path=str(artifacts / f"nav-1024-{language}-{role.value}-more.png"))
                assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
            for i in range(links.count()):
                link = links.nth(i)
                assert link.is_visible(), f"{role.value}: {link.inner_text()} cannot be reached"
                box = link.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, link.inner_text()
            # The search box, the language buttons and the log-out button stay on the screen too.
            for selector in ["#shell-search", ".langs button", ".who button"]:
                for element in page.locator(selector).all():
                    box = element.bounding_box()
                    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, selector

            page.click(".who button")
            page.wait_for_url(f"{base}/login/")
    finally:
        context.close()


def test_the_404_page_in_arabic_fits_and_leads_back(browser, live_server, live_demo, artifacts, settings):
    settings.DEBUG = False  # the styled page, not Django's page for developers
    context = browser.new_context(locale="ar", viewport={"width": WIDTH, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", DEMO_USERS[Role.ENROLLMENT_OFFICER])
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button.primary")
        page.wait_for_url(f"{live_server.url}/")
        response = page.goto(f"{live_server.url}/no-such-page/", referer=f"{live_server.url}/reasons/")
        assert response.status == 404

        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
        page.screenshot(path=str(artifacts / "error-404-ar.png"))
        assert page.locator(".way-back a").count() == 2  # the previous page and the home page
        page.click(".way-back a >> nth=0")
        page.wait_for_url(f"{live_server.url}/reasons/")
    finally:
        context.close()
