"""Catalog pages: the act list and detail, import with a dry run, export. Thin: the work is in selectors
and services."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanad.catalog import selectors, services
from sanad.catalog.fileio import format_of, write_rows
from sanad.catalog.forms import ActSearchForm, ExportForm, ImportForm
from sanad.catalog.imports import table_get
from sanad.common.errors import DomainError
from sanad.common.permissions import can, capability_required
from sanad.funds import active_profile

PENDING = "catalog_import_pending"


@login_required
@capability_required("catalog.view")
def act_list(request):
    form = ActSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    day = filters.get("on") or timezone.localdate()
    page = selectors.act_page(
        day=day,
        search=filters.get("q", ""),
        category=filters.get("category", ""),
        after=filters.get("after", ""),
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "catalog/act_list.html",
        {
            "form": form,
            "page": page,
            "day": day,
            "query": query.urlencode(),
            "can_manage": can(request.user, "catalog.manage"),
        },
    )


@login_required
@capability_required("catalog.view")
def act_detail(request, code: str):
    versions = selectors.act_versions(code=code)
    if not versions:
        raise Http404(code)
    history = selectors.act_price_history(code=code, versions=versions)
    context = {
        "act": versions[-1],
        "versions": versions,
        "history": history,
        "currency": active_profile().currency,
    }
    return render(request, "catalog/act_detail.html", context)


@login_required
@capability_required("catalog.manage")
@require_http_methods(["GET", "POST"])
def import_page(request):
    """Upload → dry-run report (nothing written) → confirm, which imports the same file in one transaction."""
    form = ImportForm()
    report = digest = None
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.pop(PENDING, None)
        if not pending or pending["digest"] != request.POST.get("digest"):
            messages.error(request, _("The file to import is no longer available: upload it again."))
            return redirect("catalog:import")
        content = base64.b64decode(pending["content"])
        report = services.catalog_import(
            actor=request.user, table=pending["table"], content=content, fmt=pending["fmt"]
        )
        if report.written:
            messages.success(
                request,
                _("Imported %(rows)s rows: %(created)s created, %(updated)s updated, %(closed)s closed.")
                % {
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                    "closed": report.closed,
                },
            )
            return redirect("catalog:import")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            table = form.cleaned_data["table"]
            try:
                fmt = format_of(upload.name)
                report = services.catalog_import(
                    actor=request.user, table=table, content=content, fmt=fmt, dry_run=True
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                digest = hashlib.sha256(content).hexdigest()
                if report.ok:
                    # Kept in the session until confirmed, so that the file imported is the file checked.
                    request.session[PENDING] = {
                        "table": table,
                        "fmt": fmt,
                        "digest": digest,
                        "content": base64.b64encode(content).decode(),
                    }
    context = {"form": form, "report": report, "digest": digest, "export_form": ExportForm()}
    return render(request, "catalog/import.html", context)


@login_required
@capability_required("catalog.view")
def export(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Http404("table")
    table = table_get(form.cleaned_data["table"])
    fmt = form.cleaned_data["format"]
    content = write_rows(table, selectors.table_records(table=table), fmt)
    kind = "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    return response
