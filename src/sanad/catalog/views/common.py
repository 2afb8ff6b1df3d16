"""What every catalog page shares: a list filtered by a form and paginated by key, a detail page with
the versions of one series and their change history."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sanad.catalog import selectors
from sanad.catalog.forms import ListForm
from sanad.common.permissions import can


def shared(request, section: str) -> dict[str, Any]:
    """Context of every catalog page: the sub-navigation's current section and the manager's links."""
    return {"section": section, "can_manage": can(request.user, "catalog.manage")}


def list_page(
    request,
    *,
    form_class: type[ListForm],
    template: str,
    section: str,
    fetch: Callable[[dict[str, Any], datetime.date | None], Any],
    every_period: bool = False,
) -> Any:
    """Read the filters (ignored if invalid), fetch the page and render it. The day is today unless the
    form gives one, or none at all when `every_period` lets the page show every period."""
    form = form_class(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    day = filters.get("on") or (None if every_period else timezone.localdate())
    if not form.is_bound and day is not None:
        form = form_class(initial={"on": day})
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "page": fetch(filters, day),
        "day": day,
        "query": query.urlencode(),
        **shared(request, section),
    }
    return render(request, template, context)


def detail_page(
    request,
    *,
    model: type[models.Model],
    series: dict[str, Any],
    template: str,
    section: str,
    extra: Callable[[list[Any]], dict[str, Any]] | None = None,
) -> Any:
    """Every version of a series, the one in force last, with the change history of all of them."""
    versions = selectors.series_versions(model=model, **series)
    if not versions:
        raise Http404(str(series))
    context = {
        "current": versions[-1],
        "versions": versions,
        "history": selectors.catalog_history(model=model, ids=[v.pk for v in versions]),
        **shared(request, section),
        **(extra(versions) if extra else {}),
    }
    return render(request, template, context)
