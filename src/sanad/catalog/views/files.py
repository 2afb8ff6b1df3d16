"""Import with a dry run, and export. Thin: the work is in selectors and services."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanad.catalog import selectors, services
from sanad.catalog.fileio import format_of, write_rows
from sanad.catalog.forms import TABLE_LABELS, ExportForm, ImportForm
from sanad.catalog.imports import table_get
from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required

PENDING = "catalog_import_pending"


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
    context = {
        "form": form,
        "report": report,
        "table_label": TABLE_LABELS.get(report.table, report.table) if report else "",
        "digest": digest,
        "export_form": ExportForm(),
        "section": "import",
        "can_manage": True,
    }
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
