"""Production settings are safe by default: missing secrets stop start-up with a clear message."""

import os
import subprocess
import sys


def _start(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SANAD_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import sanad.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = _start(ALLOWED_HOSTS="sanad.example")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts():
    result = _start(SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_it_runs_with_debug_off_and_secure_cookies_when_configured():
    result = _start(SECRET_KEY="x" * 50, ALLOWED_HOSTS="sanad.example")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_it_stops_on_an_unknown_fund_profile_naming_it():
    env = dict(os.environ)
    env.update(SANAD_DEBUG="1", SANAD_FUND="cnxx-zz")
    result = subprocess.run(
        [sys.executable, "-m", "sanad.manage", "check"], env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert "cnxx-zz" in result.stderr
