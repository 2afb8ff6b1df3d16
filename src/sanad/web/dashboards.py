"""Each role's home page: its title and the sections it shows, each section fed by the apps' selectors."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from sanad.claims.selectors.complaints import complaint_counts
from sanad.claims.selectors.facility import facility_file_counts
from sanad.claims.selectors.queues import claims_queue_counts
from sanad.common.models import AuditEvent
from sanad.common.permissions import Role, can, primary_role
from sanad.funds.active import active_profile
from sanad.payments.statements.home import finance_figures
from sanad.providers.selectors import facility_count, facility_counts_by_level, facility_of_user
from sanad.registry.quality.selectors import findings_open_count
from sanad.registry.selectors import enrollments_overdue, member_counts, member_of_user, rights_on
from sanad.registry.selectors.queue import queue_waits

Section = tuple[str, Callable[[Any, datetime.date], dict[str, Any]]]


def _members(user: Any, today: datetime.date) -> dict[str, Any]:
    return {"members": member_counts(today=today)}


def _pyramid(user: Any, today: datetime.date) -> dict[str, Any]:
    """Facilities per level, in the order of the fund's care pyramid."""
    counts = facility_counts_by_level()
    rows = [
        {"label": level.label.get_text(), "count": counts.get(level.code, 0)}
        for level in active_profile().care_pyramid.levels
    ]
    return {"pyramid": rows, "facilities": facility_count()}


def _accounts(user: Any, today: datetime.date) -> dict[str, Any]:
    rows = get_user_model().objects.values("groups__name").annotate(n=Count("id")).order_by()
    counts = {row["groups__name"]: row["n"] for row in rows}
    return {
        "users_by_role": [{"label": role.label, "count": counts.get(role.value, 0)} for role in Role],
        "audit_today": AuditEvent.objects.filter(at__date=today).count(),
    }


def _facility(user: Any, today: datetime.date) -> dict[str, Any]:
    facility = facility_of_user(user=user)
    files = None if facility is None else facility_file_counts(facility=facility)
    return {"facility": facility, "facility_files": files}


def _insured(user: Any, today: datetime.date) -> dict[str, Any]:
    member = member_of_user(user=user)
    rights = None if member is None else rights_on(registration_number=member.registration_number, on=today)
    return {"member": member, "rights": rights}


def _enrollment_clock(user: Any, today: datetime.date) -> dict[str, Any]:
    """Enrollments past the profile's processing time (30 days in the CNASS procedure), and the register
    findings still open (no certificate while a blocking one is)."""
    return {
        "enrollments_overdue": enrollments_overdue(today=today).count(),
        "findings_open": findings_open_count(),
    }


MEMBERS: Section = ("web/home/_members.html", _members)
PYRAMID: Section = ("web/home/_pyramid.html", _pyramid)
ACCOUNTS: Section = ("web/home/_accounts.html", _accounts)
FACILITY: Section = ("web/home/_facility.html", _facility)


def _queue_waits(user: Any, today: datetime.date) -> dict[str, Any]:
    """Tickets and the average wait per branch today (the seed's reception with a numbered ticket)."""
    return {"waits": queue_waits(day=today)}


INSURED: Section = ("web/home/_insured.html", _insured)
QUEUE_WAITS: Section = ("web/home/_queue_waits.html", _queue_waits)
ENROLLMENT_CLOCK: Section = ("web/home/_enrollment_clock.html", _enrollment_clock)


def _claims_queues(user: Any, today: datetime.date) -> dict[str, Any]:
    """Files waiting in each step of the fund's pipeline and those past the processing clock (30 days)."""
    return {
        "claims": claims_queue_counts(today=today),
        "may_check": can(user, "claims.check"),
        "may_review": can(user, "claims.review"),
    }


def _complaints(user: Any, today: datetime.date) -> dict[str, Any]:
    return {"complaints": complaint_counts(today=today)}


def _settlement(user: Any, today: datetime.date) -> dict[str, Any]:
    """Settlement at a glance: ready to settle, awaiting approval, sent, confirmed, overdue."""
    return {"settlement": finance_figures(today=today)}


CLAIMS_QUEUES: Section = ("web/home/_claims_queues.html", _claims_queues)
SETTLEMENT: Section = ("web/home/_settlement.html", _settlement)
COMPLAINTS: Section = ("web/home/_complaints.html", _complaints)

# Later capabilities add their sections (work queues, clocks) to the roles that need them.
HOMES: dict[Role | None, tuple[Any, tuple[Section, ...]]] = {
    Role.COUNTER_AGENT: (_("Counter"), (MEMBERS, COMPLAINTS)),
    Role.ENROLLMENT_OFFICER: (_("Enrollment"), (MEMBERS, ENROLLMENT_CLOCK)),
    Role.FACILITY_STAFF: (_("Facility"), (FACILITY,)),
    Role.MEDICAL_ADVISER: (_("Medical review"), (CLAIMS_QUEUES, MEMBERS, PYRAMID)),
    Role.CLAIMS_CHECKER: (_("Claims checks"), (CLAIMS_QUEUES, COMPLAINTS, MEMBERS, PYRAMID)),
    Role.FINANCE_OFFICER: (_("Finance"), (SETTLEMENT, CLAIMS_QUEUES, PYRAMID)),
    Role.MANAGER: (
        _("Management"),
        (MEMBERS, ENROLLMENT_CLOCK, CLAIMS_QUEUES, COMPLAINTS, QUEUE_WAITS, PYRAMID, ACCOUNTS),
    ),
    Role.ADMINISTRATOR: (_("Administration"), (MEMBERS, CLAIMS_QUEUES, PYRAMID, ACCOUNTS)),
    Role.INSURED: (_("My coverage"), (INSURED,)),
    None: ("Sanad", (("web/home/_no_role.html", lambda user, today: {}),)),
}


def home_context(*, user: Any, today: datetime.date) -> dict[str, Any]:
    """The title, the section templates and their figures for the user's primary role."""
    title, sections = HOMES[primary_role(user)]
    context: dict[str, Any] = {"today": today, "title": title, "sections": [s[0] for s in sections]}
    for _template, figures in sections:
        context.update(figures(user, today))
    return context
