"""The reasons an adviser gives for a refusal: a code with its text in French, Arabic and English (the
translation catalogues), shown to the facility and printed on the decision."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefusalReason(models.TextChoices):
    NO_RIGHTS = "no_rights", _("The beneficiary has no open rights on the date of the care")
    NOT_IN_PACKAGE = "not_in_package", _("The care is not in the benefit package")
    NOT_JUSTIFIED = "not_justified", _("The care is not medically justified by the file")
    OUTSIDE_PROTOCOL = "outside_protocol", _("The request departs from the treatment protocol")
    DOCUMENTS_INSUFFICIENT = "documents_insufficient", _("The documents do not support the request")
    FORM_MISMATCH = "form_mismatch", _("The form does not match the reason for admission")
    LATE_EMERGENCY = "late_emergency", _("The emergency request arrived after the deadline")
    ABOVE_REFERENCE_PRICE = "above_reference_price", _("The quote exceeds the reference price")
    FACILITY_NOT_ALLOWED = (
        "facility_not_allowed",
        _("The facility may not give this care under its agreement"),
    )
    ALREADY_AUTHORIZED = "already_authorized", _("The same care is already authorized")
    NO_ANSWER = "no_answer", _("The information requested was not given")
    OTHER = "other", _("Other reason, stated in the note")
