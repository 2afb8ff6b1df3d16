"""In a browser, the manager's overview (issue 20, §2) in French and in Arabic: the figures, the charts drawn
(SVG images with their bars), months running right to left on the Arabic page, and the content security
policy obeyed (no console error)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.reports.pages_data import (  # noqa: F401 (fixtures)
    BILLED,
    MONTH_PARAM,
    REJECTED,
    facilities,
    figures,
    test_indicators,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, figures, manager):  # noqa: F811 - fixtures imported above
    return manager


def signed_in(browser, base: str, username: str, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")
    return page, errors


def _bar_lefts(page, table: str) -> list[float]:
    return page.eval_on_selector_all(
        f"#{table} svg.chart rect.bar", "bars => bars.map(b => b.getBoundingClientRect().left)"
    )


@pytest.mark.parametrize(("language", "locale"), [("fr", "fr-FR"), ("ar", "ar")])
def test_the_managers_overview_draws_its_charts(browser, live_server, world, artifacts, language, locale):
    page, errors = signed_in(browser, live_server.url, world.username, locale)
    if language == "ar":
        page.click("button[name=language][value=ar]")
        page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/?month={MONTH_PARAM}")

    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("svg.chart[role=img]").count() >= 3
    table = f"trend-{BILLED}"
    chart = page.locator(f"#{table} svg.chart").bounding_box()
    assert chart["width"] > 200 and chart["height"] > 50  # drawn, not an empty box
    assert page.locator(f"#{table} table tbody tr").count() == 12  # the table beside it
    lefts = _bar_lefts(page, table)
    assert len(lefts) == 12
    # The oldest month on the start side: left in French, right in Arabic.
    assert lefts == sorted(lefts, reverse=(language == "ar"))
    headline = page.locator(f'li.figure[data-indicator="{BILLED}"] .value').inner_text()
    assert "129" in headline and "000" in headline
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
    page.screenshot(path=str(artifacts / f"reports-overview-{language}.png"), full_page=True)

    # A breakdown's bars: the label on the start side, next to its bar (right of it in Arabic).
    page.goto(f"{live_server.url}/reports/reasons/?month={MONTH_PARAM}")
    box = f"#key-{REJECTED} svg.chart"
    label = page.locator(f"{box} text.label").first.bounding_box()
    bar = page.locator(f"{box} rect.bar").first.bounding_box()
    if language == "ar":
        assert label["x"] >= bar["x"] + bar["width"] - 1
    else:
        assert label["x"] + label["width"] <= bar["x"] + 1
    page.screenshot(path=str(artifacts / f"reports-reasons-{language}.png"), full_page=True)
    page.context.close()
