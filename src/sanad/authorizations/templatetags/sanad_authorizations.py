"""Template filters of the prior-authorization pages: the profile's codes and the clock in plain words."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.translation import gettext as _

from sanad.authorizations.reasons import RefusalReason
from sanad.authorizations.services.automatic import FINDINGS, RULE_LABELS
from sanad.authorizations.statuses import ACTION_LABELS, Counts
from sanad.funds.active import active_profile

register = template.Library()


@register.filter
def request_type_label(code: str) -> str:
    """A request type's code → its name in the reader's language."""
    try:
        return active_profile().authorization_requests.type(code).label.get_text()
    except KeyError:
        return code


@register.filter
def document_label(code: str) -> str:
    try:
        return active_profile().authorization_requests.document(code).label.get_text()
    except KeyError:
        return code


@register.filter
def reason_label(code: str) -> str:
    return str(RefusalReason(code).label) if code in RefusalReason.values else code


@register.filter
def rule_label(code: str) -> str:
    if code == "emergency_request_clock":
        return _("Emergency request within the first working day after the care")
    return str(RULE_LABELS.get(code, code))


@register.filter
def counts_label(code: str) -> str:
    """What an approval counts (days, sessions, cycles, units) in the reader's language."""
    return str(Counts(code).label) if code in Counts.values else code


@register.filter
def fund_pharmacy_items(items: Any) -> list[Any]:
    """The approved drugs the fund's own pharmacy hands over (the facility sends the patient there)."""
    return [item for item in items if item.fund_pharmacy]


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.filter
def finding_text(data: dict[str, Any]) -> str:
    """What an automatic rule found, in the reader's language."""
    finding = FINDINGS.get((data or {}).get("finding", ""))
    if finding is None:
        return ""
    params = {key: str(value) for key, value in ((data or {}).get("params") or {}).items()}
    return str(finding) % params if params else str(finding)


def _span(left: datetime.timedelta) -> str:
    minutes = int(abs(left).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}


@register.filter
def countdown(left: datetime.timedelta | None) -> str:
    """Time left before the answer is due, or how late it is; a dash when no clock runs."""
    if left is None:
        return "—"
    if left < datetime.timedelta(0):
        return _("late by %(time)s") % {"time": _span(left)}
    return _("%(time)s left") % {"time": _span(left)}


@register.filter
def clock_text(clock: Any) -> str:
    """A clock of the profile in words: "48 working hours", "7 days"."""
    texts = {
        "working_hours": _("%(amount)s working hours"),
        "working_days": _("%(amount)s working days"),
        "calendar_days": _("%(amount)s days"),
    }
    return texts.get(clock.unit, "%(amount)s") % {"amount": clock.amount}
