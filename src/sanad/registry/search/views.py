"""The register's search page, reached from the search box of every staff page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sanad.common.permissions import capability_required
from sanad.registry.search.selectors import person_search


@login_required
@capability_required("registry.view")
def search(request: Any):
    text = request.GET.get("q", "").strip()
    page = (
        person_search(text=text, on=timezone.localdate(), after=request.GET.get("after", ""))
        if text
        else None
    )
    return render(request, "registry/search/results.html", {"q": text, "page": page})
