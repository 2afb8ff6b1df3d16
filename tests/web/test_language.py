import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "direction", "word"),
    [("ar", "rtl", "تسجيل الدخول"), ("fr", "ltr", "Connexion"), ("en", "ltr", "Log in")],
)
def test_the_language_switch_sets_lang_and_dir(client, db, language, direction, word):
    client.post(reverse("set_language"), {"language": language, "next": reverse("login")})

    page = client.get(reverse("login")).content.decode()

    assert f'<html lang="{language}" dir="{direction}">' in page
    assert word in page


def test_each_role_name_is_translated_in_arabic(client, demo):
    from sanad.common.permissions import Role

    client.force_login(demo.users[Role.MANAGER.value])
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})

    page = client.get(reverse("home")).content.decode()

    assert "مسير" in page or "المدير" in page
