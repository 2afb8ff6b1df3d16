"""Batch pages: the facility prepares, submits and prints its batches (its list filtered by status, type of
files and day of submission, paged by key and exported as CSV or XLSX); the fund's reception desk registers
their receipt. Views stay thin: forms parse, services decide, selectors read and scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanad.claims.forms_desk import beside_field
from sanad.claims.models import Batch
from sanad.claims.selectors import batches as selectors
from sanad.claims.services import batches as services
from sanad.claims.statuses import BatchStatus
from sanad.common.errors import DomainError, ErrorCode
from sanad.common.export import export_format, export_links, export_response, filter_query
from sanad.common.guards import PastDateField
from sanad.common.permissions import can, capability_required
from sanad.funds.active import active_profile
from sanad.providers.selectors import facility_of_user


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


class BatchCreateForm(forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("Type of files"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = selectors.batch_group_choices()


class BatchFilterForm(forms.Form):
    """The facility's batches: by status, type of files and day of submission."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Type of files"), required=False)
    submitted_from = forms.DateField(label=gettext_lazy("Submitted from"), widget=DateInput, required=False)
    submitted_to = forms.DateField(label=gettext_lazy("Submitted until"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the profile's groups and the labels in the reader's language.
        self.fields["status"].choices = [("", gettext_lazy("All statuses")), *BatchStatus.choices]
        self.fields["group"].choices = [("", gettext_lazy("All types")), *selectors.batch_group_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", gettext_lazy("The end of the period comes before its start."))
        return data

    def filters(self) -> selectors.FacilityBatchFilters:
        """The selector's filters; a form with errors filters nothing (its errors show by their fields)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.FacilityBatchFilters(
            status=data.get("status") or "",
            group=data.get("group") or "",
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
        )


class ReceiveForm(forms.Form):
    received_on = PastDateField(label=gettext_lazy("Papers received on"), widget=DateInput)


def _file_ids(request) -> list[int]:
    """The ticked files; anything that is not an id is ignored (the service says what is missing)."""
    return [int(value) for value in request.POST.getlist("files") if value.isdigit()]


def _batch(request, pk: int) -> Batch:
    try:
        return selectors.batch_visible(user=request.user, batch_id=pk)
    except DomainError as error:
        raise Http404(error.message) from error


CENT = Decimal("0.01")

EXPORT_HEADER = (
    gettext_lazy("Batch number"),
    gettext_lazy("Type of files"),
    gettext_lazy("Files"),
    gettext_lazy("Billed"),
    gettext_lazy("Status"),
    gettext_lazy("Submitted on"),
    gettext_lazy("Receipt number"),
    gettext_lazy("Received on"),
)


def _cents(value: Any) -> Decimal | None:
    # SQLite returns the sums of the list's subqueries as floats: back to exact cents.
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _export_row(batch: Batch) -> list[Any]:
    return [
        batch.number,
        batch.group_label,
        batch.file_count or 0,
        _cents(batch.billed),
        batch.get_status_display(),
        batch.submitted_on,
        batch.receipt_number,
        batch.received_on,
    ]


@login_required
@capability_required("claims.submit")
def batch_list(request):
    """The facility's batches, newest first, filtered by status, type of files and day of submission; and
    the form opening a new one. `?export=csv|xlsx` downloads the filtered list."""
    form = BatchFilterForm(request.GET or None)
    filters = form.filters()
    fmt = export_format(request.GET)
    if fmt:
        rows = (_export_row(b) for b in selectors.batches_export_facility(user=request.user, filters=filters))
        today = timezone.localdate()
        return export_response(fmt=fmt, title=_("Batches"), header=EXPORT_HEADER, rows=rows, day=today)
    page = selectors.batch_list_facility(
        user=request.user,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    for batch in page.rows:
        batch.billed = _cents(batch.billed)
    context = {
        "form": form,
        "create_form": BatchCreateForm(),
        "facility": facility_of_user(user=request.user),
        "page": page,
        "query": filter_query(request.GET),
        "first_page": page.prev_before is None,
        **export_links(request.GET),
    }
    return render(request, "claims/batches/list.html", context)


@require_POST
@login_required
@capability_required("claims.submit")
def batch_create(request):
    form = BatchCreateForm(request.POST)
    if form.is_valid():
        try:
            batch = services.batch_create(actor=request.user, group=form.cleaned_data["group"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Batch %(number)s opened.") % {"number": batch.number})
            return redirect("claims:batch_detail", pk=batch.pk)
    else:
        messages.error(request, _("Choose the type of files of the batch."))
    return redirect("claims:batch_list")


def _detail(request, batch: Batch, *, errors: dict[str, str] | None = None, receive_form=None, status=200):
    own = batch.facility_id == getattr(facility_of_user(user=request.user), "pk", None)
    editable = own and batch.status == BatchStatus.OPEN and can(request.user, "claims.submit")
    may_receive = batch.status == BatchStatus.SUBMITTED and can(request.user, "claims.receive")
    # The facility takes back its batch until the fund has registered its receipt.
    may_recall = own and batch.status == BatchStatus.SUBMITTED and can(request.user, "claims.submit")
    if may_receive and receive_form is None:
        receive_form = ReceiveForm(initial={"received_on": timezone.localdate()})
    context = {
        "batch": batch,
        "slip": selectors.batch_slip(batch=batch),
        "max_files": active_profile().claims.batch_max_files,
        "editable": editable,
        "candidates": selectors.batch_candidates(batch=batch) if editable else [],
        "candidates_shown": selectors.CANDIDATES_SHOWN,
        "receive_form": receive_form if may_receive else None,
        "errors": errors or {},
        "is_facility": own,
        "may_recall": may_recall,
        "may_receive_desk": can(request.user, "claims.receive"),
    }
    return render(request, "claims/batches/detail.html", context, status=status)


@login_required
def batch_detail(request, pk: int):
    return _detail(request, _batch(request, pk))


def _refused_status(error: DomainError) -> int:
    """Someone acted on the batch first (409, as the API answers): the message says who and what."""
    return 409 if error.code in (ErrorCode.CONFLICT, ErrorCode.ILLEGAL_TRANSITION) else 400


def _facility_action(call, done: str):
    """A POST on the facility's own batch: run the service; a broken rule shows next to the files."""

    @require_POST
    @login_required
    @capability_required("claims.submit")
    def view(request, pk: int):
        batch = _batch(request, pk)
        try:
            call(request, batch)
        except DomainError as error:
            messages.error(request, error.message)
            batch.refresh_from_db()
            errors = {error.field or "files": error.message}
            return _detail(request, batch, errors=errors, status=_refused_status(error))
        messages.success(request, done)
        return redirect("claims:batch_detail", pk=batch.pk)

    view.__name__ = call.__name__
    return view


def _add(request, batch: Batch) -> None:
    services.batch_files_add(actor=request.user, batch_id=batch.pk, file_ids=_file_ids(request))


def _remove(request, batch: Batch) -> None:
    services.batch_files_remove(actor=request.user, batch_id=batch.pk, file_ids=_file_ids(request))


def _submit(request, batch: Batch) -> None:
    services.batch_submit(actor=request.user, batch_id=batch.pk)


def _recall(request, batch: Batch) -> None:
    services.batch_recall(actor=request.user, batch_id=batch.pk)


batch_files_add = _facility_action(_add, gettext_lazy("Files added to the batch."))
batch_files_remove = _facility_action(_remove, gettext_lazy("Files taken out of the batch."))
batch_submit = _facility_action(
    _submit, gettext_lazy("Batch submitted: print the slip and send it with the files.")
)
batch_recall = _facility_action(
    _recall, gettext_lazy("Batch recalled: its files are drafts again, to correct and submit anew.")
)


@require_POST
@login_required
@capability_required("claims.receive")
def batch_receive(request, pk: int):
    """The reception desk registers that the batch's papers arrived, and gives the receipt. When the facility
    recalled the batch or another clerk received it first, the clerk is told who and when."""
    form = ReceiveForm(request.POST)
    if form.is_valid():
        try:
            services.batch_receive(
                actor=request.user, batch_id=pk, received_on=form.cleaned_data["received_on"]
            )
        except DomainError as error:
            if error.code == ErrorCode.NOT_FOUND:
                raise Http404(error.message) from error
            if _refused_status(error) == 409:
                messages.error(request, error.message)
                try:
                    batch = selectors.batch_visible(user=request.user, batch_id=pk)
                except DomainError:  # recalled: being prepared again, the facility's business
                    return redirect("claims:batch_queue")
                return _detail(request, batch, status=409)
            if error.field in form.fields:
                form.add_error(error.field, beside_field(error))
            else:
                form.add_error(None, error.message)
        else:
            batch = _batch(request, pk)
            messages.success(request, _("Receipt %(number)s registered.") % {"number": batch.receipt_number})
            return redirect("claims:batch_detail", pk=batch.pk)
    messages.error(request, _("Please correct the errors below."))
    batch = _batch(request, pk)
    return _detail(request, batch, receive_form=form, status=400)


def _pdf(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def batch_slip(request, pk: int):
    """The transmittal slip (bordereau d'envoi) with its summary table, as PDF; ?format=html to preview."""
    batch = _batch(request, pk)
    if request.GET.get("format") == "html":
        return HttpResponse(selectors.batch_slip_html(batch=batch))
    return _pdf(selectors.batch_slip_pdf(batch=batch), f"{batch.number}-slip.pdf")


@login_required
def batch_receipt(request, pk: int):
    """The fund's receipt of a received batch, as PDF (404 until the batch is received)."""
    batch = _batch(request, pk)
    try:
        pdf = selectors.batch_receipt_pdf(batch=batch)
    except DomainError as error:
        raise Http404(error.message) from error
    return _pdf(pdf, f"{batch.receipt_number}.pdf")
