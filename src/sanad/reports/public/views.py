"""The public transparency page: no login, the same for everyone, in the reader's language."""

from __future__ import annotations

import datetime
import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sanad.funds.active import active_profile
from sanad.reports.public.page import public_month

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _asked_month(value: str) -> datetime.date | None:
    """`2026-11` → 1 November 2026; nothing asked → None (the latest month); anything else is no page."""
    if not value:
        return None
    found = _MONTH.fullmatch(value)
    if not found or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1900:
        raise Http404
    return datetime.date(int(found[1]), int(found[2]), 1)


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """Public, no login: the fund's clocks of a month among the last months that have figures."""
    profile = active_profile()
    asked = _asked_month(request.GET.get("month", ""))
    page = public_month(profile=profile, month=asked)
    # Only the months offered in the picker: an older one may hold figures no longer published.
    if asked is not None and asked not in page.months:
        raise Http404
    return render(
        request,
        "reports/public/transparency.html",
        {"page": page, "fund_full_name": profile.name.get_text(), "profile": profile},
    )
