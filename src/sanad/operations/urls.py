"""Probes and metrics, at the root of the site: `/health/live`, `/health/ready`, `/metrics`."""

from django.urls import path

from sanad.operations import health, metrics

app_name = "operations"

urlpatterns = [
    path("health/live", health.live, name="live"),
    path("health/ready", health.ready, name="ready"),
    path("metrics", metrics.metrics, name="metrics"),
]
