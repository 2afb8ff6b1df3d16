"""The public transparency page (issue 20, §3): without login, per month, the fund's prior-authorization
decisions and times, claims decided and complaints answered in time; nothing personal, no cell of fewer cases
than the profile's threshold, no internal code in French or Arabic. Figures are inserted directly: the page
reads only the month rows of the indicators' table."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from sanad.reports.models import ComputedDay, Figure, Grain
from sanad.reports.public.figures import bucket_median

pytestmark = [pytest.mark.django_db]

NOVEMBER = datetime.date(2026, 11, 1)
OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _cnss(settings):
    settings.SANAD_FUND = "cnss-ma"


def figure(indicator, *, day=NOVEMBER, **measures):
    return Figure.objects.create(grain=Grain.MONTH, day=day, indicator=indicator, **measures)


@pytest.fixture
def november():
    """A month of the fund, hand-computed:
    - decisions: 40 approved, 12 refused, 3 approved after appeal, 5 withdrawn (not a public outcome);
    - standard answers (region MA-01): 6 in 10 h, 4 in 20 h, 2 in 60 h: 12 cases, 10 in time (83.3 %),
      median of the 6th and 7th = (10 + 20) / 2 = 15.0 h, average 260 / 12 = 21.7 h;
    - emergencies (region MA-02): 3 in 5 h, fewer than 10: their times and share are hidden;
    - claims: 20 in 12 days (MA-01, in time), 5 in 40 days (MA-02): 25, 80.0 %, median 12.0 d, average
      (20 × 12 + 5 × 40) / 25 = 17.6 d; MA-02's 5 files are hidden in the region table;
    - complaints: 14 answered, 7 in time (50.0 %), 10 days each."""
    for outcome, count in (("approved", 40), ("refused", 12), ("approved_after_appeal", 3), ("withdrawn", 5)):
        figure("authorization_decisions", key=outcome, count=count)
    for key, count, on_time in (("10", 6, 6), ("20", 4, 4), ("60", 2, 0)):
        figure(
            "authorization_answer_time",
            care_type="standard",
            region="MA-01",
            key=key,
            count=count,
            on_time=on_time,
            hours=Decimal(int(key) * count),
        )
    figure(
        "authorization_answer_time",
        care_type="emergency",
        region="MA-02",
        key="5",
        count=3,
        on_time=3,
        hours=Decimal(15),
    )
    figure("claims_decided", region="MA-01", key="12", count=20, on_time=20, hours=Decimal(20 * 12 * 24))
    figure("claims_decided", region="MA-02", key="40", count=5, on_time=0, hours=Decimal(5 * 40 * 24))
    figure("complaints_answered", count=14, on_time=7, hours=Decimal(14 * 10 * 24))
    ComputedDay.objects.create(
        day=datetime.date(2026, 11, 30),
        computed_at=timezone.make_aware(datetime.datetime(2026, 12, 1, 2, 0)),
        seconds=Decimal("1.5"),
        rows=10,
    )


class _Tables(HTMLParser):
    """The text of every cell of every table with an id: {id: [[cell, ...], ...]}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id")
            if self._table:
                self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def page(client, language="fr", **query):
    client.cookies["django_language"] = language
    response = client.get(reverse("reports_public:transparency"), query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


def test_the_median_is_the_middle_case_of_the_buckets():
    assert bucket_median([(10, 6), (20, 4), (60, 2)]) == Decimal("15.0")
    assert bucket_median([(40, 5), (12, 20)]) == Decimal("12.0")
    assert bucket_median([(3, 1), (7, 1), (9, 1)]) == Decimal("7.0")
    assert bucket_median([]) is None


def test_it_works_without_login(client, november):
    response = page(client)
    assert not response.wsgi_request.user.is_authenticated


def test_decisions_are_counted_by_outcome_and_other_outcomes_are_not_public(client, november):
    rows = tables(page(client))["decisions-table"]
    assert [row[1] for row in rows[1:]] == ["40", "12", "3"]
    assert "5" not in {row[1] for row in rows[1:]}


def test_another_outcome_is_shown_under_its_indicators_name(client, november, monkeypatch):
    from sanad.reports.public import page as public_page

    names = {"withdrawn": "Withdrawn by the facility"}
    monkeypatch.setattr(public_page, "key_text", lambda code, key: names.get(key))
    rows = tables(page(client))["decisions-table"]
    assert rows[-1] == ["Withdrawn by the facility", "5"]


def test_time_to_decision_median_average_and_share_are_hand_computed(client, november):
    standard, emergency = tables(page(client))["answer-time-table"][1:]
    assert standard[1:] == ["12", "10", "83,3 %", "15,0", "21,7"]
    # Three emergencies: their count is the fund's, their times and share would tell each case's.
    assert emergency[1] == "3"
    assert emergency[2:] == ["moins de 10"] * 4


def test_claims_decided_within_30_days_and_complaints_answered_in_time(client, november):
    found = tables(page(client))
    assert found["claims-table"][1][1:] == ["25", "20", "80,0 %", "12,0", "17,6"]
    assert found["complaints-table"][1][1:] == ["14", "7", "50,0 %", "—", "10,0"]


def test_a_region_cell_of_fewer_cases_than_the_threshold_is_hidden(client, november):
    rows = {row[0]: row[1:] for row in tables(page(client))["by-region"][1:]}
    assert rows["Tanger-Tétouan-Al Hoceïma"] == ["12", "83,3 %", "20", "100,0 %"]
    assert rows["L'Oriental"] == ["moins de 10"] * 4


def test_the_threshold_comes_from_the_fund_profile(client, november, monkeypatch):
    from dataclasses import replace

    from sanad.funds.active import active_profile
    from sanad.reports.public import views

    profile = active_profile()
    lower = replace(profile, reports=replace(profile.reports, public_min_cases=3))
    monkeypatch.setattr(views, "active_profile", lambda: lower)
    rows = {row[0]: row[1:] for row in tables(page(client))["by-region"][1:]}
    assert rows["L'Oriental"] == ["3", "100,0 %", "5", "0,0 %"]


def test_it_shows_nothing_personal(client, november, make_user):
    # A member and a facility exist; their names and numbers never reach the page.
    get_user_model().objects.create_user(username="agent-zineb", first_name="Zineb", last_name="Alaoui")
    body = page(client).content.decode()
    for personal in ("Zineb", "Alaoui", "agent-zineb", "registration", "@"):
        assert personal not in body.split("<main", 1)[1]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_no_internal_code_in_french_or_arabic(client, november, language):
    response = page(client, language)
    main = response.content.decode().split("<main", 1)[1]
    text = re.sub(r"<[^>]+>", " ", main)
    for code in (
        "approved_after_appeal",
        "authorization_decisions",
        "authorization_answer_time",
        "claims_decided",
        "complaints_answered",
        "withdrawn",
        "emergency",
        "standard",
        "MA-01",
        "MA-02",
        "working_hours",
        "calendar_days",
        "None",
    ):
        assert code not in text
    assert f'lang="{language}"' in response.content.decode()


def test_the_arabic_page_reads_right_to_left_with_arabic_region_names(client, november):
    body = page(client, "ar").content.decode()
    assert 'dir="rtl"' in body
    assert "طنجة تطوان الحسيمة" in body


def test_the_month_picker_offers_the_months_with_figures_latest_first(client, november):
    figure("complaints_answered", day=OCTOBER, count=11, on_time=11, hours=Decimal(11 * 24))
    body = page(client).content.decode()
    assert re.findall(r'<option value="(\d{4}-\d{2})"', body) == ["2026-11", "2026-10"]
    october = tables(page(client, month="2026-10"))
    assert october["complaints-table"][1][1:4] == ["11", "11", "100,0 %"]
    assert october["decisions-table"][1][1] == "0"


def test_a_month_not_offered_is_not_found(client, november):
    url = reverse("reports_public:transparency")
    assert client.get(url, {"month": "2025-01"}).status_code == 404
    assert client.get(url, {"month": "2026-13"}).status_code == 404
    assert client.get(url, {"month": "november"}).status_code == 404


def test_the_page_says_when_the_figures_were_last_computed(client, november):
    body = page(client).content.decode()
    assert re.search(r'id="computed-at">[^<]*1 décembre 2026', body)


def test_the_language_switch_works_without_login(client, november):
    url = reverse("reports_public:transparency")
    response = client.post(reverse("set_language"), {"language": "ar", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert 'lang="ar"' in client.get(url).content.decode()


def test_an_empty_fund_says_nothing_is_published_yet(client):
    assert page(client).status_code == 200
