"""The CNASS accreditation and agreement workflow (seed 001): one request, carried to an agreement."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.providers.models.events import WorkflowEvent
from sanad.providers.models.facility import Facility
from sanad.providers.statuses import AgreementStatus, SignatoryParty


class AgreementRequest(models.Model):
    """A facility's request for accreditation and agreement, and the agreement it becomes."""

    # CASCADE, not PROTECT: facilities are never deleted in operation, only by resets of demo data.
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="agreements")
    status = models.CharField(
        _("status"), max_length=32, choices=AgreementStatus.choices, default=AgreementStatus.REQUESTED
    )
    requested_on = models.DateField(_("request date"))
    directorate_copy = models.CharField(_("copy sent to the regional health directorate"), max_length=200)
    due_on = models.DateField(_("decision due on"))
    mission_announced_on = models.DateField(_("mission letter date"), null=True, blank=True)
    mission_planned_on = models.DateField(_("planned mission date"), null=True, blank=True)
    mission_on = models.DateField(_("mission date"), null=True, blank=True)
    mission_experts = models.TextField(_("experts"), blank=True)
    mission_report = models.TextField(_("mission report"), blank=True)
    mission_score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    report_shared_on = models.DateField(_("report shared on"), null=True, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    refusal_reasons = models.TextField(_("reasons for refusal"), blank=True)
    draft_sent_on = models.DateField(_("draft sent on"), null=True, blank=True)
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"), default=36)
    # A plain code until the catalog publishes tariff schedules.
    tariff_schedule = models.CharField(_("tariff schedule"), max_length=32, blank=True)
    signed_fund_on = models.DateField(_("signed by the fund on"), null=True, blank=True)
    signed_directorate_on = models.DateField(_("signed by the directorate on"), null=True, blank=True)
    signed_facility_on = models.DateField(_("signed by the facility on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement request")
        verbose_name_plural = _("agreement requests")
        ordering = ["-requested_on", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="agreement_status_due_idx"),
            models.Index(fields=["facility", "status"], name="agreement_facility_idx"),
            # The dashboards' day and the list of agreement requests decided in a period.
            models.Index(fields=["decided_on", "id"], name="agreement_decided_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.facility.code}"

    @property
    def reference(self) -> str:
        return f"AGR-{self.requested_on:%Y}-{self.pk:05d}"

    def signature_on(self, party: str):
        return getattr(self, f"signed_{SignatoryParty(party).value}_on")

    @property
    def signatures(self) -> list[tuple[str, object]]:
        return [(party.label, self.signature_on(party)) for party in SignatoryParty]


class ChecklistScore(models.Model):
    """The score of one prerequisite checked by the accreditation mission."""

    request = models.ForeignKey(AgreementRequest, on_delete=models.CASCADE, related_name="checklist")
    code = models.CharField(_("prerequisite"), max_length=32)
    score = models.PositiveSmallIntegerField(_("score"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"))

    class Meta:
        verbose_name = _("checklist score")
        verbose_name_plural = _("checklist scores")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["request", "code"], name="checklist_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.score}/{self.max_score}"


class AgreementPeriod(models.Model):
    """A validity period of an agreement: the first one, then one per renewal."""

    request = models.ForeignKey(AgreementRequest, on_delete=models.CASCADE, related_name="periods")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    tariff_schedule = models.CharField(_("tariff schedule"), max_length=32, blank=True)
    renewal = models.BooleanField(_("renewal"), default=False)

    class Meta:
        verbose_name = _("agreement period")
        verbose_name_plural = _("agreement periods")
        ordering = ["valid_from"]
        indexes = [models.Index(fields=["request", "valid_from"], name="agreement_period_idx")]

    def __str__(self) -> str:
        return f"{self.valid_from} – {self.valid_to}"


class AgreementEvent(WorkflowEvent):
    request = models.ForeignKey(AgreementRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")
        indexes = [models.Index(fields=["request", "on"], name="agreement_event_idx")]
