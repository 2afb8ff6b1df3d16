"""Findings of the register's quality control: a problem found on a member's file, until closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Dependant, Member
from sanad.registry.quality.statuses import FindingKind, FindingStatus


class Finding(models.Model):
    """One problem on `member`'s file, maybe with a dependant and another member; `params` say what."""

    kind = models.CharField(_("kind"), max_length=40, choices=FindingKind.choices)
    blocking = models.BooleanField(_("blocking"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="quality_findings")
    dependant = models.ForeignKey(
        Dependant, on_delete=models.CASCADE, null=True, blank=True, related_name="quality_findings"
    )
    other_member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="quality_findings_as_other"
    )
    params = models.JSONField(_("details"), default=dict, blank=True)
    # The same problem found again (from either side of a pair) has the same key: it is never doubled.
    key = models.CharField(max_length=200, unique=True)
    found_on = models.DateField(_("found on"))
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("register finding")
        verbose_name_plural = _("register findings")
        ordering = ["id"]
        indexes = [
            # The queue page: open findings, optionally of one kind, by id (key pagination).
            models.Index(fields=["status", "id"], name="registry_finding_queue"),
            models.Index(fields=["status", "kind", "id"], name="registry_finding_kind"),
            models.Index(fields=["status", "blocking", "id"], name="registry_finding_blocking"),
            models.Index(fields=["status", "found_on"], name="registry_finding_found"),
            # The certificate check: open blocking findings on a member, on either side of a pair.
            models.Index(fields=["member", "status"], name="registry_finding_member"),
            models.Index(fields=["other_member", "status"], name="registry_finding_other"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FindingStatus.OPEN) | ~Q(reason=""), name="registry_finding_reason"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"
