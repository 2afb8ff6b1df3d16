"""The enrollment officers' import page: upload → dry-run report (and its CSV) → confirm the import.

The file checked is kept in the media storage under a digest and imported as it was checked; the import
runs in the request (a million rows take about two minutes: use `sanad register_import` for such files).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanad.common.errors import DomainError
from sanad.common.permissions import capability_required
from sanad.common.tabular import CONTENT_TYPES, FORMATS, errors_csv, format_of
from sanad.funds.active import active_profile
from sanad.registry.imports.columns import COLUMNS, template_file
from sanad.registry.imports.services import register_import

PENDING = "registry_import_pending"
SHOWN = 200  # errors shown on the page; all of them are in the CSV report


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))


def _path(digest: str, suffix: str) -> str:
    return f"registry/imports/{digest}{suffix}"


def _keep(path: str, content: bytes) -> None:
    # The same file checked again replaces its copy (the storage would otherwise rename the new one).
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(content))


@login_required
@capability_required("registry.review")
@require_http_methods(["GET", "POST"])
def import_page(request: Any):
    """Check a file (nothing written), then, on confirmation, import the very file checked."""
    form, report, pending = UploadForm(), None, request.session.get(PENDING)
    if request.method == "POST" and "confirm" in request.POST:
        if not pending or not pending["ok"] or pending["digest"] != request.POST.get("digest"):
            messages.error(request, _("The file to import is no longer available: upload it again."))
            return redirect("registry:import")
        with default_storage.open(_path(pending["digest"], "." + pending["fmt"])) as stored:
            content = stored.read()
        try:
            report = register_import(
                actor=request.user, content=content, fmt=pending["fmt"], on=timezone.localdate()
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("registry:import")
        if report.written:
            request.session.pop(PENDING, None)
            default_storage.delete(_path(pending["digest"], "." + pending["fmt"]))
            messages.success(
                request,
                _("Imported %(members)s members, %(dependants)s dependants and %(documents)s documents.")
                % {"members": report.members, "dependants": report.dependants, "documents": report.documents},
            )
            return redirect("registry:import")
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                fmt = format_of(upload.name)
                report = register_import(
                    actor=request.user, content=content, fmt=fmt, on=timezone.localdate(), dry_run=True
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                digest = hashlib.sha256(content).hexdigest()
                pending = {"digest": digest, "fmt": fmt, "name": upload.name, "ok": report.ok}
                request.session[PENDING] = pending
                _keep(_path(digest, "-errors.csv"), errors_csv(report.errors))
                if report.ok:
                    _keep(_path(digest, "." + fmt), content)
    context = {
        "form": form,
        "report": report,
        "errors": report.errors[:SHOWN] if report else [],
        "pending": pending if report else None,
        "columns": COLUMNS,
        "formats": FORMATS,
    }
    return render(request, "registry/imports/page.html", context)


@login_required
@capability_required("registry.review")
def import_errors(request: Any, digest: str):
    """The dry run's error report (CSV), for the file this user checked last."""
    pending = request.session.get(PENDING)
    if not pending or pending["digest"] != digest:
        raise Http404("report")
    path = _path(digest, "-errors.csv")
    if not default_storage.exists(path):
        raise Http404("report")
    with default_storage.open(path) as stored:
        response = HttpResponse(stored.read(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response


@login_required
@capability_required("registry.review")
def import_template(request: Any, fmt: str):
    """An import file with the header and an example family, to fill in."""
    if fmt not in FORMATS:
        raise Http404("format")
    response = HttpResponse(template_file(active_profile(), fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="register-import.{fmt}"'
    return response
