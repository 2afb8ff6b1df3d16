"""PaymentReconciliation and PaymentNotice: a facility's statement of a settlement run (its payment
order, `payments.statements.selectors`), to FHIR. Both have the order's id; facility staff read only their
own facility's statements, once the run is approved (another's do not exist for them: 404).

- PaymentReconciliation: the run's number as identifier, the run's period, the transfer (`paymentAmount`:
  the net the transfer pays) on the day paid (else the run's day), one `detail` per file paid (type
  `payment`: its invoice number as the request's identifier, the day received, the fund share) and per
  supplement (type `adjustment`), recoveries as a negative `adjustment`.
- PaymentNotice: the order's transfer to the facility, `paymentStatus` `paid` once the bank confirmed it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B.paymentnotice import PaymentNotice
from fhir.resources.R4B.paymentreconciliation import PaymentReconciliation

from sanad.api.fhir.coverage import fund_reference
from sanad.api.fhir.identifiers import identifier_system
from sanad.api.fhir.outcomes import FhirError
from sanad.api.fhir.validated import validated
from sanad.payments.statements.selectors import statement_of, statement_order_get, statement_page
from sanad.payments.statuses import OrderStatus

PAYMENT_TYPE = "http://terminology.hl7.org/CodeSystem/payment-type"
PAYMENT_STATUS = "http://terminology.hl7.org/CodeSystem/paymentstatus"
_OUTCOME = {OrderStatus.REJECTED: "error"}


def not_found() -> FhirError:
    return FhirError(404, "not-found", _("No such statement."))


def order_get(*, user: Any, id: str) -> Any:
    if not id.isdigit() or len(id) > 18:
        raise not_found()
    try:
        return statement_order_get(user=user, order_id=int(id))
    except Http404 as error:
        raise not_found() from error


def orders_of(*, user: Any, requestor: str | None, count: int) -> list[Any]:
    """The newest statements the user may read, of the facility `requestor` names (its code) if given."""
    rows = statement_page(user=user, size=count).rows
    return [o for o in rows if requestor is None or o.facility.code == requestor]


def _money(value: Decimal, currency: str) -> dict[str, Any]:
    return {"value": value.quantize(Decimal("0.01")), "currency": currency}


def _detail(code: str, amount: Decimal, currency: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": {"coding": [{"system": PAYMENT_TYPE, "code": code}]},
        "amount": _money(amount, currency),
    } | extra


def reconciliation_to_fhir(order: Any) -> dict[str, Any]:
    statement = statement_of(order=order, today=timezone.localdate())
    run, currency = order.run, order.run.currency
    invoice = identifier_system("invoice")
    details = [
        _detail(
            "payment",
            f.fund_share,
            currency,
            request={"identifier": {"system": invoice, "value": f.invoice_number}},
            date=f.received_on.isoformat(),
        )
        for f in statement.files
    ]
    details += [
        _detail(
            "adjustment",
            s.amount,
            currency,
            request={"identifier": {"system": invoice, "value": s.billing_file.invoice_number}},
        )
        for s in statement.supplements
    ]
    if statement.recovered:
        details.append(_detail("adjustment", -statement.recovered, currency))
    resource: dict[str, Any] = {
        "resourceType": "PaymentReconciliation",
        "id": str(order.pk),
        "identifier": [{"system": identifier_system("settlement-run"), "value": run.number}],
        "status": "active",
        "period": {"start": run.period_start.isoformat(), "end": run.period_end.isoformat()},
        "created": run.created_at.isoformat(timespec="seconds"),
        "paymentIssuer": fund_reference(),
        "requestor": {"reference": f"Organization/{order.facility.code}"},
        "outcome": _OUTCOME.get(order.status, "complete"),
        "disposition": str(order.get_status_display()),
        "paymentDate": (order.paid_on or run.on).isoformat(),
        "paymentAmount": _money(order.amount, currency),
    }
    if details:
        resource["detail"] = details
    return validated(PaymentReconciliation, resource)


def notice_to_fhir(order: Any) -> dict[str, Any]:
    run = order.run
    resource: dict[str, Any] = {
        "resourceType": "PaymentNotice",
        "id": str(order.pk),
        "identifier": [{"system": identifier_system("settlement-run"), "value": run.number}],
        "status": "active",
        "created": run.created_at.isoformat(timespec="seconds"),
        "payment": {"reference": f"PaymentReconciliation/{order.pk}"},
        "paymentDate": (order.paid_on or run.on).isoformat(),
        "payee": {"reference": f"Organization/{order.facility.code}"},
        "recipient": {"reference": f"Organization/{order.facility.code}"},
        "amount": _money(order.amount, run.currency),
    }
    if order.status == OrderStatus.PAID:
        resource["paymentStatus"] = {"coding": [{"system": PAYMENT_STATUS, "code": "paid"}]}
    return validated(PaymentNotice, resource)
