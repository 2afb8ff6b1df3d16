"""A request's checklist as it stands: its type's papers for its answers and its beneficiary, each present
when uploaded or held by the register (`sanad.authorizations.checklist` says which are asked)."""

from __future__ import annotations

import datetime

from sanad.authorizations.checklist import ChecklistItem, checklist_check, checklist_codes, dossier_group
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.selectors.register import register_holdings
from sanad.authorizations.statuses import Channel
from sanad.funds.types import FundProfile
from sanad.registry.rules import age_on


def beneficiary_group(profile: FundProfile, request: AuthorizationRequest, on: datetime.date) -> str | None:
    dependant = request.dependant
    if dependant is None:
        return None
    age = age_on(dependant.birth_date, on)
    return dossier_group(profile, relationship=dependant.relationship, age=age, disabled=dependant.disabled)


def checklist_of(
    profile: FundProfile, request: AuthorizationRequest, on: datetime.date
) -> list[ChecklistItem]:
    """The request's checklist today: its uploads and what the register holds of the beneficiary."""
    request_type = profile.authorization_requests.type(request.request_type)
    group = beneficiary_group(profile, request, on)
    branch = request.channel == Channel.BRANCH
    codes = checklist_codes(profile, request_type, request.values, group, branch=branch)
    documents = [profile.authorization_requests.document(code) for code in codes]
    held = register_holdings(member=request.member, dependant=request.dependant, on=on, documents=documents)
    uploaded = set(request.documents.values_list("code", flat=True))
    return checklist_check(
        profile, request_type, request.values, group=group, uploaded=uploaded, held=held, branch=branch
    )


def checklist_json(items: list[ChecklistItem]) -> list[dict[str, str]]:
    return [{"code": item.code, "source": item.source} for item in items]
