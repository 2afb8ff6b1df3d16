import pytest
from django.urls import reverse

from sanad.adjudication import CATALOGUE, Reason


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_reason_catalogue_lists_every_code_in_the_reader_s_language(client, db, language):
    response = client.get(reverse("reasons"), HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert response.status_code == 200
    for code in Reason:
        assert f'id="{code.value}"' in page
    time_bar = getattr(CATALOGUE[Reason.TIME_BARRED], language).split("{")[0]
    assert time_bar in page


def test_the_reason_catalogue_is_public(client, db):
    assert client.get(reverse("reasons")).status_code == 200
