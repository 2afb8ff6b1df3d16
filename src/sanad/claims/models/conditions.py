"""Long-term conditions recognized for a beneficiary (ALD/ALC): the files they cover are paid at the
fund's long-term rate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ConditionRecognition(models.Model):
    """A medical adviser's recognition that a beneficiary has one of the catalogue's long-term conditions,
    from a date (and until one, when the recognition is for a time)."""

    # The beneficiary as on the care sheet lines: `M<id>` for a member, `D<id>` for a dependant.
    beneficiary = models.CharField(_("beneficiary"), max_length=24)
    condition_code = models.CharField(_("long-term condition"), max_length=32)
    # The ICD-10 codes the condition grouped on the day it was recognized.
    icd10_codes = models.JSONField(_("ICD-10 codes"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    recognized_on = models.DateField(_("recognized on"))
    recognized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("recognized long-term condition")
        verbose_name_plural = _("recognized long-term conditions")
        ordering = ["beneficiary", "valid_from"]
        indexes = [models.Index(fields=["beneficiary", "valid_from"], name="claims_condition_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="claims_condition_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary}: {self.condition_code}"
