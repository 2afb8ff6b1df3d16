"""Catalog lookups for facilities' software: an act and its price on a date, a drug by its barcode."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from sanad.catalog import selectors
from sanad.common.permissions import require
from sanad.funds import active_profile

router = Router(tags=["catalog"])


class ActOut(Schema):
    code: str
    label_fr: str
    label_ar: str
    category: str
    grid: str
    key_letter: str | None
    coefficient: Decimal | None
    package_price: Decimal | None
    price: Decimal | None
    currency: str
    on: datetime.date
    sector: str
    needs_prior_approval: bool
    valid_from: datetime.date
    valid_to: datetime.date | None


class DrugOut(Schema):
    code: str
    barcode: str
    name: str
    form: str
    strength: str
    public_price: Decimal
    reimbursement_base: Decimal
    currency: str
    direct_billing: bool
    long_term_only: bool
    costly: bool
    valid_from: datetime.date
    valid_to: datetime.date | None


@router.get("/acts/{code}", response=ActOut)
def act_lookup(
    request,
    code: str,
    on: datetime.date | None = None,
    sector: Literal["public", "non_profit", "private"] = "public",
):
    """The act `code` in force on `on` (default: today) and its price in `sector`."""
    require(request.user, "catalog.lookup")
    day = on or timezone.localdate()
    act = selectors.act_on(code=code, day=day)
    if act is None:
        raise Http404(code)
    return {
        **{
            f: getattr(act, f)
            for f in ("code", "label_fr", "label_ar", "category", "grid", "valid_from", "valid_to")
        },
        "key_letter": act.key_letter or None,
        "coefficient": act.coefficient,
        "package_price": act.package_price,
        "price": selectors.act_price(act=act, day=day, sector=sector),
        "currency": active_profile().currency,
        "on": day,
        "sector": sector,
        "needs_prior_approval": act.needs_prior_approval,
    }


@router.get("/drugs/{barcode}", response=DrugOut)
def drug_lookup(request, barcode: str, on: datetime.date | None = None):
    """The drug carrying the EAN-13 `barcode`, in force on `on` (default: today)."""
    require(request.user, "catalog.lookup")
    drug = selectors.drug_by_barcode(barcode=barcode, day=on or timezone.localdate())
    if drug is None:
        raise Http404(barcode)
    fields = ("code", "barcode", "name", "form", "strength", "public_price", "reimbursement_base")
    flags = ("direct_billing", "long_term_only", "costly", "valid_from", "valid_to")
    return {**{f: getattr(drug, f) for f in (*fields, *flags)}, "currency": active_profile().currency}
