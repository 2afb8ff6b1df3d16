"""The reception queue: the agent's desk (issue, print, call, serve), the waiting-room screens, the waits.

The waiting-room display runs on a screen with no one logged in: its link carries a signed branch code
and it shows ticket numbers and counters only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sanad.common.errors import DomainError
from sanad.common.permissions import Role, can, capability_required, has_role
from sanad.funds.active import active_profile
from sanad.registry.forms import DeskForm, TicketIssueForm, region_choices
from sanad.registry.models import QueueService, QueueTicket
from sanad.registry.selectors.queue import (
    queue_display_branch,
    queue_display_token,
    queue_waits,
    ticket_get,
    ticket_paper_pdf,
    tickets_at_counter,
    tickets_called,
    tickets_waiting,
)
from sanad.registry.services.queue import branch_check, ticket_call_next, ticket_issue, ticket_serve

DESK_KEY = "registry_desk"


class IssueForm(TicketIssueForm):
    """The service asked and, when the visitor has it at hand, their registration number."""

    registration_number = forms.CharField(
        label=gettext_lazy("Registration number (if the visitor has it)"), max_length=40, required=False
    )


def _desk(request: Any) -> dict[str, Any] | None:
    return request.session.get(DESK_KEY)


def _language(request: Any) -> str:
    return getattr(request, "LANGUAGE_CODE", "fr")


def _search_url() -> str:
    """The member search page, or the home page (whose shell has the search box) where there is none."""
    try:
        return reverse("registry:search")
    except NoReverseMatch:
        return reverse("home")


def ticket_destination(ticket: QueueTicket) -> tuple[str, str]:
    """(URL, button label) of the page that serves the ticket: what the agent opens on serving it.

    A known member (reception took the registration number) leads to their page, at the contribution form
    or the rights certificate; an unknown one to the member search first.
    """
    member_url = reverse("registry:member_detail", args=[ticket.member_id]) if ticket.member_id else ""
    if ticket.service == QueueService.CONTRIBUTION:
        if member_url:
            return f"{member_url}#contribution-form", _("Serve: record the contribution")
        return _search_url(), _("Serve: find the member")
    if ticket.service == QueueService.CERTIFICATE:
        if member_url:
            return f"{member_url}#certificate-link", _("Serve: the rights certificate")
        return _search_url(), _("Serve: find the member")
    if member_url:
        return member_url, _("Serve: the member's file")
    if ticket.service == QueueService.ENROLLMENT:
        return f"{reverse('registry:enroll')}?new=1", _("Serve: new enrollment")
    return reverse("home"), _("Serve")


def _panel_context(request: Any, desk: dict[str, Any], **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    waiting = tickets_waiting(branch=desk["branch"], day=today)
    mine = tickets_at_counter(branch=desk["branch"], day=today, counter=desk["counter"])
    return {
        "desk": desk,
        "waiting": list(waiting[:30]),
        "waiting_count": waiting.count(),
        "mine": [(ticket, *ticket_destination(ticket)) for ticket in mine],
        "issue_form": IssueForm(),
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
    if extra.get("issued") is not None:
        request.session["registry_desk_issued"] = extra["issued"].pk
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
    context: dict[str, Any] = {"desk_form": form}
    if desk:
        # Without htmx, the ticket just issued is offered for printing once, on the page it returns to.
        issued_pk = request.session.pop("registry_desk_issued", None)
        issued = ticket_get(pk=issued_pk) if issued_pk else None
        context.update(_panel_context(request, desk, issued=issued))
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
    form = IssueForm(request.POST)
    if not form.is_valid():
        return _panel(request, desk, status=400, problem=_("Choose the service asked."))
    try:
        ticket = ticket_issue(actor=request.user, branch=desk["branch"], **form.cleaned_data)
    except DomainError as error:
        return _panel(request, desk, status=400, problem=error.message)
    return _panel(request, desk, issued=ticket, notice=_("Ticket %(n)s issued.") % {"n": ticket.label})


@require_GET
@login_required
@capability_required("registry.enroll")
def queue_ticket_pdf(request: Any, pk: int):
    """The ticket to hand to the visitor: an 80 mm slip for the reception's receipt printer."""
    ticket = ticket_get(pk=pk)
    if ticket is None:
        raise Http404
    response = HttpResponse(ticket_paper_pdf(ticket=ticket), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{ticket.day:%Y%m%d}-{ticket.label}.pdf"'
    return response


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
    """Mark the ticket served and open the page that serves it (htmx follows with HX-Redirect)."""
    desk = _desk_or_redirect(request)
    if desk is None:
        return redirect("registry:queue")
    try:
        ticket = ticket_serve(actor=request.user, ticket_id=pk)
    except DomainError as error:
        return _panel(request, desk, status=400, problem=error.message)
    messages.info(request, _("Ticket %(n)s served.") % {"n": ticket.label})
    url, _label = ticket_destination(ticket)
    if request.headers.get("HX-Request"):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)


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
    context = {"waits": queue_waits(day=timezone.localdate()), "may_link": _may_link(request.user)}
    return render(request, "registry/queue/waits.html", context)


# The waiting-room display: no session, a signed link per branch.


def _display_branch(token: str) -> str:
    """The branch of a display link; 404 for a link not made here, altered, or of a branch gone."""
    branch = queue_display_branch(token=token)
    if branch is None:
        raise Http404
    try:
        return branch_check(branch)
    except DomainError as error:
        raise Http404 from error


def _display_language(request: Any) -> str:
    """The language the link asks for (`?lang=ar`), else the screen browser's own."""
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else _language(request)


def _display(request: Any, token: str, template: str):
    branch = _display_branch(token)
    language = _display_language(request)
    with translation.override(language):
        context = {
            **_screen_context(branch),
            "token": token,
            "lang": language,
            "fund_name": active_profile().name.get(language),
        }
        response = render(request, template, context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_GET
def queue_display(request: Any, token: str):
    """The waiting-room screen of a branch, for a screen nobody logs in to: numbers and counters only."""
    return _display(request, token, "registry/queue/display.html")


@never_cache
@require_GET
def queue_display_now(request: Any, token: str):
    """What the display refreshes every few seconds."""
    return _display(request, token, "registry/queue/_screen_now.html")


class DisplayBranchForm(forms.Form):
    branch = forms.ChoiceField(label=gettext_lazy("Branch"))

    def __init__(self, *args: Any, language: str = "fr", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = region_choices(language)


def _may_link(user: Any) -> bool:
    """Counter agents (and whoever runs a counter) and managers hand out the display links."""
    return can(user, "registry.enroll") or has_role(user, Role.MANAGER)


@login_required
def queue_display_link(request: Any):
    """The display link of a branch, for counter agents and managers to open on the waiting-room screen."""
    if not _may_link(request.user):
        raise PermissionDenied("registry.queue_display_link")
    desk = _desk(request) or {}
    default = desk.get("branch") or active_profile().regions[0].code
    form = DisplayBranchForm(request.GET or {"branch": default}, language=_language(request))
    branch = form.cleaned_data["branch"] if form.is_valid() else default
    path = reverse("registry:queue_display", args=[queue_display_token(branch=branch)])
    links = [
        (get_language_info(code)["name_local"], code, request.build_absolute_uri(f"{path}?lang={code}"))
        for code, _name in settings.LANGUAGES
    ]
    return render(
        request, "registry/queue/display_link.html", {"form": form, "branch": branch, "links": links}
    )
