"""The officer's last step of an enrollment (seed 003): certify it, and send the rights certificate."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from sanad.registry.certificates.services import Certificate, certificate_issue
from sanad.registry.models import Enrollment
from sanad.registry.services.enrollment import enrollment_move


@transaction.atomic
def enrollment_certify(*, actor: Any, enrollment_id: int, on: date) -> tuple[Enrollment, Certificate]:
    """Move a checked enrollment to "certified" and issue the member's certificate, all or nothing.

    The certificate is sent electronically (seed 003): `certificate_issue` announces it on commit and the
    notifications app sends the SMS with the registration number and the verification link. Seed 003 gives
    the fund 30 days, which the waiting period may outlast: a member who has paid but is still waiting gets
    the certificate that states the day rights start. Refused while a blocking finding of the register
    check is open, or when no paid period covers `on` or opens rights after it.
    """
    enrollment = enrollment_move(actor=actor, enrollment_id=enrollment_id, action="enrollment_certify", on=on)
    certificate = certificate_issue(actor=actor, member_id=enrollment.member_id, on=on)
    return enrollment, certificate
