"""The home page: one per role, each showing that role's real figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sanad.web.dashboards import home_context


@login_required
def home(request):
    return render(request, "web/home.html", home_context(user=request.user, today=timezone.localdate()))
