"""Settings of the application served by the `eligibility` benchmark (`sanad.api.bench`): the project's
own, with ONE extra address, `bench/bare/<number>/` (`sanad.api.bench_urls`), the bare view the API's
throughput is compared with, and the per-client rate limit lifted (the benchmark's client calls far beyond
the 600 calls a minute a facility is allowed; the calls are still counted, as in production).

Production never serves the bare view: only this module names `sanad.api.bench_urls`, and only the
benchmark sets `DJANGO_SETTINGS_MODULE` to it.
"""

from sanad.settings import *  # noqa: F403

ROOT_URLCONF = "sanad.api.bench_urls"
SANAD_API_RATE_CLIENT = 10**9
