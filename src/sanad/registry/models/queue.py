"""Queue tickets handed out at a branch's reception, numbered per branch and day (seed 003)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QueueService(models.TextChoices):
    """What the visitor came for (seed 003: information, file check and enrollment, payment, certificate)."""

    ENROLLMENT = "enrollment", _("Enrollment")
    CONTRIBUTION = "contribution", _("Contribution payment")
    CERTIFICATE = "certificate", _("Rights certificate")
    INFORMATION = "information", _("Information")


class QueueDay(models.Model):
    """The last number handed out at a branch on a day: the row locked so that numbers never repeat."""

    branch = models.CharField(_("branch"), max_length=16)
    day = models.DateField(_("day"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("queue day")
        verbose_name_plural = _("queue days")
        constraints = [models.UniqueConstraint(fields=["branch", "day"], name="registry_queue_day_unique")]

    def __str__(self) -> str:
        return f"{self.branch} {self.day} #{self.last_number}"


class QueueTicket(models.Model):
    """A numbered ticket: issued at reception, called to a counter, then served."""

    branch = models.CharField(_("branch"), max_length=16)
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    service = models.CharField(_("service asked"), max_length=16, choices=QueueService.choices)
    issued_at = models.DateTimeField(_("issued at"))
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)
    counter = models.PositiveSmallIntegerField(_("counter"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The member the visitor said they are, when reception took their registration number: the agent who
    # serves the ticket then lands on that member's page. Never shown on the screen nor printed.
    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )

    class Meta:
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        ordering = ["branch", "day", "number"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "day", "number"], name="registry_ticket_unique"),
        ]
        indexes = [
            # The next ticket to call, and the numbers on the waiting-room screen.
            models.Index(fields=["branch", "day", "called_at"], name="registry_ticket_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.day} {self.label}"

    @property
    def label(self) -> str:
        """The number as printed on the ticket and shown on the screen: 007."""
        return f"{self.number:03d}"
