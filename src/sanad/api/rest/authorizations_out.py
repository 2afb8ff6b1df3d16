"""What the prior-authorization API answers, built from the requests the selectors read: one builder per
shape of `authorizations_schemas`, labels in the caller's language (an item without one in it has none)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from sanad.authorizations import selectors
from sanad.authorizations.decision_document.document import item_labels
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.reasons import RefusalReason
from sanad.authorizations.statuses import APPROVALS, Counts, DecisionKind
from sanad.authorizations.templatetags.sanad_authorizations import document_label, rule_label
from sanad.funds.active import active_profile
from sanad.funds.types_authorizations import RequestCatalogue, RequestType


def _arabic() -> bool:
    return (get_language() or "").startswith("ar")


def decision_out(found: AuthorizationRequest) -> dict[str, Any] | None:
    decision = found.decision
    if decision is None:
        return None
    day = decision.valid_from or timezone.localdate(decision.decided_at)
    items = []
    for item in decision.items.all():
        french, arabic = item_labels(kind=item.kind, code=item.code, day=day, sector=found.facility.sector)
        label = arabic if _arabic() else french
        items.append({"kind": item.kind, "code": item.code, "label": label, "quantity": item.quantity})
        items[-1]["amount"] = item.amount
    reasons = [{"code": c, "text": str(RefusalReason(c).label)} for c in decision.reasons if c]
    return {
        "kind": decision.kind,
        "label": decision.get_kind_display(),
        "definitive": decision.kind == DecisionKind.APPROVED,
        "conditions": decision.conditions,
        "reasons": reasons,
        "automatic": decision.automatic,
        "rule": rule_label(decision.rule) if decision.rule else "",
        "decided_at": decision.decided_at,
        "facility_code": found.facility.code,
        "valid_from": decision.valid_from,
        "valid_to": decision.valid_to,
        "counts": decision.counts,
        "counts_label": str(Counts(decision.counts).label),
        "amount": decision.amount,
        "items": items,
        "on_appeal": decision.on_appeal,
    }


def appeal_out(found: AuthorizationRequest) -> dict[str, Any] | None:
    appeal = found.appeals.order_by("-filed_at").first()
    if appeal is None:
        return None
    return {
        "filed_at": appeal.filed_at,
        "at_branch": appeal.at_branch,
        "reason": appeal.reason,
        "due_at": appeal.due_at,
        "answered": appeal.answer_id is not None,
    }


def request_out(found: AuthorizationRequest) -> dict[str, Any]:
    """A request as its facility reads it: form, checklist, countdown, questions and current decision."""
    profile = active_profile()
    row = selectors.request_row(profile, found, timezone.now())
    paper = found.status in APPROVALS and found.decision_id is not None
    return {
        "reference": found.reference,
        "status": found.status,
        "status_label": found.get_status_display(),
        "request_type": found.request_type,
        "request_type_label": profile.authorization_requests.type(found.request_type).label.get_text(),
        "admission": found.admission,
        "facility_code": found.facility.code,
        "registration_number": found.member.registration_number,
        "dependant_id": found.dependant_id,
        "emergency": found.emergency,
        "act_date": found.act_date,
        "values": dict(found.values),
        "body_surface_area": found.body_surface_area,
        "submitted_at": found.submitted_at,
        "received_at": found.received_at,
        "due_at": found.due_at,
        "minutes_left": None if row.left is None else int(row.left.total_seconds() // 60),
        "near_due": row.near,
        "past_due": row.late,
        "decided_at": found.decided_at,
        "checklist": [
            {
                "code": item["code"],
                "label": document_label(item["code"]),
                "present": bool(item["source"]),
                "held_by_register": item["source"] == "register",
            }
            for item in found.checklist
        ],
        "missing": found.missing,
        "questions": [
            {"asked_at": q.asked_at, "question": q.question, "answered_at": q.answered_at, "answer": q.answer}
            for q in found.information.all()
        ],
        "decision": decision_out(found),
        "appeal": appeal_out(found),
        "decision_document": (
            f"/api/v1/authorizations/requests/{found.reference}/decision.pdf" if paper else None
        ),
    }


def request_item(found: AuthorizationRequest) -> dict[str, Any]:
    """A line of the facility's list."""
    approved = found.decision is not None and found.status in APPROVALS
    return {
        "reference": found.reference,
        "status": found.status,
        "request_type": found.request_type,
        "registration_number": found.member.registration_number,
        "dependant_id": found.dependant_id,
        "emergency": found.emergency,
        "submitted_at": found.submitted_at,
        "due_at": found.due_at,
        "decided_at": found.decided_at,
        "valid_to": found.decision.valid_to if approved else None,
    }


def paper_out(document: Any) -> dict[str, Any]:
    label = document_label(document.code)
    return {"code": document.code, "label": label, "confidential": False, "uploaded_at": document.uploaded_at}


def type_out(catalogue: RequestCatalogue, request_type: RequestType) -> dict[str, Any]:
    """A type with its form (each field typed and bounded) and its checklist."""
    fields = []
    for code in request_type.fields:
        field = catalogue.field(code)
        fields.append(
            {
                "code": code,
                "label": field.label.get_text(),
                "type": field.type,
                "required": field.required,
                "minimum": field.minimum,
                "maximum": field.maximum,
                "unit": field.unit,
                "choices": [choice.code for choice in field.choices],
            }
        )
    return {
        "code": request_type.code,
        "label": request_type.label.get_text(),
        "admissions": list(request_type.admissions),
        "fields": fields,
        "documents": list(request_type.documents),
        "emergency": request_type.emergency,
        "counts": request_type.counts,
    }
