"""Prior authorization for facilities' software: the types and their forms, submitting a request (JSON, or
multipart with its scans), adding scans, answering the adviser's question, a request's status and
decision, its papers, the decision document (PDF), and the facility's list paged by key.

Scoped to the facility of the caller (facility staff): another facility's request is 404, the fund's staff
are 403 (they work on the pages). A request is named by its reference. Every write takes an
`Idempotency-Key`: the middleware replays a retry within a day, and a submitted request keeps its key, so a
retry even later returns the first request and writes nothing. Labels and messages are in the caller's
language (Accept-Language); codes stay as the profile spells them. The shapes are in
`authorizations_schemas`, the answers built in `authorizations_out`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import pydantic
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import ValidationError

from sanad.api.idempotency import HEADER, key_of
from sanad.api.rest.authorizations_out import paper_out, request_item, request_out, type_out
from sanad.api.rest.authorizations_schemas import (
    AnswerIn,
    AppealIn,
    PapersOut,
    RequestIn,
    RequestOut,
    RequestPage,
    TypeOut,
)
from sanad.api.rest.bounds import Cursor, identifier_text
from sanad.api.rest.claims_out import fields_renamed
from sanad.api.rest.errors import ERRORS, WRITE_ERRORS, idempotent
from sanad.authorizations import selectors, services
from sanad.authorizations.decision_document.document import decision_document, document_pdf
from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.selectors.register import member_by_registration_number
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.paging import PAGE_SIZE
from sanad.common.permissions import can
from sanad.funds.active import active_profile
from sanad.providers.selectors import facility_of_user

router = Router(tags=["authorizations"])
# A request's reference: its column's 20 characters, no invisible character.
Reference = identifier_text(20)


def _field(name: str) -> str:
    """The request's name of a field the services named: `values.<code>`, `registration_number`…"""
    if name.startswith("field_"):
        return f"values.{name.removeprefix('field_')}"
    return {"member": "registration_number", "dependant": "dependant_id"}.get(name, name)


def _own(request) -> Any:
    """The caller's facility; only facility staff use this API."""
    own = facility_of_user(user=request.user) if can(request.user, "authorizations.submit") else None
    if own is None:
        raise PermissionDenied("authorizations.submit")
    return own


def _found(request, reference: str) -> AuthorizationRequest:
    own = _own(request)
    with fields_renamed(_field):
        found = selectors.request_get(user=request.user, reference=reference)
    if found.facility_id != own.pk:
        raise DomainError(ErrorCode.NOT_FOUND, _("No such request."), field="reference")
    return found


@router.get("/types", response={200: list[TypeOut], **ERRORS})
def types_list(request):
    """The request types the caller's facility may ask for, with their form and their checklist."""
    kind = _own(request).kind
    catalogue = active_profile().authorization_requests
    return [
        type_out(catalogue, t) for t in catalogue.types if not t.facility_kinds or kind in t.facility_kinds
    ]


def _body(request) -> tuple[Any, dict[str, Any]]:
    """The request as JSON, or as the multipart part `request` with its scans as `document_<code>`."""
    if request.content_type == "multipart/form-data":
        raw = request.POST.get("request")
        if raw is None:
            raise DomainError(ErrorCode.REQUIRED, field="request")
        scans = {name.removeprefix("document_"): f for name, f in request.FILES.items()}
    else:
        raw, scans = request.body, {}
    try:
        return json.loads(raw or "null"), scans
    except ValueError:
        raise DomainError(ErrorCode.INVALID, _("The request body is not valid JSON."), field=None) from None


_MULTIPART = {
    "type": "object",
    "properties": {
        "request": {"type": "string", "description": "The request as JSON (the schema of the JSON body)."},
        "document_<code>": {"type": "string", "format": "binary", "description": "A scan per paper."},
    },
    "required": ["request"],
}


@router.post(
    "/requests",
    response={201: RequestOut, **WRITE_ERRORS},
    openapi_extra={
        **idempotent(),
        "requestBody": {
            "content": {
                "application/json": {"schema": RequestIn.model_json_schema()},
                "multipart/form-data": {"schema": _MULTIPART},
            }
        },
    },
)
def request_submit(request):
    """Submit a request for one of the caller's facility's patients, checked at once: an incomplete one is
    returned with `missing` (its clock not started; send the papers to /documents), a complete one starts
    its clock or is approved at once by the profile's rule."""
    facility = _own(request)
    raw, scans = _body(request)
    try:
        data = RequestIn.model_validate(raw)
    except pydantic.ValidationError as error:
        raise ValidationError([{**e, "loc": ("body", "data", *e["loc"])} for e in error.errors()]) from None
    with fields_renamed(_field):
        member = member_by_registration_number(data.registration_number)
        if member is None:
            raise DomainError(ErrorCode.NOT_FOUND, _("No such insured person."), field="member")
        created = services.authorization_submit(
            actor=request.user,
            data=services.RequestInput(
                facility_id=facility.pk,
                member_id=member.pk,
                dependant_id=data.dependant_id,
                request_type=data.request_type,
                admission=data.admission,
                values=data.values,
                emergency=data.emergency,
                act_date=data.act_date,
                idempotency_key=key_of(request.headers.get(HEADER, "")) or "",
                documents=scans,
            ),
        )
    return Status(201, request_out(_found(request, created.reference)))


@router.get("/requests", response={200: RequestPage, **ERRORS})
def request_list(
    request,
    status: Annotated[str, Query(max_length=32)] = "",
    request_type: Annotated[str, Query(max_length=32)] = "",
    after: Cursor = "",
    size: int = Query(PAGE_SIZE, ge=1, le=200),
):
    """The caller's facility's requests, newest first, paged by key (pass `next_after` back as `after`)."""
    _own(request)
    page = selectors.request_page(
        user=request.user, older=after, size=size, status=status, request_type=request_type
    )
    return {"items": [request_item(r) for r in page.rows], "next_after": page.older}


@router.get("/requests/{reference}", response={200: RequestOut, **ERRORS})
def request_get(request, reference: Reference):
    """A request with its checklist, countdown, questions and decision."""
    return request_out(_found(request, reference))


@router.get("/requests/{reference}/documents", response={200: PapersOut, **ERRORS})
def documents_list(request, reference: Reference):
    """The request's papers; the confidential report is counted, never shown (medical advisers only)."""
    found = _found(request, reference)
    papers = list(found.documents.all())
    shown = [d for d in papers if not d.confidential]
    return {"documents": [paper_out(d) for d in shown], "confidential_withheld": len(papers) - len(shown)}


@router.post(
    "/requests/{reference}/documents",
    response={200: RequestOut, **WRITE_ERRORS},
    openapi_extra=idempotent(),
)
def documents_add(request, reference: Reference):
    """Add scans (multipart, one part `document_<code>` per paper): a returned request is checked again at
    once, and starts its clock when complete."""
    found = _found(request, reference)
    scans = {name.removeprefix("document_"): f for name, f in request.FILES.items()}
    with fields_renamed(_field):
        services.authorization_documents_add(actor=request.user, request=found, documents=scans)
    return request_out(_found(request, reference))


@router.post(
    "/requests/{reference}/answer", response={200: RequestOut, **WRITE_ERRORS}, openapi_extra=idempotent()
)
def answer_send(request, reference: Reference, data: AnswerIn):
    """Answer the medical adviser's question: the clock runs again as the profile says."""
    found = _found(request, reference)
    services.authorization_information_answer(actor=request.user, request=found, answer=data.answer)
    return request_out(_found(request, reference))


@router.post(
    "/requests/{reference}/appeal", response={200: RequestOut, **WRITE_ERRORS}, openapi_extra=idempotent()
)
def appeal_file(request, reference: Reference, data: AppealIn):
    """Appeal a refusal or an approval with reserve, once, within the fund's period: the request goes back
    to the medical review under appeal, answered by another medical adviser (new papers: the documents
    route)."""
    found = _found(request, reference)
    services.authorization_appeal_file(actor=request.user, request=found, reason=data.reason)
    return request_out(_found(request, reference))


_PDF = {
    "responses": {
        200: {
            "description": "The decision document, as PDF.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/requests/{reference}/decision.pdf", response={**ERRORS}, openapi_extra=_PDF)
def decision_pdf(request, reference: Reference):
    """The decision document of an approval in force, in French and Arabic with its signed QR code (409
    when the request is not approved)."""
    document = decision_document(request=_found(request, reference))
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response
