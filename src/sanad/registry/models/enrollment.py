"""The enrollment of a member: its status and its processing clock."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Member
from sanad.registry.statuses import EnrollmentStatus, RefusalReason


class Enrollment(models.Model):
    """A member's application; due `due_on`, the profile's processing clock after submission (seed 003)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="enrollment")
    status = models.CharField(
        _("status"), max_length=16, choices=EnrollmentStatus.choices, default=EnrollmentStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Why a refused enrollment was refused (statuses.RefusalReason); empty otherwise. The database default
    # serves the bulk writers (register import, demo) that insert enrollments with their own columns.
    refusal_reason = models.CharField(
        _("reason for the refusal"),
        max_length=20,
        choices=RefusalReason.choices,
        blank=True,
        default="",
        db_default="",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["due_on", "id"]
        indexes = [
            # The overdue list: open enrollments by due date.
            models.Index(fields=["status", "due_on"], name="registry_enrollment_due"),
            # The enrollments list: any status by due date (its order), and by day of submission.
            models.Index(fields=["due_on", "id"], name="registry_enrollment_list"),
            models.Index(fields=["submitted_on"], name="registry_enrollment_submitted"),
            # The dashboards' computation of a day: the enrollments decided that day.
            models.Index(fields=["status", "decided_on"], name="registry_enrollment_decided"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status}"
