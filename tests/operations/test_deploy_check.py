"""`sanad check --deploy` finds nothing to warn about in the production settings (DEBUG off), and the probes
answer in plain HTTP there, where every page is redirected to HTTPS."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest


def _production(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run `code` after django.setup() with the settings a production server has: no SANAD_DEBUG, a real
    secret key, the host name; its own empty database, never the suite's."""
    # The browser tests let Django run synchronous code in Playwright's event loop; a server never does.
    private = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANAD_") and k not in private}
    env.update(
        SECRET_KEY="k7#Qz!v2Lr9@pX4sWm8&nB3tYc6^hJ1dFg5*eU0aKo-iZ+qRw=Ny",
        ALLOWED_HOSTS="sanad.example",
        SANAD_HOME=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        SANAD_SIGNING_KEY="c2FuYWQtdGVzdC1vbmx5LXNpZ25pbmcta2V5LTAxMjM=",
        DJANGO_SETTINGS_MODULE="sanad.settings",
    )
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    # The script is this module's own code.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    done = _production(
        """
        from django.core.management import call_command
        call_command("check", deploy=True, fail_level="WARNING")
        """,
        tmp_path,
    )

    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout


@pytest.mark.parametrize("url", ["/health/live", "/metrics"])
def test_the_probes_are_not_redirected_to_https(tmp_path, url):
    done = _production(
        f"""
        from django.test import Client
        print(Client().get("{url}", HTTP_HOST="sanad.example").status_code)
        print(Client().get("/", HTTP_HOST="sanad.example").status_code)
        """,
        tmp_path,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "301"]
