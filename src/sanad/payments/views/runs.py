"""The finance officer's pages of settlement runs: the list, preparing a run with a preview of what it
gathers, a run with its progress, orders and bank files, and its actions. Managers read them. Views stay
thin: forms parse, services decide, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanad.common.errors import DomainError
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.permissions import can, capability_required
from sanad.funds.active import active_profile
from sanad.payments import services
from sanad.payments.forms import OrderFilterForm, RunFilterForm, RunScopeForm
from sanad.payments.selectors import runs as selectors
from sanad.payments.selectors.accounts import orders_waiting_for_details
from sanad.payments.selectors.papers import scope_text
from sanad.payments.selectors.report import payee_row
from sanad.payments.statuses import RUN_STEPS, OrderStatus, RunStatus
from sanad.payments.tasks import settlement_run_gather_task

EXPORT_HEADER = (
    gettext_lazy("Run"),
    gettext_lazy("Received from"),
    gettext_lazy("Received until"),
    gettext_lazy("Scope"),
    gettext_lazy("Status"),
    gettext_lazy("Files"),
    gettext_lazy("Payment orders"),
    gettext_lazy("Billed"),
    gettext_lazy("Fund share"),
    gettext_lazy("Patient share"),
    gettext_lazy("Currency"),
    gettext_lazy("Prepared by"),
    gettext_lazy("Approved by"),
)


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _export_row(run: Any) -> list[Any]:
    return [
        run.number,
        run.period_start,
        run.period_end,
        scope_text(run),
        run.get_status_display(),
        run.files,
        run.orders,
        run.billed,
        run.fund_share,
        run.patient_share,
        run.currency,
        _person(run.prepared_by),
        _person(run.approved_by),
    ]


@login_required
@capability_required("payments.view")
def run_list(request: Any):
    """The runs, newest first; `?export=csv|xlsx` downloads the filtered list."""
    form = RunFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(run) for run in selectors.run_rows(user=request.user, filters=filters).iterator())
        return export_response(fmt=fmt, title=_("Settlement runs"), header=EXPORT_HEADER, rows=rows)
    page = selectors.run_page(
        user=request.user,
        filters=filters,
        older=request.GET.get("older", ""),
        newer=request.GET.get("newer", ""),
    )
    context = {
        "form": form,
        "page": page,
        "rows": [{"run": run, "scope": scope_text(run)} for run in page.rows],
        "query": filter_query(request.GET),
        "may_prepare": can(request.user, "payments.prepare"),
        **export_links(request.GET),
    }
    return render(request, "payments/run_list.html", context)


def _enqueue(run_id: int) -> None:
    # After the commit: the worker must see the run it is asked to settle.
    transaction.on_commit(lambda: settlement_run_gather_task.enqueue(run_id))


@login_required
@capability_required("payments.prepare")
def run_prepare(request: Any):
    """GET with a scope shows what the run would gather; POST starts it (settled in the background)."""
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = RunScopeForm(data, today=today)
    preview = None
    if form.is_bound and form.is_valid():
        scope = form.cleaned_data
        if request.method == "POST":
            try:
                run = services.settlement_run_start(actor=request.user, on=today, **scope)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                _enqueue(run.pk)
                messages.success(request, _("Settlement run %(number)s started.") % {"number": run.number})
                return redirect("payments:run_detail", pk=run.pk)
        preview = selectors.settlement_preview(user=request.user, **scope)
    context = {"form": form, "preview": preview, "currency": active_profile().currency}
    return render(request, "payments/run_prepare.html", context, status=400 if form.errors else 200)


def _percent(run: Any) -> int:
    return min(100, run.files_done * 100 // run.files_expected) if run.files_expected else 100


@login_required
@capability_required("payments.view")
def run_detail(request: Any, pk: int):
    run = selectors.run_get(user=request.user, run_id=pk)
    order_form = OrderFilterForm(request.GET or None)
    status = order_form.status_value()
    page = selectors.order_page(run=run, after=request.GET.get("after", ""), status=status)
    labels = dict(OrderStatus.choices)
    counts = selectors.order_counts(run=run)
    prepared_by_me = run.prepared_by_id == request.user.pk
    may_prepare = can(request.user, "payments.prepare")
    issue_from = RUN_STEPS["bank_file_issue"][0]
    waiting = counts.get(OrderStatus.TO_PAY, 0) + counts.get(OrderStatus.REJECTED, 0)
    context = {
        "run": run,
        "scope": scope_text(run),
        "percent": _percent(run),
        "order_form": order_form,
        "status_filter": status,
        "order_page": page,
        "orders": [payee_row(order) for order in page.rows],
        "order_counts": [(s, labels[s], n) for s, n in sorted(counts.items())],
        "bank_files": selectors.bank_files_of(run=run),
        "may_prepare": may_prepare,
        "may_approve": can(request.user, "payments.approve") and not prepared_by_me,
        "prepared_by_me": prepared_by_me,
        "may_cancel": may_prepare and run.status in RUN_STEPS["settlement_run_cancel"][0],
        "may_issue": run.status in issue_from and waiting > 0,
        "has_report": run.status not in (RunStatus.PREPARING, RunStatus.CANCELLED),
        "waiting_for_details": [
            payee_row(order) for order, _name in orders_waiting_for_details(run, today=timezone.localdate())
        ]
        if run.status not in (RunStatus.PREPARING, RunStatus.CANCELLED)
        else [],
    }
    return render(request, "payments/run_detail.html", context)


@login_required
@capability_required("payments.view")
def run_progress(request: Any, pk: int):
    """The progress bar of a run being prepared (htmx polls it every two seconds)."""
    run = selectors.run_get(user=request.user, run_id=pk)
    return render(request, "payments/_progress.html", {"run": run, "percent": _percent(run)})


def _act(request: Any, pk: int, act: Any, done: str):
    try:
        act()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("payments:run_detail", pk=pk)


@require_POST
@login_required
@capability_required("payments.approve")
def run_approve(request: Any, pk: int):
    return _act(
        request,
        pk,
        lambda: services.settlement_run_approve(actor=request.user, run_id=pk),
        _("The run is approved: its bank file can be made."),
    )


@require_POST
@login_required
@capability_required("payments.prepare")
def run_cancel(request: Any, pk: int):
    return _act(
        request,
        pk,
        lambda: services.settlement_run_cancel(actor=request.user, run_id=pk),
        _("The run is cancelled: its files will be settled by another run."),
    )


@require_POST
@login_required
@capability_required("payments.prepare")
def run_resume(request: Any, pk: int):
    run = selectors.run_get(user=request.user, run_id=pk)
    if run.status == RunStatus.PREPARING:
        _enqueue(run.pk)
    messages.info(request, _("The run goes on where it stopped."))
    return redirect("payments:run_detail", pk=pk)


@require_POST
@login_required
@capability_required("payments.prepare")
def bank_file_issue(request: Any, pk: int):
    try:
        issued = services.bank_file_issue(actor=request.user, run_id=pk, on=timezone.localdate())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("payments:run_detail", pk=pk)
    messages.success(
        request,
        _("Bank file %(reference)s made: %(count)s transfers.")
        % {"reference": issued.bank_file.message_id, "count": issued.bank_file.transactions},
    )
    if issued.waiting:
        messages.warning(
            request,
            _(
                "%(count)s payment orders wait for their payee's bank details (missing, or unchanged "
                "since the bank rejected them)."
            )
            % {"count": len(issued.waiting)},
        )
    return redirect("payments:run_detail", pk=pk)
