"""gunicorn settings for Sanad: `gunicorn -c deploy/gunicorn.conf.py sanad.wsgi` (see docs/operations.md).

Behind nginx (deploy/nginx/sanad.conf), which buffers slow clients and terminates TLS: sync workers are
enough. Values can be tuned with the environment variables named below, without editing this file.
"""

import multiprocessing
import os
from pathlib import Path

# Only nginx, on the same machine, talks to gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, (2 x cores) + 1 by default: each holds one database connection per request it serves.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request may take this long (a big PDF, a batch upload) before its worker is killed and restarted;
# nginx's proxy_read_timeout is set a little above it. Longer work belongs in the background worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On a reload or stop, workers finish the requests they serve for up to this long.
graceful_timeout = 30
# nginx keeps connections to gunicorn open between requests.
keepalive = 5

# Each worker is replaced after about a thousand requests: a slow leak never grows for long.
max_requests = 1000
max_requests_jitter = 100

# gunicorn's own heartbeat between master and workers, in memory rather than on a disk that may stall.
worker_tmp_dir = "/dev/shm"  # noqa: S108

# No control socket (gunicorn 25.1+): reloads go through systemd (`systemctl reload`, SIGHUP).
control_socket_disable = True

# Trust X-Forwarded-Proto only from nginx on this machine.
forwarded_allow_ips = "127.0.0.1,::1"

# Sanad logs each request itself (logger sanad.request: method, path without its query string, status,
# duration, request id), because query strings may hold registration numbers; gunicorn's access log would
# write them in clear.
accesslog = None
errorlog = "-"
loglevel = "info"
# gunicorn's own messages as JSON lines too, like the application's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "sanad.common.logging.RedactPersonalData"}},
    "formatters": {"json": {"()": "sanad.operations.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Metrics across workers: each worker writes its counters under PROMETHEUS_MULTIPROC_DIR, and /metrics
# adds them up. The folder starts empty at each start and forgets the workers that exit.
_METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    if _METRICS_DIR:
        folder = Path(_METRICS_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()


def post_worker_init(worker):
    """Once a worker has loaded the application: load its URL map (and so every view module and the FHIR
    models they use), collect, then freeze what is alive. What a worker loads at start lives as long as it
    does; frozen, the collector no longer walks it on every full collection, which otherwise paused a
    request now and then for tens of milliseconds (the slowest hundredth of the answers)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URL map's modules
    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    if _METRICS_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, _METRICS_DIR)
