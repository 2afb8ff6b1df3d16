"""The list of decisions taken in a period (issue 20: the rows behind the indicators of the claims): files
decided, by whom, with what outcome, with which lines rejected for which reason, and the engine's decisions
that raised an anomaly signal.

A decision that settles a file (`FINAL`) is the engine's when it validates or rejects on its own, or a
person's (claims checker, medical adviser); the engine's decision that sends a file to a check is not one.
The reason of a rejected line is the person's if a person rejected it, else the engine's first reason.

Filters and their index: the period reads FileDecision by `decided_on` (no index yet: on PostgreSQL add
`Index(fields=["decided_on", "id"])`); the rest is checked on each decision of the period (its file, sheet
and facility by key; its lines by the decision, the first column of their key).
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sanad.claims.anomalies import IDENTICAL_BURST, PEER_AVERAGE, SAME_DAY_ELSEWHERE
from sanad.claims.models import FileDecision, LineOutcome
from sanad.claims.statuses import (
    REVIEW_REDUCED,
    REVIEW_REJECTED,
    DecisionSource,
    Outcome,
    ReviewReason,
    RoutingChoice,
)
from sanad.common.export import EXPORT_CHUNK, rows_by_key
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page
from sanad.common.permissions import can

FINAL = Q(source__in=[DecisionSource.CHECKER, DecisionSource.ADVISER]) | Q(
    routing__in=[RoutingChoice.AUTO_APPROVE, RoutingChoice.REJECT]
)
# Who decided, as the lists and the indicators name it.
WHO = {
    "automatic": DecisionSource.ENGINE,
    "checker": DecisionSource.CHECKER,
    "medical_adviser": DecisionSource.ADVISER,
}
# A person's reason is keyed with this prefix (its codes are not the engine's: both have
# "documents_missing").
REVIEW_PREFIX = "review."
# A line's findings are the engine's, then those of the person who decided again: the person's reason is
# looked for among the first ones (a line rarely holds more than two).
FINDINGS_READ = 3
PERSON_CODES = frozenset({REVIEW_REJECTED, REVIEW_REDUCED})
# The anomaly signals on a decision: at most one per rule, three rules.
SIGNALS_READ = 3
DECIDED_KEY = ("decided_on", "id")

# The short names of the reasons a line is rejected or reduced (their full texts, with parameters, are in
# the reason catalogue, `sanad.adjudication.reasons`), for the lists' filter and the indicators' keys.
REASON_NAMES = {
    "empty_file": _("No line to pay"),
    "time_barred": _("Filed too late (time-barred)"),
    "documents_missing": _("Documents missing"),
    "no_rights": _("No open rights"),
    "dependant_certificates_missing": _("Dependant's certificates missing"),
    "dependant_over_age_limit": _("Dependant past the age limit"),
    "facility_not_agreed": _("Facility without an agreement"),
    "no_direct_billing_access": _("Facility not admitted to direct billing"),
    "unknown_code": _("Unknown code"),
    "not_in_benefit_package": _("Not in the benefit package"),
    "facility_kind_not_allowed": _("Kind of facility not allowed for the act"),
    "facility_level_not_allowed": _("Level of facility not allowed for the act"),
    "age_not_allowed": _("Age not allowed for the act"),
    "sex_not_allowed": _("Sex not allowed for the act"),
    "duplicate_already_paid": _("Already paid (duplicate)"),
    "duplicate_in_batch": _("Billed twice in the batch"),
    "duplicate_in_process": _("Already being processed (duplicate)"),
    "prior_approval_missing": _("Prior approval missing"),
    "prior_approval_outside_validity": _("Prior approval not valid on that day"),
    "prior_approval_other_facility": _("Prior approval given to another facility"),
    "prior_approval_used_up": _("Prior approval used up"),
    "prior_approval_exhausted": _("Prior approval's quantity used up"),
    "prior_approval_amount_exceeded": _("Above the approved amount"),
    "prior_approval_amount_used_up": _("Approved amount used up"),
    "prior_approval_pending": _("Prior approval not yet decided"),
    "prior_approval_to_verify": _("Prior approval to verify"),
    "daily_limit_exceeded": _("Daily limit exceeded"),
    "period_limit_exceeded": _("Limit for the period exceeded"),
    "no_tariff": _("No tariff"),
    "no_coverage_rate": _("No coverage rate"),
    "coefficient_above_nomenclature": _("Coefficient above the nomenclature"),
    "billed_above_tariff": _("Billed above the tariff"),
    "pyramid_penalty": _("Care pyramid not respected"),
    "yearly_ceiling_reached": _("Yearly ceiling reached"),
    "below_direct_billing_threshold": _("Below the direct-billing threshold"),
    "protocol_mismatch": _("Not in line with the treatment protocol"),
    "overbilling_anomaly": _("Overbilling suspected"),
    "anomaly_flagged": _("Anomaly signalled"),
    "amount_over_review_limit": _("Amount above the review limit"),
    "random_review_sample": _("Drawn for a random review"),
}


SIGNAL_NAMES = {
    SAME_DAY_ELSEWHERE: _("Care billed by another facility the same day"),
    IDENTICAL_BURST: _("Identical files from one facility"),
    PEER_AVERAGE: _("Amounts far above the facility's peers"),
}
WHO_NAMES = {
    "automatic": _("Automatically, by the engine"),
    "checker": _("By a claims checker"),
    "medical_adviser": _("By a medical adviser"),
}


def reason_label(key: str) -> str:
    """A reason key's name in the reader's language (the key itself when unknown)."""
    if key.startswith(REVIEW_PREFIX):
        code = key.removeprefix(REVIEW_PREFIX)
        return str(ReviewReason(code).label) if code in ReviewReason.values else key
    name = REASON_NAMES.get(key)
    return key if name is None else str(name)


def reason_choices() -> list[tuple[str, Any]]:
    """Every reason key with its name: the engine's, then the persons'."""
    engine = list(REASON_NAMES.items())
    persons = [(f"{REVIEW_PREFIX}{value}", label) for value, label in ReviewReason.choices]
    return engine + persons


@dataclass(frozen=True, slots=True, kw_only=True)
class DecidedFilters:
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    facility_ids: tuple[int, ...] | None = None
    region: str = ""
    facility_kind: str = ""
    care_type: str = ""
    who: str = ""  # a key of WHO
    outcome: str = ""  # an Outcome of the file's decision
    reason: str = ""  # a rejected line's reason key (an engine code, or REVIEW_PREFIX + a review reason)
    act: str = ""  # the code billed on a rejected line
    signal: str = ""  # an anomaly signal's code: the engine's decisions that raised it
    penalty: bool = False  # only the decisions that deducted a penalty (the money_penalties figure)
    rejected_line: bool = False  # only the decisions that rejected a line (the money_rejected figure)
    # Whole days from the file's receipt to its decision, both bounds included (the claims_decided key).
    days_from: int | None = None
    days_to: int | None = None


def line_reason_q(reason: str) -> Q:
    """The rejected lines whose reason is `reason` (as `line_reason` reads it)."""
    codes = [f"findings__{n}__code" for n in range(FINDINGS_READ)]
    if reason.startswith(REVIEW_PREFIX):
        why = reason.removeprefix(REVIEW_PREFIX)
        return functools.reduce(
            operator.or_,
            (
                Q(**{f"findings__{n}__code__in": sorted(PERSON_CODES), f"findings__{n}__params__reason": why})
                for n in range(FINDINGS_READ)
            ),
        )
    first = Q(**{codes[0]: reason})
    for code in codes:
        # A line without that many findings has none there: null, which `in` never matches.
        first &= ~Q(**{f"{code}__in": sorted(PERSON_CODES)}) | Q(**{f"{code}__isnull": True})
    return first


def line_reason(codes: list[Any], whys: list[Any]) -> str:
    """The key of a rejected line's reason from its first findings' codes and reasons."""
    for code, why in zip(codes, whys, strict=True):
        if code in PERSON_CODES:
            return f"{REVIEW_PREFIX}{why or 'other'}"
    return codes[0] or ""


def findings_values() -> dict[str, KT]:
    """The first findings' codes and reasons as `values()` expressions (code0, why0, …)."""
    values = {}
    for n in range(FINDINGS_READ):
        values[f"code{n}"] = KT(f"findings__{n}__code")
        values[f"why{n}"] = KT(f"findings__{n}__params__reason")
    return values


def _signalled(signal: str) -> Q:
    return functools.reduce(
        operator.or_, (Q(**{f"anomalies__{n}__code": signal}) for n in range(SIGNALS_READ))
    )


def decisions_decided(*, filters: DecidedFilters) -> QuerySet[FileDecision]:
    """The decisions the filters keep (no reader check: the indicators' computation reads them too)."""
    if filters.signal:
        rows = FileDecision.objects.filter(source=DecisionSource.ENGINE).filter(_signalled(filters.signal))
    else:
        rows = FileDecision.objects.filter(FINAL)
    if filters.decided_from is not None:
        rows = rows.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to is not None:
        rows = rows.filter(decided_on__lte=filters.decided_to)
    if filters.facility_ids is not None:
        rows = rows.filter(billing_file__facility_id__in=filters.facility_ids)
    if filters.region:
        rows = rows.filter(billing_file__facility__region=filters.region)
    if filters.facility_kind:
        rows = rows.filter(billing_file__facility__kind=filters.facility_kind)
    if filters.care_type:
        rows = rows.filter(billing_file__care_sheet__care_type=filters.care_type)
    if filters.who in WHO:
        rows = rows.filter(source=WHO[filters.who])
    if filters.outcome:
        rows = rows.filter(status=filters.outcome)
    if filters.penalty:
        rows = rows.filter(penalty__gt=0)
    if filters.days_from is not None or filters.days_to is not None:
        # A duration compared as a duration: the same on SQLite and PostgreSQL (a date minus a number of
        # days is not). A file never received has no days and is not kept.
        rows = rows.alias(waited=F("decided_on") - F("billing_file__received_on"))
        if filters.days_from is not None:
            rows = rows.filter(waited__gte=datetime.timedelta(days=filters.days_from))
        if filters.days_to is not None:
            rows = rows.filter(waited__lte=datetime.timedelta(days=filters.days_to))
    if filters.reason or filters.act or filters.rejected_line:
        lines = LineOutcome.objects.filter(decision=OuterRef("pk"), status=Outcome.REJECTED)
        if filters.reason:
            lines = lines.filter(line_reason_q(filters.reason))
        if filters.act:
            lines = lines.filter(line__code=filters.act)
        rows = rows.filter(Exists(lines))
    return rows


def decision_list_decided(
    *, user: Any, filters: DecidedFilters, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> KeyPage[FileDecision]:
    """A page of the decisions of a period, oldest first, with their file, facility, sheet and person."""
    if not can(user, "claims.view"):
        raise PermissionDenied("claims.view")
    rows = with_rejected(
        decisions_decided(filters=filters).select_related(
            "billing_file__facility", "billing_file__care_sheet"
        )
    )
    return key_page(rows, key=DECIDED_KEY, after=after, before=before, size=size)


def with_rejected(rows: QuerySet[FileDecision]) -> QuerySet[FileDecision]:
    """Each decision with its rejected lines' number and billed amount (`rejected_lines`,
    `rejected_amount`): the rows the money_rejected figure counts, read per decision shown by its key."""
    rejected = LineOutcome.objects.filter(decision=OuterRef("pk"), status=Outcome.REJECTED).order_by()
    money = DecimalField(max_digits=14, decimal_places=2)
    return rows.annotate(
        rejected_lines=Coalesce(
            Subquery(rejected.values("decision").annotate(n=Count("pk")).values("n")[:1]), Value(0)
        ),
        rejected_amount=Coalesce(
            Subquery(
                rejected.values("decision").annotate(a=Sum("billed")).values("a")[:1], output_field=money
            ),
            Value(0, output_field=money),
            output_field=money,
        ),
    )


def decisions_export_decided(*, user: Any, filters: DecidedFilters) -> Iterator[FileDecision]:
    """Every decision of the list the filters keep, oldest first, read by key a chunk at a time."""
    if not can(user, "claims.view"):
        raise PermissionDenied("claims.view")
    return rows_by_key(
        lambda after: decision_list_decided(user=user, filters=filters, after=after, size=EXPORT_CHUNK)
    )
