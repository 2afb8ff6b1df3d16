"""Django settings for Sanad: the only module that reads the environment.

Safe by default: DEBUG is off and a missing SECRET_KEY or ALLOWED_HOSTS stops start-up,
unless SANAD_DEBUG=1 (what `make run` and `make test` set) says this is a developer's machine.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("SANAD_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("SANAD_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random string "
            "(or SANAD_DEBUG=1 on a developer's machine only)."
        )
    # A fixed key is acceptable only for local development, never with DEBUG off.
    SECRET_KEY = "sanad-development-only-key-not-for-production-use-0123456789"  # noqa: S105

# The address the development server serves on (`make run HOST=...` sets it), and the public address of the
# links printed in QR codes and sent by SMS (the certificate's verification page): the one follows the other
# unless SANAD_PUBLIC_URL names the address people reach (always, in production).
SANAD_HOST = os.environ.get("SANAD_HOST", "").strip() or "127.0.0.1:8000"
SANAD_PUBLIC_URL = os.environ.get("SANAD_PUBLIC_URL", "").strip() or f"http://{SANAD_HOST}"

_hosts = os.environ.get("ALLOWED_HOSTS", "")
ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set ALLOWED_HOSTS to the comma-separated host names Sanad is "
            "served under (for example: sanad.cnass.mr)."
        )
    _served = {urlsplit(f"//{SANAD_HOST}").hostname, urlsplit(SANAD_PUBLIC_URL).hostname} - {None}
    ALLOWED_HOSTS = sorted({"127.0.0.1", "localhost", "testserver", *_served})
    if _served & {"0.0.0.0", "::"}:  # noqa: S104 - a developer's server open to the network on purpose
        # Served on every interface: other machines (a phone reading a QR code) name it by their own address.
        ALLOWED_HOSTS = ["*"]

SANAD_FUND = os.environ.get("SANAD_FUND", "cnass-mr")

# Ed25519 private key (32 raw bytes, base64) that signs the QR code of rights certificates, so that any
# facility can check a certificate offline with the public key. Required wherever certificates are issued;
# a fixed key is used on a developer's machine only.
SANAD_SIGNING_KEY = os.environ.get("SANAD_SIGNING_KEY", "")
if not SANAD_SIGNING_KEY and DEBUG:
    SANAD_SIGNING_KEY = "c2FuYWQtZGV2ZWxvcG1lbnQtb25seS1zaWduaW5nLWs="  # development only

# SMS gateway: the transport the notifications app uses (console, file or http).
SMS_TRANSPORT = os.environ.get("SMS_TRANSPORT", "console")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "SANAD")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(VAR_DIR / "sms-outbox.jsonl"))
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    # One-time codes (docs/operations.md, "Two-factor sign-in"): an authenticator app, and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "sanad.common",
    "sanad.funds",
    "sanad.catalog",
    "sanad.providers",
    "sanad.registry",
    "sanad.authorizations",
    "sanad.claims",
    "sanad.payments",
    "sanad.credentials",
    "sanad.exchange",
    "sanad.notifications",
    "sanad.reports",
    "sanad.web",
    "sanad.api",
    "sanad.demo",
    "sanad.operations",
]

MIDDLEWARE = [
    # First, so that every answer (redirects and errors included) carries its X-Request-ID, is logged
    # and counted in the metrics.
    "sanad.operations.middleware.RequestIdMiddleware",
    "sanad.operations.middleware.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves the collected static files (`sanad collectstatic`) without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so that static files stay cacheable; every other answer is `no-store`.
    "sanad.common.middleware_cache.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether the session's user has given a one-time code (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # Signs out after the fund profile's idle time and slides the session's expiry.
    "sanad.common.middleware_cache.IdleTimeoutMiddleware",
    # The staff who see medical or money data reach nothing but the code pages until they gave a code.
    "sanad.web.two_factor.middleware.TwoFactorMiddleware",
    # A facility's software signs its API calls with a key (Authorization: Bearer): no session, no CSRF.
    "sanad.credentials.middleware.MachineCredentialMiddleware",
    # NUL characters and oversized API bodies refused before any view; every API error in the API's shape.
    "sanad.common.middleware.HostileInputMiddleware",
    # A retry of an API write that succeeded gets the same answer (Idempotency-Key).
    "sanad.api.idempotency.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Background work (SMS, documents, nightly jobs): Django's Tasks API, stored in the database and run by
# `sanad db_worker`; tests run tasks at once in the same process.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SANAD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

ROOT_URLCONF = "sanad.urls"
WSGI_APPLICATION = "sanad.wsgi.application"
AUTH_USER_MODEL = "common.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sanad.web.context.shell",
            ],
        },
    },
]

if "DATABASE_URL" in os.environ:
    _database_url = os.environ["DATABASE_URL"]
else:
    # The zero-set-up default: an SQLite file under var/, whose folder SQLite will not create itself.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database_url = f"sqlite:///{VAR_DIR / 'sanad.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Two people saving at once must wait for each other, never get "database is locked":
    # - timeout: SQLite's busy timeout (seconds), how long a writer waits for the other's lock;
    # - transaction_mode IMMEDIATE: `atomic` takes the write lock at BEGIN, so a transaction that read
    #   first never has to upgrade its lock midway (SQLite refuses that upgrade at once, without waiting);
    # - WAL: readers no longer block the writer nor the writer them. Django runs init_command right after
    #   connecting, in autocommit, before any BEGIN: journal_mode cannot change inside a transaction.
    #   The mode is stored in the file (an in-memory database answers "memory" and stays as it is).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# Dates day before month in French and Arabic alike (Django's Arabic defaults put the month first).
FORMAT_MODULE_PATH = "sanad.formats"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Africa/Nouakchott")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies (gzip) next to each file; no manifest, so pages never fail on a missing entry.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Proxies in front of Sanad that append the client's address to X-Forwarded-For (0: the header is ignored
# and the address is REMOTE_ADDR). Read by the login throttling and the SMS code limits.
SANAD_TRUSTED_PROXIES = int(os.environ.get("SANAD_TRUSTED_PROXIES", "0"))
if SANAD_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("SANAD_TRUSTED_PROXIES must be 0 or more.")

# Login throttling (the pages' and the admin's login alike): 5 failures lock the account whatever the
# address, and the address whatever the account, for 15 minutes; an administrator unlocks in the admin
# (Access attempts) or with `sanad axes_reset_username` / `sanad axes_reset_ip`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_CLIENT_IP_CALLABLE = "sanad.common.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

# Two-factor sign-in: after the password, the staff who see medical or money data (sanad.web.two_factor.rules)
# give a one-time code from an authenticator app. Required in production; off on a developer's machine, where
# the demo and the tests sign in with a password only, unless SANAD_TWO_FACTOR=1 asks for it there too.
SANAD_TWO_FACTOR = _flag("SANAD_TWO_FACTOR", "0" if DEBUG else "1")
# A wrong code makes the next try wait 1, 2, 4, 8… seconds (django-otp's throttling), for the app's codes
# and the backup codes alike; the wrong codes also count as failed logins (django-axes, above).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Consent to the browsers' HTTPS-only list (hstspreload.org); submitting the domain stays a choice.
    SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", "1")
    # Probes and Prometheus call the application server directly, in plain HTTP on the local network.
    SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# The cache the server's processes share (the API's rate counts hold across gunicorn workers only there):
# Redis when SANAD_CACHE_URL names one (redis://host:6379/1), else each process's own memory.
_CACHE_URL = os.environ.get("SANAD_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# API rate limits (sanad.api.rate_limits): calls to /api/v1 per client and window, beyond which a 429 with
# Retry-After. A client is a signed-in user or an API client's credential; an anonymous caller counts by
# address. Counted in this cache: one shared by the processes (Redis, Memcached) for the limit to hold
# across them; the local-memory default counts per process. 0 turns a limit off.
SANAD_API_RATE_CLIENT = int(os.environ.get("SANAD_API_RATE_CLIENT", "600"))
SANAD_API_RATE_ANONYMOUS = int(os.environ.get("SANAD_API_RATE_ANONYMOUS", "60"))
SANAD_API_RATE_WINDOW = int(os.environ.get("SANAD_API_RATE_WINDOW", "60"))
SANAD_API_RATE_CACHE = os.environ.get("SANAD_API_RATE_CACHE", "default")
# End of API rate limits.

# Operations (docs/operations.md): logs, probes, metrics, backups.
# Log lines as JSON objects (production) or plain text (a developer's terminal).
SANAD_LOG_FORMAT = os.environ.get("SANAD_LOG_FORMAT", "plain" if DEBUG else "json")
if SANAD_LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured("SANAD_LOG_FORMAT must be json or plain.")
# /health/ready fails when the worker's last heartbeat is older, or the oldest queued SMS (0: not checked).
SANAD_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("SANAD_WORKER_HEARTBEAT_MAX_AGE", "300"))
SANAD_OUTBOX_MAX_LAG = int(os.environ.get("SANAD_OUTBOX_MAX_LAG", "1800"))
# /metrics answers a direct request from these addresses or networks, or one bearing the token.
SANAD_METRICS_ALLOWED_IPS = [
    a.strip() for a in os.environ.get("SANAD_METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",") if a.strip()
]
SANAD_METRICS_TOKEN = os.environ.get("SANAD_METRICS_TOKEN", "")
# Set under gunicorn: an empty folder where each worker process leaves its counters for /metrics.
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# Where `sanad backup` writes when given no --output.
SANAD_BACKUP_DIR = Path(os.environ.get("SANAD_BACKUP_DIR", str(VAR_DIR / "backups")))

# HCX exchange (sanad.api.hcx, sanad.exchange): the fund's participant code, and the file of its private
# key (PEM or JWK) that decrypts what participants send; on a developer's machine a key is made in var/.
# The answers go to each participant's callback, tried SANAD_HCX_CALLBACK_ATTEMPTS times with backoff.
SANAD_HCX_PARTICIPANT_CODE = os.environ.get("SANAD_HCX_PARTICIPANT_CODE", "sanad-fund")
SANAD_HCX_PRIVATE_KEY_FILE = os.environ.get("SANAD_HCX_PRIVATE_KEY_FILE", "")
SANAD_HCX_CALLBACK_ATTEMPTS = int(os.environ.get("SANAD_HCX_CALLBACK_ATTEMPTS", "6"))
SANAD_HCX_CALLBACK_TIMEOUT = 10  # seconds
# A FHIR subscription's rest-hook may call plain http on this machine only in development and tests.
SANAD_FHIR_HOOK_LOCAL_HTTP = DEBUG
# End of HCX exchange

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "sanad.common.logging.RedactPersonalData"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line with the request id (sanad.operations.logging), for log collectors.
        "json": {"()": "sanad.operations.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": SANAD_LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry query strings, which may hold registration numbers: keep them redacted.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request (method, path without query, status, time): the development server
        # already writes its own.
        "sanad.request": {
            "handlers": ["console"],
            "level": "WARNING" if DEBUG else "INFO",
            "propagate": False,
        },
    },
}
