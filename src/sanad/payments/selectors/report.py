"""A settlement run's report: its totals, what each payee is paid, the lines rejected by reason, and (for
the spreadsheet) every file settled. Labels in the reader's language; amounts as Decimals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from sanad.adjudication import CATALOGUE, Reason
from sanad.claims.models import LineOutcome
from sanad.claims.statuses import REVIEW_REDUCED, REVIEW_REJECTED, Outcome, ReviewReason
from sanad.common.templatetags.sanad import local_name
from sanad.payments.models import PaymentOrder, SettledFile, SettlementRun
from sanad.payments.statuses import PayeeKind

# The engine's rules in words (the same words as the reason catalogue's page).
RULES = {
    "time_bar": gettext_lazy("Time limit for filing"),
    "documents": gettext_lazy("Supporting documents"),
    "rights": gettext_lazy("Rights of the beneficiary"),
    "facility_agreement": gettext_lazy("Agreement of the facility"),
    "facility_allowed": gettext_lazy("Facilities allowed for the act"),
    "benefit_package": gettext_lazy("Benefit package"),
    "age_sex": gettext_lazy("Age and sex allowed for the act"),
    "duplicates": gettext_lazy("Acts billed twice"),
    "prior_approval": gettext_lazy("Prior approval"),
    "frequency": gettext_lazy("Number of acts allowed"),
    "valuation": gettext_lazy("Tariff and shares"),
    "yearly_ceiling": gettext_lazy("Yearly ceiling"),
    "care_pyramid": gettext_lazy("Care pyramid"),
    "direct_billing_threshold": gettext_lazy("Direct-billing threshold"),
    "medical_review": gettext_lazy("Medical review"),
}
_OTHER = gettext_lazy("Other reason")
_ENGINE = frozenset(code.value for code in Reason)


@dataclass(frozen=True, slots=True)
class ReasonRow:
    label: Any
    lines: int
    billed: Decimal


@dataclass(frozen=True, slots=True)
class PayeeRow:
    order: PaymentOrder
    name: str
    reference: str  # a facility's code, an insured person's registration number


def reason_label(findings: Any) -> Any:
    """The reason a line was rejected: its first finding's rule (engine) or the reviewer's reason."""
    first = findings[0] if isinstance(findings, list) and findings else {}
    code = first.get("code") if isinstance(first, dict) else None
    if code in _ENGINE:
        return RULES.get(CATALOGUE[Reason(code)].rule, _OTHER)
    if code in (REVIEW_REJECTED, REVIEW_REDUCED):
        reason = (first.get("params") or {}).get("reason", "")
        return ReviewReason(reason).label if reason in ReviewReason.values else _OTHER
    return _OTHER


def rejected_by_reason(run: SettlementRun) -> list[ReasonRow]:
    """The lines of the run's files that the fund rejected, counted and summed by reason, largest first."""
    decisions = SettledFile.objects.filter(run=run).values("decision_id")
    found: dict[str, list[Any]] = defaultdict(lambda: [None, 0, Decimal(0)])
    for findings, billed in LineOutcome.objects.filter(
        decision_id__in=decisions, status=Outcome.REJECTED
    ).values_list("findings", "billed"):
        label = reason_label(findings)
        held = found[str(label)]
        held[0] = label
        held[1] += 1
        held[2] += billed
    rows = [ReasonRow(label, lines, billed) for label, lines, billed in found.values()]
    return sorted(rows, key=lambda row: (-row.billed, str(row.label)))


def payee_row(order: PaymentOrder) -> PayeeRow:
    """An order with its payee as the reader names it: a facility by its name in the reader's language."""
    if order.payee_kind == PayeeKind.FACILITY:
        return PayeeRow(order, local_name(order.facility), order.facility.code)
    return PayeeRow(order, order.member.full_name, order.member.registration_number)


def payee_rows(run: SettlementRun) -> list[PayeeRow]:
    """Every order of the run, facilities by code then insured persons by registration number."""
    rows = [
        payee_row(order)
        for order in PaymentOrder.objects.filter(run=run).select_related("facility", "member")
    ]
    return sorted(rows, key=lambda row: (row.order.payee_kind != PayeeKind.FACILITY, row.reference))


def settled_files(run: SettlementRun) -> Iterator[tuple]:
    """(invoice number, facility code, received on, payee, billed, fund share, patient share, penalty) of
    each file of the run, by date received."""
    rows = (
        SettledFile.objects.filter(run=run)
        .order_by("billing_file__received_on", "billing_file_id")
        .values_list(
            "billing_file__invoice_number",
            "billing_file__facility__code",
            "billing_file__received_on",
            "order__payee_kind",
            "billed",
            "fund_share",
            "patient_share",
            "penalty",
        )
    )
    labels = dict(PayeeKind.choices)
    for invoice, facility, received, kind, *amounts in rows.iterator(chunk_size=2000):
        yield (invoice, facility, received, labels[kind], *amounts)
