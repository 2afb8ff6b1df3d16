"""The automatic decisions a profile allows: a request that meets its type's rule is approved at once,
with the rule named; any other goes to a medical adviser, with what the rule found (issue 17, §4).

Each rule is one function: it reads the request's form and the catalogue, and gives a verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models import AuthorizationRequest
from sanad.authorizations.selectors import catalogue
from sanad.authorizations.services.decide import Item
from sanad.authorizations.signals import conditions_recognized
from sanad.authorizations.statuses import APPROVALS
from sanad.funds.calendar import add_months
from sanad.funds.types import FundProfile
from sanad.funds.types_authorizations import AutomaticRule, RequestType
from sanad.registry.selectors import Beneficiary, rights_on

# What a rule found, shown on the request's timeline in the reader's language (parameters filled in).
FINDINGS: dict[str, Any] = {
    "approved": _("The rule holds: approved at once."),
    "no_rights": _("The beneficiary has no open rights today: an adviser decides."),
    "too_many_sessions": _(
        "%(asked)s sessions a week asked, more than the %(limit)s of the protocol: an adviser decides."
    ),
    "no_condition": _("No long-term condition recognized for this diagnosis: an adviser decides."),
    "nothing_to_renew": _("No earlier dialysis approval to renew: an adviser decides."),
    "not_on_list": _("The drug is not on the long-term list: an adviser decides."),
    "too_long": _("%(asked)s months asked, more than the %(limit)s the rule allows: an adviser decides."),
    "outside_protocol": _("The drug is not in the protocol of this diagnosis: an adviser decides."),
    "no_reference": _("The catalogue has no reference price for this item: an adviser decides."),
    "above_reference": _(
        "The quote (%(quote)s) is above the reference price (%(reference)s): an adviser decides."
    ),
}
RULE_LABELS: dict[str, Any] = {
    "dialysis_renewal": _("Dialysis renewal for a recognized long-term condition, within the protocol"),
    "long_term_drug": _("Drug of the long-term list, within the protocol of the diagnosis"),
    "quote_within_reference": _("Quote at or under the catalogue's reference price"),
}


@dataclass(frozen=True, slots=True)
class Verdict:
    rule: str
    finding: str  # a key of FINDINGS
    params: dict[str, Any] = field(default_factory=dict)
    items: tuple[Item, ...] = ()
    amount: Decimal | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def approved(self) -> bool:
        return self.finding == "approved"


def _until(start: date, months: int) -> date:
    return add_months(start, months) - timedelta(days=1)


def _dialysis_renewal(
    rule: AutomaticRule, request: AuthorizationRequest, on: date, dialysis_types: list[str]
) -> Verdict:
    """A renewal is approved when the sessions a week stay within the protocol, a long-term condition
    grouping the diagnosis is recognized, and an earlier dialysis approval names the sessions to renew."""
    values, name = request.values, rule.rule
    asked, limit = int(values["sessions_per_week"]), rule.max_sessions_per_week or 0
    if asked > limit:
        return Verdict(name, "too_many_sessions", {"asked": asked, "limit": limit})
    recognized = conditions_recognized(beneficiary=request.beneficiary, on=on)
    if not catalogue.conditions_covering(codes=recognized, diagnosis=request.diagnosis, day=on):
        return Verdict(name, "no_condition")
    earlier = (
        AuthorizationRequest.objects.filter(
            beneficiary=request.beneficiary, status__in=APPROVALS, request_type__in=dialysis_types
        )
        .exclude(pk=request.pk)
        .select_related("decision")
        .order_by("-decided_at", "-id")
        .first()
    )
    renewed = list(earlier.decision.items.all()) if earlier is not None and earlier.decision else []
    if not renewed:
        return Verdict(name, "nothing_to_renew")
    months = int(values.get("months") or 3)
    end = _until(on, months)
    sessions = asked * math.ceil(((end - on).days + 1) / 7)
    items = tuple(Item(i.kind, i.code, sessions) for i in renewed)
    return Verdict(name, "approved", items=items, valid_from=on, valid_to=end)


def _long_term_drug(
    rule: AutomaticRule, request: AuthorizationRequest, request_type: RequestType, on: date
) -> Verdict:
    """A drug of the long-term list is approved when it is in the protocol of the diagnosis, for a
    recognized long-term condition grouping it, for no longer than the rule allows."""
    values, name = request.values, rule.rule
    code = values[request_type.item_field or ""]
    if catalogue.long_term_drug(code=code, day=on) is None:
        return Verdict(name, "not_on_list")
    months, limit = int(values["months"]), rule.max_months or 0
    if months > limit:
        return Verdict(name, "too_long", {"asked": months, "limit": limit})
    if not catalogue.protocol_allows(diagnosis=request.diagnosis, code=code, day=on):
        return Verdict(name, "outside_protocol")
    recognized = conditions_recognized(beneficiary=request.beneficiary, on=on)
    if not catalogue.conditions_covering(codes=recognized, diagnosis=request.diagnosis, day=on):
        return Verdict(name, "no_condition")
    quantity = int(values.get(request_type.quantity_field or "", 1) or 1)
    return Verdict(
        name, "approved", items=(Item("drug", code, quantity),), valid_from=on, valid_to=_until(on, months)
    )


def _quote_within_reference(
    rule: AutomaticRule, request: AuthorizationRequest, request_type: RequestType, on: date
) -> Verdict:
    """A quote at or under the catalogue's reference price of the item (times the quantity) is approved
    for the amount quoted (seed 004: prostheses, devices, implants, the first semester of orthodontics)."""
    values, name = request.values, rule.rule
    kind, code = request_type.item_kind or "", values[request_type.item_field or ""]
    quantity = int(values.get(request_type.quantity_field or "", 1) or 1)
    reference = catalogue.reference_price(
        kind=kind, code=code, quantity=quantity, day=on, sector=request.facility.sector
    )
    if reference is None:
        return Verdict(name, "no_reference")
    quote = Decimal(values["quote_amount"])
    if quote > reference:
        return Verdict(name, "above_reference", {"quote": quote, "reference": reference})
    end = on + timedelta(days=request_type.validity_days - 1)
    item = Item(kind, code, quantity, quote)
    return Verdict(name, "approved", items=(item,), amount=quote, valid_from=on, valid_to=end)


def automatic_check(
    *, profile: FundProfile, request: AuthorizationRequest, request_type: RequestType, on: date
) -> Verdict | None:
    """The verdict of the type's automatic rule on a complete request, or None when the type has none.
    A beneficiary without open rights today always goes to an adviser."""
    rule = request_type.automatic
    if rule is None:
        return None
    who = (
        Beneficiary.dependant(request.dependant_id)
        if request.dependant_id
        else Beneficiary.member(request.member_id)
    )
    if not rights_on(on=on, beneficiary=who).covered:
        return Verdict(rule.rule, "no_rights")
    if rule.rule == "dialysis_renewal":
        dialysis_types = [t.code for t in profile.authorization_requests.types if "dialysis" in t.categories]
        return _dialysis_renewal(rule, request, on, dialysis_types)
    if rule.rule == "long_term_drug":
        return _long_term_drug(rule, request, request_type, on)
    return _quote_within_reference(rule, request, request_type, on)
