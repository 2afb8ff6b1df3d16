"""The workflow actions offered on a facility's page: each one a form, the steps it runs from, a service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sanad.providers import forms, services
from sanad.providers.statuses import AGREEMENT_STEPS, DIRECT_BILLING_STEPS


@dataclass(frozen=True)
class Action:
    title: Any
    form: type
    step: str  # key of the transition table: the action is offered from its starting statuses
    run: Callable[..., Any]  # (actor, obj, cleaned form data, form) → the object changed

    def offered(self, status: str) -> bool:
        steps = AGREEMENT_STEPS if self.step.startswith("agreement_") else DIRECT_BILLING_STEPS
        return status in steps[self.step][0]


AGREEMENT_ACTIONS: dict[str, Action] = {
    "announce": Action(
        _("Announce the mission"),
        forms.MissionAnnounceForm,
        "agreement_mission_announce",
        lambda u, r, d, f: services.agreement_mission_announce(
            actor=u, request=r, on=d["on"], planned_on=d["planned_on"]
        ),
    ),
    "record": Action(
        _("Record the mission"),
        forms.MissionRecordForm,
        "agreement_mission_record",
        lambda u, r, d, f: services.agreement_mission_record(
            actor=u, request=r, on=d["on"], experts=d["experts"], report=d["report"], scores=f.scores()
        ),
    ),
    "share": Action(
        _("Share the report"),
        forms.DateOnlyForm,
        "agreement_report_share",
        lambda u, r, d, f: services.agreement_report_share(actor=u, request=r, on=d["on"]),
    ),
    "approve": Action(
        _("Send the letter of agreement"),
        forms.DateOnlyForm,
        "agreement_approve",
        lambda u, r, d, f: services.agreement_approve(actor=u, request=r, on=d["on"]),
    ),
    "refuse": Action(
        _("Refuse"),
        forms.RefuseForm,
        "agreement_refuse",
        lambda u, r, d, f: services.agreement_refuse(actor=u, request=r, on=d["on"], reasons=d["reasons"]),
    ),
    "draft": Action(
        _("Send the draft agreement"),
        forms.DraftForm,
        "agreement_draft_send",
        lambda u, r, d, f: services.agreement_draft_send(
            actor=u,
            request=r,
            on=d["on"],
            validity_months=d["validity_months"],
            tariff_schedule=d["tariff_schedule"],
        ),
    ),
    "sign": Action(
        _("Record a signature"),
        forms.SignForm,
        "agreement_activate",
        lambda u, r, d, f: services.agreement_sign(actor=u, request=r, party=d["party"], on=d["on"]),
    ),
    "suspend": Action(
        _("Suspend"),
        forms.ReasonForm,
        "agreement_suspend",
        lambda u, r, d, f: services.agreement_suspend(actor=u, request=r, on=d["on"], reason=d["reason"]),
    ),
    "reinstate": Action(
        _("Reinstate"),
        forms.ReasonForm,
        "agreement_reinstate",
        lambda u, r, d, f: services.agreement_reinstate(actor=u, request=r, on=d["on"], reason=d["reason"]),
    ),
    "renew": Action(
        _("Renew"),
        forms.RenewForm,
        "agreement_renew",
        lambda u, r, d, f: services.agreement_renew(
            actor=u,
            request=r,
            on=d["on"],
            validity_months=d["validity_months"],
            tariff_schedule=d["tariff_schedule"],
        ),
    ),
    "terminate": Action(
        _("Terminate"),
        forms.ReasonForm,
        "agreement_terminate",
        lambda u, r, d, f: services.agreement_terminate(actor=u, request=r, on=d["on"], reason=d["reason"]),
    ),
}

DIRECT_BILLING_ACTIONS: dict[str, Action] = {
    "decide": Action(
        _("Decide"),
        forms.DecideForm,
        "direct_billing_grant",
        lambda u, a, d, f: services.direct_billing_decide(
            actor=u, access=a, on=d["on"], grant=d["grant"], reason=d["reason"]
        ),
    ),
    "suspend": Action(
        _("Suspend"),
        forms.ReasonForm,
        "direct_billing_suspend",
        lambda u, a, d, f: services.direct_billing_suspend(actor=u, access=a, on=d["on"], reason=d["reason"]),
    ),
    "reinstate": Action(
        _("Reinstate"),
        forms.ReasonForm,
        "direct_billing_reinstate",
        lambda u, a, d, f: services.direct_billing_reinstate(
            actor=u, access=a, on=d["on"], reason=d["reason"]
        ),
    ),
    "terminate": Action(
        _("Terminate"),
        forms.ReasonForm,
        "direct_billing_terminate",
        lambda u, a, d, f: services.direct_billing_terminate(
            actor=u, access=a, on=d["on"], reason=d["reason"]
        ),
    ),
}
