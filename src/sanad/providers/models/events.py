"""The dated history shared by both workflows: one row per change, read back as a timeline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowEvent(models.Model):
    """One step of a workflow: what was done, on which day, from which status to which."""

    on = models.DateField(_("date"))
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=32, blank=True)
    to_status = models.CharField(_("to"), max_length=32)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["on", "id"]
