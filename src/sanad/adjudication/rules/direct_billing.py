"""Payee: the facility (direct billing) or the insured (reimbursement); below the direct-billing threshold
the facility does not bill the fund."""

from __future__ import annotations

from decimal import Decimal

from sanad.adjudication.codes import Channel, Payee, Reason
from sanad.adjudication.decision import Finding, finding

RULE = "direct_billing_threshold"
_REIMBURSEMENT, _FACILITY, _INSURED = Channel.REIMBURSEMENT, Payee.FACILITY, Payee.INSURED


def resolve_payee(
    channel: Channel, total_billed: Decimal, threshold: Decimal | None, currency: str
) -> tuple[Payee, Finding | None]:
    """A file sent by the insured is reimbursed to the insured, whatever its total (never refused for the
    threshold); a file sent by the facility is paid to the facility, except that where the profile sets a
    direct-billing threshold, a file below it is not the facility's to bill: the fund does not pay the
    facility for it, the insured pays the facility and files for reimbursement (the finding says so, and
    the profile then lets the insured file it: `claims.insured_reimbursed_for`).

    Source: 002_* (CNOPS: "Tous les dossiers dont les frais engagés sont supérieurs ou égaux à 200 DH font
    l'objet d'une prise en charge directe"), 004_* (CNSS private sector: the patient pays, then files);
    threshold from the profile.
    """
    if channel is _REIMBURSEMENT:
        return _INSURED, None
    if threshold is None or total_billed >= threshold:
        return _FACILITY, None
    return _INSURED, finding(
        Reason.BELOW_DIRECT_BILLING_THRESHOLD,
        RULE,
        total=total_billed,
        threshold=threshold,
        currency=currency,
    )
