"""Mounted at /reports/monthly/ by the root URL map: `/reports/monthly/2026-11.pdf?lang=ar`."""

from django.urls import re_path

from sanad.reports.monthly import views

app_name = "reports_monthly"

urlpatterns = [
    re_path(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{2})\.pdf$", views.monthly, name="pdf"),
]
