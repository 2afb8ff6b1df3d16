"""The decision document of an approval: its signed payload, its page in French and Arabic with the QR code,
and the PDF. It is made again from the decision each time it is asked for (nothing is written): the same
decision always gives the same paper, and a modification or an extension gives a new one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sanad.authorizations.decision_document.payload import (
    ApprovedItem,
    Beneficiary,
    DecisionPayload,
)
from sanad.authorizations.models import AuthorizationRequest, Decision
from sanad.authorizations.statuses import APPROVALS, DecisionKind
from sanad.catalog.selectors.lookup import item_tariff
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.pdf import html_to_pdf
from sanad.funds.active import active_profile
from sanad.registry.certificates.document import qr_svg
from sanad.registry.certificates.links import verify_url
from sanad.registry.certificates.payload import initials
from sanad.registry.certificates.signing import token_sign


@dataclass(frozen=True, slots=True)
class ItemLine:
    """An approved item with its label in both languages of the paper."""

    item: Any  # DecisionItem
    label_fr: str
    label_ar: str


@dataclass(frozen=True, slots=True)
class DecisionDocument:
    request: AuthorizationRequest
    decision: Decision
    payload: DecisionPayload
    token: str
    lines: tuple[ItemLine, ...]

    @property
    def url(self) -> str:
        """What the QR code holds: the public check page of this paper, its whole signed token."""
        return verify_url(self.token)

    @property
    def fund_pharmacy_lines(self) -> tuple[ItemLine, ...]:
        """The drugs the fund's own pharmacy hands over: the facility sends the patient there."""
        return tuple(line for line in self.lines if line.item.fund_pharmacy)

    @property
    def filename(self) -> str:
        return f"{self.request.reference}-{timezone.localtime(self.decision.decided_at):%Y%m%d}.pdf"


def _beneficiary(request: AuthorizationRequest) -> Beneficiary:
    person = request.dependant or request.member
    kind = request.dependant.relationship if request.dependant else "member"
    return Beneficiary(kind, initials(person.first_name, person.last_name), person.birth_date.year)


def item_labels(*, kind: str, code: str, day: Any, sector: str) -> tuple[str, str]:
    """The catalogue's French and Arabic labels of an item; no Arabic label when the catalogue has none
    (a French one is not shown on an Arabic page), a drug's name in both (it is written one way)."""
    labels = []
    for language in ("fr", "ar"):
        found = item_tariff(kind=kind, code=code, day=day, sector=sector, language=language)
        labels.append(found.label if found is not None else "")
    french, arabic = labels
    return french, arabic if kind == "drug" or arabic != french else ""


def _lines(decision: Decision, sector: str) -> tuple[ItemLine, ...]:
    return tuple(
        ItemLine(item, *item_labels(kind=item.kind, code=item.code, day=decision.valid_from, sector=sector))
        for item in decision.items.all()
    )


def decision_document(*, request: AuthorizationRequest) -> DecisionDocument:
    """The paper of the approval in force on `request`; a request not approved (or cancelled) has none."""
    decision = request.decision
    if request.status not in APPROVALS or decision is None or decision.valid_from is None:
        raise DomainError(
            ErrorCode.CONFLICT,
            _("No decision document: the request is not approved, or its approval was cancelled."),
            field=None,
        )
    items = list(decision.items.all())
    payload = DecisionPayload(
        fund=active_profile().code,
        reference=request.reference or "",
        decision=decision.pk,
        reserve=decision.kind == DecisionKind.APPROVED_WITH_RESERVE,
        registration_number=request.member.registration_number,
        beneficiary=_beneficiary(request),
        facility=decision.facility.code,
        decided_on=timezone.localtime(decision.decided_at).date(),
        valid_from=decision.valid_from,
        valid_to=decision.valid_to or decision.valid_from,
        counts=decision.counts,
        amount=decision.amount,
        items=tuple(ApprovedItem(i.kind, i.code, i.quantity, i.amount) for i in items),
    )
    token = token_sign(payload.encode())
    return DecisionDocument(request, decision, payload, token, _lines(decision, decision.facility.sector))


def document_html(document: DecisionDocument) -> str:
    request = document.request
    profile = active_profile()
    return render_to_string(
        "authorizations/decision_document/document.html",
        {
            "doc": document,
            "req": request,
            "decision": document.decision,
            "person": request.dependant or request.member,
            "profile": profile,
            "fund": profile,
            "request_type": profile.authorization_requests.type(request.request_type),
            "qr": mark_safe(qr_svg(document.url)),  # noqa: S308 - segno's own SVG, no user text
        },
    )


def document_pdf(document: DecisionDocument) -> bytes:
    return html_to_pdf(document_html(document))
