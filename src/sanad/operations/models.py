"""The background worker's heartbeat: the last time it answered, and the last time it was asked to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per beating component ("worker"): readiness and metrics read how old its last beat is."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    # Written by the worker when it runs the heartbeat task: proof that it takes tasks from the queue.
    beaten_at = models.DateTimeField(_("last beat"), null=True, blank=True)
    # Written when a probe enqueues the heartbeat task, so that probes do not enqueue it twice.
    requested_at = models.DateTimeField(_("last request"), null=True, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name
