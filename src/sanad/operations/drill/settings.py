"""Settings of the application under drill: the project's own, with the API's per-client rate limit lifted.

The load drill signs in as one facility account and drives it far beyond the 600 calls a minute a real
facility is allowed: without this, the drill would measure the rate limiter (429s), not the application.
Nothing else differs, so the database connection settings under test are the production ones, unless
`DRILL_CONN_HEALTH_CHECKS=1` asks to try Django's check of a kept connection before each request.
"""

import os

from sanad.settings import *  # noqa: F403
from sanad.settings import DATABASES

SANAD_API_RATE_CLIENT = 10**9

if os.environ.get("DRILL_CONN_HEALTH_CHECKS") == "1":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
