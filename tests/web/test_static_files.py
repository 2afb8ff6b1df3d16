"""In production (DEBUG off) the collected static files are served by the application itself."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client


def test_collected_static_files_are_served_without_a_web_server(settings, tmp_path, db):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)

    response = Client().get("/static/sanad/sanad.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content)
    # Compressed copies are written beside each file for clients that accept them.
    assert (tmp_path / "static" / "sanad" / "sanad.css.gz").exists()
