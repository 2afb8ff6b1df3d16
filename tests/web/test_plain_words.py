"""Plain words: no internal code, database id, enum value, JSON or English on a French or Arabic page, and
dates in the reader's format (issue 15).

Each role's pages are walked from its home page in French, Arabic and English; every offence of a role is
listed in one failure, as (language, page, what shows).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.conf import settings
from django.urls import reverse

from sanad.adjudication import Reason
from sanad.common.permissions import Role
from sanad.registry.imports.columns import COLUMNS
from sanad.registry.models import Member
from tests.web.crawl import route_of, walk
from tests.web.plain_words import Offence, offences, page_text

LANGUAGES = ("fr", "ar", "en")
# Enough for every navigation entry and a few of the pages behind each; a fourth member's page would say
# what the first three did.
PAGES_PER_LANGUAGE = 90
PAGES_PER_ROUTE = 3

# The codes a page shows on purpose, by URL pattern, each for its reason.
ALLOWED_CODES = {
    # The reason catalogue explains the codes a facility's software receives from the API: each code is
    # its row's subject.
    "reasons/": frozenset(reason.value for reason in Reason),
    # The first row of a register file names its columns: the officer reads here what to write there.
    "registry/import/": frozenset(COLUMNS),
}


def _scan(client, starts: list[str]) -> list[str]:
    """Every offence of the pages reachable from `starts`, in each language. The same offence on several
    pages of one pattern (a label in a list's every row, a date in another row) is listed once, with the
    first page it was seen on and the number of times."""
    seen: dict[tuple, list[tuple[str, Offence]]] = defaultdict(list)
    for language in LANGUAGES:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        headers = {"accept-language": language}
        for page in walk(
            client, starts, pages=PAGES_PER_LANGUAGE, per_route=PAGES_PER_ROUTE, headers=headers
        ):
            if page.status >= 500:
                seen[(language, page.url, "server error")].append(
                    (page.url, Offence("server error", page.html, ""))
                )
                continue
            route = route_of(page.url)
            for offence in offences(page_text(page.html), language, ALLOWED_CODES.get(route, frozenset())):
                key = (language, route, offence.kind, re.sub(r"\d", "0", offence.text))
                seen[key].append((page.url, offence))
    report = []
    for (language, *_rest), found in seen.items():
        url, offence = found[0]
        more = f" (×{len(found)})" if len(found) > 1 else ""
        report.append(f"[{language}] {url}: {offence}{more}")
    return report


def _searches(demo) -> list[str]:
    """The result pages of the searches a role makes (a form's answer is no link to follow): a member found
    by number and by name, the facility desk's rights check."""
    member = Member.objects.filter(user=demo.users[Role.INSURED.value]).get()
    return [
        f"{reverse('find')}?q={member.registration_number}",
        f"{reverse('find')}?q={member.last_name}",
        f"{reverse('registry:search')}?q={member.last_name}",
        f"{reverse('claims:desk')}?query={member.registration_number}",
    ]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_page_of_each_role_speaks_plain_words(client, demo, role):
    client.force_login(demo.users[role.value])

    report = _scan(client, ["/", *_searches(demo)])

    assert not report, f"{len(report)} offences on the pages of {role.value}:\n" + "\n".join(sorted(report))


def test_every_page_a_visitor_reaches_speaks_plain_words(client, demo):
    report = _scan(client, ["/login/", reverse("registry:selfservice_number")])

    assert not report, f"{len(report)} offences on the public pages:\n" + "\n".join(sorted(report))


@pytest.mark.parametrize(
    ("html", "language", "offence"),
    [
        ("<p>Statut : administrative_check</p>", "fr", "enum value 'administrative_check'"),
        ("<p>Dossier #123</p>", "fr", "database id"),
        ("<p>Panier de soins de cnass-mr</p>", "fr", "fund code"),
        ('<p>{"status": "draft"}</p>', "ar", "JSON"),
        ("<p>Montant : None</p>", "fr", "Python value"),
        ("<p>Reçu le 2026-11-23</p>", "fr", "ISO date"),
        ("<p>Reçu le 11/23/2026</p>", "ar", "month-first date"),
        ("<p>Vérifier : Check rights</p>", "fr", "untranslated 'Check rights'"),
        ('<button title="Check rights">✓</button>', "ar", "untranslated 'Check rights'"),
    ],
)
def test_the_scan_finds_each_kind_of_offence(html, language, offence):
    found = offences(page_text(html), language)

    assert any(str(o).startswith(offence) for o in found), found


def test_words_marked_as_another_language_are_data_not_a_missed_translation():
    html = (
        '<html lang="ar"><p lang="fr">Centre de santé de Kaédi</p>'
        '<p translate="no" dir="auto">Merci de vérifier : Check rights</p></html>'
    )

    assert offences(page_text(html), "ar") == []


def test_words_marked_as_another_language_still_show_no_code():
    html = '<html lang="fr"><p translate="no">Statut : administrative_check le 2026-11-23</p></html>'

    assert [o.kind for o in offences(page_text(html), "fr")] == ["enum value", "ISO date"]


def test_the_scan_ignores_scripts_and_passes_plain_french():
    html = '<script>var x = {"a": 1};</script><p title="Vérifier les droits">Reçu le 23/11/2026</p>'

    assert offences(page_text(html), "fr") == []
