"""The outcomes of the decisions made on a day, counted per facility, for the reports (issue 20: the public
page shows prior-authorization requests "approved, refused, approved after appeal")."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils import timezone

from sanad.authorizations.models import Decision
from sanad.authorizations.statuses import DecisionAction, DecisionKind

# The outcome keys, in the order a report shows them.
OUTCOMES = (
    "approved",
    "approved_with_reserve",
    "refused",
    "approved_after_appeal",
    "refused_after_appeal",
)


def decision_outcome() -> Case:
    """A decision's outcome key (one of OUTCOMES): its kind, or approved / refused after appeal."""
    return Case(
        When(Q(on_appeal=True, kind=DecisionKind.REFUSED), then=Value("refused_after_appeal")),
        When(on_appeal=True, then=Value("approved_after_appeal")),
        default=F("kind"),
        output_field=CharField(),
    )


def decision_outcomes_on(*, day: datetime.date) -> dict[tuple[int, str], int]:
    """How many answers each facility was given on `day` (the fund's wall clock), by outcome: approved,
    approved with reserve, refused (first answers, automatic ones included), approved after appeal (an
    approval or an approval with reserve made on appeal) and refused after appeal. Modifications and
    extensions of an approval are no answer and are not counted. One aggregate query."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    rows = (
        Decision.objects.filter(action=DecisionAction.DECIDE, decided_at__gte=start, decided_at__lt=end)
        .annotate(outcome=decision_outcome())
        .values("facility_id", "outcome")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["facility_id"], row["outcome"]): row["count"] for row in rows}
