"""Requests filed by the insured person at a branch of the fund (seed 004, CNSS: "l'assuré doit déposer un
dossier auprès d'une agence CNSS contenant une feuille de soins dûment remplie, signée et cachetée par tous
les prestataires de soins"): a counter agent keys in the request for the member, naming the facility that
gives the care; its checklist adds the profile's branch papers. Only where the profile accepts it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.services.submit import RequestInput, request_file, request_type_of
from sanad.authorizations.statuses import BRANCH_CAPABILITY, Admission, Channel
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.funds.types_authorizations import PHARMACY_KIND
from sanad.providers.models import Facility


def may_file_at_branch(user: Any, profile: FundProfile) -> bool:
    return profile.authorization_requests.branch_filing is not None and can(user, BRANCH_CAPABILITY)


@transaction.atomic
def authorization_branch_file(
    *,
    actor: Any,
    data: RequestInput,
    now: datetime.datetime | None = None,
    profile: FundProfile | None = None,
) -> AuthorizationRequest:
    """The insured person's request handed in at a branch: one of the types the profile lets the insured
    file there, for the care of the facility named (any kind but a pharmacy, which asks its own)."""
    profile = profile or active_profile()
    filing = profile.authorization_requests.branch_filing
    if filing is None:
        raise DomainError(
            ErrorCode.FORBIDDEN, _("This fund takes prior-approval requests from the facilities only.")
        )
    if not can(actor, BRANCH_CAPABILITY):
        raise DomainError(ErrorCode.FORBIDDEN, field=None)
    request_type = request_type_of(profile, data.request_type)
    if request_type.code not in filing.request_types:
        raise DomainError(
            ErrorCode.INVALID,
            _("This type of request is asked by the facility, not at a branch."),
            field="request_type",
        )
    facility = Facility.objects.filter(pk=data.facility_id).first()
    if facility is None or facility.kind == PHARMACY_KIND:
        raise DomainError(ErrorCode.NOT_FOUND, _("Name the facility that gives the care."), field="facility")
    if data.admission not in request_type.admissions:
        allowed = ", ".join(str(Admission(code).label) for code in request_type.admissions)
        raise DomainError(
            ErrorCode.INVALID,
            _("This form does not match the admission: it is for %(allowed)s.") % {"allowed": allowed},
            field="admission",
        )
    return request_file(
        actor=actor,
        data=data,
        facility=facility,
        request_type=request_type,
        channel=Channel.BRANCH,
        now=now or timezone.now(),
        profile=profile,
    )
