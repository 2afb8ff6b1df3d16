"""The monthly report's PDF: for the managers, the administrators and the finance officers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from sanad.common.permissions import Role, can, roles_of
from sanad.funds.active import active_profile
from sanad.reports.monthly.document import monthly_pdf, monthly_report

# Who reads the report besides holding `reports.view`: those who answer to the board and the authority.
READERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR, Role.FINANCE_OFFICER})


def may_read_monthly(user: object) -> bool:
    return can(user, "reports.view") and bool(roles_of(user) & READERS)


def _language(request: HttpRequest) -> str:
    """`?lang=ar` (one of the site's languages), else the reader's own language."""
    asked = request.GET.get("lang", "")
    known = {code for code, _name in settings.LANGUAGES}
    if asked and asked not in known:
        raise Http404
    return asked or (translation.get_language() or "fr").split("-")[0]


@login_required
@require_GET
def monthly(request: HttpRequest, year: str, month: str) -> HttpResponse:
    if not may_read_monthly(request.user):
        raise PermissionDenied
    if not 1 <= int(month) <= 12:
        raise Http404
    first = datetime.date(int(year), int(month), 1)
    language = _language(request)
    with translation.override(language):
        report = monthly_report(profile=active_profile(), month=first)
        pdf = monthly_pdf(report)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.filename}"'
    return response
