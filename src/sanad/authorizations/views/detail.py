"""A request's page: everything its reader may see, and the actions its status allows them."""

from __future__ import annotations

import datetime
from typing import Any

from django.shortcuts import render
from django.utils import timezone

from sanad.authorizations import forms, selectors
from sanad.authorizations.forms_appeals import AppealForm
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.statuses import APPROVALS, BRANCH_CAPABILITY, OPEN, Channel, RequestStatus
from sanad.authorizations.views.common import person_name, values_shown
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile


def _decision_initial(profile: FundProfile, found: AuthorizationRequest) -> dict[str, Any]:
    """The decision form proposes what the request asks: its item, its quantity, the type's validity."""
    request_type = profile.authorization_requests.type(found.request_type)
    start = found.act_date or timezone.localdate()
    initial: dict[str, Any] = {
        "valid_from": start,
        "valid_to": start + datetime.timedelta(days=request_type.validity_days - 1),
        "item_kind_0": request_type.item_kind or "act",
    }
    if request_type.item_field:
        initial["item_code_0"] = found.values.get(request_type.item_field, "")
    quantity = found.values.get(request_type.quantity_field or "")
    if quantity:
        cap = request_type.max_quantity
        initial["item_quantity_0"] = min(int(quantity), cap) if cap else int(quantity)
    if "quote_amount" in found.values:
        initial["item_amount_0"] = found.values["quote_amount"]
    return initial


def adviser_forms(
    profile: FundProfile, found: AuthorizationRequest, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The forms the adviser may use on the request in its status (a form sent back keeps its errors)."""
    bound = bound or {}
    out: dict[str, Any] = {}
    if found.status in OPEN:
        out["decision_form"] = bound.get("decide") or forms.DecisionForm(
            prefix="decide", initial={"kind": "approved", **_decision_initial(profile, found)}
        )
    if found.status == RequestStatus.PENDING:
        out["question_form"] = bound.get("ask") or forms.QuestionForm(prefix="ask")
    if found.status in APPROVALS and found.decision is not None:
        current = found.decision
        initial = {"kind": current.kind, "valid_from": current.valid_from, "valid_to": current.valid_to}
        for row, item in enumerate(current.items.all()[: forms.ITEM_ROWS]):
            initial.update(
                {
                    f"item_kind_{row}": item.kind,
                    f"item_code_{row}": item.code,
                    f"item_quantity_{row}": item.quantity,
                    f"item_amount_{row}": item.amount,
                }
            )
        out["modify_form"] = bound.get("modify") or forms.ModifyForm(prefix="modify", initial=initial)
        out["extend_form"] = bound.get("extend") or forms.ExtendForm(prefix="extend")
        out["cancel_form"] = bound.get("cancel") or forms.CancelForm(prefix="cancel")
    return out


def appeal_papers(profile: FundProfile, found: AuthorizationRequest) -> list[Any]:
    """The papers an appeal may bring again: the request's checklist, save what the register holds."""
    catalogue = profile.authorization_requests
    return [catalogue.document(item["code"]) for item in found.checklist if item["source"] != "register"]


def _appeal_context(
    request: Any, profile: FundProfile, found: AuthorizationRequest, bound: dict[str, Any], now: Any
) -> dict[str, Any]:
    """The request's appeals; the appeal's countdown while it waits; the appeal form while the decision
    may be appealed (facility staff or branch counter); for the adviser, whether they made the decision
    appealed (then another adviser decides)."""
    appeals = selectors.appeals_of(request=found)
    waiting = next((a for a in appeals if a.answer_id is None), None)
    out: dict[str, Any] = {"appeals": appeals, "appeal_waiting": waiting}
    if found.status == RequestStatus.UNDER_APPEAL:
        out["row"] = selectors.appeal_row(profile, found, waiting, now)
    appellant = can(request.user, "authorizations.submit") or can(request.user, BRANCH_CAPABILITY)
    until = selectors.appeal_deadline(profile=profile, request=found, now=now) if appellant else None
    if until is not None or "appeal" in bound:
        out["appeal_until"] = until
        out["appeal_form"] = bound.get("appeal") or AppealForm(documents=appeal_papers(profile, found))
    if waiting is not None and can(request.user, "authorizations.decide"):
        out["appeal_self"] = waiting.decision.decided_by_id == request.user.pk
    return out


def _checklist(profile: Any, found: Any) -> list[dict[str, Any]]:
    catalogue = profile.authorization_requests
    return [
        {"label": catalogue.document(item["code"]).label.get_text(), "source": item["source"]}
        for item in found.checklist
    ]


def detail_page(
    request: Any, found: AuthorizationRequest, *, bound: dict[str, Any] | None = None, status: int = 200
):
    """A request with its form, checklist, countdown, questions, decisions and timeline; the papers the
    reader may open; the facility's and the adviser's actions that its status allows (a form sent back
    keeps its errors)."""
    profile = active_profile()
    now = timezone.now()
    confidential = can(request.user, "authorizations.confidential")
    documents = [d for d in found.documents.all() if confidential or not d.confidential]
    # The facility's staff act on its requests; the branch counter on those the insured filed there.
    own = can(request.user, "authorizations.submit") or (
        found.channel == Channel.BRANCH and can(request.user, BRANCH_CAPABILITY)
    )
    catalogue = profile.authorization_requests
    context: dict[str, Any] = {
        "req": found,
        "row": selectors.request_row(profile, found, now),
        "person": person_name(found.dependant or found.member),
        "values": values_shown(profile, found),
        "checklist": _checklist(profile, found),
        "documents": documents,
        "confidential_hidden": any(d.confidential for d in found.documents.all()) and not confidential,
        "information": list(found.information.all()),
        "decisions": list(found.decisions.prefetch_related("items").order_by("-decided_at", "-id")),
        "events": list(found.events.select_related("actor")),
        "open": found.status in OPEN,
        # The approval in force has its paper (document de prise en charge) to download.
        "paper": found.status in APPROVALS and found.decision_id is not None,
    }
    if own and found.status in (RequestStatus.RETURNED, *OPEN):
        # The register's papers are never asked; the others may be sent (again) while the request is open.
        papers = [
            catalogue.document(item["code"]) for item in found.checklist if item["source"] != "register"
        ]
        context["documents_form"] = forms.DocumentsForm(documents=papers)
    if own and found.status == RequestStatus.INFORMATION_REQUESTED:
        context["answer_form"] = forms.AnswerForm()
    if can(request.user, "authorizations.view"):
        context["beneficiary"] = selectors.beneficiary_context(request=found, on=timezone.localdate())
    if can(request.user, "authorizations.decide"):
        context.update(adviser_forms(profile, found, bound))
    context.update(_appeal_context(request, profile, found, bound or {}, now))
    if context.get("appeal_self") and "decide" not in (bound or {}):
        context.pop("decision_form", None)  # four eyes: the decision is another adviser's
    return render(request, "authorizations/detail.html", context, status=status)
