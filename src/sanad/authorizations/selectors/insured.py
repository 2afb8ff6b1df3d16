"""What an insured person reads of prior authorizations: the requests made for them and their family,
never another family's (DESIGN.md: insured persons see only their own)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sanad.authorizations.models import AuthorizationRequest
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.registry.selectors import member_of_user

INSURED_LIMIT = 100


def requests_of_insured(*, user: Any) -> QuerySet[AuthorizationRequest]:
    """The requests for the insured person's family, newest first; nothing for anyone else."""
    if not can(user, "self.view"):
        raise PermissionDenied("self.view")
    member = member_of_user(user=user)
    rows = AuthorizationRequest.objects.select_related("facility", "member", "dependant", "decision")
    return rows.filter(member=member) if member is not None else rows.none()


def request_of_insured(*, user: Any, reference: str) -> AuthorizationRequest:
    found = requests_of_insured(user=user).filter(reference=reference).first()
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such request."), field="reference")
    return found
