"""The reception queue: the agent's desk (issue, call next, serve), the waiting-room screen, the waits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.registry.forms import DeskForm, TicketIssueForm
from sanad.registry.selectors.queue import (
    queue_waits,
    tickets_at_counter,
    tickets_called,
    tickets_waiting,
)
from sanad.registry.services.queue import branch_check, ticket_call_next, ticket_issue, ticket_serve

DESK_KEY = "registry_desk"


def _desk(request: Any) -> dict[str, Any] | None:
    return request.session.get(DESK_KEY)


def _language(request: Any) -> str:
    return getattr(request, "LANGUAGE_CODE", "fr")


def _panel_context(request: Any, desk: dict[str, Any], **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    waiting = tickets_waiting(branch=desk["branch"], day=today)
    return {
        "desk": desk,
        "waiting": list(waiting[:30]),
        "waiting_count": waiting.count(),
        "mine": tickets_at_counter(branch=desk["branch"], day=today, counter=desk["counter"]),
        "issue_form": TicketIssueForm(),
        **extra,
    }


def _panel(request: Any, desk: dict[str, Any], status: int = 200, **extra: Any):
    """The htmx answer is the panel alone; without htmx, the whole page again."""
    if request.headers.get("HX-Request"):
        return render(
            request, "registry/queue/_panel.html", _panel_context(request, desk, **extra), status=status
        )
    for text in (extra.get("notice"), extra.get("problem")):
        if text:
            messages.info(request, text)
    return redirect("registry:queue")


@login_required
@capability_required("registry.enroll")
def queue(request: Any):
    desk = _desk(request)
    if request.method == "POST":
        form = DeskForm(request.POST, language=_language(request))
        if form.is_valid():
            request.session[DESK_KEY] = form.cleaned_data
            return redirect("registry:queue")
    else:
        form = DeskForm(initial=desk, language=_language(request))
    context = {"desk_form": form}
    if desk:
        context.update(_panel_context(request, desk))
    return render(request, "registry/queue/desk.html", context)


def _desk_or_redirect(request: Any) -> dict[str, Any] | None:
    desk = _desk(request)
    if desk is None:
        messages.error(request, _("Choose your branch and counter first."))
    return desk


@require_POST
@login_required
@capability_required("registry.enroll")
def queue_issue(request: Any):
    desk = _desk_or_redirect(request)
    if desk is None:
        return redirect("registry:queue")
    form = TicketIssueForm(request.POST)
    if not form.is_valid():
        return _panel(request, desk, status=400, problem=_("Choose the service asked."))
    try:
        ticket = ticket_issue(actor=request.user, branch=desk["branch"], **form.cleaned_data)
    except DomainError as error:
        return _panel(request, desk, status=400, problem=error.message)
    return _panel(request, desk, issued=ticket, notice=_("Ticket %(n)s issued.") % {"n": ticket.label})


@require_POST
@login_required
@capability_required("registry.enroll")
def queue_call(request: Any):
    desk = _desk_or_redirect(request)
    if desk is None:
        return redirect("registry:queue")
    try:
        ticket = ticket_call_next(actor=request.user, branch=desk["branch"], counter=desk["counter"])
    except DomainError as error:
        return _panel(request, desk, problem=error.message)
    return _panel(request, desk, notice=_("Ticket %(n)s called.") % {"n": ticket.label})


@require_POST
@login_required
@capability_required("registry.enroll")
def queue_serve(request: Any, pk: int):
    desk = _desk_or_redirect(request)
    if desk is None:
        return redirect("registry:queue")
    try:
        ticket = ticket_serve(actor=request.user, ticket_id=pk)
    except DomainError as error:
        return _panel(request, desk, status=400, problem=error.message)
    return _panel(request, desk, notice=_("Ticket %(n)s served.") % {"n": ticket.label})


def _screen_context(branch: str) -> dict[str, Any]:
    called = tickets_called(branch=branch, day=timezone.localdate())
    return {"branch": branch, "current": called[0] if called else None, "previous": called[1:]}


@login_required
@capability_required("registry.view")
def queue_screen(request: Any, branch: str):
    try:
        branch_check(branch)
    except DomainError as error:
        raise Http404(error.message) from error
    return render(request, "registry/queue/screen.html", _screen_context(branch))


@login_required
@capability_required("registry.view")
def queue_screen_now(request: Any, branch: str):
    return render(request, "registry/queue/_screen_now.html", _screen_context(branch))


@login_required
@capability_required("registry.view")
def queue_waits_page(request: Any):
    return render(request, "registry/queue/waits.html", {"waits": queue_waits(day=timezone.localdate())})
