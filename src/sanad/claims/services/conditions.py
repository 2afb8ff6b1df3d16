"""Recognizing a beneficiary's long-term condition (ALD/ALC), which the engine's long-term rate follows."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sanad.catalog.models import LongTermCondition
from sanad.claims.models import CareSheet, ConditionRecognition, beneficiary_key
from sanad.common.audit import audit_record
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.permissions import can
from sanad.registry.models import Dependant, Member


@transaction.atomic
def condition_recognize(
    *,
    actor: Any,
    code: str,
    valid_from: datetime.date,
    on: datetime.date,
    member_id: int | None = None,
    dependant_id: int | None = None,
    valid_to: datetime.date | None = None,
) -> ConditionRecognition:
    """A medical adviser recognizes one of the catalogue's long-term conditions, in force on `valid_from`,
    for a member or a dependant; the files of that beneficiary whose diagnosis it groups are then covered
    at the fund's long-term rate from `valid_from` (until `valid_to`)."""
    if not can(actor, "claims.review"):
        raise DomainError(ErrorCode.FORBIDDEN)
    if (member_id is None) == (dependant_id is None):
        raise DomainError(
            ErrorCode.REQUIRED, _("Give either the member or the dependant."), field="beneficiary"
        )
    if member_id is not None and not Member.objects.filter(pk=member_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="member_id")
    if dependant_id is not None and not Dependant.objects.filter(pk=dependant_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, field="dependant_id")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(ErrorCode.INVALID, _("The end comes before the start."), field="valid_to")
    condition = (
        LongTermCondition.objects.filter(code=code.strip(), valid_from__lte=valid_from)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        .order_by("-valid_from")
        .first()
    )
    if condition is None:
        raise DomainError(
            ErrorCode.NOT_FOUND,
            _("No long-term condition of the catalogue has this code on that date."),
            field="code",
        )
    record = ConditionRecognition.objects.create(
        beneficiary=beneficiary_key(member_id, dependant_id),
        condition_code=condition.code,
        icd10_codes=list(condition.icd10_codes),
        valid_from=valid_from,
        valid_to=valid_to,
        recognized_on=on,
        recognized_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="condition_recognize",
        obj=record,
        after={
            "beneficiary": record.beneficiary,
            "condition": record.condition_code,
            "valid_from": valid_from,
            "valid_to": valid_to,
        },
    )
    return record


def condition_recognize_for_file(
    *,
    actor: Any,
    file_id: int,
    code: str,
    valid_from: datetime.date,
    on: datetime.date,
    valid_to: datetime.date | None = None,
) -> ConditionRecognition:
    """`condition_recognize` for the beneficiary of a billing file (from its medical review page)."""
    sheet = CareSheet.objects.filter(billing_file__pk=file_id).values("member_id", "dependant_id").first()
    if sheet is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="file_id")
    return condition_recognize(
        actor=actor,
        code=code,
        valid_from=valid_from,
        valid_to=valid_to,
        on=on,
        member_id=sheet["member_id"] if sheet["dependant_id"] is None else None,
        dependant_id=sheet["dependant_id"],
    )
